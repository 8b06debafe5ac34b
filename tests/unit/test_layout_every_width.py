"""Row charts read at every width: labels above their bars, a few spaced ticks; slides fit 720p."""

from __future__ import annotations

import itertools
import math

import pytest

from relief import charts, compare, library, views
from relief.urlstate import compare_view, explorer_view


def _row_labels(figure):
    return [a for a in figure.layout.annotations if a.name == charts.ROW_LABEL]


@pytest.fixture
def routes(bundled):
    values = explorer_view(bundled.claims).defaults() | {"routes": ["iv", "oral", "intranasal"]}
    return views.routes(bundled, values)


def test_labels_sit_above_their_bars_inside_the_plot(routes):
    figure = routes.figure
    labels = _row_labels(figure)
    assert figure.layout.yaxis.showticklabels is False  # no left margin eating a phone's width
    assert [a.y for a in labels] == list(figure.layout.yaxis.tickvals)
    assert all(a.xref == "paper" and a.x == 0 and a.xanchor == "left" and a.yshift > 0 for a in labels)
    bands = [t for t in figure.data if t.type == "bar" and t.width]
    row = (figure.layout.height - figure.layout.margin.t - figure.layout.margin.b) / len(labels)
    for band in bands:  # the bar leaves room above it for a label
        assert band.width * row / 2 + charts._label_px(figure.layout.to_plotly_json()) / 2 <= labels[0].yshift + 1


def test_ticks_are_few_and_spaced(routes):
    axis = routes.figure.layout.xaxis
    positions = [math.log10(v) for v in axis.tickvals]
    span = axis.range[1] - axis.range[0]
    assert 3 <= len(positions) <= 5
    assert all(b - a >= span * charts.MAX_TICK_SHARE for a, b in itertools.pairwise(positions))
    assert axis.tickangle is None and list(axis.autotickangles) == [0, 30, 90]  # tilt rather than overlap


def test_place_labels_is_idempotent(routes):
    once = charts.place_labels(routes.figure)
    twice = charts.place_labels(once)
    assert [t.width for t in once.data if t.type == "bar"] == [t.width for t in twice.data if t.type == "bar"]
    assert len(_row_labels(twice)) == len(_row_labels(routes.figure))


def _comparison_of_every_source():
    sources = library.default()
    return compare.build(sources, compare_view(compare.choices(sources)).defaults()).figure


def _rows_px(figure) -> float:
    layout = figure.layout
    return (layout.height - layout.margin.t - layout.margin.b) / len(layout.yaxis.categoryarray)


def test_a_chart_taller_than_a_screen_has_its_time_axis_at_the_top_too(routes, monkeypatch):
    """The comparison of every bundled source is 57 rows and over 7,000 px: its scale was only at the bottom."""
    tall = _comparison_of_every_source()
    assert tall.layout.height > charts.TALL_PX
    top, bottom = tall.layout.xaxis2, tall.layout.xaxis
    assert (top.side, top.overlaying, top.matches, top.type) == ("top", "x", "x", bottom.type)
    assert (list(top.tickvals), list(top.ticktext)) == (list(bottom.tickvals), list(bottom.ticktext))
    (drawn_by,) = [t for t in tall.data if t.xaxis == "x2"]  # plotly draws an axis only with a trace on it
    assert len(drawn_by.x) == 0 and drawn_by.hoverinfo == "skip" and drawn_by.showlegend is False
    monkeypatch.setattr(charts, "TALL_PX", 10**9)
    without = _comparison_of_every_source()
    assert "xaxis2" not in without.layout.to_plotly_json()
    assert math.isclose(_rows_px(tall), _rows_px(without))  # the chart grew by the axis: rows kept their size
    assert tall.layout.margin.t > without.layout.margin.t
    monkeypatch.undo()
    assert routes.figure.layout.height <= charts.TALL_PX  # a chart a screen shows whole: one axis, at the bottom
    assert "xaxis2" not in routes.figure.layout.to_plotly_json()
    slide = views.fit_for_slide(tall)  # made short for a slide: the repeated axis goes
    assert "xaxis2" not in slide.layout.to_plotly_json() and all(t.xaxis != "x2" for t in slide.data)
    sources = library.default()  # on a 4K screen: three times the type, three times the height, one axis
    big = compare.build(sources, compare_view(compare.choices(sources)).defaults(),
                        charts.style_for(presenting=True, scale=3)).figure
    assert "xaxis2" in big.layout.to_plotly_json()  # the whole comparison is still taller than the screen
    slide = views.fit_for_slide(big, max_height=460 * 3)
    assert slide.layout.height > charts.TALL_PX and "xaxis2" not in slide.layout.to_plotly_json()


@pytest.mark.parametrize("scene_index", range(7))
def test_every_scene_chart_fits_a_720p_slide(bundled, scene_index):
    row = list(bundled.scenes.itertuples(index=False))[scene_index]
    view = views.scene(bundled, row, charts.style_for("light", presenting=True))
    if view.figure is None:
        return
    slide = views.fit_for_slide(view.figure)
    assert slide.layout.height <= 460
    labels = _row_labels(slide)
    rows = len(slide.layout.yaxis.categoryarray)
    assert len(labels) in (0, rows)
    assert slide.layout.yaxis.showticklabels is (not labels)  # above the bars, or beside them when rows are short
    assert view.figure.layout.height != slide.layout.height or view.figure is not slide  # a copy


def _hover_lines(figure) -> list[str]:
    """Every line of every hover box a figure can show, as the viewer reads it (markup removed)."""
    import html
    import re

    texts = [h for trace in figure.data for h in (getattr(trace, "hovertext", None) or ())]
    texts += [t.hovertemplate for t in figure.data if getattr(t, "hovertemplate", None)]
    plain = (html.unescape(re.sub(r"<[^>]+>|%\{hovertext\}", "", line))
             for text in texts for line in str(text).split("<br>"))
    return [line for line in plain if line]


def _every_chart(dataset):
    values = explorer_view(dataset.claims, with_evidence=dataset.evidence is not None).defaults()
    yield views.overview(dataset, {}).figure
    yield views.anatomy(dataset, {}).figure
    yield views.routes(dataset, values | {"quotes": True, "evidence": dataset.evidence is not None}).figure
    if dataset.mechanisms is not None:
        yield views.mechanism(dataset, {"quotes": True}).figure
    if dataset.factors is not None:
        for factor_id in dataset.factors["factor_id"]:
            yield views.factor(dataset, {"factor": factor_id, "reading": "central"}).figure
    yield views.lexicon(dataset).figure
    for row in ([] if dataset.scenes is None else dataset.scenes.itertuples(index=False)):
        yield views.scene(dataset, row).figure


def test_every_hover_box_is_narrower_than_a_phone_chart(bundled):
    """A hover box wider than the chart was cut at the chart's edge on a 390 px phone (the screen's chart is about
    366 px wide); plotly keeps a box that fits inside the chart, so every line is at most ``HOVER_WIDTH`` long."""
    from relief import dataset as ds

    guideline = ds.load_folder(ds.BUNDLED / "examples" / "example_guideline").dataset
    lines = [line for data in (bundled, guideline) for figure in _every_chart(data) if figure is not None
             for line in _hover_lines(figure)]
    assert len(lines) > 200  # the quotes, findings and verdicts are all in
    too_long = [line for line in lines if len(line) > charts.HOVER_WIDTH]
    assert not too_long, too_long[:5]


def _edge_overrun(figure) -> dict[str, float]:
    """Pixels by which each outermost tick label, at the estimate ``charts.edge_room`` uses, would cross the
    chart's edge in a plot ``NARROWEST_PLOT_EM`` wide (plotly then hides it); 0 where it fits."""
    layout = figure.layout
    lo, hi = layout.xaxis.range
    size = layout.font.size or 15
    placed = sorted(((math.log10(v) - lo) / (hi - lo), str(t))
                    for v, t in zip(layout.xaxis.tickvals, layout.xaxis.ticktext, strict=True))
    half = {side: len(text) * charts.CHAR_EM * size / 2 for side, (_, text) in (("l", placed[0]), ("r", placed[-1]))}
    narrowest = charts.narrowest_plot_px(size)
    inside = {"l": placed[0][0] * narrowest, "r": (1 - placed[-1][0]) * narrowest}
    return {side: max(0.0, half[side] - inside[side] - getattr(layout.margin, side)) for side in ("l", "r")}


def test_the_ticks_at_either_end_of_the_axis_keep_room_for_their_labels(routes, bundled):
    """Plotly hides a tick label that would cross the chart's edge: "2 years" on every route chart, "1 h" and
    "6 months" on the anatomy chart, were grid lines with no label, at every width and on every slide."""
    tall = _comparison_of_every_source()
    figures = {"routes": routes.figure, "comparison": tall, "slide": views.fit_for_slide(routes.figure),
               "comparison slide": views.fit_for_slide(tall), "lexicon": charts.lexicon_chart(bundled.lexicon),
               "anatomy": views.anatomy(bundled, {}).figure}
    for name, figure in figures.items():
        assert _edge_overrun(figure) == {"l": 0.0, "r": 0.0}, name
    assert routes.figure.layout.xaxis.ticktext[-1] == "2 years" and routes.figure.layout.margin.r > 16
    big = charts.range_chart(routes.plotted, style=charts.style_for(presenting=True, scale=3))  # a 4K screen's type
    assert _edge_overrun(big) == {"l": 0.0, "r": 0.0} and big.layout.margin.r > routes.figure.layout.margin.r
    inner = {"xaxis": {"type": "log", "range": [0, 4], "tickvals": [100], "ticktext": ["4 days"]},
             "margin": {"l": 8, "r": 16}}
    charts.edge_room(inner)  # a tick well inside the axis: the margins as designed
    assert inner["margin"] == {"l": 8, "r": 16}


def test_a_slide_is_laid_out_alike_on_every_screen(bundled):
    """At 4K (three times 720p's type and height) the labels went above bars too thin for them, where 720p keeps them
    beside the bars, and ran into the words beside the bars; the bar's least thickness now grows with the type."""
    for row in bundled.scenes.itertuples(index=False):
        shown = {}
        for scale in (1, 1.5, 3):
            view = views.scene(bundled, row, charts.style_for(presenting=True, scale=scale))
            if view.figure is None or not view.figure.layout.yaxis.categoryarray:
                break
            shown[scale] = views.fit_for_slide(view.figure, round(460 * scale)).layout.yaxis.showticklabels
        assert len(set(shown.values())) <= 1, (row.scene_id, shown)


def test_the_lexicons_readings_end_inside_the_narrowest_plot(bundled):
    """The words beside each band ("3–7 months, central 5 months") ran off a 1024 px slide: two short lines, and an
    axis long enough that each ends inside a plot ``NARROWEST_PLOT_EM`` wide, at the screen's type and a slide's."""
    slide = views.fit_for_slide(charts.lexicon_chart(bundled.lexicon, style=charts.style_for(presenting=True)))
    (words,) = [t for t in slide.data if t.name == "Readings in words"]
    assert all("<br>" not in w for w in words.text)  # a slide is wide: one line, clear of the row names above it
    for style in (charts.STYLES["light"], charts.style_for(presenting=True, scale=3)):
        figure = charts.lexicon_chart(bundled.lexicon, style=style)
        (words,) = [t for t in figure.data if t.name == "Readings in words"]
        lo, hi = figure.layout.xaxis.range
        plot = charts.narrowest_plot_px(style.size)
        for start, text in zip(words.x, words.text, strict=True):
            lines = text.split("<br>")
            assert len(lines) == 2
            width = max(len(line) for line in lines) * charts.LABEL_EM * words.textfont.size
            assert (math.log10(start) - lo) / (hi - lo) * plot + width <= plot, text
        ticks = [math.log10(v) for v in figure.layout.xaxis.tickvals]
        assert all(b - a >= (hi - lo) * charts.MAX_TICK_SHARE for a, b in itertools.pairwise(ticks))
