"""What the app's two ASGI middlewares (``compress``, ``preload``) share: the types, and holding an answer until its
body is complete so that it can be rewritten with its true length. Plain ASGI, standard library only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def rewrite_whole(app: ASGIApp, scope: Scope, receive: Receive, send: Send, hold: Callable[[Message], bool],
                        rewrite: Callable[[Message, bytes], Awaitable[bytes | tuple[list, bytes]]]) -> None:
    """Run ``app``; an answer whose head ``hold`` accepts (decided from the head alone, so nothing else is ever
    held back) is kept until its body is complete, then sent as ``rewrite(start, body)`` gives it: a new body, or
    new headers and a new body, with its ``Content-Length`` set to the length sent. Every other message passes."""
    start: Message | None = None
    parts: list[bytes] = []

    async def relay(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            if hold(message):
                start = message
                return
            await send(message)
        elif message["type"] == "http.response.body" and start is not None:
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            out = await rewrite(start, b"".join(parts))
            headers, body = out if isinstance(out, tuple) else (list(start.get("headers", [])), out)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})
        else:
            await send(message)

    await app(scope, receive, relay)
