"""Helpers for the web tests: the fixture database (built once per process with the real
pipeline and encoder) and a real uvicorn server on a free 127.0.0.1 port in a thread."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

DATA = Path(__file__).parent / "data" / "web_articles.jsonl"
_built: dict[str, Path] = {}
_lock = threading.Lock()


def fixture_database(encoder: Any) -> Path:
    """tests/data/web_articles.jsonl ingested with the real Pipeline: 14 articles in 7
    languages, 3 stories (a ferry story only in lv/nb/ru, a heat record in en/es/de/fr, a chess
    title in en/de/pl/ru). Built once per test process; callers must not write to it."""
    from babelwire.ingest.files import read_inputs
    from babelwire.pipeline import Pipeline
    from babelwire.store.sqlite import SQLiteStore

    with _lock:
        if "db" not in _built:
            folder = Path(tempfile.mkdtemp(prefix="babelwire-web-"))
            path = folder / "web.db"
            with SQLiteStore(path) as store:
                Pipeline(store, encoder).ingest(read_inputs([DATA]))
                store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _built["db"] = path
        return _built["db"]


def copy_database(source: Path, target: Path) -> Path:
    """A private copy to write to (the shared fixture database stays as built)."""
    shutil.copyfile(source, target)
    return target


class LiveServer:
    """Serves an ASGI app with uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any, **options: Any) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = int(self._socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, **{"log_level": "warning", "lifespan": "off", **options})
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
