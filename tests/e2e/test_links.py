"""Menu links behave like links: each one's href is its page's address with its view, and Ctrl, Shift or a middle
click opens that address in a new tab (Streamlit alone switched the page in place, and gave the Overview an empty
href, so "open in new tab" or "copy link" gave the page on screen)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from relief import pages as registry

from .conftest import fresh_page
from .helpers import no_exception, wait_for_app

EXPLORER = registry.BY_NAME["explorer"]


def menu(page: Page, title: str):
    return page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True)


def address(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return parts.path, {k: v for k, v in parse_qs(parts.query).items()}


def opened_by(page: Page, link, **click) -> Page:
    """The page a click on ``link`` opens in a new tab or window, loaded; the page clicked stays where it was."""
    before = page.url
    with page.context.expect_page() as new:
        link.click(**click)
    opened = new.value
    opened.wait_for_load_state()
    wait_for_app(opened)
    no_exception(opened)
    assert page.url == before, f"the click also navigated the page it was made on: {page.url}"
    return opened


def test_every_menu_link_has_its_page_s_real_address(browser, base_url):
    """From the Overview and from a sub-page: every entry's href is its page's address (the Overview's is "/"),
    and the entry of the page on screen too."""
    with fresh_page(browser) as page:
        for start in ("", EXPLORER.name):
            page.goto(f"{base_url}/{start}")
            wait_for_app(page)
            no_exception(page)
            links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
            expect(links).to_have_count(len(registry.PAGES))
            hrefs = links.evaluate_all("links => links.map(a => [a.getAttribute('href'), a.href])")
            assert [urlsplit(full).path for _, full in hrefs] == \
                ["/" + registry.url_path(p) for p in registry.PAGES], hrefs
            assert all(raw for raw, _ in hrefs), f"an empty href is the page on screen: {hrefs}"


@pytest.mark.parametrize("how", [{"modifiers": ["Control"]}, {"modifiers": ["Shift"]}, {"button": "middle"}],
                         ids=["ctrl", "shift", "middle"])
def test_a_modified_or_middle_click_on_a_menu_link_opens_the_page_and_its_view_in_a_new_tab(browser, base_url, how):
    with fresh_page(browser) as page:
        page.goto(f"{base_url}/{EXPLORER.name}?{EXPLORER.example_query}")  # a view of the explorer ...
        wait_for_app(page)
        menu(page, registry.LANDING.title).click()  # ... left for the Overview: its link now carries that view
        expect(page).to_have_url(re.compile(r"/(\?.*)?$"))
        wait_for_app(page)
        opened = opened_by(page, menu(page, EXPLORER.title), **how)
        assert address(opened.url) == address(f"{base_url}/{EXPLORER.name}?{EXPLORER.example_query}")
        expect(opened.locator("h1").first).to_have_text(EXPLORER.heading)
        home = opened_by(opened, menu(opened, registry.LANDING.title), **how)  # and back to the landing page
        assert urlsplit(home.url).path == "/"
        expect(home.locator("h1").first).to_have_text(registry.LANDING.heading)
        assert page.locator("h1").first.inner_text() == registry.LANDING.heading  # the first tab stayed


def test_a_ctrl_click_on_the_page_on_screen_opens_it_as_it_is_now(browser, base_url):
    """The entry of the page on screen is no link for a plain click; a Ctrl+click copies the tab, view and all."""
    with fresh_page(browser) as page:
        page.goto(f"{base_url}/{EXPLORER.name}?{EXPLORER.example_query}")
        wait_for_app(page)
        opened = opened_by(page, menu(page, EXPLORER.title), modifiers=["Control"])
        assert address(opened.url) == address(page.url)
        menu(page, EXPLORER.title).click()  # a plain click on it does nothing
        assert address(page.url) == address(opened.url)
