"""Row charts read at every width: labels above their bars, a few spaced ticks; slides fit 720p."""

from __future__ import annotations

import itertools
import math

import pytest

from relief import charts, views
from relief.urlstate import explorer_view


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
