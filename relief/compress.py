"""Send scripts, styles and pages gzip-compressed to browsers that accept it (plain ASGI, standard library only).

Streamlit (1.67) sends its JavaScript uncompressed: about 7.7 MB on a first view, 4.7 MB of it the chart chunk,
which gzips to about 1.4 MB. On a 1.6 Mbps link that is the difference between a chart after ~45 s and one after
~15 s. ``CompressMiddleware`` compresses a response when all of these hold:

- the request is an HTTP ``GET`` whose ``Accept-Encoding`` allows gzip;
- the answer is a 200 of a compressible type (``text/*``, JavaScript, JSON, SVG, source maps), at least
  ``MINIMUM_BYTES`` long, not already encoded, and not a download (no ``Content-Disposition``: a file the viewer
  takes away stays byte for byte as built);

and adds ``Vary: Accept-Encoding`` so that caches keep the two forms apart. An immutable asset (Streamlit's hashed
``/static/`` files, ``Cache-Control: immutable``) is compressed once per process and kept (``CACHE_BYTES`` in all);
everything else is compressed per answer. Websockets pass untouched.
"""

from __future__ import annotations

import asyncio
import gzip
from collections import OrderedDict

from .asgi import ASGIApp, Message, Receive, Scope, Send, rewrite_whole

MINIMUM_BYTES = 1024
LEVEL = 6  # gzip -6: within a few per cent of -9's size at a fraction of its time
CACHE_BYTES = 32 * 1024 * 1024
THREAD_BYTES = 64 * 1024
COMPRESSIBLE = (b"text/", b"application/javascript", b"application/json", b"image/svg+xml", b"application/xml",
                b"application/manifest+json", b"text/javascript")


def accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name.lower() == b"accept-encoding":
            for part in value.lower().split(b","):
                coding, _, params = part.strip().partition(b";")
                if coding.strip() in (b"gzip", b"*") and params.replace(b" ", b"") not in (b"q=0", b"q=0.0",
                                                                                             b"q=0.00", b"q=0.000"):
                    return True
    return False


def compressible(start: Message) -> bool:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    return (start.get("status") == 200 and b"content-encoding" not in headers
            and b"content-disposition" not in headers
            and headers.get(b"content-type", b"").lower().startswith(COMPRESSIBLE))


class CompressMiddleware:
    """gzip for browsers that accept it; immutable assets compressed once (see the module's docstring)."""

    def __init__(self, app: ASGIApp, minimum: int = MINIMUM_BYTES, cache_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.minimum = minimum
        self.cache_bytes = cache_bytes
        self.cache: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self.cached_bytes = 0
        self.compressions = 0  # how many bodies were compressed (tests: an immutable asset once)

    def _remember(self, key: tuple[str, bytes], body: bytes) -> None:
        if len(body) > self.cache_bytes:
            return
        self.cache[key] = body
        self.cached_bytes += len(body)
        while self.cached_bytes > self.cache_bytes:
            _, dropped = self.cache.popitem(last=False)
            self.cached_bytes -= len(dropped)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return

        async def compress(start: Message, body: bytes) -> tuple[list, bytes]:
            return await self._compressed(scope, start, body)

        await rewrite_whole(self.app, scope, receive, send, compressible, compress)

    async def _compressed(self, scope: Scope, start: Message, body: bytes) -> tuple[list, bytes]:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        named = {k.lower(): v for k, v in headers}
        vary = named.get(b"vary", b"")
        if b"accept-encoding" not in vary.lower():
            headers = [(k, v) for k, v in headers if k.lower() != b"vary"]
            headers.append((b"vary", (vary + b", " if vary else b"") + b"Accept-Encoding"))
        if len(body) >= self.minimum:
            immutable = b"immutable" in named.get(b"cache-control", b"").lower()
            key = (scope.get("path", ""), named.get(b"etag", b"") or str(len(body)).encode())
            packed = self.cache.get(key) if immutable else None
            if packed is None:
                # zlib lets go of the GIL: a big script is compressed on a worker thread, never on the event loop
                # that every session's websocket shares.
                packed = (gzip.compress(body, compresslevel=LEVEL, mtime=0) if len(body) < THREAD_BYTES else
                          await asyncio.to_thread(gzip.compress, body, LEVEL, mtime=0))
                self.compressions += 1
                if immutable:
                    self._remember(key, packed)
            else:
                self.cache.move_to_end(key)
            if len(packed) < len(body):
                body = packed
                headers.append((b"content-encoding", b"gzip"))
        return headers, body
