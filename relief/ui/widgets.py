"""Widgets and rendering: URL-bound controls, charts with their text, exports, tables, call-outs, problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from .. import charts, css, notices, views
from .. import dataset as ds
from .. import evidence as ev
from ..article import md_escape
from ..urlstate import FLAG, MANY, ViewSpec
from . import state
from .loading import (
    _cached_comparison,
    _cached_selection,
    _cached_view,
    build_view,
    from_upload,
    selection_key,
    session_cached,
    settings_key,
    shared_comparison,
)
from .run import current

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def control(spec: ViewSpec, name: str, where: Any = None, style: str | None = None) -> Any:
    """Render the widget for one field of a page's view (``state.bind_view`` has set its value)."""
    where = where or st
    f = spec[name]
    key = f"{spec.page}.{name}"
    start = state.default(spec, name)  # only on the session's first run of the page (else the session holds it)

    def label(code: str) -> str:  # option labels render markdown; data-derived ones must stay text
        return md_escape(f.label_of(code))

    if f.kind == FLAG:
        return where.toggle(f.label, value=bool(start), key=key, help=f.help or None)
    if f.kind == MANY:
        return where.pills(f.label, f.choices, selection_mode="multi", default=start, format_func=label, key=key,
                           help=f.help or None)
    widget = where.pills if style == "pills" else where.segmented_control
    return widget(f.label, f.choices, selection_mode="single", required=True, default=start, format_func=label,
                  key=key, help=f.help or None)


def view(kind: str, dataset: ds.Dataset, values) -> views.View:
    """``views.<kind>`` for these settings, built once per data, settings, theme and mode."""
    run = current()
    settings = settings_key(values)
    if from_upload(run.data_key):  # an upload's views stay in its session and go with it
        return session_cached(("view", kind, run.data_key, settings, run.theme, run.presenting, run.scale),
                              lambda: build_view(kind, dataset, values, run.theme, run.presenting, run.scale))
    return _cached_view(kind, run.data_key, settings, run.theme, run.presenting, dataset, values, run.scale)


def comparison(library: tuple, values):
    """``compare.build`` for these sources and settings (``run.library()`` gives ``library``), built once per
    sources, settings, theme and mode."""
    run = current()
    key, sources = library
    if from_upload(key):  # the upload's comparison stays in its session and goes with it
        chosen = session_cached(("selection", key, selection_key(values)),
                                lambda: _cached_selection.__wrapped__(key, selection_key(values), sources, values))
        return session_cached(("comparison", key, settings_key(values), run.theme, run.presenting, run.scale),
                              lambda: _cached_comparison.__wrapped__(key, settings_key(values), run.theme,
                                                                     run.presenting, sources, values, run.scale,
                                                                     chosen))
    return shared_comparison(key, sources, values, run.theme, run.presenting, run.scale)


def chart(figure, key: str, where: Any = None, description: str | None = None) -> None:
    """A plotly figure as built by ``relief.charts`` (our own template, not Streamlit's), with its text alternative."""
    where = where or st
    where.plotly_chart(figure, key=key, config=PLOTLY_CONFIG, theme=None)
    if description:
        with where.expander("📝 This chart as text"):
            st.markdown(md_escape(description))


def current_link() -> str:
    """The address of this view, query included (st.context.url has no query): what the run writes at its end."""
    base = st.context.url or ""
    query = urlencode(state.wanted_query())
    return f"{base}?{query}" if query else base


def exports(view, title: str, key: str, meta: dict, sources: str = "") -> None:
    """Downloads of exactly what the view plots (CSV, PNG, SVG, offline HTML) and a link to copy.

    Files are built only when their button is pressed, off the page's own run, and
    the buttons are drawn only while the box is open: a closed box costs a
    toggle nothing.
    """
    box = st.expander("⬇️ Take this view away: data, image, offline page, link", key=f"exports.{key}",
                      on_change="rerun")
    if not box.open:
        return
    from .. import exports as ex  # kaleido and friends stay off the start-up path

    link = current_link()
    about = ex.provenance(meta, view.reading, view.filters, link, sources=sources)
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
            status = ex.image_status()
            images, why = status.ok, status.reason or None

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
            if why:  # said in the page, not only on hover: a keyboard or touch user reads it too
                st.caption(f"🖼️ {why}")
        st.markdown("**Link to this view** (the copy button is at the right of the box):")
        st.code(link, language=None, wrap_lines=True)
        st.caption("The files carry the source, the lexicon reading, the filters and the date; text cells that a "
                   "spreadsheet could run as a formula are prefixed with an apostrophe.")


FIRST_PROBLEMS = 3  # problems shown in a warning before the rest are folded


def show_problems(problems: list, headline: str, fatal: bool = True) -> None:
    """Located problems under a headline: an error when nothing can be shown, a warning when the page goes on with
    other data (a server's broken data folder, a lexicon edit in the link that is not valid)."""
    lines = "\n".join(f"- {md_escape(p.sentence())}" for p in problems[:50])  # messages quote the data
    more = f"\n\n…and {len(problems) - 50} more." if len(problems) > 50 else ""
    if fatal:
        st.error(f"**{headline}**\n\n{lines}{more}", icon="🚫")
        return
    # The page goes on: the first few problems in the warning, the rest folded, so the page is not pushed away.
    first = "\n".join(f"- {md_escape(p.sentence())}" for p in problems[:FIRST_PROBLEMS])
    rest = len(problems) - FIRST_PROBLEMS
    st.warning(f"**{headline}**\n\n{first}" + (f"\n\n…and {rest} more, listed below." if rest > 0 else ""),
               icon="⚠️")
    if rest > 0:
        with st.expander(f"All {len(problems)} problems"):
            st.markdown(f"{lines}{more}")


def source_note(meta: dict) -> None:
    st.markdown(f":small[{notices.source_note(meta)}]")


def page_intro(title: str, lead: str, meta: dict, note: str = "") -> None:
    """Title, the source / not-medical-advice note, and one line saying what the page is for. ``note``: the note
    of a view of several sources (``notices.sources_note``), said instead of the one source's."""
    st.title(title)
    if note:
        st.markdown(f":small[{note}]")
    else:
        source_note(meta)
    st.markdown(lead)


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
        with st.expander(f"{label} ({ev.publications_and_cohorts(linked)})"):
            studies(ev.studies_table(linked), f"{kind}_studies_{row_id}")


def markdown_table(table, label: str, bold: tuple[str, ...] = (), where: Any = None) -> None:
    """A small table as markdown (``views.markdown_table``): wraps long text, reads at full contrast, scrolls
    sideways in its own box named ``label`` when wider than the page (``table_box``). At most
    ``views.SHOWN_ROWS`` rows are sent; when there are more, the page says so."""
    where = where or st
    shown, cut = views.first_rows(table)
    table_box(views.markdown_table(shown, bold, breaks=True), label, wide=views.wide_columns(shown), where=where)
    if cut:
        where.caption(cut)


def section(sections: Mapping[str, tuple[str, str]], name: str) -> None:
    """The heading of the section ``name`` of a long page, with the anchor its "On this page" line links to
    (``views.sections``)."""
    title, anchor = sections[name]
    st.header(title, anchor=anchor)


def table_box(markdown: str, label: str, *, wide: tuple[int, ...], where: Any = None) -> None:
    """A markdown table in its own box that scrolls sideways, a region named ``label``, its columns of long text
    ``wide`` kept wide (``views.scroll_box``). ``wide`` has no default: a table boxed without its
    ``views.wide_columns`` (or a view's ``wide_columns``) would squeeze its quotes to their longest word."""
    (where or st).markdown(views.scroll_box(markdown, label, wide), unsafe_allow_html=True)


def studies(table, key: str, where: Any = None) -> None:
    """A table of studies (``evidence.studies_table``) with clickable links, and its plain copy for paper.

    The grid on screen is a canvas that prints only the rows in its scroll box, with columns cut at the page's
    edge; printed, the plain copy (every row, columns that wrap, rows never split) stands in its place
    (``css.PRINT_COPY_PREFIX``)."""
    where = where or st
    shown, cut = views.first_rows(table.drop(columns=["Id"]))  # at most views.SHOWN_ROWS rows, said when cut
    if cut:
        where.caption(cut)
    where.dataframe(shown, hide_index=True, key=key,
                    column_config={"Link": st.column_config.LinkColumn("Link", display_text="open source"),
                                   "Finding": st.column_config.TextColumn("Finding", width="large")})
    where.container(key=f"{css.PRINT_COPY_PREFIX}{key}").markdown(views.markdown_table(shown))
