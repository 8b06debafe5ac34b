"""A minimal Streamlit client over the websocket: one session, reruns with widget values, timed.

It speaks Streamlit's own protobuf messages (``streamlit.proto``), the way the
browser does, so many sessions can load a server without many browsers.
Loopback only.
"""

from __future__ import annotations

import asyncio
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


class Session:
    def __init__(self, url: str, page: str = "", query: str = ""):
        self.ws_url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.page, self.query = page, query
        self.widgets: dict[str, object] = {}  # label -> widget proto (for ids)
        self.fragments: dict[str, str] = {}  # label -> id of the fragment the widget lives in
        self.ws = None
        self.errors: list[str] = []
        self.headings: list[str] = []  # the headings the last run drew
        self.finished = None  # how the last run finished (a ForwardMsg.ScriptFinishedStatus)

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=2**26,
                                           open_timeout=30)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def rerun(self, widget_states=(), timeout: float = 60, fragment_id: str = "") -> float:
        """Ask for a run (with the given WidgetState protos) and wait until it finishes; seconds taken.

        With ``fragment_id`` only that fragment reruns, as when a browser changes a widget inside it.
        """
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        if fragment_id:
            state.fragment_id = fragment_id
        for widget in widget_states:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        self.headings = []
        await self.ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            forward = ForwardMsg.FromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                self._remember(forward.delta)
            elif kind == "script_finished":
                self.finished = forward.script_finished
                if forward.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                               ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    return time.perf_counter() - started
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                self.errors.append(f"script finished with status {forward.script_finished}")
                return time.perf_counter() - started

    def _remember(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(element.exception.message)
        elif kind == "heading":
            self.headings.append(element.heading.body)
        widget = getattr(element, kind, None)
        label = getattr(widget, "label", None)
        if label and getattr(widget, "id", None):
            self.widgets[label] = widget
            if delta.fragment_id:
                self.fragments[label] = delta.fragment_id

    def toggle_state(self, label: str, value: bool):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=self.widgets[label].id)
        state.bool_value = value
        return state

    async def toggle(self, label: str, value: bool) -> float:
        """Flip a boolean widget as a browser would (rerunning only its fragment, if it is in one)."""
        return await self.rerun([self.toggle_state(label, value)], fragment_id=self.fragments.get(label, ""))
