"""AppTest layer: each test file runs on one pytest-xdist worker (``--dist loadgroup``), so that the page runs its
tests share (``helpers.seen``, module fixtures) are made once per run, not once on each worker its tests land on.
xdist hands out the largest groups first, so these files start early and the unit tests fill the workers around them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(str(item.fspath))
        if path.parent == HERE:
            item.add_marker(pytest.mark.xdist_group(f"app-{path.stem}"))
