"""The Streamlit glue, by responsibility (everything else in ``relief`` is plain Python):

- ``run``: the per-run context (data source, dataset, theme, presentation mode, the app-wide settings), built
  once per run by ``app.py``; the session's upload.
- ``state``: the address is the state (each run reads every view from the URL, writes it back once, links carry it).
- ``loading``: cached loading of data folders, lexicon edits and built views.
- ``widgets``: URL-bound controls, charts, exports, tables, call-outs.
- ``frame``: the page protocol (``page``: router check, data, intro; ``settings``: the page's view bound to the
  address, its controls, the view kept); around the page: the stylesheet and what a run must say first; after
  the page the sidebar, the print footer, the watcher and the address; parts of a page that rerun alone; the
  router check, presentation buttons.
- ``watch``: rerun when the browser's colour scheme changes or the page reconnects to a new server.
- ``internals``: every touch of Streamlit's internals and its page's DOM, each with what it buys, the version it
  was checked on and the test that guards it; among them, a click in a part of the page a new server never drew
  reruns the whole app (no silent no-op).
- ``lexicon_editor`` and ``warmup``.

Pages use ``from relief import ui`` and the names below.
"""

from __future__ import annotations

from . import internals, state
from .frame import (
    data,
    end_page,
    exit_presentation_button,
    follow_along,
    frame,
    page,
    page_link,
    part,
    present_button,
    presenting,
    screen_scale,
    settings,
    show_notes,
    sidebar,
)
from .lexicon_editor import lexicon_editor
from .loading import VIEWS, _cached_view, _load, data_folder, load_result
from .run import UPLOAD_KEY, Run, accept_upload, current, forget_upload, library, start, uploaded
from .state import nudge
from .warmup import warm_up
from .widgets import (
    PLOTLY_CONFIG,
    chart,
    comparison,
    control,
    corrections,
    current_link,
    evidence_for,
    exports,
    markdown_table,
    page_intro,
    section,
    show_problems,
    source_note,
    studies,
    table_box,
    view,
)

__all__ = [
    "PLOTLY_CONFIG",
    "UPLOAD_KEY",
    "VIEWS",
    "Run",
    "_cached_view",
    "_load",
    "accept_upload",
    "chart",
    "comparison",
    "control",
    "corrections",
    "current",
    "current_link",
    "data",
    "data_folder",
    "end_page",
    "evidence_for",
    "exit_presentation_button",
    "exports",
    "follow_along",
    "forget_upload",
    "frame",
    "lexicon_editor",
    "library",
    "load_result",
    "markdown_table",
    "nudge",
    "page",
    "page_intro",
    "page_link",
    "part",
    "present_button",
    "presenting",
    "screen_scale",
    "section",
    "settings",
    "show_notes",
    "show_problems",
    "sidebar",
    "source_note",
    "start",
    "state",
    "studies",
    "table_box",
    "uploaded",
    "view",
    "warm_up",
]


internals.install_whole_app_reruns()  # under `streamlit run app.py` too (serve.py installs it before any session)
