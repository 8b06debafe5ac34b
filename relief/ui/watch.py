"""What the browser knows and the server is not told: a change of colour scheme, a reconnect to a new server.

- ``st.context.theme`` is sent with each rerun but a change of ``prefers-color-scheme`` starts none, so the
  charts (drawn in our own template, not Streamlit's) kept the old theme's colours until the next click. The
  watcher listens to the media query, waits until Streamlit's page has switched theme (its background changes),
  and presses the hidden button of the new scheme, which reruns the app. If the viewer pinned a theme in
  Streamlit's settings the page does not switch, and nothing is pressed.
- After a server restart or a failover the page reconnects to a new session but shows the old run until a click.
  The watcher presses the button of the page's scheme once the connection is back, so the new session draws the
  view from the address at once (and says so if an uploaded data set is gone).

The script (``css.BROWSER_JS``, our own fixed text, no user input) runs in the page itself through
``st.html(..., unsafe_allow_javascript=True)``, once per page load (``internals.script_tag``): no iframe reaching
into its parent, no component framework (the sanitizer it passes is in Streamlit's main bundle anyway).
"""

from __future__ import annotations

import streamlit as st

from .. import css
from .internals import script_tag

KEY = "relief-watch"  # the hidden box; its class also names the scheme this run's charts are drawn in
SCHEME = "relief.scheme"  # the scheme the watcher reported, for the run it started
SCALE = "relief.scale"  # presenting: the screen's scale the watcher reported, in halves (2 = 1x ... 6 = 3x)
SCALES = (2, 3, 4, 6)  # 1x (up to 1280×720), 1.5x (1920×1080), 2x (2560×1440), 3x (3840×2160)

SCRIPT = script_tag(css.BROWSER_JS)  # run once per page load (the element is drawn again on a page switch)


def _remember(value: str) -> None:
    st.session_state[SCHEME] = value


def scheme() -> str:
    """The colour scheme this run draws in: the watcher's report on the run it started, else the browser's."""
    reported = st.session_state.pop(SCHEME, None)
    return reported or getattr(st.context.theme, "type", None) or "light"


def screen_scale() -> float:
    """Presenting: how much larger than a 1280×720 slide the screen is (1, 1.5, 2 or 3), as the watcher last
    reported it for this session; 1 until it has."""
    return st.session_state.get(SCALE, 2) / 2


def _scaled(halves: int) -> None:
    st.session_state[SCALE] = halves


def watch(drawn: str, scale: float | None = None, upload: str = "") -> None:
    """Mount the watcher (hidden; it draws nothing); ``drawn`` is the scheme this run's charts are drawn in.

    Presenting (``scale`` given: the screen scale this run drew at), the watcher also compares the screen with a
    1280×720 slide and, on a larger screen (a 1080p or 4K projector), presses the button of its scale: the slide's
    chart, its type and the audience's code are drawn again for that screen, at their true size (not magnified,
    so hovering still works), on load and on a resize. ``upload``: the mark of the upload this run shows (hex),
    named in the box's class so the script keeps it in the browser's cookie (``run.UPLOAD_COOKIE``)."""
    with st.container(key=f"{KEY}-{drawn}" + (f"-upload-{upload}" if upload else "")):
        for value in ("light", "dark"):
            st.button(value, key=f"relief-{value}", on_click=_remember, args=(value,))
        if scale is not None:
            with st.container(key=f"relief-scale-drawn-{round(scale * 2)}"):
                for halves in SCALES:
                    st.button(str(halves), key=f"relief-scale-{halves}", on_click=_scaled, args=(halves,))
        st.html(SCRIPT, unsafe_allow_javascript=True)
