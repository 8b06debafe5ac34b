"""The app's pages: one record per page, read by everything that needs the list (no Streamlit here).

``app.py`` builds the menu and the router from ``PAGES`` (in this order; the first is the landing page, at "/"),
the preload skips the pages that open without a chart, and the tests take their page lists from here (the AppTest
helper, the e2e pages, the README's page table). A new page is one file in ``pages/`` and one record below
(``tests/unit/test_pages_registry.py`` fails on a file without a record or a record without a file).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page of the app."""

    name: str  # the file's stem: pages/<name>.py; also its address (the landing page's is "")
    title: str  # in the menu and the browser's tab
    icon: str  # an emoji (Streamlit's :material/...: icons are not used)
    heading: str | None  # the page's h1 as the bundled data shows it (None: it changes, e.g. the talk's scene)
    opens_with_chart: bool  # a chart is drawn when the page opens with its default settings
    url_settings: bool  # the page keeps settings of its own in the address (a ``urlstate`` view)
    example_query: str = ""  # an address with settings, as a link would carry them (the tests open it)
    every_source: bool = False  # it shows the bundled sources beside a loaded one (an upload or --data joins them)
    sections: bool = False  # a long page: a line under its lead links to its sections (``views.on_this_page``)

    @property
    def script(self) -> str:
        """The page's file, relative to the app's folder (what ``st.Page`` and ``AppTest.switch_page`` take)."""
        return f"pages/{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("overview", "Overview", "🏠", "How long does ketamine's pain relief last?",
         opens_with_chart=True, url_settings=False),
    Page("compare", "According to whom", "🗣️", "According to whom",
         opens_with_chart=True, url_settings=True, example_query="sources=article,eperc_fast_fact_132&routes=iv,oral",
         every_source=True, sections=True),
    Page("explorer", "Routes explorer", "🧭", "Routes explorer",
         opens_with_chart=True, url_settings=True, example_query="routes=iv,oral&axis=linear"),
    Page("factors", "Factors", "⚖️", "What changes how long relief lasts",
         opens_with_chart=True, url_settings=True, example_query="factor=route"),
    Page("mechanism", "Mechanism", "🧬", "How ketamine works, according to the source",
         opens_with_chart=True, url_settings=False),
    Page("evidence", "Evidence", "🔬", "What published studies say",
         opens_with_chart=False, url_settings=True, example_query="route=iv", sections=True),
    Page("source", "Source & method", "📄", "Source & method",
         opens_with_chart=True, url_settings=False, sections=True),
    Page("your_data", "Your data", "📤", "Your data",
         opens_with_chart=False, url_settings=False),
    Page("talk", "Presentation", "🎤", None,
         opens_with_chart=True, url_settings=True, example_query="scene=3"),
)

LANDING = PAGES[0]
BY_NAME = {page.name: page for page in PAGES}


def url_path(page: Page) -> str:
    """The page's address under the app's root: "" for the landing page, else its name."""
    return "" if page is LANDING else page.name


def without_charts() -> frozenset[str]:
    """The addresses' last parts of the pages that draw no chart when they open (the preload skips them)."""
    return frozenset(page.name for page in PAGES if not page.opens_with_chart)


def unmatched(folder) -> list[str]:
    """What does not match between the page files in ``folder`` (the app's ``pages/``) and the records, in words:
    empty when every file has one record and every record a file."""
    from pathlib import Path

    files = {p.stem for p in Path(folder).glob("*.py")}
    names = [page.name for page in PAGES]
    twice = sorted({n for n in names if names.count(n) > 1})
    found = [f"two records for pages/{n}.py in relief/pages.py" for n in twice]
    found += [f"pages/{n}.py has no record in relief/pages.py: add one" for n in sorted(files - set(names))]
    found += [f"the record {n!r} in relief/pages.py has no file pages/{n}.py" for n in sorted(set(names) - files)]
    return found


def get(name: str) -> Page:
    """The record of the page ``name`` (a file stem such as "explorer"); KeyError names the known pages."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no page {name!r} in relief/pages.py (known: {', '.join(BY_NAME)})") from None
