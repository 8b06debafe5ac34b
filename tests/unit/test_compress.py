"""Scripts, styles and pages go out gzip-compressed to browsers that accept it; downloads and the rest untouched."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from relief import compress
from tests.loops import run_coroutine

from .fake_asgi import answering, run


@pytest.fixture(autouse=True)
def no_disk_cache(monkeypatch):
    """Nothing on disk unless a test gives the middleware a folder (the default is the user's cache folder)."""
    monkeypatch.setenv("RELIEF_GZIP_CACHE", "")


SCRIPT = b"function f(){return 'ketamine';}\n" * 4000  # ~130 KB, compressible


def serve(body=SCRIPT, accept=b"gzip, deflate, br", method="GET", status=200, content_type=b"application/javascript",
          middleware=None, parts=None, path="/static/js/PlotlyChart.abc.js", **headers):
    app = answering(parts or [body], status, content_type, **headers)
    request = [(b"accept-encoding", accept)] if accept is not None else []
    if middleware is None:
        middleware = compress.CompressMiddleware(app)
    middleware.app = app
    sent = run(middleware, {"type": "http", "method": method, "path": path, "headers": request})
    head = {k: v for k, v in sent[0]["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return head, body


def test_a_script_is_sent_gzip_with_its_true_length_and_vary():
    head, body = serve()
    assert head[b"content-encoding"] == b"gzip" and head[b"vary"] == b"Accept-Encoding"
    assert int(head[b"content-length"]) == len(body) < len(SCRIPT) / 5
    assert gzip.decompress(body) == SCRIPT


def test_a_body_sent_in_parts_is_compressed_whole():
    head, body = serve(parts=[SCRIPT[:1000], SCRIPT[1000:50_000], SCRIPT[50_000:]])
    assert gzip.decompress(body) == SCRIPT and int(head[b"content-length"]) == len(body)


@pytest.mark.parametrize("accept", [None, b"identity", b"br", b"gzip;q=0", b"gzip; q=0.0"])
def test_a_browser_that_does_not_accept_gzip_gets_the_plain_body(accept):
    head, body = serve(accept=accept)
    assert b"content-encoding" not in head and body == SCRIPT


@pytest.mark.parametrize(("change", "why"), [
    ({"content_disposition": b'attachment; filename="view.html"', "content_type": b"text/html"}, "a download"),
    ({"content_encoding": b"gzip"}, "already encoded"),
    ({"content_type": b"image/png"}, "not compressible"),
    ({"status": 304}, "not a 200"),
    ({"method": "POST"}, "not a GET"),
    ({"body": b"tiny"}, "too small to gain"),
])
def test_what_is_left_untouched(change, why):
    head, body = serve(**change)
    assert head.get(b"content-encoding", b"") == change.get("content_encoding", b""), why
    assert body == change.get("body", SCRIPT), why


def test_an_immutable_asset_is_compressed_once_per_process():
    middleware = compress.CompressMiddleware(None)
    for _ in range(3):
        _head, body = serve(middleware=middleware, cache_control=b"public, immutable, max-age=31536000")
        assert gzip.decompress(body) == SCRIPT
    assert middleware.compressions == 1
    serve(middleware=middleware)  # a page that may change is compressed every time
    serve(middleware=middleware)
    assert middleware.compressions == 3


BIG = SCRIPT * 2  # over THREAD_BYTES: compressed on a worker thread, kept on disk when immutable
IMMUTABLE = b"public, immutable, max-age=31536000"


def test_a_server_started_again_sends_a_large_asset_compressed_from_its_disk_cache(tmp_path):
    first = compress.CompressMiddleware(None, disk=tmp_path)
    assert gzip.decompress(serve(body=BIG, middleware=first, cache_control=IMMUTABLE)[1]) == BIG
    assert (first.compressions, first.disk_hits) == (1, 0) and len(list(tmp_path.glob("*.gz"))) == 1
    again = compress.CompressMiddleware(None, disk=tmp_path)  # a new process: its memory is empty
    for _ in range(2):
        head, body = serve(body=BIG, middleware=again, cache_control=IMMUTABLE)
        assert head[b"content-encoding"] == b"gzip" and gzip.decompress(body) == BIG
    assert (again.compressions, again.disk_hits) == (0, 1)  # from disk once, then from memory
    serve(body=BIG, middleware=again)  # what may change is never kept on disk
    small = SCRIPT[:50_000]  # under THREAD_BYTES
    serve(body=small, middleware=again, path="/small.js", cache_control=IMMUTABLE)  # nor what is cheap to compress
    assert len(list(tmp_path.glob("*.gz"))) == 1


def test_a_damaged_or_unreachable_disk_cache_is_as_if_there_were_none(tmp_path):
    first = compress.CompressMiddleware(None, disk=tmp_path)
    serve(body=BIG, middleware=first, cache_control=IMMUTABLE)
    [kept] = tmp_path.glob("*.gz")
    kept.write_bytes(kept.read_bytes()[:-100])  # cut short (a full disk, a crash of another program)
    again = compress.CompressMiddleware(None, disk=tmp_path)
    assert gzip.decompress(serve(body=BIG, middleware=again, cache_control=IMMUTABLE)[1]) == BIG
    assert (again.compressions, again.disk_hits) == (1, 0) and gzip.decompress(kept.read_bytes()) == BIG  # mended
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    nowhere = compress.CompressMiddleware(None, disk=blocked / "gzip")
    assert gzip.decompress(serve(body=BIG, middleware=nowhere, cache_control=IMMUTABLE)[1]) == BIG


def test_the_disk_cache_is_bounded_and_keeps_the_newest(tmp_path):
    one = len(gzip.compress(BIG, compress.LEVEL))
    middleware = compress.CompressMiddleware(None, disk=tmp_path, disk_bytes=2 * one + 100)
    for n in range(4):
        serve(body=BIG + str(n).encode(), middleware=middleware, path=f"/static/js/{n}.js", cache_control=IMMUTABLE)
    kept = list(tmp_path.glob("*.gz"))
    assert len(kept) == 2 and sum(p.stat().st_size for p in kept) <= 2 * one + 100
    assert not list(tmp_path.glob(".*.tmp"))  # every copy written whole, nothing half-written left


@pytest.mark.parametrize(("environ", "where"), [
    ({}, "~/.cache/relief-dashboard/gzip"),
    ({"XDG_CACHE_HOME": "/var/cache/x"}, "/var/cache/x/relief-dashboard/gzip"),
    ({"RELIEF_GZIP_CACHE": "/srv/gz", "XDG_CACHE_HOME": "/var/cache/x"}, "/srv/gz"),
    ({"RELIEF_GZIP_CACHE": " "}, None),
])
def test_where_the_disk_cache_is(environ, where):
    found = compress.cache_dir(environ)
    assert (str(found).replace(str(compress.Path.home()), "~") if found else None) == where


def test_the_cache_is_bounded():
    one = len(gzip.compress(SCRIPT, compress.LEVEL))
    middleware = compress.CompressMiddleware(None, cache_bytes=2 * one + 10)
    for n in range(5):
        serve(body=SCRIPT + str(n).encode(), middleware=middleware, path=f"/static/js/{n}.js",
              cache_control=b"immutable")
    assert middleware.cached_bytes <= 2 * one + 10 and len(middleware.cache) == 2


def test_websockets_pass_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    run_coroutine(compress.CompressMiddleware(app)({"type": "websocket", "headers": []}, None, None))
    assert seen == ["websocket"]


def test_a_coroutine_runs_where_an_event_loop_already_runs():
    """A worker that ran a browser test keeps an event loop running (Playwright's sync API): asyncio.run raised
    there, failing 38 unit tests of a fresh clone's run that had been handed to such a worker after it."""
    async def inner():
        return 42

    async def outer():
        refused = inner()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(refused)
        refused.close()
        return run_coroutine(inner())

    assert run_coroutine(outer()) == 42
