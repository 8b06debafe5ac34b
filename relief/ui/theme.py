"""Redraw in the browser's colour scheme when it changes while the page is open.

``st.context.theme`` is sent with each rerun but a change of ``prefers-color-scheme`` starts none, so the charts
(drawn in our own template, not Streamlit's) kept the old theme's colours until the next click. A tiny
``st.components.v2`` component (our own fixed script, no user input) listens to the media query, waits until
Streamlit's page has switched theme (its background changes), and sends the new scheme, which reruns the app.
If the viewer pinned a theme in Streamlit's settings the page does not switch, and nothing is sent.
"""

from __future__ import annotations

import streamlit as st

KEY = "relief-theme-watch"
SCHEME = "relief.scheme"  # the scheme the watcher reported, for the run it starts

_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const app = () => document.querySelector('.stApp') || document.body;
  const scheme = () => {
    const rgb = (getComputedStyle(app()).backgroundColor.match(/[\\d.]+/g) || [255, 255, 255]).map(Number);
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128 ? 'dark' : 'light';
  };
  let shown = scheme();
  let timer = null;
  const changed = () => {
    clearInterval(timer);
    let tries = 0;
    timer = setInterval(() => {  // Streamlit switches its own theme on the same event; wait for the page
      const now = scheme();
      if (now !== shown || ++tries > 40) {
        clearInterval(timer);
        if (now !== shown) { shown = now; setTriggerValue('scheme', now); }
      }
    }, 50);
  };
  media.addEventListener('change', changed);
  return () => { clearInterval(timer); media.removeEventListener('change', changed); };
}
"""

_watcher = None


def _remember() -> None:
    value = getattr(st.session_state.get(KEY), "scheme", None)
    if value in ("light", "dark"):
        st.session_state[SCHEME] = value


def scheme() -> str:
    """The colour scheme this run draws in: the watcher's report on the run it started, else the browser's."""
    reported = st.session_state.pop(SCHEME, None)
    return reported or getattr(st.context.theme, "type", None) or "light"


def watch() -> None:
    """Mount the watcher (hidden; it draws nothing)."""
    global _watcher
    if _watcher is None:
        _watcher = st.components.v2.component("relief_theme_watch", js=_JS)
    with st.container(key=KEY + "-box"):
        _watcher(key=KEY, on_scheme_change=_remember)
