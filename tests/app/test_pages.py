"""Every page renders, says what the source is, and each toggle changes what is drawn."""

from __future__ import annotations

import itertools
import math
import shutil

import pytest

from relief import dataset, library
from relief import pages as registry
from relief.vocabulary import READINGS

from .helpers import PAGES, markdown_table, open_page, plain, seen, spec, texts


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_the_source_note(page):
    at = seen(page)
    assert not at.exception, at.exception
    assert not at.error
    heading = registry.get(page.removeprefix("pages/").removesuffix(".py")).heading
    assert heading is None or at.title[0].value == heading, "relief/pages.py gives this page another heading"
    shown = texts(at)
    assert "not medical advice" in shown
    assert "commercial blog post promoting the Wellnee patch" in shown


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_that_import_the_chart_library_early_are_the_pages_that_open_with_a_chart(page):
    """``relief/preload.py`` names the pages that draw no chart when opened; every other page has the browser
    import plotly while it waits for the run. A page that gains or loses its chart must change that list."""
    from pathlib import Path

    from relief import preload

    at = seen(page)
    charts = at.get("plotly_chart")
    name = "" if page == PAGES[0] else Path(page).stem  # the overview is the default page, at "/"
    assert (len(charts) == 0) == (name in preload.PAGES_WITHOUT_CHARTS), (page, len(charts))


@pytest.mark.parametrize("page", PAGES)
def test_the_menu_marks_the_page_on_screen_and_links_every_other_page(page):
    """The entry for the page on screen is not a link: a part of the page that reran alone (the explorer's
    settings) cannot redraw the menu, so a link here would carry an older view and undo the changes since."""
    at = seen(page)
    links = {link.proto.label: link.proto for link in at.sidebar if type(link).__name__ == "PageLink"}
    assert list(links) == [p.title for p in registry.PAGES]  # every page, in the registry's order
    titles = {p.script: p.title for p in registry.PAGES}
    assert [label for label, link in links.items() if link.disabled] == [titles[page]]


@pytest.mark.parametrize("page", PAGES)
def test_a_long_page_links_to_its_sections_and_every_link_reaches_a_heading_on_it(page):
    """'On this page: …' under the lead of a page whose record has ``sections`` (6,500 to over 20,000 px tall):
    each link's anchor is one of the page's headings (none dangles), in the order the page shows them."""
    import re

    at = seen(page)
    lines = [m.value for m in at.markdown if str(m.value).startswith(":small[On this page:")]
    assert len(lines) == registry.get(page.removeprefix("pages/").removesuffix(".py")).sections
    if not lines:
        return
    targets = re.findall(r"\]\(#([a-z0-9-]+)\)", lines[0])
    anchors = [h.proto.anchor for h in (*at.header, *at.subheader) if h.proto.anchor]
    assert len(targets) >= 3 and set(targets) <= set(anchors), (targets, anchors)
    order = [a for a in anchors if a in targets]
    assert sorted(targets, key=order.index) == targets  # the links in the page's order


def test_overview_answers_in_the_article_words():
    at = seen(PAGES[0])
    assert "“several hours” to “several months”" in texts(at)
    assert at.metric[0].value == "5 h to 5 months"
    labels = spec(at, "overview_chart")["layout"]["yaxis"]["categoryarray"]
    assert labels[0] == "All routes (article summary)" and "Transdermal patch" in labels


EXPLORER_CHANGES = [
    ("explorer.routes", ["oral", "iv"]),
    ("explorer.regimen", ["single"]),
    ("explorer.pain", ["chronic"]),
    ("explorer.reading", "generous"),
    ("explorer.unit", "weeks"),
    ("explorer.axis", "linear"),
    ("explorer.quotes", False),
    ("explorer.evidence", True),
]


@pytest.mark.parametrize(("key", "value"), EXPLORER_CHANGES)
def test_each_explorer_toggle_changes_the_figure_and_the_url(key, value):
    at = open_page("pages/explorer.py")
    before = spec(at, "routes_chart")
    assert dict(at.query_params) == {}
    at.get_by_key(key).set_value(value).run()
    assert not at.exception
    assert spec(at, "routes_chart") != before
    assert key.split(".")[1] in at.query_params


def test_explorer_filters_draw_only_the_chosen_claims():
    at = open_page("pages/explorer.py", {"routes": "iv", "pain": "chronic"})
    labels = spec(at, "routes_chart")["layout"]["yaxis"]["categoryarray"]
    assert labels == ["IV infusions, series, chronic pain"]
    table = markdown_table(at, "Claim")
    assert list(table["Claim"]) == labels


def test_reading_changes_the_numbers_in_the_table():
    at = open_page("pages/explorer.py", {"routes": "oral", "reading": "conservative"})
    assert markdown_table(at, "Claim").iloc[0, 2] == "2 h"


def test_empty_selection_says_so_instead_of_an_empty_chart():
    at = open_page("pages/explorer.py", {"routes": "none"})
    assert not at.exception
    assert "No claim matches" in texts(at)
    with pytest.raises(KeyError):
        at.get_by_key("routes_chart")


@pytest.mark.parametrize("query", [
    {"axis": "banana"},
    {"routes": "zzz", "quotes": "maybe"},
    {"reading": "x" * 5000},
    {"unit": "<script>alert(1)</script>"},
    {"nonsense": "1"},
])
def test_malformed_query_falls_back_to_defaults_with_a_notice(query):
    default = spec(seen("pages/explorer.py"), "routes_chart")
    at = open_page("pages/explorer.py", query)
    assert not at.exception
    assert any("not understood" in str(i.value) for i in at.info)
    assert spec(at, "routes_chart") == default
    assert "nonsense" in at.query_params or dict(at.query_params) == {}


def test_quotes_toggle_hides_the_quote_list():
    at = open_page("pages/explorer.py", {"routes": "oral"})
    assert "typically lasting a few hours" in texts(at)
    at.get_by_key("explorer.quotes").set_value(False).run()
    assert "typically lasting a few hours" not in texts(at)


@pytest.mark.parametrize(("key", "value"), [("factors.factor", "pain_condition"), ("factors.reading", "generous")])
def test_factor_toggles_change_the_chart(key, value):
    at = open_page("pages/factors.py")
    before = spec(at, "factor_chart")
    at.get_by_key(key).set_value(value).run()
    assert spec(at, "factor_chart") != before
    assert key.split(".")[1] in at.query_params


def test_factor_focus_highlights_its_routes():
    at = open_page("pages/factors.py", {"factor": "pain_condition"})
    ticks = spec(at, "factor_chart")["layout"]["yaxis"]["ticktext"]
    assert "<b>IV infusion (overall)</b>" in ticks and "Oral (tablets or liquid)" in ticks


def test_effect_filter_changes_the_cards():
    at = open_page("pages/factors.py")
    assert "Individual metabolism" in texts(at)
    at.get_by_key("factors.effect").set_value(["longer"]).run()
    shown = texts(at)
    assert "Individual metabolism" not in shown and "Dosage" in shown
    assert at.query_params["effect"] == "longer"


def test_mechanism_quote_toggle():
    at = open_page("pages/mechanism.py")
    before = spec(at, "mechanism_chart")
    at.get_by_key("mechanism.quotes").set_value(False).run()
    assert spec(at, "mechanism_chart") != before


def test_source_page_highlights_and_lists_the_lexicon():
    at = open_page("pages/source.py")
    assert ":orange-background[" in texts(at)
    lexicon = at.dataframe[0].value
    assert set(lexicon["phrase"]) >= {"a few hours", "several months"}
    at.get_by_key("source.highlight").set_value(False).run()
    assert ":orange-background[" not in texts(at)


def test_broken_data_stops_with_a_message_not_a_traceback(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(dataset.BUNDLED, folder)
    claims = folder / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("oral,oral,", "oral,nasogastric,"), encoding="utf-8")
    monkeypatch.setattr(dataset, "BUNDLED", folder)
    at = open_page("pages/explorer.py")
    assert not at.exception
    assert "In claims.csv, row 9, column “route”" in plain(at.error[0].value)  # escaped markdown


def test_evidence_toggle_adds_exactly_the_plotted_evidence_rows():
    from relief.dataset import load_folder
    from relief.evidence import plotted_evidence

    at = open_page("pages/explorer.py", {"routes": "iv,oral"})
    assert not [t for t in spec(at, "routes_chart")["data"] if t.get("legendgroup") == "evidence"]
    at.get_by_key("explorer.evidence").set_value(True).run()
    assert at.query_params["evidence"] == "1"
    marks = [t for t in spec(at, "routes_chart")["data"] if t.get("legendgroup") == "evidence"]
    drawn = sorted(i for t in marks for i in t["customdata"])
    data = load_folder().dataset
    claims = data.claims[data.claims["route"].isin(["iv", "oral"])]["claim_id"]
    assert drawn == sorted(plotted_evidence(data, claims)["evidence_id"])
    assert "state no duration" in texts(at)


def test_corrections_sit_beside_the_claims_they_concern():
    at = seen("pages/explorer.py", routes="lozenge")
    warnings = [str(w.value) for w in at.warning]
    assert any("Lozenges are taken by mouth" in w and "pubmed.ncbi.nlm.nih.gov/19366273" in w for w in warnings)


def test_evidence_page_filters_change_the_tables():
    from relief.dataset import load_folder
    from relief.evidence import matched_evidence, publications_and_cohorts, summary_of_findings, verdicts

    data = load_folder().dataset
    at = open_page("pages/evidence.py")
    summary = markdown_table(at, "Claim")
    assert list(summary.columns[4:6]) == ["Lower end", "Upper end"]
    assert len(summary) == len(data.claims)  # every claim, judged by the rules
    assert "open, not judged" in set(summary["Upper end"])  # the open-ended series claim
    matched = matched_evidence(data)
    assert len(at.dataframe[0].value) == len(matched)  # the findings matched to the shown source's claims
    assert f"{publications_and_cohorts(matched)}** matched to this source's claims" in texts(at).replace("\\", "")
    assert " studies match" not in texts(at)  # findings are never counted as studies
    at.toggle(key="all_findings").set_value(True).run()
    assert len(at.dataframe[0].value) == len(data.evidence)
    at.get_by_key("evidence.route").set_value(["transdermal"]).run()
    assert set(at.dataframe[0].value["Route"]) == {"Transdermal patch"}
    assert at.query_params["route"] == "transdermal"
    assert len(markdown_table(at, "Claim")) == len(summary_of_findings(data, routes=["transdermal"]))
    at.get_by_key("evidence.route").set_value(sorted(set(data.evidence["route"]))).run()
    judged = set(verdicts(data)["certainty"]) - {""}
    from relief.urlstate import evidence_view

    offered = evidence_view(data.evidence).defaults()["certainty"]
    unused = [c for c in offered if c not in judged]
    if unused:  # only the claims with nothing judged with a certainty are left
        at.get_by_key("evidence.certainty").set_value(unused).run()
        left = markdown_table(at, "Claim")
        assert set(left["Lower end"]) <= {"no range stated", "not tested"}
    at.get_by_key("evidence.route").set_value([]).run()
    assert "No claim matches" in texts(at)


def test_evidence_page_shows_how_each_verdict_was_derived():
    at = seen("pages/evidence.py")
    shown = texts(at).replace("\\", "")
    assert "KET-049 (Mathisen 1995): relief measured to about 30 min, ending before 3 h" in shown
    assert "the rules give understated; reviewers judge supported" in shown  # an override, shown as one


def test_source_page_states_the_rules_the_code_runs():
    from relief.judgement import RULES

    at = seen("pages/source.py")
    shown = texts(at).replace("\\", "")
    missing = [r.id for r in RULES if r.text not in shown]
    assert not missing, missing


def test_evidence_page_lists_the_reviews_with_their_certainty():
    from relief.dataset import load_folder
    from relief.evidence import reviews

    at = seen("pages/evidence.py")
    shown = texts(at).replace("\\", "")  # markdown escapes
    for review in reviews(load_folder().dataset):
        assert f"[{review['citation']}]({review['link']})" in shown
        assert f"certainty {review['certainty']}" in shown
    assert "Literature last searched" in shown
    cochrane = next(line for line in shown.splitlines() if "pubmed.ncbi.nlm.nih.gov/40819842" in line)
    assert "Ferraro 2025" in cochrane and "certainty ⊕" in cochrane  # the 2025 Cochrane review, with its certainty


def test_source_page_shows_the_search_route_by_route():
    from relief.dataset import load_folder
    from relief.evidence import search_summary

    data = load_folder().dataset
    at = seen("pages/source.py")
    shown = texts(at).replace("\\", "")  # markdown escapes
    assert f"Literature last searched **{data.evidence_meta['searched']}**" in shown
    logged = search_summary(data)
    if not logged:
        assert "No search is logged" in shown
    for entry in logged:
        assert f"- **{entry['route']}.** {entry['summary']}" in shown
        assert all(q in shown for q in entry["queries"])


def test_explorer_and_talk_show_both_ends_of_each_verdict():
    at = seen("pages/explorer.py", routes="iv")
    assert "What the studies say: lower end:" in texts(at).replace("\\", "")
    at = seen("pages/talk.py", scene="7")
    lines = [str(m.value).replace("\\", "") for m in at.markdown if str(m.value).startswith("- IV infusion")]
    assert lines and all("lower end:" in line for line in lines[0].splitlines())
    assert "upper end: open, not judged" in lines[0]


def test_the_warm_up_builds_the_landing_page_first_and_the_rest_only_when_the_server_is_quiet(monkeypatch):
    from relief import compare
    from relief.ui import loading, warmup

    loading._load.clear()  # a server just started: nothing read, checked or judged yet
    monkeypatch.setattr(library, "_LOADED", {})
    built, waits = [], []
    for name, label in (("_cached_view", None), ("_load", "load"), ("_cached_selection", "selection"),
                        ("shared_comparison", "comparison")):
        real = getattr(warmup, name)

        def record(first, *args, real=real, label=label):
            built.append(label or first)
            return real(first, *args)

        monkeypatch.setattr(warmup, name, record)
    real_verdicts = compare.source_verdicts
    monkeypatch.setattr(compare, "source_verdicts",  # a source's claims judged the first time (then kept)
                        lambda d: (None if "judged" in d.memo else built.append("judge")) or real_verdicts(d))
    monkeypatch.setattr(warmup, "wait_for_quiet",
                        lambda quiet, deadline: waits.append((len(built), quiet, deadline)))
    monkeypatch.setattr(warmup, "settle", lambda: built.append("settle"))
    warmup.warm_up(quiet=1.5)
    table = dataset.load_folder().dataset.scenes
    scenes, of_many = len(table), int((table["chart"] == "compare").sum())
    folders = len(library.source_folders(dataset.BUNDLED / library.SOURCES))
    sources = len(library.load_library().sources)
    assert folders > 3 and sources == folders + 1
    judged = built.count("judge")  # every source not judged yet (the article's own scenes judge the article)
    assert sources - 1 <= judged <= sources
    assert built == (["load", "overview", "anatomy"] + ["load"] * folders + ["routes"]
                     + ["scene"] * (scenes - of_many) + ["settle"] + ["judge"] * judged + ["scene"] * of_many
                     + ["selection"] + ["comparison"] * len(READINGS) + ["settle"])
    # nothing waits before the landing page's two charts; then every later step waits for quiet first, one
    # source folder, one view, one scene, one source's verdicts at a time (the library's folders first: the
    # overview's answer according to whom needs them)
    assert waits[0][:2] == (3, 1.5)
    assert all(quiet == 1.5 for _, quiet, _ in waits)
    steps = [n for n, _, _ in waits]
    assert len(steps) == folders + 2 + scenes + 1 + sources + 2 + len(READINGS)  # the folders, the answers, ...
    # steady traffic forces the landing page's library, the explorer and the scenes of one source, never the
    # comparison's steps (each source's verdicts: a second or more of work on a loaded machine)
    forced = [deadline < math.inf for _, _, deadline in waits]
    assert forced == [True] * (folders + 2 + scenes - of_many + 1) + [False] * (sources + of_many + 1
                                                                                 + len(READINGS) + 1)
    assert all(after - before <= 1 for before, after in itertools.pairwise(steps))  # one thing a step


def test_factor_cards_show_their_evidence():
    at = seen("pages/factors.py")
    assert any("Interactions change exposure" in str(w.value) for w in at.warning)
    assert any(e.label.startswith("Published evidence on concomitant medications") for e in at.expander)


def test_the_warm_up_builds_what_the_landing_page_the_explorer_and_every_scene_show(monkeypatch):
    import gc

    from relief import compare, ui
    from relief.ui import loading

    for cache in (ui._cached_view, loading._cached_selection, loading._cached_comparison):
        cache.clear()
    gc.unfreeze()
    ui.warm_up(quiet=0)
    assert gc.get_freeze_count() > 0  # what it loaded is out of the collector's full passes (a server's lifetime)
    gc.unfreeze()

    def not_again(*_args, **_kwargs):
        raise AssertionError("built again: the warm-up did not fill this view")

    for kind in ("overview", "anatomy", "routes", "scene"):
        monkeypatch.setitem(ui.VIEWS, kind, not_again)
    for name in ("selection", "build", "verdicts"):  # the comparison's default view, its claims judged
        monkeypatch.setattr(compare, name, not_again)
    for page in ("pages/overview.py", "pages/explorer.py", "pages/compare.py"):
        at = open_page(page)
        assert not at.exception, page
    for reading in READINGS:  # and the comparison at every reading: its first toggle finds its chart drawn
        at.get_by_key("compare.reading").set_value(reading).run()
        assert not at.exception, reading
    at = open_page("pages/talk.py")
    scenes = 0
    while True:  # every scene of the talk, as a presenter's first pass after a server start
        assert not at.exception, f"scene {scenes + 1}"
        scenes += 1
        if at.button(key="talk.next").disabled:
            break
        at.button(key="talk.next").click().run()
    assert scenes == len(dataset.load_folder().dataset.scenes) > 1
    ui._cached_view.clear()
    at = open_page("pages/overview.py")
    assert at.exception  # the check can fail: with the cache emptied, the view is built (and raises) again


def test_the_browser_watcher_s_scheme_buttons_redraw_the_charts_in_that_scheme_for_one_run():
    """The browser's script presses the hidden button of the new scheme once Streamlit's page has switched
    (st.context.theme may still be the old one on that run); the run after goes by the browser's theme again."""
    at = open_page("pages/explorer.py")
    ink = lambda: spec(at, "routes_chart")["layout"]["font"]["color"].upper()  # noqa: E731
    assert ink() == "#1F2933"
    at.button(key="relief-dark").click().run()
    assert not at.exception
    assert ink() == "#EDEBE8"
    at.button(key="relief-light").click().run()
    assert ink() == "#1F2933"
    at.button(key="relief-dark").click().run()
    at.run()  # a later run (a click elsewhere) reads the browser's theme: light in AppTest
    assert ink() == "#1F2933"


def test_the_watcher_puts_exactly_the_app_s_script_into_the_page_once():
    """The app's one script runs in the page itself (``st.html`` with JavaScript allowed, no iframe reaching into
    its parent), guarded so that it is set up once per page load however often the element is drawn."""
    from relief import css
    from relief.ui import watch

    assert watch.SCRIPT.count("</script>") == 1 and watch.SCRIPT.endswith("</script>")
    assert watch.SCRIPT.count(css.BROWSER_JS) == 1
    assert "if (window.__reliefBrowser) return; window.__reliefBrowser = true;" in watch.SCRIPT
    at = open_page("pages/overview.py")
    drawn = [element.proto for element in at.get("html")]
    assert [(h.body, h.unsafe_allow_javascript) for h in drawn] == [(watch.SCRIPT, True)]
    assert not at.get("iframe")
