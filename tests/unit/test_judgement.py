"""The verdict rules, one test per clause, on tiny made-up findings (relief/judgement.py)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relief import judgement as j

LEXICON = pd.DataFrame({"phrase": ["a few hours", "a day or two", "several months"],
                        "conservative_hours": [2.0, 24.0, 2160.0], "central_hours": [3.0, 36.0, 3600.0],
                        "generous_hours": [4.0, 48.0, 5040.0], "rationale": ["", "", ""]})


def claim(kind="duration", low="a few hours", high="a day or two", route="iv", regimen="not_stated",
          context="not_stated", claim_id="c1"):
    return pd.DataFrame([{"claim_id": claim_id, "route": route, "regimen": regimen, "pain_context": context,
                          "label": "x", "kind": kind, "low_phrase": low, "high_phrase": high, "quote": "q",
                          "section": "s", "note": ""}])


def finding(eid="F-1", low=None, high=None, kind="", route="iv", regimen="single", context="chronic",
            population="patients", design="rct", n=200, certainty="high", status="VERIFIED", cohort=None):
    return {"evidence_id": eid, "study_id": eid, "route": route, "regimen": regimen, "pain_context": context,
            "relief_low_hours": math.nan if low is None else low,
            "relief_high_hours": math.nan if high is None else high,
            "hours_kind": kind, "certainty": certainty, "population": population, "design": design, "n": n,
            "status": status, "cohort": cohort or eid, "study": ""}


def judged(claims, *findings):
    out = j.judge(claims, LEXICON, pd.DataFrame(list(findings)))
    return {r.end: r for r in out.itertuples(index=False)}


def test_a_window_that_ended_is_not_an_end():
    """Relief still seen at 3 h when observation stopped never shows relief ending: the upper end is not
    overstated by it."""
    ends = judged(claim(), finding(high=3, kind="observed_up_to"))
    assert ends["upper"].label == "not_tested"
    assert ends["lower"].label == "supported"  # 3 h reaches 2 h, the conservative reading of "a few hours"
    assert "when observation ended" in ends["lower"].derivation


def test_lost_by_shows_an_end():
    ends = judged(claim(), finding(high=10, kind="lost_by"))
    assert ends["upper"].label == "overstated"
    assert ends["upper"].evidence_ids == ["F-1"]
    assert "ending before 1 day, the conservative reading of “a day or two”" in ends["upper"].derivation


def test_volunteers_and_experimental_pain_never_judge():
    volunteers = finding(low=0.5, high=0.5, kind="measured", population="healthy_volunteers")
    experimental = finding("F-2", low=0.5, high=0.5, kind="measured", context="experimental")
    ends = judged(claim(), volunteers, experimental)
    assert ends["lower"].label == "not_tested" and ends["upper"].label == "not_tested"
    assert set(ends["lower"].matched_ids) == {"F-1", "F-2"}  # shown beside the claim, marked indirect
    assert j.match(claim().iloc[0], pd.Series(volunteers)).rule == "volunteers"


def test_a_finding_without_hours_never_decides():
    ends = judged(claim(), finding(kind=""), finding("F-2", kind="measured"))
    assert ends["lower"].label == "not_tested" and ends["lower"].evidence_ids == []
    assert ends["lower"].matched_ids == ["F-1", "F-2"]


def test_a_model_estimate_never_decides():
    ends = judged(claim(), finding(high=1000, kind="model_estimate"))
    assert ends["upper"].label == "not_tested"


def test_a_benefit_lost_by_a_time_is_not_where_the_shortest_relief_ended():
    """Lost by 12 weeks says relief had ended by then, not that the shortest relief lasted beyond the lower end."""
    ends = judged(claim(), finding(high=2016, kind="lost_by"))
    assert ends["lower"].label == "not_tested"


def test_measured_bounds_both_sides():
    """6 to 24 h measured: the shortest relief (6 h) is beyond the lower end's generous 4 h; the longest reaches
    a day."""
    ends = judged(claim(), finding(low=6, high=24, kind="measured"))
    assert ends["lower"].label == "understated"
    assert ends["upper"].label == "supported"


def test_lower_end_overstated_by_short_relief():
    ends = judged(claim(), finding(low=0.5, high=0.5, kind="measured"))
    assert ends["lower"].label == "overstated"
    assert ends["upper"].label == "overstated"


def test_upper_end_understated_by_longer_relief():
    ends = judged(claim(), finding(low=100, kind="at_least"))
    assert ends["upper"].label == "understated"
    assert "lasting beyond 2 days, the generous reading of “a day or two”" in ends["upper"].derivation


def test_time_to_rescue_reaches_and_ends():
    ends = judged(claim(), finding(low=3, high=3, kind="time_to_rescue"))
    assert ends["lower"].label == "supported"
    assert ends["upper"].label == "overstated"


def test_upper_bound_is_judged_on_its_upper_end_only():
    ends = judged(claim("upper_bound", "a day or two", ""), finding(low=72, kind="at_least"))
    assert ends["lower"].label == "" and ends["upper"].label == "understated"


def test_lower_bound_is_never_understated_and_its_open_end_not_judged():
    claims = claim("lower_bound", "several months", "")
    ends = judged(claims, finding(low=10000, kind="at_least"))
    assert ends["lower"].label == "supported"
    assert ends["upper"].label == "" and ends["upper"].derivation == "open end: not judged"
    assert judged(claims, finding(high=504, kind="lost_by"))["lower"].label == "overstated"


def test_gone_by_is_never_overstated():
    claims = claim("gone_by", "a day or two", "")
    assert judged(claims, finding(high=1, kind="lost_by"))["upper"].label == "supported"
    assert judged(claims, finding(low=100, kind="at_least"))["upper"].label == "understated"


def test_an_onset_is_never_judged_by_how_long_relief_lasted():
    ends = judged(claim("onset", "a few hours", ""), finding(low=0.5, high=0.5, kind="measured"))
    assert ends["lower"].label == "not_tested" and ends["lower"].evidence_ids == []


def test_no_range_stated_has_nothing_to_judge():
    ends = judged(claim("not_stated", "", ""), finding(low=0.5, high=0.5, kind="measured"))
    assert ends["lower"].label == "" and ends["upper"].label == ""
    assert "no range stated" in ends["lower"].derivation


def test_a_number_as_written_is_its_own_band():
    ends = judged(claim(low="3 hours", high="3 hours"), finding(low=2, high=2, kind="measured"))
    assert ends["lower"].label == "overstated"
    assert "3 h as written" in ends["lower"].derivation


def test_route_regimen_and_context_must_speak_to_the_claim():
    claims = claim(route="iv", regimen="single", context="acute")
    other = [finding(low=0.5, high=0.5, kind="measured", route="oral"),
             finding("F-2", low=0.5, high=0.5, kind="measured", regimen="series"),
             finding("F-3", low=0.5, high=0.5, kind="measured", context="cancer")]
    ends = judged(claims, *other)
    assert ends["lower"].label == "not_tested" and ends["lower"].matched_ids == []


def test_disagreement_names_both_and_lowers_certainty():
    short = finding(high=10, kind="lost_by")
    long = finding("F-2", low=30, kind="at_least")
    alone = judged(claim(), long)["upper"]
    both = judged(claim(), short, long)["upper"]
    assert alone.label == both.label == "supported"
    assert j.LEVELS.index(both.certainty) == j.LEVELS.index(alone.certainty) + 1
    assert "Against it: F-1" in both.derivation


def test_a_window_never_disagrees_with_a_short_lower_end():
    """Relief seen at 4 weeks says nothing about the shortest relief: it does not lower a lower end's certainty."""
    short = finding(low=0.5, high=0.5, kind="measured")
    window = finding("F-2", high=672, kind="observed_up_to")
    measured_long = finding("F-3", low=6, high=24, kind="measured")
    assert judged(claim(), short)["lower"].certainty == judged(claim(), short, window)["lower"].certainty
    both = judged(claim(), short, measured_long)["lower"]
    assert both.label == "overstated" and "Against it: F-3" in both.derivation


def test_certainty_starts_by_design_and_goes_down():
    trial = judged(claim(), finding(low=30, kind="at_least", design="rct", n=300))["upper"]
    series = judged(claim(), finding(low=30, kind="at_least", design="case_series", n=300))["upper"]
    assert trial.certainty == "high" and series.certainty == "very_low"
    few = judged(claim(), finding(low=30, kind="at_least", n=20))["upper"]
    assert few.certainty == "moderate" and "imprecise" in few.derivation
    second = judged(claim(), finding(low=30, kind="at_least", status="SECONDARY"))["upper"]
    assert second.certainty == "moderate" and "second-hand" in second.derivation
    rated = judged(claim(), finding(low=30, kind="at_least", certainty="low"))["upper"]
    assert rated.certainty == "low"


def test_participants_are_counted_once_per_cohort():
    a = finding(low=30, kind="at_least", n=60, cohort="trial")
    b = finding("F-2", low=30, kind="at_least", n=60, cohort="trial")
    end = judged(claim(), a, b)["upper"]
    assert "60 participants" in end.derivation and end.certainty == "moderate"


def test_an_override_is_shown_as_one():
    verdicts = pd.DataFrame([{"claim_id": "c1", "lower_reason": "", "upper_reason": "the source says so “x”",
                              "lower_override": "", "upper_override": "overstated",
                              "lower_override_certainty": "", "upper_override_certainty": "low"}])
    out = j.judge(claim(), LEXICON, pd.DataFrame([finding(low=30, kind="at_least")]), verdicts)
    upper = out[out["end"] == "upper"].iloc[0]
    assert upper["label"] == "overstated" and upper["rules_label"] == "supported"
    assert j.end_text(upper).startswith("the rules give supported; reviewers judge overstated, low certainty because")


def test_rules_words_cover_every_rule_the_code_cites():
    assert {r.id for r in j.RULES} >= {"hours", "volunteers", "observed_up_to", "lower_end", "upper_end",
                                       "lower_bound", "gone_by", "onset", "no_range", "disagree", "imprecise"}
    text = j.rules_markdown()
    assert all(r.text in text for r in j.RULES)


KINDS = st.sampled_from(["measured", "observed_up_to", "at_least", "lost_by", "time_to_rescue", "model_estimate",
                         ""])
HOURS = st.one_of(st.none(), st.floats(0.1, 20000))


@st.composite
def findings(draw):
    rows = []
    for i in range(draw(st.integers(1, 6))):
        low, high = draw(HOURS), draw(HOURS)
        if low is not None and high is not None and low > high:
            low, high = high, low
        rows.append(finding(f"F-{i}", low, high, draw(KINDS),
                            route=draw(st.sampled_from(["iv", "oral"])),
                            context=draw(st.sampled_from(["chronic", "experimental", "acute"])),
                            population=draw(st.sampled_from(["patients", "healthy_volunteers", "animals"])),
                            n=draw(st.integers(1, 400))))
    return rows


JUDGED_KINDS = ("duration", "upper_bound", "lower_bound", "gone_by", "onset", "not_stated")


@pytest.mark.parametrize("kind", JUDGED_KINDS)
@settings(max_examples=-(-150 // len(JUDGED_KINDS)), deadline=None)
@given(rows=findings())
def test_no_verdict_rests_on_a_finding_the_rules_exclude(rows, kind):
    """One shard per claim kind, so that xdist spreads them: 6 x 25 = 150 examples in all, as when the kind was
    drawn with the findings."""
    claims = claim(kind, "a few hours", "a day or two" if kind == "duration" else "", context="chronic")
    out = j.judge(claims, LEXICON, pd.DataFrame(rows))
    by_id = {r["evidence_id"]: r for r in rows}
    c = claims.iloc[0]
    for r in out.itertuples(index=False):
        for eid in r.evidence_ids:
            m = j.match(c, SimpleNamespace(**by_id[eid]))
            assert m.judges, (eid, m)
        if r.label in ("", "not_tested"):
            assert r.evidence_ids == []
        else:
            assert r.evidence_ids


@pytest.mark.parametrize("kind", ["interval", "course", "action", "peak"])
def test_new_kinds_are_never_judged(kind):
    assert j.judged_as(kind) is None


def test_a_verdict_s_words_are_the_same_in_every_process():
    """The bundled data judged under two hash seeds gives the same words: nothing in a verdict's text may follow
    a set's order, which changes with each process (a restart reordered the 'Against it' findings)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("from relief import dataset; from relief.judgement import dataset_verdicts; "
            "print(dataset_verdicts(dataset.load_folder().dataset).to_csv())")
    root = Path(__file__).resolve().parents[2]
    texts = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(texts) == 1 and "Against it" in next(iter(texts))
