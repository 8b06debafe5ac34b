"""From the first paint: a line saying the dashboard is loading (not a white page), and a page laid out as it will
be, so nothing jumps while it loads (relief/css.py FIRST_PAINT_*, added to Streamlit's page by relief/preload.py).

Before, the page was laid out in Streamlit's narrow layout, then full width, then pushed 300 px right when the
sidebar (drawn at the end of the run, so the chart comes first) arrived: a Cumulative Layout Shift of 0.25-1.03
per page at 1280x800 (a bare Streamlit app: 0). Shifts are summed as for CLS: every 'layout-shift' entry without
recent input, from the first paint until the page has drawn and gone quiet. The jump the sidebar caused must be
gone: the title stays where it was first drawn. What remains (not yet fixed, so the sum is only held under 0.35
here): Streamlit's placeholders for widgets whose code arrives after the first run's elements (pills, toggles, the
menu's links) have another height, and a settings box grows when they are drawn: up to ~0.27 on the explorer.
"""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import Page, expect

from relief import pages as registry

from .conftest import fresh_page
from .helpers import CHART, no_exception, wait_for_app

PAGES = [registry.url_path(p) for p in registry.PAGES]
SHIFTS = """
window.__shift = 0; window.__shifts = []; window.__firstTitleX = null;
const seeTitle = () => {  // where the page's title was first drawn
  const title = document.querySelector('[data-testid="stMain"] h1');
  if (title) window.__firstTitleX = title.getBoundingClientRect().x; else requestAnimationFrame(seeTitle);
};
requestAnimationFrame(seeTitle);
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) {
  window.__shift += e.value;
  window.__shifts.push(Math.round(e.startTime) + ' ms: ' + e.value.toFixed(4) + ' ' + (e.sources || []).map(s =>
    (s.node && s.node.dataset && s.node.dataset.testid) + ' ' + s.previousRect.y + '->' + s.currentRect.y + ' x ' +
    s.previousRect.x + '->' + s.currentRect.x).join('; '));
} }).observe({type: 'layout-shift', buffered: true});
"""
QUIET = "() => new Promise(done => setTimeout(() => requestIdleCallback(() => done(), {timeout: 3000}), 1000))"


def drawn(page: Page, path: str) -> None:
    """The run has finished, the menu is there and every chart is drawn; then a quiet second."""
    wait_for_app(page)
    no_exception(page)
    expect(page.get_by_test_id("stSidebar")).to_have_count(1)
    entry = registry.BY_NAME[path or registry.LANDING.name]
    if entry.opens_with_chart:
        expect(page.locator(CHART).first).to_be_visible(timeout=30_000)
    page.evaluate(QUIET)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_no_page_jumps_while_it_loads(browser, base_url, path, size):
    with fresh_page(browser, *size) as page:
        page.add_init_script(SHIFTS)
        page.goto(f"{base_url}/{path}")
        drawn(page, path)
        shifts = "\n".join(page.evaluate("window.__shifts"))
        first, now = page.evaluate("window.__firstTitleX"), page.locator("h1").first.bounding_box()["x"]
        assert first == now, f"the title was drawn at x={first}, then moved to x={now}:\n{shifts}"
        assert page.evaluate("window.__shift") < 0.35, shifts
        main = page.get_by_test_id("stMain").bounding_box()
        assert main["x"] == page.get_by_test_id("stSidebar").bounding_box()["width"] > 0  # beside the menu


def test_a_phone_keeps_no_room_for_the_sidebar(browser, base_url):
    """Below 769 px Streamlit opens the sidebar collapsed, over the page: the page starts at the left edge."""
    with fresh_page(browser, 390, 844) as page:
        page.goto(f"{base_url}/explorer")
        expect(page.locator("h1").first).to_be_visible(timeout=30_000)
        assert page.get_by_test_id("stMain").bounding_box()["x"] == 0  # before the menu is drawn ...
        drawn(page, "explorer")
        assert page.get_by_test_id("stMain").bounding_box()["x"] == 0  # ... and after
        assert page.locator("h1").first.bounding_box()["x"] < 40


def test_a_presentation_keeps_no_room_for_the_sidebar_it_never_draws(browser, base_url):
    with fresh_page(browser, 1280, 720) as page:
        page.add_init_script(SHIFTS)
        page.goto(f"{base_url}/talk?present=1")
        wait_for_app(page)
        no_exception(page)
        expect(page.locator(CHART).first).to_be_visible(timeout=30_000)
        page.evaluate(QUIET)
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        assert page.get_by_test_id("stMain").bounding_box()["x"] == 0


@pytest.mark.parametrize("path", ["", "evidence"], ids=["chart-page", "page-without-chart"])
def test_every_page_says_it_is_loading_from_the_first_paint_until_the_app_has_drawn(browser, base_url, path):
    with urllib.request.urlopen(f"{base_url}/{path}") as response:
        served = response.read().decode()
    assert '<div id="root"><p id="relief-loading" role="status">Loading the dashboard…</p></div>' in served
    with fresh_page(browser, 1280, 800) as page:  # Streamlit's code held back: what a slow link shows first
        page.route("**/static/js/index.*.js", lambda route: None)
        page.goto(f"{base_url}/{path}", wait_until="commit")
        expect(page.get_by_role("status")).to_have_text("Loading the dashboard…")
        expect(page.get_by_role("status")).to_be_in_viewport()
    with fresh_page(browser, 1280, 800) as page:
        page.goto(f"{base_url}/{path}")
        wait_for_app(page)
        expect(page.locator("#relief-loading")).to_have_count(0)
        expect(page.get_by_text("Loading the dashboard")).to_have_count(0)
