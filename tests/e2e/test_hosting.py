"""Hosting: served under a path prefix, every page loads by deep link and by reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from relief import pages as registry

from .conftest import free_port, fresh_page, start_app, stop, wait_healthy
from .helpers import chart_state, no_exception, wait_for_app

PAGES = [registry.url_path(p) + (f"?{p.example_query}" if p.example_query else "") for p in registry.PAGES]
pytestmark = pytest.mark.xdist_group("hosting")  # in parallel runs, one worker takes them all: one server, not three


@pytest.fixture(scope="module")
def prefixed_url():
    port = free_port()
    process = start_app(port, "--server.baseUrlPath", "ketamine")
    try:
        wait_healthy(f"http://127.0.0.1:{port}/ketamine/_stcore/health", process)
        yield f"http://127.0.0.1:{port}/ketamine"
    finally:
        stop(process)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_by_deep_link_and_reload_under_a_base_path(browser, prefixed_url, path):
    with fresh_page(browser, 1280, 800) as page:
        page.goto(f"{prefixed_url}/{path}")
        wait_for_app(page)
        expect(page.get_by_text("not medical advice").first).to_be_visible()
        no_exception(page)
        assert page.url == f"{prefixed_url}/{path}".replace(",", "%2C") or page.url == f"{prefixed_url}/{path}"
        before = chart_state(page) if path.startswith("explorer") else None
        page.reload()
        wait_for_app(page)
        no_exception(page)
        if before is not None:
            assert chart_state(page) == before and before["axis"] == "linear"
        nav = page.get_by_test_id("stSidebar").get_by_role("link", name="Routes explorer")
        resolved = nav.evaluate("a => a.href")  # the sidebar's own links (they carry each page's view)
        assert resolved.split("?")[0] == f"{prefixed_url}/explorer", resolved
