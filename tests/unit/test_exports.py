"""Exports carry their provenance, neutralise spreadsheet formulas, and open offline."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pandas as pd
import pytest
from PIL import Image

from relief import charts, exports, views
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


def test_file_names_carry_the_view(view):
    when = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert exports.file_stem("routes", view.filters, view.reading, when) == \
        "ketamine-relief_routes-iv-oral_generous_2026-11-30"
    other = exports.file_stem("routes", view.filters | {"axis": "linear"}, view.reading, when)
    assert other != exports.file_stem("routes", view.filters, view.reading, when) and "axis-linear" in other
    scene = exports.file_stem("scene-2-iv", {}, "central", when)
    assert scene == "ketamine-relief_scene-2-iv_central_2026-11-30"
    hostile = exports.file_stem("routes", {"routes": ["../../etc/passwd"], "x": "a b/c"}, "", when)
    assert "/" not in hostile and " " not in hostile and ".." not in hostile


@pytest.fixture
def dark_view(bundled):
    values = explorer_view(bundled.claims).defaults() | {"routes": ["iv", "oral"], "reading": "generous"}
    return views.routes(bundled, values, charts.style_for("dark"))


def test_exports_are_drawn_light_whatever_the_screen_shows(bundled, dark_view):
    light, dark = charts.STYLES["light"], charts.STYLES["dark"]
    assert charts.style_of(dark_view.figure) == "dark"
    figure = exports.decorated(dark_view.figure, "t", {"Source": "s"})
    text = figure.to_json().upper()
    for colour in (dark.ink, dark.grid, dark.paper, dark.overall):
        assert colour.upper() not in text, colour
    assert figure.layout.font.color == light.ink and figure.layout.paper_bgcolor == light.paper
    assert charts.style_of(dark_view.figure) == "dark"  # the shared built view is not changed
    html = exports.to_html(figure, "t")
    assert f"background: {light.paper}" in html and dark.ink not in html


def test_a_dark_export_is_a_choice(bundled, view):
    light, dark = charts.STYLES["light"], charts.STYLES["dark"]
    figure = exports.decorated(view.figure, "t", {"Source": "s"}, dark)
    assert figure.layout.font.color == dark.ink and figure.layout.paper_bgcolor == dark.paper
    assert light.ink.upper() not in figure.to_json().upper()


def test_a_dark_screen_gives_a_png_with_dark_text_on_white(bundled, dark_view):
    png = exports.to_image(exports.decorated(dark_view.figure, "t", {"Source": "s"}), "png")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    count = dict((c, n) for n, c in colours)
    assert max(colours)[1] == (255, 255, 255)  # the page is white
    assert count.get((0x1F, 0x29, 0x33), 0) > 500  # labels in the light ink
    assert count.get((0xED, 0xEB, 0xE8), 0) == 0  # never the pale dark-mode ink
