"""Shared fixtures: the bundled data, read once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from relief.dataset import BUNDLED, load_folder, read_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bundled():
    result = load_folder(BUNDLED)
    assert result.ok, [str(p) for p in result.problems]
    return result.dataset


@pytest.fixture
def files() -> dict[str, bytes | None]:
    """The bundled data files as bytes, fresh for each test to mutate."""
    return read_folder(BUNDLED)
