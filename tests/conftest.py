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
