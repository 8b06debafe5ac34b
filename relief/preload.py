"""Load the chart library while the page waits for its first run, not after it.

Streamlit imports its plotly chunk (about 4.6 MB) only when the first chart
arrives, after the run's last message; the browser then spends about a second
fetching it and running its top-level code before anything is drawn. Measured
on a first view of the overview (a fresh server, 2 cores, medians of 8): the
page has loaded at ~1.7 s, the run's messages come between ~1.8 s and ~2.6 s,
the chunk is fetched at ~2.5 s and the chart drawn at ~4.5 s; a CPU profile
shows the browser idle for most of the wait for the run, then ~0.5 s in the
chunk's top-level code before the chart is drawn.

``PreloadMiddleware`` adds one small module script to every HTML page: once
the page has loaded and the browser is idle, it imports the same chunk, at the
same address, that Streamlit will import anyway (a module is fetched and run
once per page, so Streamlit's own import then finds it ready). It is plain
ASGI (no Streamlit, no Starlette). It rewrites only Streamlit's own page (its
``index.html``, sent to a ``GET``), adding the script before ``</head>`` and
correcting ``Content-Length``; every other answer passes untouched, above all
the offline HTML files the app offers for download.
Pages that draw no chart when they open (``PAGES_WITHOUT_CHARTS``) are left
alone: there the import would only cost time (measured: +5 % on the evidence
page). A ``<link rel="modulepreload">`` was tried first: it fetched the chunk
early but competed with the page's own scripts, and did not run it, which is
where the time goes.

The same rewrite gives every page (chart or not) its first paint (``css.first_paint``, ``css.LOADING_HTML``): a
line saying the dashboard is loading inside ``<div id="root">`` (Streamlit's first render replaces it; over a slow
link the page was white for seconds), and a stylesheet that lays the page out from the first paint as the app
will be, the sidebar's space kept, so nothing jumps when the run draws it (measured: a layout shift of 0.3-1.0).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from . import css, pages
from .asgi import ASGIApp, Message, Receive, Scope, Send, rewrite_whole

CHART_CHUNKS = ("PlotlyChart",)  # the lazily loaded chunks a chart page needs, by their name before the hash
# The lazily loaded chunks of the small widgets the pages draw (1-14 KB each): imported at once on every page while
# it connects, not when the run's first widget asks for them. Until its chunk is there a widget is drawn as a
# placeholder (hidden until then: ``css.PENDING_CSS``); measured on a busy machine, the menu's links waited 1-17 s.
WIDGET_CHUNKS = ("PageLink", "Button", "ButtonGroup", "Checkbox", "DownloadButton", "Metric", "Progress", "Html")
PAGES_WITHOUT_CHARTS = pages.without_charts()  # by address, from the page registry; tests/app checks it


def chunks(static_dir: str | Path, names: Iterable[str] = CHART_CHUNKS) -> list[str]:
    """The page-relative addresses of the named chunks in a Streamlit build (``./static/js/PlotlyChart.<hash>.js``).

    A name the build has none or several of is left out: the page then loads as it always did."""
    js = Path(static_dir) / "static" / "js"
    found = []
    for name in names:
        matches = sorted(js.glob(f"{name}.*.js"))
        if len(matches) == 1:
            found.append(f"./static/js/{matches[0].name}")
    return found


def script(hrefs: Iterable[str], at_once: Iterable[str] = ()) -> bytes:
    """A module script that imports ``at_once`` as soon as it runs (the page parsed) and ``hrefs`` once the page
    has loaded and the browser is idle; empty if neither.

    Addresses are page-relative, as the page's own scripts are, so they resolve under a base URL path too."""
    now = "".join(f"import({json.dumps(href)});" for href in at_once)
    imports = ";".join(f"import({json.dumps(href)})" for href in hrefs)
    later = f'addEventListener("load",()=>(window.requestIdleCallback||setTimeout)(()=>{{{imports}}}))' \
        if imports else ""
    if not now and not later:
        return b""
    return f'<script type="module">{now}{later}</script>'.encode()


ROOT = b'<div id="root"></div>'  # where Streamlit's first render goes, in its index.html


def first_paint() -> tuple[bytes, bytes]:
    """What every page gets before ``</head>`` and inside ``<div id="root">`` (``relief/css.py``)."""
    return css.first_paint().encode(), css.LOADING_HTML.encode()


def inject(body: bytes, hrefs: Iterable[str], head: bytes = b"", root: bytes = b"",
           at_once: Iterable[str] = ()) -> bytes:
    """``body`` with ``head`` and the import script for ``hrefs`` (and ``at_once``) before its ``</head>`` and
    ``root`` inside its empty ``<div id="root">``; unchanged if it has no ``</head>`` or nothing to add."""
    extra = head + script(hrefs, at_once)
    at = body.find(b"</head>")
    if (not extra and not root) or at < 0:
        return body
    body = body[:at] + extra + body[at:]
    return body.replace(ROOT, ROOT[:-len(b"</div>")] + root + b"</div>", 1) if root else body


def page_name(path: str) -> str:
    """The page an address opens, by its last part: ``/ketamine/evidence`` -> ``evidence`` (the router's names)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def decode(body: bytes, encoding: bytes) -> bytes | None:
    """The body as sent before compression (plain or gzip); ``None`` for any other encoding."""
    if encoding == b"identity":
        return body
    if encoding == b"gzip":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError):
            return None
    return None


class PreloadMiddleware:
    """Rewrite Streamlit's own page, ``page`` (its ``index.html``), wherever it is sent whole (status 200, plain or
    gzip: Streamlit compresses a sub-page's copy, not the root's): every page gets ``paint`` (a head and a root;
    by default ``first_paint()``), and the import script for ``hrefs`` except at the addresses of the pages named
    in ``skip``. Every other answer passes untouched: the offline HTML files the app offers for download above
    all, which must stay exactly as built."""

    def __init__(self, app: ASGIApp, hrefs: Iterable[str], page: bytes,
                 skip: Iterable[str] = PAGES_WITHOUT_CHARTS, paint: tuple[bytes, bytes] | None = None,
                 widgets: Iterable[str] = ()) -> None:
        self.app = app
        self.hrefs = list(hrefs)
        self.widgets = list(widgets)  # imported at once on every page (``WIDGET_CHUNKS``)
        self.page = page
        self.skip = frozenset(skip)
        head, root = first_paint() if paint is None else paint
        self.rewritten = {}  # built once: the page is the same for every request
        for chart in (True, False):
            body = inject(page, self.hrefs if chart else [], head, root, self.widgets)
            self.rewritten[chart] = {b"identity": body, b"gzip": gzip.compress(body, mtime=0)}

    def _may_be_the_page(self, start: Message) -> bool:
        """Decided from the answer's head alone, so that nothing else (a download) is ever held back."""
        headers = dict(start.get("headers", []))
        encoding = headers.get(b"content-encoding", b"identity")
        if start.get("status") != 200 or not headers.get(b"content-type", b"").startswith(b"text/html") \
                or b"content-disposition" in headers or encoding not in (b"identity", b"gzip"):
            return False
        return encoding != b"identity" or headers.get(b"content-length", b"") == str(len(self.page)).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        rewritten = self.rewritten[page_name(scope.get("path", "")) not in self.skip]
        if rewritten[b"identity"] == self.page:  # nothing to add
            await self.app(scope, receive, send)
            return

        async def rewrite(start: Message, body: bytes) -> bytes:
            encoding = dict(start.get("headers", [])).get(b"content-encoding", b"identity")
            return rewritten[encoding] if decode(body, encoding) == self.page else body

        await rewrite_whole(self.app, scope, receive, send, self._may_be_the_page, rewrite)
