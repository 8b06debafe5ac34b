"""The bundled data, validated once per test process: the session fixture ``bundled`` and the modules that list
the talk's scenes when they are collected (each pytest-xdist worker collects every module) share this one load."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from relief.dataset import BUNDLED, Dataset, load_folder


@functools.cache
def dataset() -> Dataset:
    """The bundled data set; callers only read it."""
    result = load_folder(BUNDLED)
    assert result.ok, [str(p) for p in result.problems]
    return result.dataset


def scenes() -> list:
    """The talk's scenes, in order, as named tuples."""
    return list(dataset().scenes.itertuples(index=False))


@functools.cache
def talk() -> str:
    """The offline talk built from the bundled data (dated 30 November 2026): a build draws every scene's chart as an
    image in Chromium, so the tests that only read it share one per process (and one xdist_group, "talkfile")."""
    from relief import talkfile

    return talkfile.build(dataset(), when=datetime(2026, 11, 30, tzinfo=UTC))
