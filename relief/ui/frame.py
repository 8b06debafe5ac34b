"""The page frame: the stylesheet and what the run must say before the page; the sidebar, the print footer and the
watcher (the app's one script) after it; the router check; presentation buttons."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import streamlit as st

from .. import css, notices
from .. import pages as registry
from ..article import md_escape
from . import internals, state, watch
from .run import current, upload_mark
from .warmup import touch
from .widgets import current_link, page_intro, show_problems

# ---------------------------------------------------------------- the page protocol: a page is a short file


def data():
    """The validated dataset this run shows, with any lexicon edit applied (``current().dataset``).

    It also makes sure the router ran (a deep link can be a new server's first request, run without it).
    """
    ensure_router()
    return current().dataset


def page(name: str, lead=None):
    """A page's start, the same on every page: the router check, this run's data (returned), and with ``lead``
    (a sentence, or a function of the data that gives one) the intro: the page's heading from its record in
    ``relief/pages.py``, the source / not-medical-advice note and the lead. A page whose heading changes (the
    talk's scene) passes no lead and draws its own intro."""
    dataset = data()
    if lead is not None:
        page_intro(registry.get(name).heading, lead(dataset) if callable(lead) else lead, dataset.meta)
    return dataset


def settings(spec, controls=None) -> dict:
    """A page's own settings, the same on every page: the view from the address or the session
    (``state.bind_view``), its controls drawn by ``controls(spec)`` in a bordered box, and the view they now hold,
    returned and kept as what the page shows (the address is written once, at the end of the run)."""
    state.bind_view(spec)
    if controls is not None:
        with st.container(border=True):
            controls(spec)
    view = state.view_values(spec)
    state.commit_view(spec, view)
    return view


ROUTER_RERUN = "relief.router_rerun"  # the router check asked for a rerun through app.py (at most once in a row)
_router = threading.local()  # .running: app.py's frame is running the page, in this script thread


def presenting() -> bool:
    return current().presenting


def screen_scale() -> float:
    """Presenting: the screen against a 1280×720 slide (1, 1.5, 2 or 3); 1 otherwise."""
    return current().scale


def show_notes() -> bool:
    return current().notes


class PageEnd(Exception):
    """Raised by ``end_page``: the page has said all it can; the frame still draws what follows it."""


def end_page() -> NoReturn:
    """End the page here, like ``st.stop``, but the sidebar, the print footer and the address still follow
    (``st.stop`` would stop them too: every Streamlit call after it stops the run again)."""
    raise PageEnd


def part(body):
    """Decorator: a part of the page that reruns alone when one of its widgets changes (``st.fragment``).

    On such a run nothing else of the page runs, the frame's end included, so the part writes the address itself
    (one history entry, as a whole run would). A click in a part that a new server has never drawn (a restart, a
    failover) reruns the whole app instead (``internals.install_whole_app_reruns``).
    """

    @st.fragment
    @functools.wraps(body)
    def alone() -> None:
        touch()
        try:
            with suppress(PageEnd):
                body()
            if _part_runs_alone():
                state.finish()
        finally:
            touch()

    return alone


def _part_runs_alone() -> bool:
    return internals.fragment_rerun()


@contextmanager
def frame(pages, here=None):
    """Around the page: before it the stylesheet and what this run must say first; after it (so the page's own
    content, its chart above all, reaches the browser first) the sidebar, the hidden print footer and browser
    watcher, and the address, written once.

    A page that ends early (``end_page``) still gets them; data that cannot be shown gets the menu and nothing
    else (the page is not run).
    """
    run = current()
    _router.running = True  # the page runs inside the router (``ensure_router``)
    st.session_state.pop(ROUTER_RERUN, None)
    try:
        _before(run)
        if run.stop:
            _after(run, pages, here)
            st.stop()
        with suppress(PageEnd):
            yield
        _after(run, pages, here)
    finally:
        _router.running = False
        touch()  # the run is over: the warm-up's later steps wait a moment more (the browser draws now)


def _before(run) -> None:
    with st.container(key=css.STYLE_KEY):  # hidden on screen: our fixed CSS (the served page has it from its head)
        st.markdown(f"<style>{css.stylesheet(run.presenting)}</style>", unsafe_allow_html=True)
    if run.upload_gone:  # only to the browser that uploaded (its cookie names the upload: ``run.UPLOAD_COOKIE``)
        st.warning("**Your uploaded data set is gone:** an upload lives only in the browser session that made it and "
                   "is never saved or shared, so it is gone when that session ends or the server restarts. This page "
                   f"shows {md_escape(run.source)} instead. Upload your files again to see them.", icon="📤")
        st.page_link("pages/your_data.py", label="Upload your files again", icon="📤")
    elif run.upload_elsewhere:  # a link passed on: someone else's upload, never shared; a neutral line
        st.caption(f"This link named a data set uploaded in another browser; uploads are never shared, so this page "
                   f"shows {md_escape(run.source)}.")
    for headline, problems, fatal in run.problems:
        show_problems(list(problems), headline, fatal)
    for notice in run.notices:
        st.info(notice, icon="ℹ️")


def _after(run, pages, here) -> None:
    if not run.presenting:
        sidebar(pages, here)
    meta = run.dataset.meta if run.dataset is not None else {}
    with st.container(key=css.PRINT_FOOT_KEY):  # hidden on screen, printed at the foot
        st.markdown(css.print_footer(notices.source_plain(meta), current_link(),
                                     datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")), unsafe_allow_html=True)
    watch.watch(run.theme, run.scale if run.presenting else None, upload_mark())
    state.finish()


def page_link(page, label: str, icon: str | None = None, where=None) -> None:
    """A link to one of our pages (a file path or an ``st.Page``) that carries its last view and the app-wide
    settings, so a page switch and back shows the view the user left, in one history entry."""
    scope = Path(page).stem if isinstance(page, str) else (page.url_path or None)
    (where or st).page_link(_addressed(page), label=label, icon=icon, query_params=state.link_query(scope) or None)


def _addressed(page):
    """``page`` as a link whose ``href`` is its real address: Streamlit gives the landing page's link an empty one
    (``url_path`` ""), which "open in new tab", "copy link" and a middle click read as the page on screen."""
    if isinstance(page, str) or page.url_path:
        return page
    return internals.linked_page(page, "./")


def sidebar(pages, here=None) -> None:
    """The app's menu (links that keep each page's view: ``st.Page`` objects) and what the session shows.

    The page on screen (``here``) is marked as the current one and is not a link: a part of the page that reruns
    alone cannot redraw the sidebar, so a link to this page would carry the view of the last whole run, and a click
    on it would undo the changes made since.
    """
    run = current()
    with st.sidebar:
        for page in pages:
            if here is not None and page.url_path == here.url_path:
                st.page_link(_addressed(page), label=page.title, icon=page.icon, disabled=True)
            else:
                page_link(page, page.title, page.icon)
        st.divider()
        st.markdown("**How long does ketamine's pain relief last?**")
        st.caption("What one source claims, route by route, with its words beside every bar.")
        if run.dataset is not None:
            st.caption(notices.sidebar_summary(run.dataset.meta, run.dataset.claims, run.where))
        if run.lex and run.base is not None and not run.dataset.lexicon.equals(run.base.lexicon):
            st.caption("✏️ The lexicon readings are edited in this view (see Source & method).")


def _leave_presentation() -> None:
    state.set_app("present", None)
    state.set_app("notes", None)


def follow_along() -> None:
    """When presenting on an address the audience can reach (not loopback), a small QR code of this scene."""
    from .. import followalong

    link = current_link()
    if not presenting() or followalong.is_loopback(link):
        return
    with st.container(key="followalong"):
        st.image(followalong.qr_svg(followalong.audience_link(link)), width=round(112 * screen_scale()))
        st.caption("Follow along on your phone")


def exit_presentation_button() -> None:
    """Presentation mode keeps itself in the URL across pages; this (or Esc) leaves it."""
    if presenting():
        st.button("Exit presentation", key="present.exit", shortcut="Esc", type="tertiary",
                  on_click=_leave_presentation)


def present_button() -> None:
    """Enter presentation mode (the address carries it)."""
    st.button("Present full screen", key="talk.present", icon="🎬", on_click=state.set_app, args=("present", True))


def ensure_router() -> None:
    """Make sure ``app.py`` (the router) runs, even for a deep link that is a new server's first request.

    With a ``pages/`` folder beside the main script, Streamlit starts in its old folder-based navigation and, until
    ``st.navigation`` has run once in the process, serves a deep link such as ``/factors`` by running
    ``pages/factors.py`` alone (no page config, no router, the folder's file names as the menu;
    ``internals.TOUCHPOINTS``). Such a run is one where the page is not inside ``frame`` in this script thread:
    take Streamlit out of that navigation and rerun, through the router. The rerun is asked for once: if the run
    after it is again not the router's, this raises instead of rerunning for ever.
    """
    if getattr(_router, "running", False):
        return
    script = internals.main_script_path()
    if script is None or Path(script).name != "app.py":  # outside a run, or a page run on its own on purpose
        return
    if st.session_state.get(ROUTER_RERUN):
        st.session_state.pop(ROUTER_RERUN, None)
        raise RuntimeError("The router check asked for a rerun through app.py, and the run after it was again not "
                           "the router's: not rerunning again (relief/ui/internals.py: 'folder navigation').")
    st.session_state[ROUTER_RERUN] = True
    internals.leave_folder_navigation()
    st.rerun()
