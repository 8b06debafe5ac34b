"""Headings in order on every page (relief/pages.py): the page's title is its one h1, and no level is skipped
(an h1 followed by an h3 tells a screen reader's outline that a level is missing: st.subheader is an h3)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from relief import pages as registry

from .conftest import fresh_page
from .helpers import no_exception, wait_for_app

PAGES = [registry.url_path(p) + (f"?{p.example_query}" if p.example_query else "") for p in registry.PAGES]
LEVELS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)')]
  .filter(h => h.getClientRects().length).map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


@pytest.mark.parametrize("path", PAGES, ids=[p.split("?")[0] or "overview" for p in PAGES])
def test_no_heading_level_is_skipped(browser, base_url, path):
    with fresh_page(browser, 1280, 800) as page:
        page.goto(f"{base_url}/{path}")
        wait_for_app(page)
        no_exception(page)
        headings = page.evaluate(LEVELS)
        assert headings and headings[0][0] == 1 and [level for level, _ in headings].count(1) == 1, headings
        for (before, _), (level, text) in pairwise(headings):
            assert level <= before + 1, f"h{before} then h{level} ({text!r}) on /{path}: {headings}"
