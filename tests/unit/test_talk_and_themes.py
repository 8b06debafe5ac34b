"""The talk's scenes, the themes' contrast, and the charts' text alternative."""

from __future__ import annotations

import tomllib

import pytest

from relief import charts, views
from relief.charts import STYLES, style_for
from relief.dataset import BUNDLED, build_dataset
from relief.ranges import plotted_ranges
from relief.vocabulary import ROUTE_COLOURS

CONFIG = tomllib.loads((BUNDLED.parent / ".streamlit" / "config.toml").read_text())


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


STREAMLIT_BACKGROUNDS = {"light": ("#FFFFFF", "#F8F8F7"), "dark": ("#171614", "#2D2B27")}  # page, sidebar/widgets


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_text_has_at_least_4_5_to_1(theme):
    section = CONFIG["theme"][theme]
    for background in STREAMLIT_BACKGROUNDS[theme]:
        assert contrast(section["textColor"], background) >= 7  # body text
        assert contrast(section["linkColor"], background) >= 4.5
        assert contrast(section["primaryColor"], background) >= 3  # focus rings, selected widgets


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chart_text_and_marks_contrast(theme):
    style = STYLES[theme]
    assert contrast(style.ink, style.paper) >= 7
    assert contrast(style.muted, style.paper) >= 4.5
    assert contrast(style.overall, style.paper) >= 3
    for route, colour in ROUTE_COLOURS.items():
        if route == "overall":
            continue
        # a mark passes when its fill or its outline (ink) reaches 3:1 against the page
        assert max(contrast(colour, style.paper), contrast(style.ink, style.paper)) >= 3, route


def test_presentation_type_is_at_least_18_px(bundled):
    figure = charts.range_chart(plotted_ranges(bundled.claims, bundled.lexicon), style=style_for("light", True))
    assert figure.layout.font.size >= 18
    assert style_for("dark").ink == STYLES["dark"].ink and style_for("nonsense") == STYLES["light"]


def test_text_alternative_names_every_plotted_claim(bundled):
    plotted = plotted_ranges(bundled.claims, bundled.lexicon, "generous")
    text = charts.describe(plotted, axis="linear")
    assert "linear time axis" in text and "generous reading" in text
    for label in plotted["label"]:
        assert f"{label}:" in text
    assert "Transdermal patch: the source says no range stated, so no bar is drawn." in text
    assert charts.describe(plotted.iloc[0:0]).startswith("The chart is empty")


def test_the_default_talk(bundled):
    ids = list(bundled.scenes["scene_id"])
    assert ids == ["answer", "iv", "routes", "vagueness", "factors", "source", "studies", "whom"]
    for row in bundled.scenes.itertuples(index=False):
        view = views.scene(bundled, row)
        assert view.description and (view.figure is not None or view.items), row.scene_id
        assert view.table is not None, row.scene_id
    studies = views.scene(bundled, bundled.scenes.set_index("scene_id").loc["studies"])
    assert studies.studies is not None and set(studies.studies["claim_id"]) <= {"iv_overall", "iv_single_acute",
                                                                                "iv_series_chronic"}


def test_a_scene_matches_the_explorer_for_the_same_query(bundled):
    from relief.urlstate import explorer_view

    row = bundled.scenes.set_index("scene_id").loc["iv"]
    scene = views.scene(bundled, row)
    values = explorer_view(bundled.claims, with_evidence=True).parse({"routes": "iv"})[0]
    assert scene.figure.to_dict() == views.routes(bundled, values).figure.to_dict()


@pytest.mark.parametrize(("old", "new", "column"), [
    (",routes,\"routes=im_sc", ",pie,\"routes=im_sc", "chart"),
    ("routes=iv&evidence=1", "routes=iv&axis=banana", "view"),
    ("ranging from several hours to several months", "ranging from hours to months", "quote"),
])
def test_scene_schema_refuses_bad_rows(files, old, new, column):
    files["scenes.csv"] = files["scenes.csv"].replace(old.encode(), new.encode(), 1)
    result = build_dataset(files)
    assert not result.ok
    assert [p.column for p in result.errors] == [column]


def test_page_views_draw_what_the_pages_promise(bundled):
    overview = views.overview(bundled, {}, style_for("dark", False))
    assert list(overview.plotted["claim_id"]) == list(plotted_ranges(bundled.claims, bundled.lexicon)["claim_id"])
    assert overview.figure.layout.font.color == STYLES["dark"].ink
    anatomy = views.anatomy(bundled, {}, None)
    assert len(anatomy.plotted) == 1 and anatomy.figure is not None
    quiet, quoted = (views.mechanism(bundled, {"quotes": q}, None) for q in (False, True))
    assert all(f"the {t}" in quiet.description for t in bundled.mechanisms["target"])
    assert quiet.figure.to_json() != quoted.figure.to_json()


def test_a_views_rows_and_table_are_made_once_and_escaped(bundled):
    import pandas as pd

    view = views.View(None, pd.DataFrame({"Claim": ["a|b *c*"], "Range": ["1\n2"]}), "",
                      plotted=pd.DataFrame({"claim_id": ["x"]}))
    text = view.table_markdown(bold=("Claim",))
    assert text.splitlines()[2] == r"| **a\|b \*c\*** | 1<br>2 |"  # for its scroll box: a line break is a <br>
    assert view.table_markdown(bold=("Claim",)) is text and view.rows is view.rows
    assert [r.claim_id for r in view.rows] == ["x"]
