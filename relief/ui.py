"""The one Streamlit glue module: cached loading, the shared page frame and URL-bound widgets.

Everything else in ``relief`` is plain Python; pages call these helpers to
read widgets and render, and the package to compute.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from . import dataset as ds
from . import notices
from .article import md_escape
from .urlstate import FLAG, GLOBAL_KEYS, MANY, ViewSpec

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def chart(figure, key: str, where: Any = None) -> None:
    """A plotly figure as built by ``relief.charts`` (our own template, not Streamlit's)."""
    (where or st).plotly_chart(figure, key=key, config=PLOTLY_CONFIG, theme=None)


@st.cache_data(show_spinner=False)
def _load(folder: str) -> ds.LoadResult:
    return ds.load_folder(folder)


def load_result() -> ds.LoadResult:
    """The bundled data, read and validated once per process."""
    return _load(str(ds.BUNDLED))


def _ensure_router() -> None:
    """Make sure ``app.py`` (the router) runs, even for a deep link that is a new server's first request.

    With a ``pages/`` folder beside the main script, Streamlit starts in its
    old folder-based navigation and, until ``st.navigation`` has run once in the
    process, serves a deep link such as ``/factors`` by running
    ``pages/factors.py`` alone (no page config, no router, the folder's file
    names as the menu). Detect that case and rerun through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def data() -> ds.Dataset:
    """The validated dataset, or an error box naming file, row and column, then stop.

    Every page calls this first; it also makes sure the router ran.
    """
    _ensure_router()
    result = load_result()
    if not result.ok:
        show_problems(result.problems, "The data could not be loaded, so this page cannot be shown.")
        st.stop()
    return result.dataset


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


def sidebar(result: ds.LoadResult) -> None:
    with st.sidebar:
        st.markdown("**How long does ketamine's pain relief last?**")
        st.caption("What one article claims, route by route, with its words beside every bar.")
        if result.ok:
            claims = result.dataset.claims
            st.caption(f"Data: {len(claims)} duration claims over {claims['route'].nunique()} routes, "
                       "each with its verbatim quote.")


def corrections(notes: list[dict], where: Any = None) -> None:
    """'Where the article goes wrong' call-outs, each with links to its sources."""
    for note in notes:
        sources = ", ".join(
            f"[{md_escape(cite)}]({link})" + (" (seen second-hand)" if status == "SECONDARY" else "")
            for _, cite, link, status in note["sources"])
        (where or st).warning(f"**Where the article goes wrong: {md_escape(note['title'])}.** "
                              f"{md_escape(note['text'])}  \nSources: {sources}", icon="🔎")


def markdown_table(table, bold: tuple[str, ...] = (), where: Any = None) -> None:
    """A small table as markdown: wraps long text, reads at full contrast; every cell escaped."""
    def cell(column: str, value: Any) -> str:
        text = md_escape(value).replace("\n", " ")
        return f"**{text}**" if column in bold else text

    header = "| " + " | ".join(md_escape(c) for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = ["| " + " | ".join(cell(c, v) for c, v in zip(table.columns, row, strict=True)) + " |"
            for row in table.itertuples(index=False)]
    (where or st).markdown("\n".join([header, rule, *rows]))


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
    if f.kind == FLAG:
        return where.toggle(f.label, key=key, help=f.help or None)
    if f.kind == MANY:
        return where.pills(f.label, f.choices, selection_mode="multi", format_func=f.label_of, key=key,
                           help=f.help or None)
    widget = where.pills if style == "pills" else where.segmented_control
    return widget(f.label, f.choices, selection_mode="single", required=True, format_func=f.label_of, key=key,
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
