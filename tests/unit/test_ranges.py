from __future__ import annotations

import math

import pandas as pd
import pytest

from relief.ranges import band_text, display_table, example_claim, plotted_ranges, reading_text, span_hours


def by_id(plotted):
    return plotted.set_index("claim_id")


def test_bands_and_bar_follow_the_lexicon(bundled):
    p = by_id(plotted_ranges(bundled.claims, bundled.lexicon, "central"))
    acute = p.loc["iv_single_acute"]
    assert (acute.low_conservative, acute.low_central, acute.low_generous) == (2, 3, 4)
    assert (acute.high_conservative, acute.high_generous) == (24, 48)
    assert (acute.bar_start_hours, acute.bar_end_hours) == (3, 36)


@pytest.mark.parametrize(("reading", "start", "end"), [("conservative", 2, 24), ("generous", 4, 48)])
def test_reading_moves_the_bar_not_the_bands(bundled, reading, start, end):
    acute = by_id(plotted_ranges(bundled.claims, bundled.lexicon, reading)).loc["iv_single_acute"]
    assert (acute.bar_start_hours, acute.bar_end_hours) == (start, end)
    assert (acute.low_conservative, acute.high_generous) == (2, 48)


def test_open_end_stays_open(bundled):
    series = by_id(plotted_ranges(bundled.claims, bundled.lexicon)).loc["iv_series_chronic"]
    assert series.bar_start_hours == 3600
    assert math.isnan(series.bar_end_hours) and math.isnan(series.high_generous)
    assert reading_text(series) == "5 months or longer"


def test_unstated_range_has_no_numbers(bundled):
    patch = by_id(plotted_ranges(bundled.claims, bundled.lexicon)).loc["transdermal"]
    assert all(math.isnan(patch[c]) for c in ("bar_start_hours", "bar_end_hours", "low_conservative"))
    assert reading_text(patch) == "no range stated"


def test_filters(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["iv"], regimens=["single", "series"])
    assert list(p["claim_id"]) == ["iv_single_acute", "iv_series_chronic"]
    p = plotted_ranges(bundled.claims, bundled.lexicon, contexts=["chronic"])
    assert list(p["claim_id"]) == ["iv_series_chronic"]
    assert plotted_ranges(bundled.claims, bundled.lexicon, routes=[]).empty


def test_longest_order_puts_open_ends_first_and_unstated_last(bundled):
    ids = list(plotted_ranges(bundled.claims, bundled.lexicon, order="longest")["claim_id"])
    assert ids[0] == "iv_series_chronic" and ids[1] == "overall" and ids[-1] == "transdermal"
    assert ids.index("im_sc") < ids.index("oral")


def test_unknown_reading_or_order_is_refused(bundled):
    with pytest.raises(ValueError):
        plotted_ranges(bundled.claims, bundled.lexicon, "optimistic")
    with pytest.raises(ValueError):
        plotted_ranges(bundled.claims, bundled.lexicon, order="random")


def test_span_and_example(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon)
    assert span_hours(p) == (2, 5040)
    assert list(example_claim(p)["claim_id"]) == ["iv_overall"]
    assert span_hours(p[p["claim_id"] == "transdermal"]) == (1.0, 24.0)


def test_display_table_words(bundled):
    table = display_table(plotted_ranges(bundled.claims, bundled.lexicon, "generous"), unit="auto")
    row = table.set_index("Claim").loc["IV infusions, series, chronic pain"]
    assert row["Source says"] == "“several months” or longer"
    assert row["Bar (generous reading)"] == "7 months or longer"
    assert row["High-end band"] == "open"
    oral = table.set_index("Claim").loc["Oral (tablets or liquid)"]
    assert oral["Source says"] == "“a few hours”" and oral["Bar (generous reading)"] == "4 h"


def test_a_number_as_written_is_shown_in_the_source_s_own_unit():
    """'every 90 days' reads '90 days', never '3 months' (a month is counted as 30 days, but the source said days);
    a range written across units keeps each end's unit; a chosen unit still wins, and a vague phrase reads best."""
    from relief.phrases import written_units

    assert written_units("90 days") == ("days", "days")
    assert written_units("90 min to 2 h") == ("minutes", "hours")
    assert written_units("between 4 and 6 hours") == ("hours", "hours")
    assert written_units("a few hours") == (None, None)
    claims = pd.DataFrame([
        ["c1", "iv", "repeated", "chronic", "interval", "interval", "90 days", "", "every 90 days", "S", ""],
        ["c2", "iv", "single", "acute", "d", "duration", "90 minutes", "2 hours", "90 minutes to 2 hours", "S", ""],
        ["c3", "iv", "single", "acute", "vague", "duration", "a few hours", "a few hours", "a few hours", "S", ""],
    ], columns=["claim_id", "route", "regimen", "pain_context", "label", "kind", "low_phrase", "high_phrase", "quote",
                "section", "note"])
    lexicon = pd.DataFrame({"phrase": ["a few hours"], "conservative_hours": [2.0], "central_hours": [3.0],
                            "generous_hours": [4.0], "rationale": ["x"]})
    rows = list(plotted_ranges(claims, lexicon).itertuples(index=False))
    assert reading_text(rows[0]) == "every 90 days"
    assert band_text(rows[0], "low") == "90 days (as written)"
    assert reading_text(rows[0], "weeks") == "every ≈12.9 weeks"
    assert reading_text(rows[1]) == "90 min to 2 h"
    assert reading_text(rows[2]) == "3 h"


@pytest.mark.parametrize("reading", ["conservative", "central", "generous"])
def test_a_table_drawn_at_another_reading_is_the_table_read_at_it(bundled, reading):
    """``at_reading`` moves the bars of rows read once; nothing else changes (what a change of reading redraws)."""
    from relief.ranges import at_reading

    lexicon = bundled.lexicon
    for start in ("conservative", "generous"):
        moved = at_reading(plotted_ranges(bundled.claims, lexicon, start, routes=["overall", "iv", "oral"]), reading)
        read = plotted_ranges(bundled.claims, lexicon, reading, routes=["overall", "iv", "oral"])
        assert moved.equals(read), (start, reading)
    with pytest.raises(ValueError):
        at_reading(read, "optimistic")
