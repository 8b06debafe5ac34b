"""Exports carry their provenance, neutralise spreadsheet formulas, and open offline."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from PIL import Image

from relief import exports, views
from relief.urlstate import explorer_view


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    assert exports.neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["plain", "a=b", 5, -3.5, None, "’quoted"])
def test_other_cells_are_left_alone(cell):
    assert exports.neutralise_cell(cell) == cell


@pytest.fixture
def view(bundled):
    values = explorer_view(bundled.claims).defaults() | {"routes": ["iv", "oral"], "reading": "generous"}
    return views.routes(bundled, values)


def test_csv_round_trips_with_its_provenance(bundled, view):
    about = exports.provenance(bundled.meta, view.reading, view.filters, "http://localhost/explorer?routes=iv,oral")
    data = exports.to_csv(view.table, about)
    head, table = exports.read_csv_export(data)
    assert head["Lexicon reading"].startswith("generous") and "routes=iv, oral" in head["Filters"]
    assert "Carol Harper" in head["Source"] and head["Note"].startswith("Not medical advice")
    pd.testing.assert_frame_equal(table, view.table.astype(str), check_dtype=False)


def test_csv_neutralises_a_hostile_label(bundled, view):
    hostile = view.table.copy()
    hostile.loc[0, "Claim"] = '=HYPERLINK("http://evil.example","click")'
    _, table = exports.read_csv_export(exports.to_csv(hostile, {}))
    assert table.loc[0, "Claim"] == '\'=HYPERLINK("http://evil.example","click")'


def test_images_and_offline_page(bundled, view):
    about = exports.provenance(bundled.meta, view.reading, view.filters)
    figure = exports.decorated(view.figure, "How long relief lasts", about)
    assert "Not medical advice" in figure.layout.title.subtitle.text
    assert "routes=iv, oral" in figure.layout.title.subtitle.text
    png = exports.to_image(figure, "png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 2400  # 1200 px at 2x
    svg = exports.to_image(figure, "svg")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert b"Not medical advice" in svg
    html = exports.to_html(figure, "How long relief lasts")
    assert "<script src" not in html and "Plotly.newPlot" in html and "IV infusion (overall)" in html
    with pytest.raises(ValueError):
        exports.to_image(figure, "gif")
