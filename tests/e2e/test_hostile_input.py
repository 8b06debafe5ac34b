"""Hostile input, round two, in the browser: markup in an address stays text (no live link, no remote image)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .helpers import no_exception, wait_for_app

EVIL = "evil.example"


def _q(text: str) -> str:
    return quote(text, safe="")


ADDRESSES = [
    # an unknown parameter whose name is a markdown link: before, a live link to evil.example in the info box
    (f"/explorer?{_q('[Log in again](https://evil.example/)')}=1", "Log in again"),
    # a route value that is a markdown image: before, every visitor's browser fetched it
    (f"/explorer?routes={_q('![x](http://evil.example/r.png)')}", "routes"),
    # a lexicon edit in the link naming a phrase that is an image
    (f"/?lex={_q('![x](http://evil.example/l.png):1,2,3')}", "unknown phrase"),
]


OFF_SITE = """host => [...document.querySelectorAll('a[href], img[src]')]
    .map(e => e.href || e.src).filter(u => new URL(u, location.href).hostname === host)"""


@pytest.mark.parametrize(("address", "words"), ADDRESSES)
def test_markup_in_an_address_is_shown_as_text(page: Page, console, address, words):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if urlsplit(request.url).hostname == EVIL else None)
    page.goto(address)
    wait_for_app(page)
    notice = page.get_by_test_id("stAlertContentInfo").filter(has_text=words).first
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(EVIL)  # the address's text is shown, as text
    # no link or image leads to evil.example (the app's own links may carry the address's text in their query)
    assert page.evaluate(OFF_SITE, EVIL) == []
    assert fetched == []
    no_exception(page)


def test_the_served_app_does_not_publish_its_metrics(app_url):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{app_url}/_stcore/metrics", timeout=10)  # before: 200, to anyone
    assert refused.value.code == 404
    with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=10) as health:
        assert health.status == 200
