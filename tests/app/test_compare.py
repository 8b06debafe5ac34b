"""According to whom, in the app: the chosen sources on one chart and in a matrix, the choice in the address,
each source's provenance one click away, and a user's own source joining them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from relief import compare
from relief import library as lib
from relief.dataset import BUNDLED

from ..unit.test_library import make_sources
from .helpers import APP, markdown_table, plain, spec, texts
from .test_your_data import uploaded

PAGE = "pages/compare.py"
EXAMPLES = BUNDLED / "examples"


def open_compare(query: dict | None = None, upload=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if upload is not None:
        at.session_state["upload.result"] = upload
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    return at.run()


def rows(at: AppTest) -> list[str]:
    return spec(at, "compare_chart")["layout"]["yaxis"]["categoryarray"]


@pytest.fixture
def sources(monkeypatch, tmp_path):
    """Point the app at a temporary folder of sources: ``sources(n)`` gives the article plus n - 1 copies of the
    examples (never bundled as real sources)."""
    def make(count: int) -> lib.Library:
        folder = make_sources(tmp_path / str(count), *((f"ex{i}", ("example_guideline", "numbers_as_written")[i % 2])
                                                       for i in range(1, count)))
        monkeypatch.setenv("RELIEF_SOURCES", str(folder))
        return lib.load_library(BUNDLED, sources=folder)
    (tmp_path / "2").mkdir()
    (tmp_path / "5").mkdir()
    return make


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory):
    """The article and one example (``sources(2)``) on the page as first opened, run once for the tests that only
    read it; the environment points at the folder only while the page runs."""
    folder = make_sources(tmp_path_factory.mktemp("two"), ("ex1", "numbers_as_written"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RELIEF_SOURCES", str(folder))
        library = lib.load_library(BUNDLED, sources=folder)
        return library, open_compare()


@pytest.mark.parametrize("count", [2, 5])
def test_every_source_on_one_chart_and_in_the_matrix(sources, two_sources, count):
    library, at = two_sources if count == 2 else (sources(count), open_compare())
    assert not at.exception
    labels = rows(at)
    for source in library:
        assert any(label.startswith(f"{source.glyph} {source.name} · ") for label in labels), source.slug
    matrix = markdown_table(at, "Source")
    assert list(matrix["Source"]) == [s.mark for s in library]
    assert (matrix.drop(columns="Source") != "").all().all()
    assert "not stated" in matrix.to_numpy().ravel()  # somebody is silent about some route
    shown = texts(at)
    assert "not medical advice" in shown
    for source in library:  # what each source is, on the page
        assert source.name in shown


def test_the_choice_lives_in_the_address(sources):
    library = sources(5)
    at = open_compare({"sources": "article,ex2", "routes": "iv"})
    assert not at.exception
    labels = rows(at)
    assert {label.split(" · ")[0] for label in labels if " · " in label} == {
        f"{library['article'].glyph} {library['article'].name}", f"{library['ex2'].glyph} {library['ex2'].name}"}
    assert list(markdown_table(at, "Source")["Source"]) == [library["article"].mark, library["ex2"].mark]
    pills = at.get_by_key("compare.sources")
    assert pills.value == ["article", "ex2"]
    # a change is written back to the address
    pills.set_value(["ex2"]).run()
    assert at.query_params["sources"] in ("ex2", ["ex2"])
    assert all(label.startswith(library["ex2"].glyph) for label in rows(at) if " · " in label)


def test_an_unknown_source_in_a_link_is_said_and_the_rest_is_shown(sources):
    sources(2)
    at = open_compare({"sources": "article,nobody"})
    assert not at.exception
    assert "nobody" in texts(at)
    assert [r for r in markdown_table(at, "Source")["Source"]] == [lib.load_library().sources[0].mark]


def test_each_source_s_provenance_is_one_click_away(two_sources):
    library, at = two_sources
    labels = [e.label for e in at.expander]
    for source in library:
        [box] = [e for e in at.expander if plain(e.label).startswith(source.mark)]
        text = "\n".join(str(m.value) for m in box.markdown)
        for label, _ in compare.provenance(source):
            assert label in text, (source.slug, label)
    assert labels


def test_each_end_is_judged_in_the_table(two_sources):
    _, at = two_sources
    table = markdown_table(at, "Source")  # the matrix comes first
    claims = markdown_table(at, "Source | Claim")
    assert {"Lower end", "Upper end"} <= set(claims.columns)
    assert len(table)
    article = claims[claims["Claim"] == "All routes (article summary)"].iloc[0]
    assert article["Lower end"] not in ("", "—")


def test_an_upload_joins_the_bundled_sources(sources):
    library = sources(2)
    upload = uploaded(EXAMPLES / "example_guideline", **{
        "article.meta.json": (b'"title": "', b'"short_name": "My own notes", "title": "')})
    assert upload.ok
    at = open_compare(upload=upload)
    assert not at.exception
    matrix = markdown_table(at, "Source")
    assert len(matrix) == len(library) + 1
    assert matrix["Source"].iloc[-1].endswith("My own notes")
    assert any(label.split(" · ")[0].endswith("My own notes") for label in rows(at))
    assert "your upload (this browser session only)" in texts(at) or any(
        "your upload" in str(m.value) for e in at.expander for m in e.markdown)


def test_the_overview_answers_according_to_whom():
    import re

    from .helpers import open_page

    at = open_page("pages/overview.py")
    assert not at.exception
    shown = re.sub(r"\\(.)", r"\1", texts(at))
    assert "According to whom?" in shown
    for source in lib.default():
        assert source.name in shown, source.slug
    assert "“several hours” to “several months”" in shown


def test_the_talk_scene_names_every_source_it_shows():
    import re

    from relief.dataset import load_folder

    from .helpers import open_page

    scenes = list(load_folder().dataset.scenes.itertuples(index=False))
    number = next(i for i, s in enumerate(scenes, 1) if s.chart == "compare")
    at = open_page("pages/talk.py", {"scene": str(number)})
    assert not at.exception
    assert at.title[0].value == "According to whom"
    note = re.sub(r"\\(.)", r"\1", str(at.markdown[1].value))
    rows = spec(at, f"scene_chart_{scenes[number - 1].scene_id}")["layout"]["yaxis"]["categoryarray"]
    shown = {row.split(" · ")[0] for row in rows if " · " in row}
    assert len(shown) >= 3
    for source in lib.default():
        assert (f"{source.glyph} {source.name}" in shown) == (f"**{source.name}**" in note), source.slug
    assert "not medical advice" in note and "Carol Harper" not in note


def test_a_new_reading_redraws_the_bars_without_reading_or_judging_a_source_again(sources, monkeypatch):
    """The page's toggle of the lexicon reading: the sources are not read or checked again, no claim is judged
    again, the studies, matrix and table are not made again, no claim's hours are read again: the bars move."""
    from collections import Counter

    from relief import dataset, judgement, ranges

    sources(5)
    at = open_compare()
    assert not at.exception
    before = spec(at, "compare_chart")
    table = markdown_table(at, "Source")
    calls: Counter = Counter()
    for module, name in ((dataset, "load_folder"), (judgement, "judge"), (compare, "verdicts"),
                         (compare, "studies"), (compare, "matrix"), (compare, "claims_table"),
                         (compare, "selection"), (compare, "plotted"), (ranges, "plotted_ranges")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name, **k: calls.update([name]) or real(*a, **k))
    at.get_by_key("compare.reading").set_value("generous").run()
    assert not at.exception
    assert calls == Counter()
    after = spec(at, "compare_chart")
    assert after["layout"]["yaxis"]["categoryarray"] == before["layout"]["yaxis"]["categoryarray"]
    assert after["data"] != before["data"]  # the bars moved
    assert markdown_table(at, "Source").equals(table)
    at.get_by_key("compare.reading").set_value("central").run()  # and back: the first comparison, kept
    assert calls == Counter()
    assert spec(at, "compare_chart")["data"] == before["data"]
