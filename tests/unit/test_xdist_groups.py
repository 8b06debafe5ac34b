"""The Makefile's ``--dist loadgroup`` keeps an xdist_group on one worker (tests/xdist_groups.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

GROUPED = '''
import os, pathlib, pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("i", range(8))
def test_grouped(i):
    out = pathlib.Path(os.environ["GROUP_OUT"])
    with out.open("a") as f:
        f.write(os.environ.get("PYTEST_XDIST_WORKER", "none") + "\\n")
'''


def test_a_group_runs_on_one_worker_under_loadgroup(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    (tmp_path / "conftest.py").write_text("from tests.xdist_groups import pytest_collection_modifyitems  # noqa\n")
    out = tmp_path / "workers.txt"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:playwright",
                          "-n", "2", "--dist", "loadgroup", str(tmp_path)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=240, env={**os.environ, "GROUP_OUT": str(out), "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    workers = out.read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers
