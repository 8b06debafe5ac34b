"""Chart builder output: bands, bars, open ends, the transdermal marker, hover text."""

from __future__ import annotations

import math

from relief import charts
from relief.charts import anatomy_chart, mechanism_diagram, range_chart
from relief.ranges import example_claim, plotted_ranges


def traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_bands_bars_open_end_and_unstated(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon)
    fig = range_chart(p)
    bands = traces(fig, "Phrase band (conservative to generous reading)")
    band_rows = [(y, b, x) for t in bands for y, b, x in zip(t.y, t.base, t.x, strict=True)]
    assert ("IV infusion, single, acute pain", 2, 2) in band_rows  # 'a few hours': 2 to 4 h
    assert ("IV infusion, single, acute pain", 24, 24) in band_rows  # 'a day or two': 24 to 48 h
    assert sum(1 for y, *_ in band_rows if y == "Oral (tablets or liquid)") == 1  # one phrase, one band
    assert sum(1 for y, *_ in band_rows if y == "IV infusions, series, chronic pain") == 1  # no high band

    (bars,) = traces(fig, "Claimed range (chosen reading)")
    bar = dict(zip(bars.y, zip(bars.base, bars.x, strict=True), strict=True))
    assert bar["IV infusion, single, acute pain"] == (3, 33)
    assert "IV infusions, series, chronic pain" not in bar
    assert "Transdermal patch" not in bar

    (tail,) = traces(fig, "Open end (“or longer”)")
    assert set(tail.y) == {"IV infusions, series, chronic pain"}
    assert list(tail.marker.opacity) == sorted(tail.marker.opacity, reverse=True)
    assert math.isclose(tail.base[-1] + tail.x[-1], 10 ** fig.layout.xaxis.range[1])
    (end,) = [a for a in fig.layout.annotations if a.name == charts.OPEN_END_NAME]
    # beside its row's long name the words "or longer ▶" ran into the name on a phone: the arrow, words in its hover
    assert end.text == charts.OPEN_END_SHORT and "or longer" in end.hovertext

    (unstated,) = traces(fig, "No range stated")
    assert list(unstated.y) == ["Transdermal patch"] and list(unstated.text) == ["no range stated"]


def test_axis_and_units(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon)
    log = range_chart(p)
    assert log.layout.xaxis.type == "log" and "1 day" in log.layout.xaxis.ticktext
    lin = range_chart(p, axis="linear", unit="weeks")
    assert lin.layout.xaxis.type == "linear" and lin.layout.xaxis.range[0] == 0
    assert all("week" in t for t in lin.layout.xaxis.ticktext if t != "0")


def test_quotes_in_hover_only_when_asked(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon, routes=["oral"])
    with_quotes = range_chart(p, show_quotes=True)
    without = range_chart(p, show_quotes=False)
    text = " ".join(h for t in with_quotes.data for h in (t.hovertext or ()))
    assert "typically lasting a few hours" in text
    assert "typically lasting" not in " ".join(h for t in without.data for h in (t.hovertext or ()))


def test_hover_escapes_markup(bundled):
    claims = bundled.claims.copy()
    claims.loc[claims["claim_id"] == "oral", "label"] = "<script>alert(1)</script>"
    fig = range_chart(plotted_ranges(claims, bundled.lexicon, routes=["oral"]))
    hover = " ".join(h for t in fig.data for h in (t.hovertext or ()))
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_highlight_greys_out_other_routes(bundled):
    p = plotted_ranges(bundled.claims, bundled.lexicon)
    fig = range_chart(p, highlight={"oral"})
    (bars,) = traces(fig, "Claimed range (chosen reading)")
    colours = dict(zip(bars.y, bars.marker.color, strict=True))
    assert colours["IV infusion (overall)"] == "#767676"
    assert "<b>Oral (tablets or liquid)</b>" in fig.layout.yaxis.ticktext


def test_anatomy_and_mechanism(bundled):
    example = example_claim(plotted_ranges(bundled.claims, bundled.lexicon))
    fig = anatomy_chart(example)
    notes = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    assert any("several hours" in n for n in notes) and any("central reading" in n for n in notes)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 3 and {a.arrowcolor for a in arrows} == {charts.STYLES["light"].ink}  # not plotly's grey
    dark = anatomy_chart(example, style=charts.STYLES["dark"])  # on the dark page: light arrows
    assert {a.arrowcolor for a in dark.layout.annotations if a.showarrow} == {charts.STYLES["dark"].ink}
    assert all(len(line) <= charts.ANATOMY_WRAP for a in arrows for line in a.text.split("<br>"))
    diagram = mechanism_diagram(bundled.mechanisms)
    edges = [t for t in diagram.data if t.mode == "lines"]
    assert {e.line.dash for e in edges} == {"solid", "dash"} and len(edges) == 4
    # each edge's word on it (they were dropped when the figure was finished, so no edge said what it meant)
    assert sorted(a.text for a in diagram.layout.annotations) == ["<b>blocks</b>"] + ["<b>modulates</b>"] * 3


def test_an_open_end_keeps_its_words_where_its_row_name_leaves_room_on_a_phone():
    assert charts.open_end_text("Oral (tablets or liquid)", 15) == charts.OPEN_END  # 24 characters
    assert charts.open_end_text("IV infusions, series, chronic pain", 15) == charts.OPEN_END_SHORT
    assert charts.open_end_text("<b>Oral (tablets or liquid)</b>", 15) == charts.OPEN_END  # tags take no room
    assert charts.open_end_text("Oral (tablets or liquid)", 40) == charts.OPEN_END  # a slide's type, on its screen
