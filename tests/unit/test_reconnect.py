"""The reconnect rule: a rerun request for a part of the page this server never drew becomes a whole-app run."""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

from relief.ui import internals


def _click(fragment_id: str = "") -> ClientState:
    state = ClientState(query_string="axis=linear", page_name="explorer", fragment_id=fragment_id)
    widget = state.widget_states.widgets.add()
    widget.id, widget.bool_value = "$$ID-quotes", False
    return state


def test_a_click_in_a_part_this_server_never_drew_becomes_a_whole_app_run_with_the_same_values():
    click = _click("part-of-the-old-server")
    whole = internals.whole_app_request(click, known=lambda _: False)
    assert whole.fragment_id == ""
    assert whole.query_string == "axis=linear" and whole.page_name == "explorer"
    assert list(whole.widget_states.widgets) == list(click.widget_states.widgets)
    assert click.fragment_id == "part-of-the-old-server"  # the browser's message is not changed in place


def test_a_click_in_a_known_part_and_a_whole_run_pass_unchanged():
    known = _click("drawn-here")
    assert internals.whole_app_request(known, known=lambda i: i == "drawn-here") is known
    whole = _click()
    assert internals.whole_app_request(whole, known=lambda _: False) is whole
    assert internals.whole_app_request(None, known=lambda _: False) is None


def test_installing_is_done_once_and_wraps_streamlits_request(monkeypatch):
    seen = []

    def original(self, client_state=None):
        seen.append(client_state)

    monkeypatch.setattr(AppSession, "request_rerun", original)
    internals.install_whole_app_reruns()
    internals.install_whole_app_reruns()
    patched = AppSession.request_rerun
    assert patched is not original

    class Session:
        request_rerun = patched

        def has_fragment(self, fragment_id):
            return False

    Session().request_rerun(_click("gone"))
    assert len(seen) == 1 and seen[0].fragment_id == ""  # wrapped once, not twice
