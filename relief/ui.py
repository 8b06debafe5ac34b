"""The one Streamlit glue module: cached loading, the shared page frame and URL-bound widgets.

Everything else in ``relief`` is plain Python; pages call these helpers to
read widgets and render, and the package to compute.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from . import charts, css, lexicon, notices, views
from . import dataset as ds
from . import evidence as ev
from .article import md_escape
from .durations import format_band
from .urlstate import FLAG, GLOBAL_KEYS, MANY, ViewSpec, is_on

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def chart(figure, key: str, where: Any = None, description: str | None = None) -> None:
    """A plotly figure as built by ``relief.charts`` (our own template, not Streamlit's), with its text alternative."""
    where = where or st
    where.plotly_chart(figure, key=key, config=PLOTLY_CONFIG, theme=None)
    if description:
        with where.expander("📝 This chart as text"):
            st.markdown(md_escape(description))


def style() -> charts.Style:
    """Chart colours for the browser's theme, with presentation-size type when presenting."""
    theme = getattr(st.context.theme, "type", None) or "light"
    return charts.style_for(theme, presenting())


def presenting() -> bool:
    _sync_globals()
    return is_on(st.session_state.get("global.present"))


def show_notes() -> bool:
    return presenting() and is_on(st.session_state.get("global.notes"))


def frame() -> None:
    """The app-wide stylesheets (``relief.css``: focus, phones, print, presentation) and the print footer."""
    result, _, _ = active_source()
    meta = result.dataset.meta if result.ok else {}
    with st.container(key=css.PRINT_FOOT_KEY):  # hidden on screen, so these take no room in the page
        st.markdown(f"<style>{css.stylesheet(presenting())}</style>", unsafe_allow_html=True)  # our fixed stylesheet
        st.html(css.PRINT_JS, unsafe_allow_javascript=True)  # our own fixed script: charts fit the paper in print
        st.html(css.print_footer(notices.source_plain(meta), current_link(),
                                 datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))


def _leave_presentation() -> None:
    set_global("present", None)
    set_global("notes", None)


def exit_presentation_button() -> None:
    """Presentation mode keeps itself in the URL across pages; this (or Esc) leaves it."""
    if presenting():
        st.button("Exit presentation", key="present.exit", shortcut="Esc", type="tertiary",
                  on_click=_leave_presentation)


def follow_along() -> None:
    """When presenting on an address the audience can reach (not loopback), a small QR code of this scene."""
    from . import followalong

    link = current_link()
    if not presenting() or followalong.is_loopback(link):
        return
    audience = followalong.audience_link(link)
    with st.container(key="followalong"):
        st.image(followalong.qr_svg(audience), width=112)
        st.caption("Follow along on your phone")


def current_link() -> str:
    """The address of this view, query included (st.context.url has no query)."""
    base = st.context.url or ""
    query = urlencode({k: st.query_params.get_all(k)[-1] for k in st.query_params})
    return f"{base}?{query}" if query else base


def exports(view, title: str, key: str, meta: dict) -> None:
    """Downloads of exactly what the view plots (CSV, PNG, SVG, offline HTML) and a link to copy.

    Files are built only when their button is pressed, off the page's own run, and
    the buttons are drawn only while the box is open: a closed box costs a
    toggle nothing.
    """
    box = st.expander("⬇️ Take this view away: data, image, offline page, link", key=f"exports.{key}",
                      on_change="rerun")
    if not box.open:
        return
    from . import exports as ex  # kaleido and friends stay off the start-up path

    link = current_link()
    about = ex.provenance(meta, view.reading, view.filters, link)
    stem = ex.file_stem(key, view.filters, view.reading)
    with box:
        dark = view.figure is not None and st.toggle(
            "Dark images", key=f"{key}.dark", help="Images and the offline page are drawn in the light export style "
                                                    "whatever this screen shows; this draws them dark instead.")
        look = charts.style_for("dark" if dark else "light")
        cols = st.columns(4)
        # on_click="ignore": a download must not rerun the page. A rerun replaces every button's file with a
        # new one, so a second and third download asked for before the browser had the new buttons found
        # their file gone ("Deferred file … not found") and never arrived.
        if view.table is not None:
            cols[0].download_button("Data (CSV)", lambda: ex.to_csv(view.table, about), f"{stem}.csv", "text/csv",
                                    key=f"{key}.csv", icon="📄", on_click="ignore")
        if view.figure is not None:
            images = ex.images_available()
            why = None if images else "Image export needs Chrome or Chromium on the server."

            def decorated():
                return ex.decorated(view.figure, title, about, look)

            def image(fmt: str):
                return lambda: ex.to_image(decorated(), fmt)

            cols[1].download_button("Image (PNG)", image("png"), f"{stem}.png", "image/png", on_click="ignore",
                                    key=f"{key}.png", icon="🖼️", disabled=not images, help=why)
            cols[2].download_button("Image (SVG)", image("svg"), f"{stem}.svg", "image/svg+xml", on_click="ignore",
                                    key=f"{key}.svg", icon="✒️", disabled=not images, help=why)
            cols[3].download_button("Offline page (HTML)", lambda: ex.to_html(decorated(), title, look),
                                    f"{stem}.html", "text/html", key=f"{key}.html", icon="🌐", on_click="ignore")
        st.markdown("**Link to this view** (the copy button is at the right of the box):")
        st.code(link, language=None, wrap_lines=True)
        st.caption("The files carry the source, the lexicon reading, the filters and the date; text cells that a "
                   "spreadsheet could run as a formula are prefixed with an apostrophe.")


UPLOAD_KEY = "upload.result"
LEX = "lex"


@st.cache_resource(show_spinner=False)
def _load(folder: str) -> ds.LoadResult:
    """Read and validate a folder once per process. Shared, not copied: nothing changes a loaded table in place."""
    return ds.load_folder(folder)


def data_folder() -> str | None:
    """The folder given with ``streamlit run app.py -- --data PATH`` (or ``RELIEF_DATA``), if any."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.data or os.environ.get("RELIEF_DATA") or None


def load_result() -> ds.LoadResult:
    """The bundled data, read and validated once per process."""
    return _load(str(ds.BUNDLED))


def active_source() -> tuple[ds.LoadResult, str, list]:
    """The data this session shows: its upload, else the ``--data`` folder, else the bundled data.

    Returns the result, a label for it, and the problems of a ``--data`` folder
    that could not be used (the bundled data is shown instead).
    """
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None and upload.ok:
        return upload, "your upload (this browser session only)", []
    folder = data_folder()
    if folder:
        result = _load(folder)
        if result.ok:
            return result, "the data folder this server was started with", []
        return load_result(), "the bundled data", result.problems
    return load_result(), "the bundled data", []


@st.cache_resource(show_spinner=False, max_entries=64)
def _edited(folder: str, lex: str) -> tuple[ds.LoadResult, list[str]]:
    return _edit_lexicon(_load(folder).dataset, lex)


def _edit_lexicon(dataset: ds.Dataset, lex: str) -> tuple[ds.LoadResult, list[str]]:
    overrides, notices = lexicon.parse_overrides(lex, set(dataset.lexicon["phrase"]))
    return ds.with_lexicon(dataset, lexicon.apply_overrides(dataset.lexicon, overrides)), notices


def data() -> ds.Dataset:
    """The validated dataset for this session, with any lexicon edit applied.

    Every page calls this first: it also makes sure the router ran and that the
    app-wide link parameters survive page changes. A broken ``--data`` folder or
    edit shows an error box and falls back, never a traceback.
    """
    _ensure_router()
    _sync_globals()
    result, label, folder_problems = active_source()
    if folder_problems:
        show_problems(folder_problems, "The data folder this server was started with could not be used; showing "
                                       "the bundled data instead.")
    if not result.ok:
        show_problems(result.problems, "The data could not be loaded, so this page cannot be shown.")
        st.stop()
    dataset = result.dataset
    lex = st.session_state.get(f"global.{LEX}")
    st.session_state[DATA_KEY] = _data_key(dataset.origin, lex)
    if lex:
        edited, notices = (_edit_lexicon(dataset, lex) if label.startswith("your upload")
                           else _edited(dataset.origin, lex))
        if notices:
            st.info("**Some edited readings in the link were not understood and were ignored:**\n\n"
                    + "\n".join(f"- {n}" for n in notices), icon="ℹ️")
        if edited.ok:
            return edited.dataset
        show_problems(edited.problems, "The edited lexicon in the link is not valid; showing the readings from the "
                                       "data instead.")
        set_global(LEX, None)
    return dataset


def _ensure_router() -> None:
    """Make sure ``app.py`` (the router) runs, even for a deep link that is a new server's first request.

    With a ``pages/`` folder beside the main script, Streamlit starts in its
    old folder-based navigation and, until ``st.navigation`` has run once in the
    process, serves a deep link such as ``/factors`` by running
    ``pages/factors.py`` alone (no page config, no router, the folder's file
    names as the menu). Detect that case by looking for the router in the call
    stack (exact, whatever ``serve.py``'s warm-up thread has done meanwhile) and
    rerun through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or _router_in_stack(ctx.pages_manager.main_script_path):
        return
    if Path(ctx.pages_manager.main_script_path).name == "app.py":  # not a page run on its own on purpose
        PagesManager.uses_pages_directory = False
        st.rerun()


def _router_in_stack(router: str) -> bool:
    """Whether this run is executing the router (the main script) somewhere up the call stack."""
    wanted = {router, os.path.abspath(router)}
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename in wanted:
            return True
        frame = frame.f_back
    return False


DATA_KEY = "data.key"


def _data_key(origin: str, lex: str | None) -> str:
    """Which data a view is built from: the folder (an upload's origin is its content hash) and the lexicon edit."""
    return f"{origin}|{lex or ''}"


def _settings_key(values) -> str:
    return json.dumps(values._asdict() if hasattr(values, "_asdict") else values, sort_keys=True, default=list)


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_view(kind: str, data_key: str, settings: str, theme: str, presenting_: bool, _dataset, _values):
    """Built views shared by every session with the same data and settings (never mutated after building).

    ``data_key`` and ``settings`` are only the cache key; the underscored arguments are not hashed.
    """
    build = VIEWS.get(kind)
    if build is None:
        raise ValueError(f"unknown view {kind!r}")
    return build(_dataset, _values, charts.style_for(theme, presenting_))


VIEWS = {"routes": views.routes, "factor": views.factor, "scene": views.scene, "overview": views.overview,
         "anatomy": views.anatomy, "mechanism": views.mechanism}


def view(kind: str, dataset: ds.Dataset, values) -> views.View:
    """``views.<kind>`` for these settings, built once per data, settings, theme and mode."""
    theme = getattr(st.context.theme, "type", None) or "light"
    return _cached_view(kind, st.session_state.get(DATA_KEY, ""), _settings_key(values), theme, presenting(), dataset,
                        values)


def set_global(key: str, value: str | None) -> None:
    """Set (or clear, with None) an app-wide link parameter, in the session and in the URL."""
    if value:
        st.session_state[f"global.{key}"] = value
        st.query_params[key] = value
    else:
        st.session_state.pop(f"global.{key}", None)
        if key in st.query_params:
            del st.query_params[key]


def _sync_globals() -> None:
    """The URL wins when it has an app-wide parameter; otherwise the session puts it back (page changes drop it)."""
    for key in GLOBAL_KEYS:
        stored = f"global.{key}"
        if key in st.query_params:
            st.session_state[stored] = st.query_params[key]
        elif st.session_state.get(stored):
            st.query_params[key] = st.session_state[stored]


def show_problems(problems: list, headline: str) -> None:
    lines = "\n".join(f"- {p.sentence()}" for p in problems[:50])
    more = f"\n\n…and {len(problems) - 50} more." if len(problems) > 50 else ""
    st.error(f"**{headline}**\n\n{lines}{more}", icon="🚫")


def source_note(meta: dict) -> None:
    st.markdown(f":small[{notices.source_note(meta)}]")


def page_intro(title: str, lead: str, meta: dict) -> None:
    """Title, the source / not-medical-advice note, and one line saying what the page is for."""
    st.title(title)
    source_note(meta)
    st.markdown(lead)


def sidebar() -> None:
    result, label, _ = active_source()
    with st.sidebar:
        st.markdown("**How long does ketamine's pain relief last?**")
        st.caption("What one source claims, route by route, with its words beside every bar.")
        if result.ok:
            st.caption(notices.sidebar_summary(result.dataset.meta, result.dataset.claims, label))
        if st.session_state.get(f"global.{LEX}"):
            st.caption("✏️ The lexicon readings are edited in this view (see Source & method).")


def corrections(notes: list[dict], where: Any = None) -> None:
    """'Where the article goes wrong' call-outs, each with links to its sources."""
    for note in notes:
        sources = ", ".join(
            f"[{md_escape(cite)}]({link})" + (" (seen second-hand)" if status == "SECONDARY" else "")
            for _, cite, link, status in note["sources"])
        (where or st).warning(f"**Where the article goes wrong: {md_escape(note['title'])}.** "
                              f"{md_escape(note['text'])}  \nSources: {sources}", icon="🔎")


def evidence_for(dataset: ds.Dataset, kind: str, link_column: str, row_id: str, label: str) -> None:
    """Under one factor or mechanism: where the article goes wrong about it, and the studies linked to it."""
    corrections(ev.corrections_for(dataset, kind, row_id))
    linked = ev.evidence_linked(dataset, link_column, row_id)
    if not linked.empty:
        with st.expander(f"{label} ({len(linked)} studies)"):
            studies(ev.studies_table(linked), f"{kind}_studies_{row_id}")


def markdown_table(table, bold: tuple[str, ...] = (), where: Any = None) -> None:
    """A small table as markdown (``views.markdown_table``): wraps long text, reads at full contrast."""
    (where or st).markdown(views.markdown_table(table, bold))


def studies(table, key: str, where: Any = None) -> None:
    """A table of studies (``evidence.studies_table``) with clickable links."""
    (where or st).dataframe(table.drop(columns=["Id"]), hide_index=True, key=key,
                            column_config={"Link": st.column_config.LinkColumn("Link", display_text="open source"),
                                           "Finding": st.column_config.TextColumn("Finding", width="large")})


# ---------------------------------------------------------------- URL-bound view state


def _key(spec: ViewSpec, name: str) -> str:
    return f"{spec.page}.{name}"


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def bind_view(spec: ViewSpec, known_elsewhere: frozenset[str] = frozenset()) -> None:
    """Seed this page's widgets from the URL (once per visit) and say what was ignored."""
    values, ignored = spec.parse(_query(), known_elsewhere)
    for name, value in values.items():
        st.session_state.setdefault(_key(spec, name), value)
    if ignored:
        st.info("**Some link settings were not understood and were reset:**\n\n"
                + "\n".join(f"- {n}" for n in ignored), icon="ℹ️")


def control(spec: ViewSpec, name: str, where: Any = None, style: str | None = None) -> Any:
    """Render the widget for one field; its value lives in session state under the page's key."""
    where = where or st
    f = spec[name]
    key = _key(spec, name)
    def label(code: str) -> str:  # option labels render markdown; data-derived ones must stay text
        return md_escape(f.label_of(code))

    if f.kind == FLAG:
        return where.toggle(f.label, key=key, help=f.help or None)
    if f.kind == MANY:
        return where.pills(f.label, f.choices, selection_mode="multi", format_func=label, key=key,
                           help=f.help or None)
    widget = where.pills if style == "pills" else where.segmented_control
    return widget(f.label, f.choices, selection_mode="single", required=True, format_func=label, key=key,
                  help=f.help or None)


def view_values(spec: ViewSpec) -> dict[str, Any]:
    values = spec.defaults()
    for name in spec.names:
        values[name] = st.session_state.get(_key(spec, name), values[name])
    return values


def commit_view(spec: ViewSpec, values: dict[str, Any], keep: frozenset[str] = GLOBAL_KEYS) -> None:
    """Write the view to the URL (only when it changed), keeping the app-wide parameters in ``keep``."""
    current = _query()
    wanted: dict[str, Any] = {k: v for k, v in current.items() if k in keep}
    wanted.update(spec.encode(values))
    normalised = {k: (v[-1] if isinstance(v, list) and len(v) == 1 else v) for k, v in current.items()}
    if normalised != wanted:
        st.query_params.from_dict(wanted)


def lexicon_editor(current: ds.Dataset) -> None:
    """The lexicon as an editable table; a valid edit goes to the URL and every chart, an invalid one is refused."""
    base, _, _ = active_source()
    base = base.dataset
    shown = current.lexicon.assign(
        band=[format_band(a, b) for a, b in zip(current.lexicon["conservative_hours"],
                                                current.lexicon["generous_hours"], strict=True)])
    number = {"min_value": None, "format": "%g", "required": True}
    edited = st.data_editor(
        shown[["phrase", "conservative_hours", "central_hours", "generous_hours", "band", "rationale"]],
        key="lexicon_editor", hide_index=True, num_rows="fixed", disabled=["phrase", "band", "rationale"],
        column_config={"phrase": "phrase",
                       "conservative_hours": st.column_config.NumberColumn("conservative (h)", **number),
                       "central_hours": st.column_config.NumberColumn("central (h)", **number),
                       "generous_hours": st.column_config.NumberColumn("generous (h)", **number),
                       "band": "band (words)", "rationale": st.column_config.TextColumn("rationale", width="large")})
    overrides = lexicon.overrides_from(base.lexicon, edited)
    wanted = lexicon.encode_overrides(overrides)
    if wanted != (st.session_state.get(f"global.{LEX}") or ""):
        checked = ds.with_lexicon(base, lexicon.apply_overrides(base.lexicon, overrides))
        if checked.ok:
            set_global(LEX, wanted or None)
            st.rerun()
        show_problems(checked.errors, "That edit was not applied:")
    if st.session_state.get(f"global.{LEX}"):
        st.caption(f"Edited in this view: {md_escape(', '.join(overrides) or 'none')}.")
        if st.button("Reset to the readings in the data", key="lexicon_reset", icon="↩️"):
            set_global(LEX, None)
            st.session_state.pop("lexicon_editor", None)
            st.rerun()


def warm_up() -> None:
    """Do before the first visitor what the first visit would do: imports, data, the default chart.

    Called once in a background thread by ``serve.py``. Also takes Streamlit
    out of its folder-based navigation, which ``app.py`` replaces anyway.
    """
    from streamlit.runtime.pages_manager import PagesManager

    from . import exports, urlstate  # noqa: F401  (imported for their side effect: loaded modules)

    PagesManager.uses_pages_directory = False
    folder = data_folder() or str(ds.BUNDLED)
    result = _load(folder)
    if not result.ok:
        return
    dataset = result.dataset
    explorer = urlstate.explorer_view(dataset.claims, with_evidence=dataset.evidence is not None).defaults()
    for kind, values in (("overview", {}), ("anatomy", {}), ("routes", explorer)):  # the landing page, then the tool
        built = _cached_view(kind, _data_key(dataset.origin, None), _settings_key(values), "light", False, dataset,
                             values)
        if built.figure is not None:
            built.figure.to_json()  # plotly's JSON encoder, as st.plotly_chart will use it
