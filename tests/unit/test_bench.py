"""The benchmark's arithmetic and report (the benchmark itself runs with `make bench`, not in the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import run

from tests.loops import in_own_thread, run_coroutine


def test_percentile_and_summary():
    values = [0.1, 0.2, 0.3, 0.4, 1.0]
    assert run.percentile(values, 0.5) == 0.3 and run.percentile(values, 0.95) == 1.0
    assert run.summary(values) == {"median": 0.3, "min": 0.1, "max": 1.0, "n": 5}


def test_table_marks_met_and_missed_targets():
    metric = {"ours": {"median": 1.1, "min": 1.0, "max": 1.2, "n": 5},
              "baseline": {"median": 1.0, "min": 0.9, "max": 1.1, "n": 5}}
    results = {"date": "2026-11-25", "cpus": 2, "rounds": 5,
               "metrics": {"cold_start_s": {**metric, "ratio": 1.1, "target": 1.1},
                           "toggle_s": {**metric, "ratio": 1.3, "target": 1.2}},
               "memory": {app: {"rss_1_session_mb": 100, "rss_20_sessions_mb": 110, "mb_per_extra_session": 0.5}
                          for app in ("ours", "baseline")},
               "load": {app: {"users": 20, "think_s": 1, "toggles": 100, "errors": 0, "single_p50_s": 0.1,
                              "single_p95_s": 0.2, "load_p50_s": 0.2, "load_p95_s": 0.4, "p95_vs_single": 2.0,
                              "lockstep_p50_s": 0.3, "lockstep_p95_s": 0.6}
                        for app in ("ours", "baseline")}}
    text = run.table(results)
    assert "| cold start | 1.10 s (1.00–1.20) | 1.00 s (0.90–1.10) | 1.10× ✅ | ≤ 1.1× |" in text
    assert "1.30× ❌" in text and "| per extra session | 0.50 MB ✅ |" in text and "2.00× ❌" in text
    assert "| worst case, all 20 in lockstep: p50 / p95 | 0.300 / 0.600 s |" in text


def test_table_compares_with_an_earlier_revision_measured_in_the_same_rounds():
    def timing(median):
        return {"median": median, "min": median, "max": median, "n": 5}

    def metric(ours, before, base=1.0):
        return {"ours": timing(ours), "before": timing(before), "baseline": timing(base), "ratio": ours / base,
                "before_ratio": before / base, "target": 1.2}

    load = {"users": 20, "think_s": 1, "toggles": 100, "errors": 0, "single_p50_s": 0.1, "single_p95_s": 0.2,
            "load_p50_s": 0.2, "load_p95_s": 0.4, "lockstep_p50_s": 0.3, "lockstep_p95_s": 0.6}
    results = {"date": "2026-11-30", "cpus": 2, "rounds": 5, "before": "f4b0dc1",
               "metrics": {"first_view_s": metric(1.4, 1.5), "toggle_s": metric(1.5, 1.4)},
               "memory": {app: {"rss_1_session_mb": 100, "rss_20_sessions_mb": 110, "mb_per_extra_session": 0.5}
                          for app in ("ours", "before", "baseline")},
               "load": {"ours": load | {"p95_vs_single": 3.0}, "before": load | {"p95_vs_single": 2.0},
                        "baseline": load | {"p95_vs_single": 1.0}}}
    text = run.table(results)
    assert "Against the app at f4b0dc1 in the same rounds:" in text
    assert "| first view | 1.50 s (1.50–1.50) | 1.50× | 1.40× |  | ✅ no worse |" in text
    assert "| toggle | 1.40 s (1.40–1.40) | 1.40× | 1.50× |  | ❌ worse |" in text
    assert "| load: p95 ÷ single p95 | 0.400 / 0.200 s | 2.00× | 3.00× |  | ❌ worse |" in text
    assert "Against the app" not in run.table(results | {"before": None})


def test_sessions_keep_their_own_pace_unless_in_lockstep(monkeypatch):
    """With a random generator, sessions start at random moments and vary their think time; without, they don't."""

    sleeps: list[float] = []

    class FakeSession:
        def __init__(self, *_):
            self.errors: list[str] = []

        async def __aenter__(self):
            return self

        async def __aexit__(self, *_):
            return None

        async def rerun(self):
            return 0.0

        async def toggle(self, *_):
            return 0.01

    async def fake_sleep(seconds):
        sleeps.append(seconds)

    monkeypatch.setattr(run, "Session", FakeSession)
    monkeypatch.setattr(run.asyncio, "sleep", fake_sleep)
    clock = iter(range(0, 1000))
    monkeypatch.setattr(run.time, "perf_counter", lambda: next(clock) * 0.25)
    latencies, errors = [], []
    run_coroutine(run._toggler("http://x", run.OURS, 1.0, 1.0, latencies, errors))
    assert set(sleeps) == {1.0} and len(latencies) == len(sleeps)
    sleeps.clear()
    run_coroutine(run._toggler("http://x", run.OURS, 1.0, 1.0, latencies, errors,
                                         run.random.Random(1)))
    assert 0 <= sleeps[0] <= 1 and all(0.5 <= s <= 1.5 for s in sleeps[1:]) and len(set(sleeps)) == len(sleeps)
    assert errors == []


def test_load_rounds_are_interleaved_and_kept_as_their_median(monkeypatch):
    """Each round runs every app once (in order), the lockstep worst case only in the first; the row is the median
    of each timing and ratio, counts summed, each round's ratio shown."""
    calls = []
    ratios = iter([3.0, 1.0, 1.2, 1.1, 1.4, 1.3])

    async def fake_load(app, seconds, lockstep=True):
        calls.append((app.name, lockstep))
        ratio = next(ratios)
        return {"users": 20, "think_s": 1.0, "toggles": 10, "errors": 0, "single_p50_s": 0.01, "single_p95_s": 0.02,
                "load_p50_s": 0.02, "load_p95_s": 0.02 * ratio, "p95_vs_single": ratio,
                "lockstep_p50_s": 0.3 if lockstep else float("nan"),
                "lockstep_p95_s": 0.6 if lockstep else float("nan"), "error_samples": []}

    monkeypatch.setattr(run, "load", fake_load)
    apps = [run.OURS, run.BASELINE]
    loaded = in_own_thread(run.load_rounds, apps, 3, 10)
    assert calls == [("ours", True), ("baseline", True), ("ours", False), ("baseline", False),
                     ("ours", False), ("baseline", False)]
    ours = loaded["ours"]
    assert ours["p95_vs_single"] == 1.4 and ours["p95_vs_single_each"] == [3.0, 1.2, 1.4]  # one bad round is not it
    assert ours["toggles"] == 30 and ours["rounds"] == 3 and ours["lockstep_p95_s"] == 0.6
    assert loaded["baseline"]["p95_vs_single"] == 1.1
    row = next(line for line in run.table({"date": "d", "cpus": 2, "rounds": 1, "metrics": {},
                                           "memory": {a: {"rss_1_session_mb": 1, "rss_20_sessions_mb": 1,
                                                          "mb_per_extra_session": 0} for a in ("ours", "baseline")},
                                           "load": loaded}).splitlines() if line.startswith("| p95 ÷ single"))
    assert row == "| p95 ÷ single p95 | 1.40× ✅ (rounds: 3.00, 1.20, 1.40) | 1.10× (rounds: 1.00, 1.10, 1.30) |"


def test_now_against_before_round_by_round_tells_a_worse_median_from_noise():
    pair = run.paired([1.1, 0.9, 1.2, 1.0], [1.0, 1.0, 1.0, 1.1])
    assert pair["faster"] == 2 and pair["n"] == 4 and pair["median"] == (1.1 / 1.0 + 1.0 / 1.1) / 2
    assert pair["p_slower"] == (6 + 4 + 1) / 16  # slower in 2 or more of 4 rounds by chance
    slower_always = run.paired([1.2] * 8, [1.0] * 8)
    assert slower_always["faster"] == 0 and slower_always["p_slower"] == 1 / 256

    def metric(now, before, pair):
        return {"ratio": now, "before_ratio": before, "paired": pair}

    assert run.verdict(metric(1.4, 1.5, slower_always)) == "✅ no worse"  # the medians decide first
    assert run.verdict(metric(1.6, 1.5, slower_always)) == "❌ worse"  # slower in every round: not noise
    noisy = run.paired([1.1, 0.9, 1.2, 1.0, 0.95, 1.3, 0.8, 1.05], [1.0] * 8)  # slower in 4 of 8
    assert run.verdict(metric(1.6, 1.5, noisy)).startswith("≈ within noise (slower in 4 of 8 rounds, p = 0.64)")
    assert run.verdict({"ratio": 1.6, "before_ratio": 1.5}) == "❌ worse"  # no rounds to pair: the medians only
    few = run.paired([1.1, 0.9, 1.2, 1.0], [1.0] * 4)  # 4 rounds can never be worse by a sign test at 5 %
    assert run.verdict(metric(1.6, 1.5, few)) == "❌ worse"


def test_the_load_ratio_is_paired_round_by_round_with_the_earlier_revision():
    ours = {"p95_vs_single": 1.5, "p95_vs_single_each": [1.5, 1.2, 2.0, 1.4, 1.6]}
    before = {"p95_vs_single": 1.4, "p95_vs_single_each": [1.4, 1.3, 1.9, 1.5, 1.2]}
    load = run.load_metric(ours, before)
    assert load["ratio"] == 1.5 and load["before_ratio"] == 1.4
    assert load["paired"]["n"] == 5 and load["paired"]["faster"] == 2  # rounds 2 and 4
    assert run.verdict(load).startswith("≈ within noise (slower in 3 of 5 rounds")
    worse = run.load_metric(ours | {"p95_vs_single_each": [2.0] * 5}, before)
    assert run.verdict(worse) == "❌ worse"  # slower in all 5 rounds
    assert run.load_metric({"p95_vs_single": 1.5}, before)["paired"] is None  # one round, nothing to pair
