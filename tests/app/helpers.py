"""Helpers for AppTest: open a page (with a query string), read a chart's spec and the page's text."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from relief import pages as registry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [page.script for page in registry.PAGES]  # every page, the landing page first (relief/pages.py)


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page != PAGES[0]:
        at.switch_page(page)
    return at.run()


@functools.cache
def seen(page: str, **query: str) -> AppTest:
    """A page as first opened (with ``query`` in its address, if any) on the bundled data, run once per test process
    and shared by the tests that only read it. A test that clicks, sets a value, changes the data or its
    environment opens its own with ``open_page``."""
    return open_page(page, query)


def spec(at: AppTest, key: str) -> dict:
    return json.loads(at.get_by_key(key).proto.spec)


def plain(markdown: str) -> str:
    """Markdown as a reader sees it: backslash escapes (``relief.article.md_escape``) undone."""
    import re

    return re.sub(r"\\(.)", r"\1", str(markdown)).replace("\u2060", "")


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "info", "warning", "error", "caption", "title")
                     for e in getattr(at, kind))



def markdown_table(at: AppTest, first_column: str):
    """The markdown table whose header starts with ``first_column`` (alone or in its scroll box), as a DataFrame
    of unescaped text."""
    import re

    import pandas as pd

    for element in at.markdown:
        lines = [line for line in str(element.value).splitlines() if line.startswith("|")]
        if lines and lines[0].startswith(f"| {first_column} |"):
            rows = [line.strip("|").split(" | ") for line in lines if not line.startswith("|---")]
            cells = [[re.sub(r"\\(.)", r"\1", c.strip()).strip("*") for c in row] for row in rows]
            return pd.DataFrame(cells[1:], columns=cells[0])
    raise KeyError(first_column)
