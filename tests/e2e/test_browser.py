"""The running app in Chromium: every page loads clean, toggles redraw, links restore the view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from relief import pages as registry

from .conftest import free_port, fresh_page, full_screenshot, start_app, stop, wait_healthy
from .helpers import CHART, chart_state, crowded_chart_texts, hidden_tick_labels, no_exception, wait_for_app

PAGES = [(registry.url_path(p), p.heading, p.opens_with_chart) for p in registry.PAGES]  # relief/pages.py


def expect_heading(page: Page, title: str | None) -> None:
    """The page's h1 is its registered heading (a page whose heading changes, the talk's scene, has one)."""
    heading = page.locator("h1").first
    if title is None:
        expect(heading).not_to_be_empty()
    else:
        expect(heading).to_have_text(title)


@pytest.mark.parametrize(("path", "title", "has_chart"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_page_loads_clean(page: Page, console, path, title, has_chart):
    page.goto(f"/{path}")
    wait_for_app(page)
    expect_heading(page, title)
    expect(page.get_by_text("not medical advice").first).to_be_visible()
    expect(page.get_by_text("commercial blog post promoting the Wellnee patch").first).to_be_visible()
    if has_chart:
        expect(page.locator(CHART).first).to_be_visible()
        assert hidden_tick_labels(page) == []  # a tick at either end of the axis keeps its label
        assert crowded_chart_texts(page) == []
    no_exception(page)
    full_screenshot(page, f"page-{path or 'overview'}")


def test_sidebar_navigation_reaches_every_page(page: Page, console):
    page.goto("/")
    wait_for_app(page)
    for entry in registry.PAGES[1:]:
        page.get_by_test_id("stSidebar").get_by_role("link", name=entry.title).click()
        expect_heading(page, entry.heading)
        wait_for_app(page)
        no_exception(page)


def test_toggle_redraws_the_chart_and_updates_the_url(page: Page, console):
    page.goto("/explorer")
    wait_for_app(page)
    assert chart_state(page)["axis"] == "log"
    page.get_by_role("radiogroup", name="Axis").get_by_role("radio", name="Linear").click()
    expect(page).to_have_url(re.compile(r"[?&]axis=linear"))
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.xaxis?.type === 'linear'")
    page.get_by_role("toolbar", name="Routes").get_by_role("button", name="Oral").click()
    expect(page).to_have_url(re.compile(r"[?&]routes=[^&]*iv"))
    wait_for_app(page)
    assert "Oral (tablets or liquid)" not in chart_state(page)["labels"]
    no_exception(page)


def test_copied_url_restores_the_view_in_a_fresh_context(page: Page, console, browser, base_url):
    page.goto("/explorer")
    wait_for_app(page)
    page.get_by_role("radiogroup", name="Lexicon reading").get_by_role("radio", name="Generous").click()
    expect(page).to_have_url(re.compile("reading=generous"))
    for name in ("All routes (summary)", "Lozenge", "Transdermal patch"):
        page.get_by_role("toolbar", name="Routes").get_by_role("button", name=name).click()
        wait_for_app(page)
    page.get_by_text("Show quotes").click()
    expect(page).to_have_url(re.compile("quotes=0"))
    wait_for_app(page)
    copied = page.url
    original = chart_state(page)
    assert "Lozenge" not in original["labels"] and "typically lasting" not in original["hover"]

    with fresh_page(browser, 1400, 900) as fresh:
        fresh.goto(copied)
        wait_for_app(fresh)
        assert chart_state(fresh) == original
        expect(fresh.get_by_role("radiogroup", name="Lexicon reading").get_by_role("radio", name="Generous")) \
            .to_be_checked()
        expect(fresh.get_by_role("switch", name="Show quotes")).not_to_be_checked()
        assert fresh.url == copied


def test_malformed_link_falls_back_with_a_notice(page: Page, console):
    page.goto("/explorer?axis=banana&routes=zzz")
    wait_for_app(page)
    expect(page.get_by_text("Some link settings were not understood")).to_be_visible()
    assert chart_state(page)["axis"] == "log"
    expect(page).not_to_have_url(re.compile("banana"))
    no_exception(page)


def test_hover_shows_the_verbatim_quote(page: Page, console):
    page.goto("/explorer?routes=oral")
    wait_for_app(page)
    state = chart_state(page)
    assert "typically lasting a few hours" in state["hover"]
    page.locator(f"{CHART} .barlayer .point").first.hover(force=True)
    expect(page.locator(".hoverlayer")).to_contain_text("a few hours")


def test_source_tags_link_to_the_row_that_quotes(page: Page, console):
    page.goto("/source")
    wait_for_app(page)
    link = page.get_by_role("link", name="[oral]")
    expect(link).to_have_attribute("href", "#claim-oral")
    link.click()
    expect(page.locator("#claim-oral")).to_be_in_viewport()


def test_a_new_servers_first_request_can_be_a_deep_link(browser):
    """With pages/ beside app.py, Streamlit would run pages/factors.py alone; the router must run instead."""
    port = free_port()
    process = start_app(port, script="app.py")  # serve.py's warm-up also fixes this; the bare router must too
    try:
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process)
        with fresh_page(browser, 1400, 900) as page:
            page.goto(f"http://127.0.0.1:{port}/factors?factor=route")
            wait_for_app(page)
            nav = page.get_by_test_id("stSidebar")
            expect(nav.get_by_role("link", name="Routes explorer")).to_be_visible()
            expect(nav.get_by_role("link", name="app")).to_have_count(0)
            expect(page.get_by_role("radiogroup", name="Focus on")
                   .get_by_role("radio", name="Route of administration")).to_be_checked()
            assert page.url.endswith("/factors?factor=route")
    finally:
        stop(process)


def test_evidence_toggle_draws_the_studies_beside_the_claims(page: Page, console):
    page.goto("/explorer?routes=iv,im_sc,oral")
    wait_for_app(page)
    before = chart_state(page)
    assert not any(label.endswith("· studies") for label in before["labels"])
    page.get_by_text("Show published evidence").click()
    expect(page).to_have_url(re.compile(r"[?&]evidence=1"))
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.showlegend === true")
    after = chart_state(page)
    assert "IV infusions, series, chronic pain · studies" in after["labels"]
    assert "Oral (tablets or liquid) · studies" not in after["labels"]  # no oral study states a duration
    expect(page.locator(".legend")).to_contain_text("an upper bound")
    expect(page.get_by_text("state no duration")).to_be_visible()
    full_screenshot(page, "explorer-evidence")
    no_exception(page)


def test_source_links_are_well_formed(page: Page, console):
    page.goto("/explorer?routes=lozenge,iv")
    wait_for_app(page)
    links = page.locator("[data-testid=stAlertContentWarning] a")
    expect(links.first).to_be_visible()
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(re.fullmatch(r"https://(pubmed\.ncbi\.nlm\.nih\.gov/\d+/|doi\.org/10\.\S+|\S+)", h)
                         for h in hrefs)
    assert any(h.startswith("https://pubmed.ncbi.nlm.nih.gov/") for h in hrefs)
    assert all(h.startswith("https://") for h in hrefs)


_CHART_CHUNK_FETCHES = ("() => performance.getEntriesByType('resource')"
                        ".filter(r => /\\/static\\/js\\/PlotlyChart\\.[^/]+\\.js$/.test(r.name)).length")


@pytest.mark.parametrize(("path", "fetches"), [("/explorer", 1), ("/", 1), ("/evidence", 0)])
def test_a_chart_page_loads_the_chart_library_before_its_run_arrives(browser, base_url, path, fetches):
    """``relief/preload.py``: with the server's run held back, a chart page still fetches plotly (it runs while
    the page waits); a page without charts never does."""
    with fresh_page(browser, clean_console=False) as page:  # a websocket that never answers logs nothing, but
        page.route_web_socket(re.compile(r"/_stcore/stream$"), lambda ws: None)  # the page is left unfinished
        page.goto(base_url + path)
        if fetches:
            page.wait_for_function(f"() => ({_CHART_CHUNK_FETCHES})() === 1", timeout=15_000)
        else:
            page.wait_for_load_state("networkidle")  # all the page fetches on its own, fetched (500 ms quiet)
        assert page.evaluate(_CHART_CHUNK_FETCHES) == fetches
        expect(page.locator(CHART)).to_have_count(0)  # no run came: nothing was drawn, only loaded


def test_the_chart_library_is_loaded_once_and_the_chart_drawn_with_a_clean_console(page: Page, console):
    page.goto("/")
    wait_for_app(page)
    expect(page.locator(CHART).first).to_be_visible()
    page.wait_for_function("() => !!document.querySelector('.js-plotly-plot .main-svg .trace')")
    assert page.evaluate(_CHART_CHUNK_FETCHES) == 1  # Streamlit's own import found the module ready
    no_exception(page)
