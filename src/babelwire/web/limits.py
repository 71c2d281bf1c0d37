"""What one client can hold of the server: connections, time and request bytes.

uvicorn's h11 protocol starts its keep-alive timer only after a response, so a connection that
never completes its request headers stays open for ever; 20,000 of them exhaust the file
descriptors and every other client waits. `GuardedH11Protocol` adds:

* a deadline for request headers: `HEADER_SECONDS` from a connection's first byte of a request
  (or from connecting) to the end of its headers, however slowly they trickle; past it the
  connection is closed;
* a cap on open connections per server process (`max_connections()`): a new connection over
  it closes the oldest connection that is waiting for a request (idle or half-sent headers),
  or, when every connection is busy with a request, is answered 503 and closed. So idle
  connections can never lock the others out, and open sockets stay under the process's
  file descriptor limit.

Request bodies are read by `read_body`, which counts bytes as they arrive (a chunked body has
no Content-Length to check first) and stops at the limit or the deadline without buffering
the rest.
"""

from __future__ import annotations

import asyncio
import json
import resource
from typing import Any

import anyio
import h11
from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 60.0
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 1000


def max_connections() -> int:
    """MAX_CONNECTIONS, or fewer when the file descriptor limit is lower (half of it: the
    rest is for database connections, files and the accept queue)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft // 2))


class BodyTooLarge(Exception):
    pass


MAX_BODY_BYTES = 20 * 1024 * 1024  # every request body, whatever route reads it


class BodyCap:
    """ASGI middleware: every request body is counted as the app receives it; past `limit`
    bytes (at once when the Content-Length says so) the client gets 413 and the connection is
    closed, and the app sees a disconnect, so a route that lets FastAPI parse its JSON is
    bounded too. Raising instead would reach the app wrapped in an exception group."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        over = declared.isdigit() and int(declared) > self.limit
        received = 0

        async def counted() -> Message:
            nonlocal received, over
            if not over:
                message = await receive()
                if message["type"] != "http.request":
                    return message
                received += len(message.get("body", b""))
                over = received > self.limit
                if not over:
                    return message
            if not scope.get(BODY_REFUSED):
                scope[BODY_REFUSED] = True
                await send_refusal(send, self.limit)
            return {"type": "http.disconnect"}

        async def send_unless_refused(message: Message) -> None:
            if not scope.get(BODY_REFUSED):
                await send(message)

        await self.app(scope, counted, send_unless_refused)


BODY_REFUSED = "babelwire.body_refused"  # set in the ASGI scope once BodyCap has answered 413


async def send_refusal(send: Send, limit: int) -> None:
    body = json.dumps({"error": {"status": 413, "code": "payload_too_large", "details": [],
                                 "message": f"the body is larger than {limit // 2**20} MiB"}})
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body.encode()})


async def read_body(request: Request, limit: int, seconds: float = BODY_SECONDS) -> bytes:
    """The request body, counted as it arrives: `BodyTooLarge` past `limit` bytes and
    `TimeoutError` past `seconds`, in both cases without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    with anyio.fail_after(seconds):
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
    return b"".join(chunks)


_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
         b"Content-Length: 40\r\nConnection: close\r\n\r\n"
         b"too many open connections; try again\r\n\r\n")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a connection cap (see the module)."""

    header_seconds = HEADER_SECONDS
    connection_cap: int | None = None  # None: max_connections()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._opened = self.loop.time()
        self._header_timer: asyncio.TimerHandle | None = None
        self._start_header_timer()
        cap = self.connection_cap or max_connections()
        if len(self.connections) > cap:
            waiting = [p for p in self.connections if p is not self
                       and isinstance(p, GuardedH11Protocol) and p._waiting()]
            if waiting:
                min(waiting, key=lambda p: p._opened)._close()
            else:
                self.transport.write(_BUSY)
                self._close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            self._start_header_timer()  # a request has begun: its headers have a deadline
        else:
            self._stop_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _waiting(self) -> bool:
        """Not serving a request: idle, or still receiving one's headers."""
        return self.cycle is None or self.cycle.response_complete

    def _start_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_seconds, self._headers_late)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and self._waiting():
            self._close()

    def _close(self) -> None:
        self._stop_header_timer()
        if not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn.run options for `babelwire serve` (and the tests, which start it the same way)."""
    return {"http": GuardedH11Protocol, "timeout_keep_alive": KEEP_ALIVE_SECONDS,
            "h11_max_incomplete_event_size": 16 * 1024, "server_header": False}
