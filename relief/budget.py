"""How much work one check of a user's files may take: the bound that keeps one upload from holding the server.

The costly parts of a check grow with the source text: the "closest passage" hint of a quote that is not found
compares it with the whole text. Hints are therefore given for the first :data:`MAX_HINTS` quotes not found and
within :data:`HINT_SECONDS` per check; after that a message says the quote was not found, without a hint. A check
may also be given a ``stop`` test (the app's: "has the session that uploaded ended?") and a time limit: once
either says so, the next costly step raises :class:`Stopped` and the check ends with one located problem.

Pure: no Streamlit import. A check runs in one thread; the budget in force is kept per thread (``limited``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

MAX_HINTS = 10
"""Closest-passage hints per check: the first quotes not found get one, the rest only the plain message."""
HINT_SECONDS = 2.0
"""Time the hints of one check may take together (seconds of wall time)."""
CHECK_SECONDS = 60.0
"""Time one upload's check may take before it is stopped (the row limit keeps a real upload far below it)."""


class Stopped(Exception):
    """The check was stopped: its session ended or it ran out of time."""


@dataclass
class Budget:
    """The work one check may still do."""

    hints: int = MAX_HINTS
    hint_seconds: float = HINT_SECONDS
    seconds: float | None = None  # the whole check's time limit; None: no limit
    stop: Callable[[], bool] | None = None  # says when the check is no longer wanted (its session ended)
    hints_given: int = 0
    hints_withheld: int = 0
    hint_time: float = 0.0
    started: float = field(default_factory=time.monotonic)
    reason: str | None = None  # why the check was stopped, once it was

    def check(self) -> None:
        """Raise :class:`Stopped` when the check must end (cheap: called once per row of the costly checks)."""
        if self.reason is None:
            if self.stop is not None and self.stop():
                self.reason = "the check was stopped: the browser session that uploaded the files has ended"
            elif self.seconds is not None and time.monotonic() - self.started > self.seconds:
                self.reason = (f"the check was stopped after {self.seconds:.0f} seconds: the files are too large "
                               "to check here; check them on your own computer (python -m relief check) or "
                               "upload fewer rows")
        if self.reason is not None:
            _cut()
            raise Stopped(self.reason)

    def allow_hint(self) -> bool:
        """Whether one more hint may be computed (count it when it may)."""
        if self.hints_given < self.hints and self.hint_time < self.hint_seconds:
            self.hints_given += 1
            return True
        self.hints_withheld += 1
        _cut()
        return False

    @contextmanager
    def timing_hint(self) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        finally:
            self.hint_time += time.monotonic() - began


_local = threading.local()


def _cut() -> None:
    _local.cuts = cuts() + 1


def cuts() -> int:
    """How many times, in this thread, a budget stopped a check or withheld a hint: a result made while this grew
    depends on the budget and the clock, not only on the files, so it is never kept for reuse."""
    return getattr(_local, "cuts", 0)


def current() -> Budget | None:
    """The budget in force in this thread (``limited``), or None."""
    return getattr(_local, "budget", None)


@contextmanager
def limited(budget: Budget) -> Iterator[Budget]:
    """Run a check within ``budget`` (in this thread); nested uses restore the outer budget."""
    outer = current()
    _local.budget = budget
    try:
        yield budget
    finally:
        _local.budget = outer


def check() -> None:
    """Raise :class:`Stopped` when the budget in force says the check must end; nothing without one."""
    budget = current()
    if budget is not None:
        budget.check()
