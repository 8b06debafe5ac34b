"""What the browser knows and the server is not told: a change of colour scheme, a reconnect to a new server.

- ``st.context.theme`` is sent with each rerun but a change of ``prefers-color-scheme`` starts none, so the
  charts (drawn in our own template, not Streamlit's) kept the old theme's colours until the next click. The
  watcher listens to the media query, waits until Streamlit's page has switched theme (its background changes),
  and presses the hidden button of the new scheme, which reruns the app. If the viewer pinned a theme in
  Streamlit's settings the page does not switch, and nothing is pressed.
- After a server restart or a failover the page reconnects to a new session but shows the old run until a click.
  The watcher presses the button of the page's scheme once the connection is back, so the new session draws the
  view from the address at once (and says so if an uploaded data set is gone).

The script (``css.BROWSER_JS``, our own fixed text, no user input) is put into the page once by a hidden iframe,
so the page loads no component framework and no HTML sanitizer for it.
"""

from __future__ import annotations

import json

import streamlit as st

from .. import css

KEY = "relief-watch"  # the hidden box; its class also names the scheme this run's charts are drawn in
SCHEME = "relief.scheme"  # the scheme the watcher reported, for the run it started

# The iframe's page: put the script into the app's page, once per page load (the iframe may be drawn again).
_SCRIPT = json.dumps(css.BROWSER_JS).replace("</", "<\\/")  # a JS string literal; no "</script>" inside
_IFRAME = ("<script>(() => { const w = window.parent; if (w.__reliefBrowser) return; w.__reliefBrowser = true;"
           f" const s = w.document.createElement('script'); s.textContent = {_SCRIPT};"
           " w.document.head.appendChild(s); })();</script>")


def _remember(value: str) -> None:
    st.session_state[SCHEME] = value


def scheme() -> str:
    """The colour scheme this run draws in: the watcher's report on the run it started, else the browser's."""
    reported = st.session_state.pop(SCHEME, None)
    return reported or getattr(st.context.theme, "type", None) or "light"


def watch(drawn: str) -> None:
    """Mount the watcher (hidden; it draws nothing); ``drawn`` is the scheme this run's charts are drawn in."""
    with st.container(key=f"{KEY}-{drawn}"):
        for value in ("light", "dark"):
            st.button(value, key=f"relief-{value}", on_click=_remember, args=(value,))
        st.iframe(_IFRAME, height=1, tab_index=-1)
