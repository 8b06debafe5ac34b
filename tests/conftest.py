"""Shared fixtures: the bundled data, read once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from relief.dataset import BUNDLED, read_folder

from . import bundled as bundled_data
from .xdist_groups import pytest_collection_modifyitems  # noqa: F401  (a hook: xdist groups under pytest 9)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bundled():
    return bundled_data.dataset()


@pytest.fixture
def files() -> dict[str, bytes | None]:
    """The bundled data files as bytes, fresh for each test to mutate."""
    return read_folder(BUNDLED)


# Hypothesis: the ``ci`` profile when CI is set (as on the CI machine), else ``dev``. A property test that sets no
# count runs the profile's; tests/unit/test_properties.py divides it among its shards.
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


# A rerun says why. pytest-rerunfailures lists a rerun test by name only, so a flaky test that passed on its second
# try left no trace of what failed the first time; each rerun's first failure line is kept here (under xdist the
# controller receives every worker's reports) and printed at the end of the run.
_RERUNS: list[tuple[str, str]] = []


def _why(report) -> str:
    """The failure's first lines and the last line of a test file it passed through (where the test was)."""
    longrepr = getattr(report, "longrepr", None)
    crash = getattr(longrepr, "reprcrash", None)
    text = getattr(crash, "message", None) or (report.longreprtext or "").strip().splitlines()[-1:] or ["?"]
    lines = text.splitlines() if isinstance(text, str) else text
    entries = getattr(getattr(longrepr, "reprtraceback", None), "reprentries", None) or []
    places = [f"{e.reprfileloc.path}:{e.reprfileloc.lineno}" for e in entries
              if getattr(e, "reprfileloc", None) and "tests/" in str(e.reprfileloc.path)]
    return (" → ".join(places) + ": " if places else "") + " ".join(line.strip() for line in lines[:4])[:400]


def pytest_runtest_logreport(report):
    if report.outcome == "rerun":
        _RERUNS.append((report.nodeid, f"{report.when}: {_why(report)}"))


def pytest_terminal_summary(terminalreporter):
    if _RERUNS:
        terminalreporter.section("why each rerun was needed")
        for nodeid, why in _RERUNS:
            terminalreporter.write_line(f"{nodeid}\n    {why}")
