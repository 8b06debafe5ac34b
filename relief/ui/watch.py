"""What the browser knows and the server is not told: a change of colour scheme, a reconnect to a new server.

- ``st.context.theme`` is sent with each rerun but a change of ``prefers-color-scheme`` starts none, so the
  charts (drawn in our own template, not Streamlit's) kept the old theme's colours until the next click. The
  watcher listens to the media query, waits until Streamlit's page has switched theme (its background changes),
  and sends the new scheme, which reruns the app. If the viewer pinned a theme in Streamlit's settings the page
  does not switch, and nothing is sent.
- After a server restart or a failover the page reconnects to a new session but shows the old run until a click.
  The watcher reruns the app once the connection is back, so the new session draws the view from the address
  at once (and says so if an uploaded data set is gone).

It is a tiny ``st.components.v2`` component: our own fixed script, no user input, hidden, drawing nothing.
"""

from __future__ import annotations

import streamlit as st

KEY = "relief-browser-watch"
SCHEME = "relief.scheme"  # the scheme the watcher reported, for the run it starts

_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const app = () => document.querySelector('.stApp') || document.body;
  const scheme = () => {
    const rgb = (getComputedStyle(app()).backgroundColor.match(/[\\d.]+/g) || [255, 255, 255]).map(Number);
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128 ? 'dark' : 'light';
  };
  let shown = data || scheme();  // the scheme the server drew this run in
  let timer = null;
  const changed = (patience = 40) => {
    clearInterval(timer);
    let tries = 0;
    timer = setInterval(() => {  // Streamlit switches its own theme on the same event; wait for the page
      const now = scheme();
      if (now !== shown || ++tries > patience) {
        clearInterval(timer);
        if (now !== shown) { shown = now; setTriggerValue('scheme', now); }
      }
    }, 50);
  };
  const onChange = () => changed();
  media.addEventListener('change', onChange);
  changed(4);  // a change before this script loaded: the page is already in the other scheme
  const root = document.querySelector('[data-testid=stApp]');
  let lost = false;
  const observer = new MutationObserver(() => {
    const state = root.dataset.testConnectionState;
    if (state && state !== 'CONNECTED') lost = true;
    else if (state === 'CONNECTED' && lost) { lost = false; setTriggerValue('reconnected', Date.now()); }
  });
  if (root) observer.observe(root, { attributes: true, attributeFilter: ['data-test-connection-state'] });
  return () => { clearInterval(timer); observer.disconnect(); media.removeEventListener('change', onChange); };
}
"""

_watcher = None


def _remember() -> None:
    value = getattr(st.session_state.get(KEY), "scheme", None)
    if value in ("light", "dark"):
        st.session_state[SCHEME] = value


def _nothing() -> None:
    """A reconnect needs no more than the rerun it starts."""


def scheme() -> str:
    """The colour scheme this run draws in: the watcher's report on the run it started, else the browser's."""
    reported = st.session_state.pop(SCHEME, None)
    return reported or getattr(st.context.theme, "type", None) or "light"


def watch(drawn: str) -> None:
    """Mount the watcher (hidden; it draws nothing); ``drawn`` is the scheme this run's charts are drawn in."""
    global _watcher
    if _watcher is None:
        _watcher = st.components.v2.component("relief_browser_watch", js=_JS)
    with st.container(key=KEY + "-box"):
        _watcher(key=KEY, data=drawn, on_scheme_change=_remember, on_reconnected_change=_nothing)
