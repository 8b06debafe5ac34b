"""Keep each ``xdist_group`` on one worker under ``--dist loadgroup`` (the Makefile's) with pytest 9.

pytest-xdist 3.8.0 names a test's group by appending ``@<group>`` to ``item._nodeid``; pytest 9 (checked on 9.2.0)
keeps a node's id in ``item._id`` (a ``NodeId``) and no longer reads ``_nodeid``, so xdist saw no group at all and
spread every grouped test over the workers: each worker started its own module server, nginx cluster or talk build.
This hook appends the same suffix where pytest 9 reads it. It does nothing where xdist's own suffix took effect
(an xdist that sets ``_id`` itself), and tests/unit/test_xdist_groups.py fails if grouped tests ever split again.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "loadgroup", False):  # set on each worker when the run is --dist loadgroup
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)
