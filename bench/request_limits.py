"""Issue 24.4: what one client can make `babelwire serve` hold. Starts the web app with serve's
own uvicorn options in a fresh process (the code under --src, so an older checkout can be
measured the same way), then:

* sends a chunked POST /api/articles of --mib MiB (no Content-Length) and reports the server's
  peak RSS (VmHWM) and how much was sent before the server answered;
* opens a connection that sends nothing and reports how long until the server closes it
  (given up after --wait seconds).

    python bench/request_limits.py --src src --mib 256
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER = """
import sys, uvicorn
from babelwire.web import create_app
try:
    from babelwire.web.limits import server_options
    options = server_options()
except ImportError:  # before issue 24.4
    options = {"server_header": False}
app = create_app(sys.argv[1], allowed_hosts=["127.0.0.1"])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="error", **options)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def chunked_post(port: int, mib: int) -> tuple[int, bytes]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                 b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (1 << 18, b" " * (1 << 18))
    sent, answer = 0, b""
    while sent < mib << 20:
        if select.select([sock], [], [], 0)[0]:
            answer = sock.recv(4096)
            break
        try:
            sock.sendall(chunk)
        except OSError:
            break
        sent += 1 << 18
    if not answer:
        try:
            sock.sendall(b"0\r\n\r\n")
            answer = sock.recv(4096)
        except OSError:
            pass
    sock.close()
    return sent, answer.split(b"\r\n", 1)[0]


def silent_connection_lifetime(port: int, wait: float) -> float | None:
    sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    started = time.monotonic()
    try:
        ready, _, _ = select.select([sock], [], [], wait)
        if ready and not sock.recv(1):
            return time.monotonic() - started
        return None
    finally:
        sock.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default="src")
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--wait", type=float, default=30.0)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(Path(folder) / "bench.db"), str(port)],
            env={**os.environ, "PYTHONPATH": str(Path(args.src).resolve())})
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
            idle_rss = peak_rss_mib(server.pid)
            sent, status = chunked_post(port, args.mib)
            lifetime = silent_connection_lifetime(port, args.wait)
            print(f"src={args.src}: chunked POST of {args.mib} MiB: {sent / (1 << 20):.0f} MiB "
                  f"sent, answer {status.decode(errors='replace')!r}; server peak RSS "
                  f"{idle_rss:.0f} MiB before, {peak_rss_mib(server.pid):.0f} MiB after; "
                  "a silent connection was closed after "
                  + (f"{lifetime:.1f} s" if lifetime is not None else
                     f"more than {args.wait:g} s (still open)"))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
