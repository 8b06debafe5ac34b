"""The warm-up's later steps wait for a quiet server: a visitor's run (and its browser drawing) comes first."""

from __future__ import annotations

import pytest

from relief.ui import warmup


class Clock:
    """A fake monotonic clock; ``sleep`` advances it and runs whatever visitors do meanwhile."""

    def __init__(self, runs=()):
        self.now, self.slept, self.runs = 100.0, [], sorted(runs)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.slept.append(seconds)
        target = self.now + seconds
        while self.runs and self.runs[0] <= target:  # a run starts or ends while the warm-up sleeps
            self.now = self.runs.pop(0)
            warmup._last_run = self.now
        self.now = target


@pytest.fixture(autouse=True)
def _no_runs(monkeypatch):
    monkeypatch.setattr(warmup, "_last_run", 0.0)


def test_a_server_nobody_has_visited_goes_on_at_once():
    clock = Clock()
    warmup.wait_for_quiet(1.5, deadline=clock() + 20, clock=clock, sleep=clock.sleep)
    assert clock.slept == []


def test_it_waits_until_no_run_has_started_or_ended_for_the_quiet_time(monkeypatch):
    clock = Clock(runs=[100.4, 101.0, 102.2])  # a run starts and ends, then a toggle
    monkeypatch.setattr(warmup, "_last_run", 99.9)  # a run began just before
    warmup.wait_for_quiet(1.5, deadline=clock() + 20, clock=clock, sleep=clock.sleep)
    assert clock() == pytest.approx(102.2 + 1.5)  # quiet since the last run for 1.5 s


def test_steady_traffic_postpones_it_no_longer_than_the_deadline(monkeypatch):
    clock = Clock(runs=[100 + 0.5 * i for i in range(1, 100)])  # a run every half second
    monkeypatch.setattr(warmup, "_last_run", 100.0)
    warmup.wait_for_quiet(1.5, deadline=clock() + 20, clock=clock, sleep=clock.sleep)
    assert clock() == pytest.approx(120.0)


def test_touch_marks_the_time_of_a_run(monkeypatch):
    monkeypatch.setattr(warmup.time, "monotonic", lambda: 42.0)
    warmup.touch()
    assert warmup._last_run == 42.0
