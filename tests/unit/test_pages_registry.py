"""The page registry (``relief/pages.py``) is the one list of pages: every file has a record, every record a file,
and the router, the preload and the tests read it."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from relief import pages, preload

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_file_has_a_record_and_every_record_a_file():
    assert pages.unmatched(ROOT / "pages") == []


def test_a_file_without_a_record_or_a_record_without_a_file_fails(tmp_path):
    """The check above can fail, and names what to do (so a new page cannot go silently untested)."""
    folder = tmp_path / "pages"
    shutil.copytree(ROOT / "pages", folder)
    (folder / "new_page.py").write_text("", encoding="utf-8")
    (folder / "talk.py").unlink()
    assert pages.unmatched(folder) == ["pages/new_page.py has no record in relief/pages.py: add one",
                                       "the record 'talk' in relief/pages.py has no file pages/talk.py"]
    with pytest.raises(KeyError, match=r"no page 'new_page' in relief/pages\.py"):
        pages.get("new_page")


def test_records_are_well_formed():
    assert pages.url_path(pages.LANDING) == "" and pages.LANDING is pages.PAGES[0]
    for page in pages.PAGES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", page.name), page
        assert page.script == f"pages/{page.name}.py" and pages.url_path(page) in ("", page.name)
        assert page.title.strip() and page.icon and not page.icon.startswith(":"), "emoji icons only"
        assert bool(page.example_query) <= page.url_settings, f"{page.name}: a query for a page without settings"
    assert len({page.title for page in pages.PAGES}) == len(pages.PAGES), "two pages with one title"


def test_a_page_with_url_settings_names_its_urlstate_view():
    """``url_settings`` says the page binds a view of its own to the address: its file calls ``ui.settings`` (and a
    page that does must say so, so the tests open it with a query)."""
    for page in pages.PAGES:
        source = (ROOT / page.script).read_text(encoding="utf-8")
        binds = "ui.settings(" in source
        assert binds == page.url_settings, f"{page.script}: url_settings={page.url_settings} in relief/pages.py"


def test_the_router_and_the_preload_read_the_registry():
    router = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "st.Page(" in router and "pages/" not in re.sub(r"#.*", "", router), \
        "app.py lists page files itself: take them from relief.pages.PAGES"
    tree = ast.parse(router)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module == "relief.pages" for alias in node.names}
    assert "PAGES" in imported
    assert frozenset(p.name for p in pages.PAGES if not p.opens_with_chart) == preload.PAGES_WITHOUT_CHARTS


def test_the_tests_take_their_page_lists_from_the_registry():
    """Three e2e lists and the AppTest helper once listed pages by hand; a new page was silently never tested."""
    for test in ("tests/app/helpers.py", "tests/e2e/test_browser.py", "tests/e2e/test_hosting.py",
                 "tests/e2e/test_present_and_export.py"):
        text = (ROOT / test).read_text(encoding="utf-8")
        assert "registry.PAGES" in text, f"{test} no longer reads relief/pages.py"
        assert not re.search(r'PAGES = \[\s*\(?"', text), f"{test} lists pages by hand again"
