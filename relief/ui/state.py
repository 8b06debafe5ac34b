"""The address is the state: every scope's view read from the URL each run, written back once, links that carry it.

Two scopes per run: the app-wide settings (``urlstate.app_view``: present, notes, lex, data) and the page's own
(``urlstate.explorer_view`` and friends). The rules are pure functions in ``relief.urlstate``; this module only
keeps, in one session entry, what each scope last agreed with the address on and its current values, and talks
to ``st.query_params`` (one write per run, at its end, which Streamlit turns into one history entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class AddressStore:
    """What one session keeps about the address, per scope (``APP.page`` for the app-wide settings, a page's name
    for its view). Its rules (the functions below follow them; ``tests/unit/test_address_store.py`` states them):

    1. **The address wins on a first visit and on Back or Forward, nowhere else** (``takes_address``): a scope's
       view comes from the address on the session's first run of that scope, and when Back or Forward moved the
       address away from ``seen`` (what the scope last agreed with). Otherwise the session's ``values`` win, even
       over an address that differs: a click sent before the browser applied the last run's address carries the
       old address, and the click must win.
    2. **The widgets hold the latest change; the address is written once, from ``values``** (``agree``): a page's
       widgets are the truth for its fields (``view_values`` copies them into ``values``); at the run's end
       ``finish`` writes the address from ``values`` and records it as ``seen``, so the next run does not take
       its own write for a move.
    3. **A first visit only gives the widgets their start** (``defaults``): on a session's first run of a page,
       the address sets the widgets' default values rather than their state, so a click the browser sent with
       that run (after a server restart) still wins; unless ``address_only`` says the browser's widgets belong to
       data that is gone, when the address sets them outright.

    One page per run: ``page`` names the scope this run's page bound (``None`` until it does; reset each run).
    """

    seen: dict[str, dict] = field(default_factory=dict)  # scope -> the encoded address it last agreed with
    values: dict[str, dict] = field(default_factory=dict)  # scope -> the view the session shows
    specs: dict[str, ViewSpec] = field(default_factory=dict)  # page -> its view's spec (for writing it)
    defaults: dict[str, dict | None] = field(default_factory=dict)  # page -> the widgets' start, first visit only
    page: str | None = None  # the page this run bound
    address_only: bool = False  # this run's page view comes from the address alone (rule 3)

    def takes_address(self, scope: str, address: dict, history_navigation: bool) -> bool:
        """Rule 1: whether this run takes ``scope``'s view from ``address``."""
        return us.address_wins(address, self.seen.get(scope), history_navigation)

    def agree(self, scope: str, address: dict) -> None:
        """Rule 2: ``scope`` and the address agree on ``address`` now (it was read, or written at the run's end)."""
        self.seen[scope] = address

    def first_visit(self, page: str) -> bool:
        """Rule 3: whether the session has never shown ``page``'s view."""
        return page not in self.values


def _store() -> AddressStore:
    store = st.session_state.get(STORE)
    if not isinstance(store, AddressStore):
        store = st.session_state[STORE] = AddressStore()
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
    store.page = None
    store.address_only = False
    values, _ = APP.parse(us.scope_query(query(), APP.names))
    address = APP.encode(values)
    if store.takes_address(APP.page, address, _history_navigation()):
        before = store.values.get(APP.page) or {}
        for name, widget in APP_WIDGETS.items():
            if before and before.get(name) != values[name]:
                st.session_state.pop(widget, None)
        store.values[APP.page] = values
        store.agree(APP.page, address)
    return dict(store.values[APP.page])


def from_address_only() -> None:
    """This run's page view comes from the address alone, not from the browser's widgets (their data is gone)."""
    _store().address_only = True


def set_app(name: str, value: Any) -> None:
    """Change an app-wide setting (from a callback or before ``st.rerun``); the address follows at the run's end."""
    _store().values.setdefault(APP.page, APP.defaults())[name] = APP[name].default if value is None else value


def bind_view(spec: ViewSpec, known_elsewhere: frozenset[str] = frozenset()) -> None:
    """This page's view for this run: from the address when it moved (Back, Forward, a link), else the session's.

    Sets the page's widgets accordingly and says what in the address was not understood. On a session's first
    run of the page the address only gives the widgets their defaults: after a server restart the first run can
    carry a click the browser sent, and that click must win.
    """
    store = _store()
    parsed, ignored = spec.parse(query(), known_elsewhere | frozenset(APP.names))
    address = spec.encode(parsed)
    first = store.first_visit(spec.page)
    stored = store.values.get(spec.page)
    store.defaults[spec.page] = None
    if first or store.takes_address(spec.page, address, _history_navigation()):
        values = parsed
        if first and not store.address_only:
            store.defaults[spec.page] = parsed
        else:
            for name, value in values.items():
                st.session_state[_widget_key(spec, name)] = value
        store.agree(spec.page, address)
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
    store.values[spec.page] = values
    store.specs[spec.page] = spec
    store.page = spec.page


def default(spec: ViewSpec, name: str) -> Any:
    """The value a widget starts from when the session has not set it (its first run of the page), else None."""
    defaults = _store().defaults.get(spec.page)
    return None if defaults is None else defaults[name]


def view_values(spec: ViewSpec) -> dict[str, Any]:
    """The page's view as its widgets now hold it (call after drawing them)."""
    store = _store()
    values = dict(store.values[spec.page])
    for name in spec.names:
        key = _widget_key(spec, name)
        if key in st.session_state:
            values[name] = st.session_state[key]
    store.values[spec.page] = values
    return dict(values)


def commit_view(spec: ViewSpec, values: dict[str, Any]) -> None:
    """The view this page shows (the address is written once, at the end of the run)."""
    _store().values[spec.page] = dict(values)


def nudge(spec: ViewSpec, name: str, by: int) -> None:
    """Callback: move a one-of setting ``by`` choices (the talk's scene), from what is shown now."""
    key = _widget_key(spec, name)
    stored = _store().values.get(spec.page) or spec.parse(query())[0]  # a new session: from the address
    st.session_state[key] = us.nudge(spec[name], st.session_state.get(key, stored[name]), by)


def wanted_query() -> dict[str, str]:
    """The address this run stands for: the app-wide settings and the page's view, encoded."""
    store = _store()
    wanted = APP.encode(store.values.get(APP.page, APP.defaults()))
    page = store.page
    if page is not None:
        wanted.update(store.specs[page].encode(store.values[page]))
    return wanted


def finish() -> None:
    """Write the address once if it changed (Streamlit pushes one history entry; a replace during Back/Forward)."""
    store = _store()
    page = store.page
    owned = frozenset(APP.names) | (frozenset(store.specs[page].names) if page else frozenset())
    wanted = us.next_query(query(), owned, wanted_query(), keep_others=page is None)
    if us.needs_write(query(), wanted):
        st.query_params.from_dict(wanted)
    store.agree(APP.page, APP.encode(store.values.get(APP.page, APP.defaults())))
    if page is not None:
        store.agree(page, store.specs[page].encode(store.values[page]))


def link_query(page: str | None) -> dict[str, str]:
    """What a link to ``page`` carries: the app-wide settings and the view the session last had there. The page on
    screen gets no link (``frame.sidebar``), so its view here is always one a finished run agreed on."""
    store = _store()
    app = APP.encode(store.values.get(APP.page, APP.defaults()))
    return us.link_query(app, store.seen.get(page, {}) if page else {})
