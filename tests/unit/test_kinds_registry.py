"""The registry of claim kinds: a kind is one record, read by the schema, the ranges, the charts and the words."""

from __future__ import annotations

import pandas as pd
import pytest

from relief import kinds
from relief.charts import claim_marks, describe, key_text, range_chart
from relief.dataset import BUNDLED, build_dataset, read_folder
from relief.ranges import claimed_text, plotted_ranges, reading_text
from relief.schemas import claim_ends

EXAMPLE = BUNDLED / "examples" / "numbers_as_written"

FAKE = kinds.ClaimKind(
    "half_life", "half the drug is gone by this time (not how long relief lasts)", "one", None, "point",
    around="half-life {}", symbol="hourglass", size=16, legend="Half-life (not relief)",
    key="Hourglass: a half-life, not how long relief lasts.",
    drawn_as=", drawn as an hourglass, {} (a half-life, not relief)")

ROW = ('fake_half_life,sublingual,single,not_stated,"Sublingual tablet, half-life (example)",half_life,2 hours,,'
       'The same example says relief usually begins within 2 hours of the tablet.,1. Sublingual Tablets,Test only.,\n')


@pytest.fixture
def with_fake_kind(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, FAKE.code, FAKE)
    return FAKE


def test_a_new_kind_is_one_record_parsed_validated_drawn_and_described(with_fake_kind):
    files = read_folder(EXAMPLE)
    files["claims.csv"] = files["claims.csv"] + ROW.encode()
    result = build_dataset(files)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    claims = result.dataset.claims
    row = claims.set_index("claim_id").loc["fake_half_life"]
    assert row.stated and not row.open_ended
    assert claim_ends(row) == (False, False)  # judged_as None: never judged

    plotted = plotted_ranges(claims, result.dataset.lexicon)
    fake = plotted.set_index("claim_id").loc["fake_half_life"]
    assert fake.at_hours == 2 and pd.isna(fake.bar_start_hours) and pd.isna(fake.bar_end_hours)
    one = next(plotted[plotted["claim_id"] == "fake_half_life"].itertuples(index=False))
    assert claimed_text(one) == "half-life “2 hours”" and reading_text(one) == "half-life 2 h"

    marks = claim_marks(plotted)
    assert set(marks.loc[marks["claim_id"] == "fake_half_life", "mark"]) == {"half_life"}
    figure = range_chart(plotted)
    (trace,) = [t for t in figure.data if t.name == "Half-life (not relief)"]
    assert trace.marker.symbol == "hourglass" and list(trace.text) == ["half-life 2 h"]
    bars = [t for t in figure.data if t.name == "Claimed range (chosen reading)"]
    assert all("Sublingual tablet, half-life (example)" not in t.y for t in bars)
    assert "Hourglass: a half-life" in key_text(plotted)
    assert "drawn as an hourglass, half-life 2 h (a half-life, not relief)" in describe(plotted)
    longest = list(plotted_ranges(claims, result.dataset.lexicon, order="longest")["claim_id"])
    assert longest.index("fake_half_life") > longest.index("topical")  # never ranked as relief


def test_an_unknown_kind_is_refused_and_the_fake_one_is_gone_after_the_test():
    files = read_folder(EXAMPLE)
    files["claims.csv"] = files["claims.csv"] + ROW.encode()
    result = build_dataset(files)
    assert not result.ok
    assert any(p.column == "kind" and "half_life" in p.message for p in result.errors)


def test_every_kind_record_is_complete():
    for k in kinds.KINDS.values():
        assert k.words and k.key and k.example, k.code
        assert "{}" in k.drawn_as or k.draw == "unstated", k.code
        if k.draw in ("point", "span"):
            assert k.symbol and k.legend and "{}" in k.around, k.code
        assert (k.judged_as == "relief") == k.relief
        assert any(k.relief_ends) <= k.relief  # only relief has ends to judge as relief
    with pytest.raises(ValueError):
        kinds.ClaimKind("bad", "bad", "three", None, "point")
