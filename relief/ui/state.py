"""The address is the state: every scope's view read from the URL each run, written back once, links that carry it.

Two scopes per run: the app-wide settings (``urlstate.app_view``: present, notes, lex, data) and the page's own
(``urlstate.explorer_view`` and friends). The rules are pure functions in ``relief.urlstate``; this module only
keeps, in one session entry, what each scope last agreed with the address on and its current values, and talks
to ``st.query_params`` (one write per run, at its end, which Streamlit turns into one history entry).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from .. import urlstate as us
from ..article import md_escape
from ..urlstate import ViewSpec
from . import internals

STORE = "relief.urlstate"
APP = us.app_view()
# Widgets that show an app-wide setting: when the address moves the setting (Back, Forward), their own state is
# dropped so they redraw from it instead of writing their old edit back.
APP_WIDGETS = {"lex": "lexicon_editor"}


def _store() -> dict:
    store = st.session_state.get(STORE)
    if store is None:
        store = st.session_state[STORE] = {"seen": {}, "values": {}, "specs": {}, "defaults": {}, "page": None}
    return store


def query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _widget_key(spec: ViewSpec, name: str) -> str:
    return f"{spec.page}.{name}"


def _history_navigation() -> bool:
    """Whether this run answers the browser's Back or Forward (``internals.history_navigation``)."""
    return internals.history_navigation()


def bind_app() -> dict[str, Any]:
    """The app-wide settings for this run (called once, by the run context). Forgets last run's page."""
    store = _store()
    store["page"] = None
    store["address_only"] = False
    values, _ = APP.parse(us.scope_query(query(), APP.names))
    address = APP.encode(values)
    if us.address_wins(address, store["seen"].get(APP.page), _history_navigation()):
        before = store["values"].get(APP.page) or {}
        for name, widget in APP_WIDGETS.items():
            if before and before.get(name) != values[name]:
                st.session_state.pop(widget, None)
        store["values"][APP.page] = values
        store["seen"][APP.page] = address
    return dict(store["values"][APP.page])


def from_address_only() -> None:
    """This run's page view comes from the address alone, not from the browser's widgets (their data is gone)."""
    _store()["address_only"] = True


def set_app(name: str, value: Any) -> None:
    """Change an app-wide setting (from a callback or before ``st.rerun``); the address follows at the run's end."""
    store = _store()
    store["values"].setdefault(APP.page, APP.defaults())[name] = APP[name].default if value is None else value


def bind_view(spec: ViewSpec, known_elsewhere: frozenset[str] = frozenset()) -> None:
    """This page's view for this run: from the address when it moved (Back, Forward, a link), else the session's.

    Sets the page's widgets accordingly and says what in the address was not understood. On a session's first
    run of the page the address only gives the widgets their defaults: after a server restart the first run can
    carry a click the browser sent, and that click must win.
    """
    store = _store()
    parsed, ignored = spec.parse(query(), known_elsewhere | frozenset(APP.names))
    address = spec.encode(parsed)
    stored = store["values"].get(spec.page)
    store.setdefault("defaults", {})[spec.page] = None
    if stored is None or us.address_wins(address, store["seen"].get(spec.page), _history_navigation()):
        values = parsed
        if stored is None and not store.get("address_only"):
            store["defaults"][spec.page] = parsed
        else:
            for name, value in values.items():
                st.session_state[_widget_key(spec, name)] = value
        store["seen"][spec.page] = address
        if ignored:
            st.info("**Some link settings were not understood and were reset:**\n\n"
                    + "\n".join(f"- {md_escape(n)}" for n in ignored), icon="ℹ️")  # the address's own text
    else:
        values = {}
        for name in spec.names:  # the widgets hold the user's latest change; a page switch drops widget state
            key = _widget_key(spec, name)
            if key not in st.session_state:
                st.session_state[key] = stored[name]
            values[name] = st.session_state[key]
    store["values"][spec.page] = values
    store["specs"][spec.page] = spec
    store["page"] = spec.page


def default(spec: ViewSpec, name: str) -> Any:
    """The value a widget starts from when the session has not set it (its first run of the page), else None."""
    defaults = _store().get("defaults", {}).get(spec.page)
    return None if defaults is None else defaults[name]


def view_values(spec: ViewSpec) -> dict[str, Any]:
    """The page's view as its widgets now hold it (call after drawing them)."""
    store = _store()
    values = dict(store["values"][spec.page])
    for name in spec.names:
        key = _widget_key(spec, name)
        if key in st.session_state:
            values[name] = st.session_state[key]
    store["values"][spec.page] = values
    return dict(values)


def commit_view(spec: ViewSpec, values: dict[str, Any]) -> None:
    """The view this page shows (the address is written once, at the end of the run)."""
    _store()["values"][spec.page] = dict(values)


def nudge(spec: ViewSpec, name: str, by: int) -> None:
    """Callback: move a one-of setting ``by`` choices (the talk's scene), from what is shown now."""
    key = _widget_key(spec, name)
    stored = _store()["values"].get(spec.page) or spec.parse(query())[0]  # a new session: from the address
    st.session_state[key] = us.nudge(spec[name], st.session_state.get(key, stored[name]), by)


def wanted_query() -> dict[str, str]:
    """The address this run stands for: the app-wide settings and the page's view, encoded."""
    store = _store()
    wanted = APP.encode(store["values"].get(APP.page, APP.defaults()))
    page = store["page"]
    if page is not None:
        wanted.update(store["specs"][page].encode(store["values"][page]))
    return wanted


def finish() -> None:
    """Write the address once if it changed (Streamlit pushes one history entry; a replace during Back/Forward)."""
    store = _store()
    page = store["page"]
    owned = frozenset(APP.names) | (frozenset(store["specs"][page].names) if page else frozenset())
    wanted = us.next_query(query(), owned, wanted_query(), keep_others=page is None)
    if us.needs_write(query(), wanted):
        st.query_params.from_dict(wanted)
    store["seen"][APP.page] = APP.encode(store["values"].get(APP.page, APP.defaults()))
    if page is not None:
        store["seen"][page] = store["specs"][page].encode(store["values"][page])


def link_query(page: str | None) -> dict[str, str]:
    """What a link to ``page`` carries: the app-wide settings and the view the session last had there. The page on
    screen gets no link (``frame.sidebar``), so its view here is always one a finished run agreed on."""
    store = _store()
    app = APP.encode(store["values"].get(APP.page, APP.defaults()))
    return us.link_query(app, store["seen"].get(page, {}) if page else {})
