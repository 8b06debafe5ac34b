"""Every place the app reaches into Streamlit's internals or its page's DOM, in one module.

Streamlit promises nothing about these: an upgrade may move or rename any of them, silently. So each is used only
through this module, ``TOUCHPOINTS`` says for each what it buys, the Streamlit version it was checked on and what
breaks without it, and ``tests/unit/test_streamlit_internals.py`` exercises each against the installed Streamlit
(the real ``AppSession``, ``PagesManager`` and run context, the real ``index.html``, chunk names and frontend
bundle) and fails with the touchpoint's name after an upgrade that breaks it.

Only Streamlit and the standard library are imported, so ``serve.py`` loads this file before any browser connects
(``relief.ui`` as a package would load the data stack).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

CHECKED_ON = "1.67.0"  # the Streamlit version every touchpoint below was checked on


@dataclass(frozen=True)
class Touchpoint:
    name: str
    uses: str  # what of Streamlit's is used
    where: str  # the code that relies on it
    buys: str  # what the app gets from it
    breaks: str  # what goes wrong when it is gone or changes meaning
    test: str  # the test in tests/unit/test_streamlit_internals.py that guards it
    checked_on: str = CHECKED_ON


TOUCHPOINTS: tuple[Touchpoint, ...] = (
    Touchpoint(
        "folder navigation",
        "streamlit.runtime.pages_manager.PagesManager.uses_pages_directory (a private class flag)",
        "ensure_router (relief/ui/frame.py), warm_up (relief/ui/warmup.py)",
        "With a pages/ folder beside app.py, Streamlit starts in its old folder-based navigation and, until "
        "st.navigation has run once in the process, serves a deep link such as /factors by running pages/factors.py "
        "alone. Clearing the flag (the warm-up does at start; the router check on such a run, then reruns once) "
        "makes every run go through app.py.",
        "A deep link that is a new server's first request shows the page without page config, router, sidebar or "
        "stylesheet, with the folder's file names as the menu.",
        "test_folder_navigation_flag_is_what_the_script_runner_reads",
    ),
    Touchpoint(
        "run context",
        "streamlit.runtime.scriptrunner.get_script_run_ctx(): .pages_manager.main_script_path, "
        ".fragment_ids_this_run, .is_history_navigation",
        "ensure_router and part (relief/ui/frame.py), state (relief/ui/state.py)",
        "Which script is the router; whether this run is a part of the page rerunning alone (then the part writes "
        "the address itself); whether this run answers the browser's Back or Forward (then the address wins over "
        "the session's view).",
        "A part of the page that reruns alone would not write the address; Back and Forward would show the "
        "session's last view instead of the address's.",
        "test_run_context_has_what_the_app_reads",
    ),
    Touchpoint(
        "whole-app reruns for unknown parts",
        "streamlit.runtime.app_session.AppSession.request_rerun (patched) and .has_fragment; ClientState.fragment_id",
        "install_whole_app_reruns (here), called by serve.py and relief/ui/__init__.py",
        "After a server restart or a failover, a click in a part of the page this server never drew becomes a run "
        "of the whole app with the browser's widget values (Streamlit drops it: 'The fragment with id ... does not "
        "exist anymore').",
        "The first click after a restart or failover changes the control but not the chart or the address.",
        "test_request_rerun_is_patched_and_reaches_the_real_session",
    ),
    Touchpoint(
        "the app's page and its chart chunk",
        "streamlit.file_util.get_static_dir(); static/index.html (its </head>); static/js/PlotlyChart.<hash>.js, "
        "imported by the bundle at that page-relative address",
        "relief/preload.py, through static_dir (here), read by serve.py",
        "A page that opens with a chart has the browser import the chart chunk while it waits for its first run "
        "(measured ~1 s sooner to the first chart).",
        "Nothing visible: the page loads as Streamlit alone would (slower first chart). preload.chunks leaves out a "
        "name it finds none or several of, and inject leaves a page without </head> alone.",
        "test_preload_finds_the_chart_chunk_and_the_page_it_rewrites",
    ),
    Touchpoint(
        "the browser script in the page",
        "st.html(..., unsafe_allow_javascript=True) (public), whose script passes DOMPurify: no '<' followed by a "
        "letter, '/' or '!' in it, or DOMPurify drops the whole script",
        "relief/ui/watch.py (css.BROWSER_JS)",
        "The app's one script (print fit, colour-scheme and reconnect reruns) runs in the page itself, once per "
        "page load, with no iframe reaching into its parent and no component framework.",
        "Charts keep the old theme's colours after a colour-scheme change until a click; the page shows the old "
        "run after a reconnect; printed charts overflow the paper.",
        "test_the_browser_script_survives_streamlits_html_sanitizer",
    ),
    Touchpoint(
        "menu links",
        "st.Page's url_path (what st.page_link writes as the link's href: '' for the default page) and its "
        "private _script_hash (what a click switches pages by, from the private _url_path); the frontend's "
        "PageLink, which cancels every click on an app page's link (preventDefault, modifier keys or not) and "
        "switches pages in place",
        "linked_page (here), used by page_link and sidebar (relief/ui/frame.py); the menu-link listener in "
        "css.BROWSER_JS",
        "The landing page's menu link has a real address ('./' and its view) instead of an empty one, so 'open in "
        "new tab', 'copy link' and a middle click give the Overview, not the page on screen; Ctrl/Cmd/Shift+click "
        "on a menu link is stopped before React sees it, so the browser opens the link in a new tab or window.",
        "The Overview's link opens or copies the page on screen; a Ctrl/Cmd/Shift+click switches the page in the "
        "same tab.",
        "test_a_menu_link_can_carry_its_own_address_and_still_switches_by_script_hash",
    ),
    Touchpoint(
        "session ended",
        "streamlit.runtime.get_instance().is_active_session(session_id) with the run context's session_id "
        "(thread-safe); there is no public hook for a session's end",
        "accept_upload (relief/ui/run.py), through session_ended",
        "An upload's check stops as soon as the browser session that uploaded has ended (relief/budget.py), so a "
        "closed tab does not keep the server busy checking files nobody will see.",
        "The check of a large hostile upload runs to its time limit after its tab is closed.",
        "test_a_session_is_active_while_it_runs_and_ended_once_closed",
    ),
    Touchpoint(
        "the first paint",
        "static/index.html's <div id=\"root\"></div> (replaced by the first render); the data-layout attribute "
        "('narrow' until the page config arrives) and the wide layout's block padding (5rem from 864 px, no "
        "maximum width); the sidebar: 300 px wide by default (18.75rem), 200-600 px, a dragged width kept in "
        "localStorage 'sidebarWidth', a collapse in 'stSidebarCollapsed-<base>', opened expanded from 769 px wide; "
        "the sidebar section a child of stAppViewContainer, stMain a child of its sibling",
        "css.FIRST_PAINT_CSS and css.FIRST_PAINT_JS, added to the page by relief/preload.py",
        "Nothing jumps while the page loads: it is laid out wide, with the sidebar's space kept, from the first "
        "paint (a desktop Cumulative Layout Shift of 0.25-1.03 per page before, measured in Chromium); a loading "
        "line shows from the first paint instead of a white page.",
        "The page jumps by the sidebar's width when the run draws the menu (and from narrow to wide before), or "
        "keeps a gap on the left where no sidebar comes; the white page is back.",
        "test_the_first_paint_is_laid_out_as_streamlit_lays_out_the_app",
    ),
    Touchpoint(
        "where the page is",
        "the page scrolls in stMain (Streamlit's scrolling container), not the window; a page switch and a "
        "setting written to the address add a history entry with history.pushState({}, '', url), an address "
        "rewritten in place uses history.replaceState({}, '', url)",
        "the place keeper in css.BROWSER_JS (it wraps both, to keep each entry's scroll position in its state)",
        "Back and Forward return to where the viewer was on the page, a reload stays there, a page chosen in the "
        "menu opens at its top, and an address with a section (#compare-matrix) opens at that section: none of "
        "which the browser does for a scrolling box inside the page.",
        "Back after an 'On this page' link stays at the section; a page opened from the menu starts wherever the "
        "last page's position falls in it; a passed-on link to a section opens at the top.",
        "test_the_page_scrolls_in_stmain_and_moves_through_history_as_the_place_keeper_expects",
    ),
    Touchpoint(
        "the page's DOM",
        "data-testid attributes and st* classes in the stylesheets and the browser script (DOM_TESTIDS, "
        "DOM_CLASSES); the data-test-connection-state attribute; the data-test-script-state attribute "
        "('notRunning' once a run has finished: css.SETTLE_JS); the st-key-<key> class of a keyed container",
        "relief/css.py",
        "Print (no chrome, charts at the paper's width), presentation mode (no chrome, big type), phones (controls "
        "that wrap), the menu's current page, the hidden helpers, widgets left out while their code loads; the "
        "reconnect rerun.",
        "The rule silently matches nothing: the chrome prints, the presentation shows the header, helpers show.",
        "test_every_selector_the_stylesheets_use_is_in_streamlits_frontend_bundle",
    ),
)

# The page's DOM as relief/css.py uses it: the test checks that this is every one css.py names, and that each is
# still in the installed frontend bundle.
DOM_TESTIDS = frozenset({
    "stApp", "stAppViewContainer", "stBaseButton-primary", "stBaseButton-secondary", "stBaseButton-tertiary",
    "stButtonGroup", "stCaptionContainer", "stCheckbox", "stDataFrame", "stElementContainer", "stElementToolbar",
    "stExpander", "stFileUploader", "stHeader", "stHeaderActionElements", "stHorizontalBlock", "stLayoutWrapper",
    "stMain", "stMainBlockContainer", "stMarkdown", "stPageLink-NavLink", "stPlotlyChart", "stProgress",
    "stProgressBarTrack", "stSidebar", "stSkeleton", "stStatusWidget", "stToolbar", "stVerticalBlock",
})
DOM_CLASSES = frozenset({
    "stApp", "stButton", "stCheckbox", "stDownloadButton", "stFileUploader", "stHorizontalBlock", "stMultiSelect",
    "stProgress", "stSelectbox", "stSlider", "stTextInput",
})
# Checked on 1.67.0 and dropped from the stylesheets: they matched nothing (no longer in the frontend bundle):
# testids stDecoration, stSidebarCollapsedControl; classes stPills, stSegmentedControl, stToggle (those widgets
# are hidden in print by stButtonGroup and stCheckbox).
DOM_ATTRIBUTES = frozenset({"data-test-connection-state", "data-test-script-state", "data-layout"})

# What DOMPurify (st.html's sanitizer) takes for markup inside a script, and then removes the script for.
_MARKUP_IN_SCRIPT = re.compile(r"<[/\w!]")


def selectors_in(text: str) -> tuple[set[str], set[str]]:
    """The data-testid values and st* class names a stylesheet or script uses (``st-key-`` classes are ours)."""
    testids = set(re.findall(r"data-testid=[\"']?([A-Za-z0-9-]+)", text))
    classes = {c for c in re.findall(r"\.(st[A-Z][A-Za-z]*)", text)}
    classes |= set(re.findall(r"querySelector(?:All)?\(['\"`]\.(st[A-Z][A-Za-z]*)", text))
    return testids, classes


def script_tag(js: str) -> str:
    """``js`` as one ``<script>`` for ``st.html(..., unsafe_allow_javascript=True)``, run once per page load (the
    element may be drawn again: a page switch remounts it). Raises if the sanitizer would drop it."""
    if _MARKUP_IN_SCRIPT.search(js):
        raise ValueError("st.html's sanitizer (DOMPurify) drops a script with '<' before a letter, '/' or '!': "
                         f"{_MARKUP_IN_SCRIPT.search(js).group(0)!r}")
    return ("<script>(() => { if (window.__reliefBrowser) return; window.__reliefBrowser = true;\n"
            f"{js}\n}})();</script>")


# ---------------------------------------------------------------- folder navigation and the run context


def run_context():
    """This run's context (None outside a run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx()


def in_folder_navigation() -> bool:
    """Whether Streamlit still runs pages of the ``pages/`` folder on their own (no ``st.navigation`` yet)."""
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


def leave_folder_navigation() -> None:
    """From now on every run of this process runs the main script (``app.py``), as ``st.navigation`` does."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main_script_path() -> str | None:
    """The script Streamlit was started with (the router, ``app.py``), for this run; None outside a run."""
    ctx = run_context()
    return None if ctx is None else str(ctx.pages_manager.main_script_path)


def fragment_rerun() -> bool:
    """Whether this run is a part of the page (an ``st.fragment``) rerunning alone."""
    ctx = run_context()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def session_ended():
    """A test that says when this run's browser session has ended (its tab closed, its connection gone): the
    runtime no longer lists the session as active. Outside a served app (AppTest, no runtime) it never ends."""
    from streamlit import runtime

    ctx = run_context()
    if ctx is None or not runtime.exists():
        return lambda: False
    server, session = runtime.get_instance(), ctx.session_id
    return lambda: not server.is_active_session(session)


def history_navigation() -> bool:
    """Whether this run answers the browser's Back or Forward (Streamlit says so in the rerun request)."""
    return bool(getattr(run_context(), "is_history_navigation", False))


# ---------------------------------------------------------------- whole-app reruns for parts a server never drew

_MARK = "_relief_unknown_fragment_runs_whole_app"


def whole_app_request(client_state, known) -> object:
    """The rerun request to act on: ``client_state`` unchanged, or for a fragment ``known`` says this server has
    never drawn, a copy that asks for the whole app (the same widget values, address and page)."""
    if client_state is None or not client_state.fragment_id or known(client_state.fragment_id):
        return client_state
    whole = type(client_state)()
    whole.CopyFrom(client_state)
    whole.ClearField("fragment_id")
    return whole


def install_whole_app_reruns() -> None:
    """Patch ``AppSession.request_rerun`` once per process (idempotent): a request for a part of the page this
    session never drew (a restart, a failover) runs the whole app with the browser's values instead of being
    dropped."""
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession.request_rerun, _MARK, False):
        return
    original = AppSession.request_rerun

    def request_rerun(self, client_state=None):
        return original(self, whole_app_request(client_state, self.has_fragment))

    setattr(request_rerun, _MARK, True)
    request_rerun.__doc__ = original.__doc__
    AppSession.request_rerun = request_rerun


# ---------------------------------------------------------------- Streamlit's own page


def static_dir() -> Path:
    """Where Streamlit's frontend is (``index.html``, ``static/js/``)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


# ---------------------------------------------------------------- menu links


@functools.cache
def _linked_class(page_class: type) -> type:
    """A subclass of Streamlit's page class whose ``url_path`` (the href of its ``st.page_link``) is its own."""

    class Linked(page_class):
        @property
        def url_path(self) -> str:
            return self._relief_href

    Linked.__name__ = Linked.__qualname__ = f"Linked{page_class.__name__}"
    return Linked


def linked_page(page, href: str):
    """A copy of ``page`` (an ``st.Page`` given to ``st.navigation``) for ``st.page_link``, whose link's address is
    ``href`` (relative to the page on screen, as Streamlit's own: "./" for the landing page, whose ``url_path`` is
    ""). A click still switches pages by the page's script hash, which comes from its own address; only the
    ``href`` (new tab, copy link, middle click) changes."""
    link = copy.copy(page)
    link.__class__ = _linked_class(type(page))
    link._relief_href = href
    return link
