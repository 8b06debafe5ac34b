"""A click in a part of the page this server does not know reruns the whole app instead of being dropped.

A part of a page that reruns alone (``st.fragment``) is known to the server only after a run drew it. After a
server restart or a failover to another replica, the browser still shows the old server's parts; a click in one
reaches a server that has never drawn it, and Streamlit 1.67 drops such a request ("The fragment with id … does
not exist anymore"): the control changes, the chart and the address do not. Here the request becomes a run of the
whole app with the browser's widget values, so the click counts, and the run draws the part anew.

Only Streamlit is imported, so ``serve.py`` installs this before the first browser connects.
"""

from __future__ import annotations

from streamlit.runtime.app_session import AppSession

_MARK = "_relief_unknown_fragment_runs_whole_app"


def whole_app_request(client_state, known) -> object:
    """The rerun request to act on: ``client_state`` unchanged, or for a fragment ``known`` says this server has
    never drawn, a copy that asks for the whole app (the same widget values, address and page)."""
    if client_state is None or not client_state.fragment_id or known(client_state.fragment_id):
        return client_state
    whole = type(client_state)()
    whole.CopyFrom(client_state)
    whole.ClearField("fragment_id")
    return whole


def install() -> None:
    """Patch ``AppSession.request_rerun`` once per process (idempotent)."""
    if getattr(AppSession.request_rerun, _MARK, False):
        return
    original = AppSession.request_rerun

    def request_rerun(self, client_state=None):
        return original(self, whole_app_request(client_state, self.has_fragment))

    setattr(request_rerun, _MARK, True)
    request_rerun.__doc__ = original.__doc__
    AppSession.request_rerun = request_rerun
