"""The per-run context: built once per run by ``app.py``, read by every page.

It holds what the run shows (data source, dataset with any lexicon edit, theme, presentation mode, the app-wide
settings from the address) and what the frame must say about it before the page (problems, notices).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

import streamlit as st

from .. import dataset as ds
from .. import library as lib
from ..article import md_escape
from . import internals, state
from .loading import _load, _with_folder, bundled_library, data_folder, data_key, edited, load_result, sources_folder
from .warmup import touch
from .watch import scheme, screen_scale

RUN_KEY = "relief.run"
UPLOAD_KEY = "upload.result"
UPLOAD_SIGNATURE = "upload.signature"
UPLOAD_FILES = "upload.files"
UPLOAD_LIBRARY = "upload.library"
# The browser that made an upload keeps its mark (the ``data=`` value) in this cookie, set by the app's browser
# script when a run shows the upload (``css.BROWSER_JS``): a later session of that browser (a reload, a reconnect
# after a restart) is told its upload is gone; anyone else opening the link was never told of an upload.
UPLOAD_COOKIE = "relief_uploads"
MARK = re.compile(r"[0-9a-f]{16}")  # an upload's mark: the first 16 hex digits of its files' digest (intake)


def uploads_of_this_browser() -> frozenset[str]:
    """The marks of the uploads this browser made (its cookie, sent with the session's connection)."""
    try:
        raw = st.context.cookies.get(UPLOAD_COOKIE) or ""
    except Exception:  # no cookies outside a browser's session (a bare script run)
        return frozenset()
    return frozenset(MARK.findall(raw))


@dataclass(frozen=True)
class Run:
    """One run of the app: what it shows and how."""

    source: str  # the data named for viewers (by its title, never a server path)
    dataset: ds.Dataset | None  # None when the data cannot be shown (``problems`` say why)
    base: ds.Dataset | None  # the data before any lexicon edit
    theme: str  # "light" or "dark", as the browser reports it
    presenting: bool
    notes: bool
    lex: str  # the lexicon edit in the address ("" for none)
    data_key: str  # which data views are built from (cache key)
    problems: tuple = ()  # (headline, problems, fatal) the frame shows: an error if fatal, else a warning
    notices: tuple = ()  # info lines the frame shows
    upload_gone: bool = False  # the address names an upload this browser made and no longer has (server restart)
    upload_elsewhere: bool = False  # the address names an upload made in another browser (a shared link)
    stop: bool = False  # the data could not be loaded: the frame stops the page
    where: str = "the bundled data"  # where the data comes from, in words (no title, no path)
    scale: float = 1.0  # presenting: the screen's size against a 1280×720 slide (``watch.screen_scale``)


def without_paths(problems, folder: str) -> list:
    """``problems`` as viewers may see them: a server path (the folder's, or any absolute one) is never shown; it
    becomes “the data folder”."""
    def hidden(file: str) -> bool:
        return file == folder or file.startswith(folder.rstrip("/") + "/") or os.path.isabs(file)

    return [replace(p, file="the data folder") if hidden(p.file) else p for p in problems]


def _marker(result: ds.LoadResult) -> str:
    return result.dataset.origin.split(":", 1)[-1]


def _title(result: ds.LoadResult) -> str:
    return (result.dataset.meta or {}).get("title") or "untitled source"


def start() -> Run:
    """Read the address, pick the data, apply the lexicon edit: once per run, before the page."""
    touch()  # a run is on: the warm-up's later steps wait
    app = state.bind_app()
    problems: list = []
    notices: list = []
    gone = elsewhere = False
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None and upload.ok:
        result, uploaded = upload, True
        source = f"your upload “{_title(upload)}” (this browser session only)"
        where = "your upload, this browser session only"
        state.set_app("data", _marker(upload))
    else:
        uploaded = False
        if app["data"]:
            # The upload lived in a server session that is gone (restart, another replica, a reload): said as gone
            # only to the browser that made it; a link passed on names someone else's upload.
            gone = app["data"] in uploads_of_this_browser()
            elsewhere = not gone
            state.set_app("data", None)
            state.from_address_only()  # the widgets the browser sends were built for the lost data
        folder = data_folder()
        result = _load(folder) if folder else None
        if result is not None and result.ok:
            source = f"the folder given to the server, “{_title(result)}”"
            where = "the data folder this server was started with"
        else:
            if result is not None:
                problems.append(("The data folder given to the server could not be used; showing the bundled "
                                 "data instead.", tuple(without_paths(result.problems, folder)), False))
            result = load_result()
            source = f"the bundled article “{_title(result)}”" if result.ok else "the bundled data"
            where = "the bundled data"
    theme = scheme()
    presenting = bool(app["present"])
    scale = screen_scale() if presenting else 1.0
    if not result.ok:
        problems.append(("The data could not be loaded, so this page cannot be shown.", result.problems, True))
        run = Run(source, None, None, theme, presenting, presenting and bool(app["notes"]), "", "", tuple(problems),
                  (), gone, elsewhere, stop=True, where=where, scale=scale)
        st.session_state[RUN_KEY] = run
        return run
    base = result.dataset
    dataset, lex = base, app["lex"]
    if lex:
        changed, understood = edited(base, lex, uploaded)
        if understood:
            notices.append("**Some edited readings in the link were not understood and were ignored:**\n\n"
                           + "\n".join(f"- {md_escape(n)}" for n in understood))  # they echo the link
        if changed.ok:
            dataset = changed.dataset
        else:
            problems.append(("The edited lexicon in the link is not valid; showing the readings from the data "
                             "instead.", changed.problems, False))
            state.set_app("lex", None)
            lex = ""
    run = Run(source, dataset, base, theme, presenting, presenting and bool(app["notes"]), lex,
              data_key(base.origin, lex), tuple(problems), tuple(notices), gone, elsewhere, where=where, scale=scale)
    st.session_state[RUN_KEY] = run
    return run


def upload_mark() -> str:
    """The mark of the upload this run shows ("" for none): the browser script keeps it in ``UPLOAD_COOKIE``."""
    upload = st.session_state.get(UPLOAD_KEY)
    return _marker(upload) if upload is not None and upload.ok else ""


def current() -> Run:
    """This run's context (``start`` ran in ``app.py``)."""
    return st.session_state[RUN_KEY]


# ---------------------------------------------------------------- the session's upload


def uploaded() -> ds.LoadResult | None:
    """The result of this session's last upload (valid or not), if any."""
    return st.session_state.get(UPLOAD_KEY)


def accept_upload(files) -> None:
    """Check newly chosen files (once per selection) and, when the selection changed, rerun to show them.

    The check runs within one upload's budget (``relief.budget``) and stops when this session ends; a check cut
    short because the connection dropped is not kept, so the rerun after a reconnect checks the files again."""
    from .. import budget, intake

    signature = tuple((f.name, f.size, f.file_id) for f in files)
    if st.session_state.get(UPLOAD_SIGNATURE) != signature:
        ended = internals.session_ended()
        result = intake.load_uploads(((f.name, f.size, f.getvalue) for f in files),
                                     budget.Budget(seconds=budget.CHECK_SECONDS, stop=ended))
        if ended():
            return  # nobody is left to see it
        st.session_state[UPLOAD_SIGNATURE] = signature
        st.session_state[UPLOAD_KEY] = result
        st.rerun()


def forget_upload() -> None:
    """Back to the folder's data: drop the upload, its check and the file picker's files."""
    for key in (UPLOAD_KEY, UPLOAD_SIGNATURE, UPLOAD_FILES, UPLOAD_LIBRARY):
        st.session_state.pop(key, None)
    state.set_app("data", None)
    st.rerun()


# ---------------------------------------------------------------- the sources compared


def library() -> tuple[str, lib.Library]:
    """The sources this run compares and a key naming them: the bundled library (read once per process), with
    the session's upload or the server's own data folder joined beside them."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None and upload.ok:
        origin = upload.dataset.origin
        kept = st.session_state.get(UPLOAD_LIBRARY)
        if kept is None or kept[0] != origin:  # joined once per upload, not on every run
            kept = st.session_state[UPLOAD_LIBRARY] = (origin, bundled_library().joined(upload.dataset, "upload"))
        return f"upload|{origin}", kept[1]
    folder = data_folder()
    run = current()
    if folder and run.base is not None and run.base.origin == folder:  # the server shows the folder it was given
        return f"server|{folder}", _with_folder(str(ds.BUNDLED), sources_folder(), folder)
    return f"bundled|{sources_folder()}", bundled_library()
