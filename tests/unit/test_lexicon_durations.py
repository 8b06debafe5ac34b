from __future__ import annotations

import math

import pytest

from relief.durations import auto_unit, format_band, format_hours, ticks
from relief.lexicon import phrases_used, readings


def test_readings_are_ordered_and_positive(bundled):
    for r in readings(bundled.lexicon).values():
        assert 0 < r.conservative <= r.central <= r.generous
        assert r.band == (r.conservative, r.generous)


def test_reading_lookup(bundled):
    few = readings(bundled.lexicon)["a few hours"]
    assert (few.at("conservative"), few.at("central"), few.at("generous")) == (2, 3, 4)
    with pytest.raises(ValueError):
        few.at("optimistic")


def test_phrases_used_keeps_first_use_order(bundled):
    assert phrases_used(bundled.claims)[:3] == ["several hours", "a few hours", "several months"]


@pytest.mark.parametrize(("hours", "unit", "text"), [
    (3, "auto", "3 h"), (36, "auto", "1.5 days"), (24, "auto", "1 day"), (840, "auto", "5 weeks"),
    (2160, "auto", "3 months"), (312, "auto", "13 days"), (3, "days", "0.125 days"),
    (2160, "weeks", "≈12.9 weeks"), (4, "days", "≈0.167 days"), (5040, "hours", "5,040 h"),
])
def test_format_hours_marks_approximations(hours, unit, text):
    assert format_hours(hours, unit) == text


def test_format_hours_nan():
    assert format_hours(math.nan) == "—"


def test_auto_unit_prefers_an_exact_unit():
    assert auto_unit(840) == "weeks"
    assert auto_unit(5) == "hours"
    assert auto_unit(1000) == "months"  # no exact unit: the largest that fits


@pytest.mark.parametrize(("hours", "text"), [
    (8760, "1 year"), (17520, "2 years"), (13140, "1.5 years"), (8640, "12 months"), (9600, "≈1.1 years"),
])
def test_a_year_or_more_reads_in_years(hours, text):
    assert auto_unit(hours) == ("years" if hours >= 8760 else "months")
    assert format_hours(hours) == text


def test_bands_and_linear_ticks_reach_years():
    assert format_band(4320, 17520) == "6 months – 2 years"
    assert format_band(8760, 17520) == "1–2 years"
    _, labels = ticks(0, 5 * 8760, axis="linear")
    assert labels[-1].endswith("years") and "730 days" not in labels


def test_format_band():
    assert format_band(2, 4) == "2–4 h"
    assert format_band(2160, 5040) == "3–7 months"
    assert format_band(3, 24) == "3 h – 1 day"
    assert format_band(24, 24) == "1 day"


def test_human_ticks_on_log_axis():
    values, labels = ticks(0.7, 20000)
    assert labels == ["1 h", "6 h", "1 day", "1 week", "1 month", "6 months", "2 years"]
    assert values == sorted(values)


def test_short_span_gets_secondary_ticks():
    _, labels = ticks(0.7, 13)
    assert labels == ["1 h", "2 h", "6 h", "12 h"]


@pytest.mark.parametrize("unit", ["hours", "days", "weeks"])
@pytest.mark.parametrize("axis", ["log", "linear"])
def test_unit_ticks_are_labelled_in_that_unit(unit, axis):
    values, labels = ticks(1, 5000, unit, axis)
    assert len(values) >= 3
    word = {"hours": " h", "days": " day", "weeks": " week"}[unit]
    assert all(word in label for label in labels if label != "0")
