"""Issue 24.4: what one client can hold of `babelwire serve`, against a real uvicorn server on
127.0.0.1 started with serve's own options: chunked bodies are counted as they arrive, request
headers have a deadline, and idle connections cannot lock other clients out."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from babelwire.web import create_app
from babelwire.web.guard import default_allowed_hosts
from babelwire.web.limits import GuardedH11Protocol, server_options
from webserver import LiveServer

MiB = 1 << 20


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    monkeypatch.setattr(GuardedH11Protocol, "header_seconds", 1.0)
    monkeypatch.setattr(GuardedH11Protocol, "connection_cap", 8)
    app = create_app(tmp_path / "web.db", allowed_hosts=default_allowed_hosts("127.0.0.1"))
    with LiveServer(app, **server_options()) as running:
        yield running


def connect(server: LiveServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes `sock` within `within` seconds (reads what it sends)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            try:
                if not sock.recv(65536):
                    return True
            except OSError:
                return True
    return False


# /api/articles reads its body itself; /api/watchlists lets FastAPI parse it (BodyCap bounds it)
@pytest.mark.parametrize("path", [b"/api/articles", b"/api/watchlists"])
def test_a_chunked_body_is_refused_once_it_passes_20_mib(server: LiveServer, path: bytes) -> None:
    sock = connect(server)
    sock.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                 b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (MiB // 4, b" " * (MiB // 4))
    sent = 0
    answer = b""
    while sent < 200 * MiB:  # a bounded stand-in for the 1 GiB of the report
        if select.select([sock], [], [], 0)[0]:
            answer = sock.recv(4096)
            break
        try:
            sock.sendall(chunk)
        except OSError:  # the server closed the connection after answering
            break
        sent += len(chunk)
    if not answer:
        sock.settimeout(10)
        answer = sock.recv(4096)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # Before, the whole body was read (and held) before the size check.
    assert sent < 60 * MiB


def test_request_headers_have_a_deadline_however_they_trickle(server: LiveServer) -> None:
    sock = connect(server)
    sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started, closed = time.monotonic(), False
    for byte in b"X-Slow: " + b"a" * 40:  # one byte every 0.2 s: 9.6 s if never cut off
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            closed = True
            break
        if closed_by_server(sock, 0.2):
            closed = True
            break
    sock.close()
    assert closed and time.monotonic() - started < 5
    # A connection that sends nothing at all is closed too.
    silent = connect(server)
    assert closed_by_server(silent, 5)
    silent.close()


def test_idle_connections_cannot_lock_other_clients_out(server: LiveServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GuardedH11Protocol, "header_seconds", 60.0)  # only the cap acts here
    idle = [connect(server) for _ in range(8)]
    for sock in idle[4:]:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half-sent headers
    time.sleep(0.3)
    with httpx.Client(timeout=10) as client:
        for _ in range(3):
            assert client.get(server.url + "/api/stats").status_code == 200
    dropped = [closed_by_server(sock, 0.3) for sock in idle]
    for sock in idle:
        sock.close()
    # The client's one keep-alive connection took the place of the oldest idle one; the
    # process never holds more than the cap, so its file descriptors cannot run out.
    assert dropped == [True] + [False] * 7
