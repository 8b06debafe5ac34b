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

A large immutable asset is also kept compressed on disk (``cache_dir``: ``RELIEF_GZIP_CACHE``, by default
``$XDG_CACHE_HOME/relief-dashboard/gzip`` or ``~/.cache/…``; an empty value keeps nothing on disk), named by a hash
of what it compresses, so a server started again sends it compressed at once. Measured on servers just started
(Chromium on this 2-core machine, the overview's first view, 3 rounds): with the 4.7 MB chart chunk compressed on its
first request (0.14 s of CPU on an idle machine, more while the first run and the browser compete for it) the chunk
took 0.66-0.68 s to arrive and the chart was drawn 3.05-3.35 s after the click; compressed beforehand, 0.30-0.38 s
and 2.70-3.48 s (median 2.78 s; 5dc76bb, which compresses nothing: 2.54-3.20 s). A kept copy is checked against
the asset before it is sent (the gzip trailer's CRC-32 and length), and a cache that cannot be read or written is as
if there were none.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import struct
import zlib
from collections import OrderedDict
from contextlib import suppress
from pathlib import Path

from .asgi import ASGIApp, Message, Receive, Scope, Send, rewrite_whole

MINIMUM_BYTES = 1024
LEVEL = 6  # gzip -6: within a few per cent of -9's size at a fraction of its time
CACHE_BYTES = 32 * 1024 * 1024
THREAD_BYTES = 64 * 1024
DISK_BYTES = 64 * 1024 * 1024  # what the disk cache keeps at most; the least recently written go first
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


def cache_dir(environ=os.environ) -> Path | None:
    """Where large immutable assets are kept compressed (see the module's docstring); None: nowhere."""
    if "RELIEF_GZIP_CACHE" in environ:
        return Path(environ["RELIEF_GZIP_CACHE"]).expanduser() if environ["RELIEF_GZIP_CACHE"].strip() else None
    return Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "relief-dashboard" / "gzip"


def matches(packed: bytes, body: bytes) -> bool:
    """A gzip member's trailer names ``body``: its CRC-32 and its length (modulo 2**32)."""
    return len(packed) >= 18 and struct.unpack("<II", packed[-8:]) == (zlib.crc32(body), len(body) & 0xFFFFFFFF)


def compressible(start: Message) -> bool:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    return (start.get("status") == 200 and b"content-encoding" not in headers
            and b"content-disposition" not in headers
            and headers.get(b"content-type", b"").lower().startswith(COMPRESSIBLE))


class CompressMiddleware:
    """gzip for browsers that accept it; immutable assets compressed once (see the module's docstring)."""

    def __init__(self, app: ASGIApp, minimum: int = MINIMUM_BYTES, cache_bytes: int = CACHE_BYTES,
                 disk: Path | str | None = "default", disk_bytes: int = DISK_BYTES) -> None:
        self.app = app
        self.disk = cache_dir() if disk == "default" else disk
        self.disk_bytes = disk_bytes
        self.disk_hits = 0  # how many compressed copies came from the disk cache
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
                # zlib lets go of the GIL: a big script is compressed (or read from disk) on a worker thread,
                # never on the event loop that every session's websocket shares.
                packed = (self._pack(body, False) if len(body) < THREAD_BYTES else
                          await asyncio.to_thread(self._pack, body, immutable))
                if immutable:
                    self._remember(key, packed)
            else:
                self.cache.move_to_end(key)
            if len(packed) < len(body):
                body = packed
                headers.append((b"content-encoding", b"gzip"))
        return headers, body

    def _pack(self, body: bytes, keep: bool) -> bytes:
        """``body`` compressed; with ``keep``, from the disk cache when it holds it, else kept there."""
        path = self.disk / f"{hashlib.sha256(body).hexdigest()}-{LEVEL}.gz" if keep and self.disk else None
        if path is not None:
            with suppress(OSError):
                kept = path.read_bytes()
                if matches(kept, body):
                    self.disk_hits += 1
                    return kept
        self.compressions += 1
        packed = gzip.compress(body, compresslevel=LEVEL, mtime=0)
        if path is not None:
            self._keep(path, packed)
        return packed

    def _keep(self, path: Path, packed: bytes) -> None:
        """Write a compressed copy whole (a reader never sees half of one), then trim the cache to ``disk_bytes``."""
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary.write_bytes(packed)
            os.replace(temporary, path)
            kept = sorted(((p.stat(), p) for p in path.parent.glob("*.gz")), key=lambda kept: -kept[0].st_mtime)
            total = 0
            for stat, old in kept:
                total += stat.st_size
                if total > self.disk_bytes and old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
