"""The page while Streamlit still fetches code it loads on demand (issue 24's axe flake).

Streamlit fetches the code of most elements (a page link, a toggle, a chart) and of raw HTML in markdown only when
the first one arrives, after the run has started; on a busy machine or a slow link a fetch can take seconds, and the
chunks arrive in any order. ``test_axe_finds_nothing_serious_on_any_page`` failed now and then with a colour-contrast
finding on the menu's entry for the page on screen: the page-link code had come, the app's stylesheet (drawn as raw
HTML in markdown) had not, so the entry showed in Streamlit's faded "disabled" grey. Here the late code is held back
on purpose, so what was a matter of timing happens every time.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from streamlit import file_util

from relief import preload

from ..programs import require
from .conftest import fresh_page
from .helpers import wait_for_app, wait_until_still

AXE = "tests/e2e/node_modules/axe-core/axe.min.js"  # a row of tests/programs.txt
RAW_HTML = "rehype-raw"  # the chunk of code for raw HTML in markdown: the app's stylesheet waits for it
PAGE_LINK = "PageLink"  # the chunk of code of st.page_link: the menu waits for it
STYLESHEET = ".st-key-relief-style style"  # the app's stylesheet as the run draws it (relief/ui/frame.py)
CURRENT = "[data-testid=stSidebar] a[data-testid=stPageLink-NavLink][disabled]"  # the menu's entry for this page


def open_holding(page, path: str, late: str) -> list:
    """Open ``path`` with the requests for the chunk ``late`` held (until ``release``) once the page asked for it."""
    assert preload.chunks(file_util.get_static_dir(), [late]), \
        f"the installed Streamlit has no one chunk named {late}.<hash>.js (checked on 1.67): find what replaced it"
    held = []
    page.route(f"**/static/js/{late}.*.js", lambda route: held.append(route))
    with page.expect_request(lambda request: f"/static/js/{late}." in request.url):
        page.goto(path)
    return held


def release(held: list) -> None:
    assert held  # the page asked for the chunk: the test held what it meant to
    for route in held:
        route.continue_()


def contrast_findings(page, within: str) -> list[str]:
    page.add_script_tag(path=require(AXE))
    return page.evaluate("""async (within) => {
        const r = await axe.run({include: [[within]]}, {runOnly: {type: 'rule', values: ['color-contrast']}});
        return r.violations.flatMap(v => v.nodes.map(n => n.failureSummary + ' ' + n.html));
    }""", within)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_menu_is_readable_before_the_app_stylesheet_is_drawn(browser, base_url, theme):
    with fresh_page(browser, cold=True, color_scheme=theme) as page:
        held = open_holding(page, f"{base_url}/mechanism", RAW_HTML)
        wait_for_app(page)
        expect(page.locator(CURRENT)).to_contain_text("Mechanism")  # the menu is drawn ...
        expect(page.locator(STYLESHEET)).to_have_count(0)  # ... and the run's stylesheet is not
        assert contrast_findings(page, "[data-testid=stSidebar]") == []
        release(held)
        expect(page.locator(STYLESHEET)).to_have_count(1)


@pytest.mark.parametrize("late", [RAW_HTML, PAGE_LINK], ids=["stylesheet", "element-code"])
def test_a_check_of_the_whole_page_waits_for_the_code_that_comes_late(browser, base_url, late):
    """``wait_until_still`` (what axe and full-page screenshots wait for) does not pass while an element is still a
    placeholder or the app's stylesheet is not drawn, and passes once they are."""
    with fresh_page(browser, cold=True) as page:
        held = open_holding(page, f"{base_url}/mechanism", late)
        wait_for_app(page)
        with pytest.raises(PlaywrightTimeoutError):
            wait_until_still(page, timeout=3_000)
        release(held)
        wait_until_still(page)
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
        expect(page.locator(STYLESHEET)).to_have_count(1)
        expect(page.locator(CURRENT)).to_contain_text("Mechanism")
