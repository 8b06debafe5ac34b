"""A fake ASGI app and a recorder, for the middleware tests (``test_compress``, ``test_preload``)."""

from __future__ import annotations

from tests.loops import run_coroutine


def answering(parts: list[bytes], status: int = 200, content_type: bytes = b"text/html", **headers):
    """An ASGI app that answers every request with ``parts`` as its body (sent in that many messages)."""

    async def app(scope, receive, send):
        head = [(b"content-type", content_type), (b"content-length", str(sum(map(len, parts))).encode()),
                *((k.replace("_", "-").encode(), v) for k, v in headers.items())]
        await send({"type": "http.response.start", "status": status, "headers": head})
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    return app


def run(middleware, scope: dict) -> list[dict]:
    """Send one request through ``middleware``; the messages it sends on."""
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    run_coroutine(middleware(scope, receive, send))
    return sent
