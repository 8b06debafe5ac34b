from __future__ import annotations

import math

import pytest

from relief.ranges import display_table, example_claim, plotted_ranges, reading_text, span_hours


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
