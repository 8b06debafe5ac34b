"""Serving entry point: the router ``app.py`` as an ASGI app that warms up while it starts answering.

``make run`` runs ``streamlit run serve.py`` (Streamlit finds the ``st.App``
below and serves it with uvicorn); ``uvicorn serve:app`` works too. The
warm-up runs in a background thread, so the health check answers as fast as a
bare app: first what the landing page needs (imports, reading and validating
the data, its charts), then the rest one step at a time whenever no visitor's
run is under way (``relief/ui/warmup.py``). ``streamlit run app.py`` still works,
just without the warm-up. ``app.py`` is found beside this file, so
``uvicorn --app-dir <repo> serve:app`` works from any directory. Before the first
browser connects it loads ``relief/ui/internals.py`` (every touch of Streamlit's
internals, in one place) and installs its whole-app reruns: after a restart or a
failover, a click in a part of the page this server never drew reruns the whole
app with that click instead of being dropped. Two middlewares:
``relief/compress.py`` sends scripts, styles and pages gzip-compressed, and
``relief/preload.py`` has every page that opens with a chart import plotly
while it waits for its first run.
"""

import importlib.util
import os
import socket
import sys
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware


def _warm_up_when_listening(timeout: float = 30) -> None:
    """Warm up once the server accepts connections, so warming up never delays start-up."""
    port = int(st.get_option("server.port"))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    from relief import ui  # the heavy imports happen here, off the start-up path

    ui.warm_up()


@asynccontextmanager
async def lifespan(_app):
    threading.Thread(target=_warm_up_when_listening, name="relief-warm-up", daemon=True).start()
    yield


def _internals():
    """``relief/ui/internals.py``, loaded now, before any browser connects. It needs only Streamlit, so it is
    loaded from its file as ``relief.ui.internals`` (the package ``relief.ui`` would load the data stack; when it
    loads later it finds this module and installs nothing twice)."""
    name, path = "relief.ui.internals", Path(__file__).resolve().with_name("relief") / "ui" / "internals.py"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


_internals().install_whole_app_reruns()
ROUTER = Path(__file__).resolve().with_name("app.py")  # beside this file, whatever the working directory
if str(ROUTER.parent) not in sys.path:  # relief/ beside this file, for the middlewares (standard library only)
    sys.path.insert(0, str(ROUTER.parent))


def _preload_charts() -> Middleware:
    """``relief/preload.py`` (standard library only, cheap before any browser connects): every page that opens
    with a chart imports Streamlit's chart chunk once it has loaded, while it waits for its run, not after it;
    every page imports the small widgets' chunks at once."""
    from relief import preload

    static = _internals().static_dir()
    return Middleware(preload.PreloadMiddleware, hrefs=preload.chunks(static),
                      page=(static / "index.html").read_bytes(), widgets=preload.chunks(static, preload.WIDGET_CHUNKS))


def _compress() -> Middleware:
    """``relief/compress.py`` (standard library only): scripts, styles and pages sent gzip-compressed to browsers
    that accept it, Streamlit's immutable assets compressed once per process. Outermost, so it compresses the page
    the preload middleware has rewritten."""
    from relief import compress

    return Middleware(compress.CompressMiddleware)


METRICS_ENV = "RELIEF_PUBLIC_METRICS"


class MetricsGate:
    """Streamlit answers ``/_stcore/metrics`` (session counts, cache sizes) to anyone. Served by ``serve.py`` it
    answers 404 unless ``RELIEF_PUBLIC_METRICS=1`` is set (for a scraper on a private network); ``streamlit run
    app.py`` does not install this, so a public server runs ``serve.py`` (README, Hosting)."""

    def __init__(self, app) -> None:
        self.app = app
        self.public = os.environ.get(METRICS_ENV) == "1"

    async def __call__(self, scope, receive, send) -> None:
        if (not self.public and scope["type"] == "http"
                and scope.get("path", "").rstrip("/").endswith("/_stcore/metrics")):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return
        await self.app(scope, receive, send)


app = st.App(str(ROUTER), lifespan=lifespan,
             middleware=[Middleware(MetricsGate), _compress(), _preload_charts()])
