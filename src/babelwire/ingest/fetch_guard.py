"""What bounds one request from outside httpx: a failure that ends the fetch with a reason
code, and a watchdog that checks each connection's peer and shuts its socket at the deadline."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress

from babelwire.ingest.addresses import is_internal_ip


class FetchFailure(Exception):
    """Ends one fetch: `error` is the reason code, `detail` the sentence."""

    def __init__(self, error: str, detail: str, status: int | None = None,
                 deadline: bool = False) -> None:
        super().__init__(detail)
        self.error, self.detail, self.status = error, detail, status
        self.deadline = deadline


class Watchdog:
    """Checks each new connection's peer address and shuts its socket at the deadline, which
    wakes a read blocked on a server that sends one byte at a time."""

    def __init__(self, deadline: float, check_peer: bool) -> None:
        self.deadline, self.check_peer = deadline, check_peer
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self.timer.daemon = True
        self.expired = False

    def trace(self, event: str, info: dict[str, object]) -> None:
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        get = getattr(stream, "get_extra_info", None)
        if get is None:
            return
        sock = get("socket")
        if isinstance(sock, socket.socket):
            self.sockets.append(sock)
        peer = get("server_addr")
        if self.check_peer and isinstance(peer, tuple) and is_internal_ip(str(peer[0])):
            raise FetchFailure("internal-address", f"the connection reached the internal address "
                                               f"{peer[0]}; refused")

    def _expire(self) -> None:
        self.expired = True
        for sock in self.sockets:
            with suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)
