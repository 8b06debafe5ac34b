"""According to whom: the chosen sources on one chart and in a matrix."""

from __future__ import annotations

import json

import pytest

from relief import compare, ranges
from relief import library as lib
from relief.dataset import BUNDLED
from relief.urlstate import compare_view

from .test_library import make_sources

pytestmark = pytest.mark.xdist_group("unit-compare")  # one worker builds the module's library and comparison once


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compare")
    return lib.load_library(BUNDLED, sources=make_sources(tmp, ("guide", "example_guideline"),
                                                          ("numbers", "numbers_as_written")))


def everything(library, **changes):
    spec = compare_view(compare.choices(library))
    return spec.defaults() | changes


@pytest.fixture(scope="module")
def shown(three):
    """The comparison of all three sources at the page's defaults, built once for the tests that only read it."""
    return compare.build(three, everything(three))


def test_every_source_claim_has_its_own_row_grouped_by_route(three):
    table = compare.plotted(three, three.slugs)
    said = table[table["said"]]
    assert len(said) == len(three.claims())
    assert said["row"].is_unique and table["row"].is_unique
    assert set(said["claim_key"]) == set(three.claims()["claim_key"])
    routes = list(dict.fromkeys(table["route"]))
    assert list(table["route"]) == sorted(table["route"], key=routes.index)  # each route's rows together
    for row in said.itertuples():
        source = three[row.source]
        assert row.row.startswith(f"{source.glyph} {source.name} · ")  # shape and name in every label


def test_a_route_a_source_says_nothing_about_is_said_not_stated(three):
    table = compare.plotted(three, three.slugs)
    for _route, group in table.groupby("route"):
        speakers = set(group.loc[group["said"], "source"])
        silent = [s for s in three if s.slug not in speakers]
        rows = group[~group["said"]]
        if silent:
            [row] = rows.itertuples()
            assert row.kind == "not_stated" and compare.NOT_STATED in row.row
            assert all(f"{s.glyph} {s.name}" in row.row for s in silent)  # up to 3: by shape and name
            assert all(f"{s.glyph} {s.name}" in row.quote for s in silent)

        else:
            assert rows.empty


def test_many_silent_sources_are_counted_by_shape(tmp_path):
    library = lib.load_library(BUNDLED, sources=make_sources(tmp_path, *((f"s{i}", "example_guideline")
                                                                         for i in range(4))))
    table = compare.plotted(library, library.slugs, routes=["overall"])
    [row] = table[~table["said"]].itertuples()
    assert "4 sources (" in row.row and all(s.glyph in row.row for s in library.sources[1:])
    assert all(s.name in row.quote for s in library.sources[1:])


def test_the_matrix_quotes_each_source_or_says_not_stated(three):
    table = compare.plotted(three, three.slugs)
    matrix = compare.matrix(three, table)
    assert list(matrix["Source"]) == [s.mark for s in three]
    article = three["article"].dataset
    overall = article.claims[article.claims["claim_id"] == "overall"].iloc[0]
    row = matrix[matrix["Source"] == three["article"].mark].iloc[0]
    assert row["All routes (summary)"] == ranges.claimed_text(overall)
    assert "several hours" in row["All routes (summary)"]
    guide = matrix[matrix["Source"] == three["guide"].mark].iloc[0]
    assert guide["All routes (summary)"] == compare.NOT_STATED
    for cell in matrix.drop(columns="Source").to_numpy().ravel():
        assert cell  # never blank: words or "not stated"
    several = table[table["said"]].groupby(["source", "route"]).size()
    (source, route), count = next((key, n) for key, n in several.items() if n > 1)
    cell = matrix[matrix["Source"] == three[source].mark].iloc[0][compare.ROUTES.get(route, route)]
    assert cell.count("\n") == count - 1 and cell.count("• ") == count  # one claim a line (they ran together)


def test_choosing_sources_and_filters(three):
    table = compare.plotted(three, ["guide"], routes=["iv"])
    assert set(table["source"]) == {"guide"} and set(table["route"]) == {"iv"}
    assert table["said"].all()  # one source: nobody else to be silent
    two = compare.plotted(three, ["article", "guide"], routes=["lozenge"])
    assert list(two["said"]) == [True, False] and "guide" in two.iloc[1]["source"]
    assert compare.plotted(three, []).empty


def test_the_chart_draws_each_kind_as_it_is_and_marks_sources_by_shape(three, shown):
    spec = json.loads(shown.figure.to_json())
    names = [t.get("name") for t in spec["data"]]
    # the article's open-ended claim keeps its open tail; nothing is drawn as a bar it is not
    assert "Open end (“or longer”)" in names
    bars = [t for t in spec["data"] if t.get("name") == "Claimed range (chosen reading)"]
    duration_rows = set(shown.plotted.loc[shown.plotted["kind"] == "duration", "row"])
    assert {y for t in bars for y in t["y"]} <= duration_rows
    marks = {t["name"]: t for t in spec["data"] if t.get("mode") == "markers" and t.get("name") in
             {s.mark for s in three}}
    for source in three:
        if source.slug in set(shown.plotted.loc[shown.plotted["said"] & (shown.plotted["kind"] != "not_stated"),
                                              "source"]):
            assert marks[source.mark]["marker"]["symbol"] == source.shape
    assert len({t["marker"]["symbol"] for t in marks.values()}) == len(marks)
    unstated = next(t for t in spec["data"] if t.get("name") == "No range stated")
    silent_rows = set(shown.plotted.loc[~shown.plotted["said"], "row"])
    for y, text in zip(unstated["y"], unstated["text"], strict=True):
        assert (text == f"{compare.NOT_STATED} by these sources") is (y in silent_rows)


def test_studies_sit_once_per_route(three, shown):
    assert shown.studies is not None and not shown.studies.empty
    for _route, group in shown.plotted.groupby("route"):
        keys = set(shown.studies["claim_id"]) & set(group["claim_key"])
        assert len(keys) <= 1
    assert not shown.studies.duplicated(["claim_id", "evidence_id"]).any()
    off = compare.build(three, everything(three, studies=False))
    assert off.studies is None


def test_each_end_of_each_claim_is_judged_or_says_why_not(three, shown):
    said = shown.plotted[shown.plotted["said"]]
    judged = shown.verdicts
    for key in said["claim_key"]:
        assert set(judged.loc[judged["claim_key"] == key, "end"]) == {"lower", "upper"}, key
    overall = judged[(judged["claim_key"] == "article:overall")]
    assert set(overall["label"]) - {""}, "the article's summary is judged"
    assert list(shown.table.columns) == ["Source", "Claim", "Source says", "Kind", "Lower end", "Upper end",
                                         "Quote"]
    assert len(shown.table) == len(said)


def test_provenance_says_every_fact_or_that_it_is_absent(three):
    facts = dict(compare.provenance(three["guide"]))
    for label in ("What it is", "Publisher", "Author", "Published", "Address", "Accessed", "Peer reviewed",
                  "Cites studies", "Its publisher sells the treatment", "Seen through"):
        assert facts[label], label
    assert facts["Peer reviewed"] == "not stated"
    line = compare.sources_line(three)
    assert all(s.title in line for s in three)


def test_the_address_keeps_the_choice(three):
    spec = compare_view(compare.choices(three))
    assert spec.encode(spec.defaults()) == {}
    values = spec.defaults() | {"sources": ["guide", "article"]}
    query = spec.encode(values)
    assert query == {"sources": "article,guide"}
    parsed, notices = spec.parse(query | {"sources": "article,guide,nobody"})
    assert parsed["sources"] == ["article", "guide"] and notices


def test_description_names_every_source_shown(three):
    shown = compare.build(three, everything(three, sources=["article", "numbers"]))
    assert three["article"].name in shown.description and three["numbers"].name in shown.description
    assert three["guide"].name not in shown.description


def test_row_labels_are_short_lines_that_fit_a_phone(three, shown):
    import html

    notes = [a for a in shown.figure.layout.annotations if a.name == "row_label"]
    assert len(notes) == len(shown.figure.layout.yaxis.categoryarray)
    for note in notes:
        for line in note.text.split("<br>"):
            text = html.unescape(line.replace("<i>", "").replace("</i>", ""))
            assert len(text) <= compare.LABEL_WIDTH, text
    said = shown.plotted[shown.plotted["said"]]
    first = next(n.text for n in notes if n.y == said.iloc[0]["row"])
    source = three[said.iloc[0]["source"]]
    assert html.unescape(first.split("<br>")[0]) == f"{source.glyph} {source.name}"  # the source on its own line


def test_each_source_answers_in_its_own_words():
    library = lib.default()
    answers = compare.answers(library)
    assert [a["source"].slug for a in answers] == list(library.slugs)
    article = answers[0]
    assert article["overall"] and article["claims"][0][1] == "“several hours” to “several months”"
    for answer in answers:  # an interval, a course or an onset is never an answer to how long relief lasts
        kinds = set(answer["source"].dataset.claims.set_index("label").loc[[c for c, _ in answer["claims"]],
                                                                           "kind"]) if answer["claims"] else set()
        assert all(compare.is_relief(k) for k in kinds), (answer["source"].slug, kinds)


def test_an_export_of_the_comparison_names_every_source_it_shows(three):
    from relief import exports

    shown = compare.build(three, everything(three, sources=["article", "guide"]))
    about = exports.provenance({}, shown.reading, shown.filters, "http://x/compare",
                               sources=compare.sources_line(shown.sources))
    assert "Source" not in about and about["Sources"]
    for source in shown.sources:
        assert source.title in about["Sources"] and source.meta["kind"] in about["Sources"]
    assert three["numbers"].title not in about["Sources"]
    data = exports.to_csv(shown.table, about)
    head, table = exports.read_csv_export(data)
    assert head["Sources"] == about["Sources"].replace("\n", " ")
    assert set(table["Source"]) == {three["article"].mark, three["guide"].mark}


@pytest.mark.parametrize("reading", ["conservative", "generous"])
def test_a_selection_made_once_serves_every_reading(three, reading):
    """What is shown and judged does not depend on the reading: a comparison built from the selection kept for
    the central reading is the one built from scratch, and only its bars move."""
    values = everything(three, reading=reading, routes=["overall", "iv", "im_sc", "oral"])
    kept = compare.selection(three, everything(three, routes=["overall", "iv", "im_sc", "oral"]))
    assert compare.selection_settings(values) == compare.selection_settings(everything(
        three, routes=["overall", "iv", "im_sc", "oral"]))
    fresh, reused = compare.build(three, values), compare.build(three, values, chosen=kept)
    assert reused.figure.to_json() == fresh.figure.to_json()
    for name in ("plotted", "verdicts", "matrix", "table"):
        assert getattr(reused, name).equals(getattr(fresh, name)), name
    assert (reused.description, reused.filters, reused.reading) == (fresh.description, fresh.filters, reading)
    central = compare.build(three, everything(three, routes=["overall", "iv", "im_sc", "oral"]), chosen=kept)
    assert central.plotted is kept.plotted and central.figure.to_json() != reused.figure.to_json()  # bars moved


def test_verdict_lines_are_verdict_line_for_every_claim(shown):
    judged = shown.verdicts
    lines = compare.verdict_lines(judged)
    assert set(lines) == set(judged["claim_key"])
    assert all(lines[key] == compare.verdict_line(judged, key) for key in lines)
