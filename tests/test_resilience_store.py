"""Issue 24.5: a database write that fails (SQLite's disk full, PostgreSQL's connection killed
mid-ingest) ends `babelwire ingest` with exit status 4 and the one error shape (JSON with
--json), never a traceback; what was committed before stays, the failed chunk is rolled back
whole, and ingesting the same input again stores exactly what is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from babelwire.cli.main import cli
from babelwire.pipeline import Pipeline
from babelwire.store import open_store
from builders import REPO
from test_concurrency import write_articles

pytestmark = pytest.mark.slow  # the real encoder, in and out of process


def stored_articles(location: str) -> int:
    with open_store(location) as store:
        return store.counts()["articles"]


def ingest_in_process(location: str, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", location, "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# `babelwire ingest` in a process where, once the models are loaded (py3langid unpacks its
# model into a temporary file), no file can grow past LIMIT bytes: writes fail with EFBIG,
# which SQLite reports as a full disk.
INGEST_ON_A_FULL_DISK = """
import resource, signal, sys
import babelwire.reconnect
from babelwire.analyse.language import _identifier
from babelwire.cli.main import main
babelwire.reconnect.RECONNECT_DELAYS = (0.0, 0.0)  # a full disk is retried, then given up
_identifier()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
main()
"""


def test_sqlite_disk_full_gives_exit_4_in_the_json_shape_and_loses_nothing(tmp_path: Path):
    location = str(tmp_path / "full.db")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_articles(first, 0, 10)
    write_articles(second, 1, 140)
    assert ingest_in_process(location, first)[0] == 0
    assert stored_articles(location) == 10
    # The "disk" (every file the process writes) is full a little past the database's size.
    limit = Path(location).stat().st_size + 128 * 1024
    process = subprocess.run(
        [sys.executable, "-c", INGEST_ON_A_FULL_DISK, str(limit), "ingest", str(second),
         "--db", location, "--json"], cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert "Traceback" not in process.stderr, process.stderr[-2000:]
    assert process.returncode == 4, (process.stdout, process.stderr[-2000:])
    error = json.loads(process.stdout)["error"]
    assert error["code"] == "store" and error["exit_status"] == 4
    assert "full" in error["message"] and "rolled back" in error["message"]
    assert process.stderr.count("trying again") == 2, process.stderr[-2000:]
    # Whole chunks only (64 articles each), the first ingest untouched ...
    kept = stored_articles(location)
    assert kept >= 10 and (kept - 10) % 64 == 0 and kept < 150
    # ... and once there is room, the same input stores exactly what was missing.
    code, output = ingest_in_process(location, second)
    assert code == 0, output
    assert json.loads(output)["ingested"] == 150 - kept
    assert stored_articles(location) == 150


def test_postgres_connection_killed_mid_ingest_gives_exit_4_and_loses_nothing(
        postgres_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    location = postgres_server.database("gone")
    path = tmp_path / "in.jsonl"
    write_articles(path, 2, 100)  # two chunks: 64, 36
    chunks_seen = []
    store_chunk = Pipeline._cluster_and_store

    def killed_during_the_second_chunk(self: Pipeline, articles: Any, report: Any) -> None:
        chunks_seen.append(len(articles))
        if len(chunks_seen) >= 2:  # the server ends this session's backend, mid-transaction,
            # on every try: the run retries a lost connection, then gives up.
            with psycopg.connect(location, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                              "datname = current_database() AND pid <> pg_backend_pid()")
        store_chunk(self, articles, report)

    monkeypatch.setattr(Pipeline, "_cluster_and_store", killed_during_the_second_chunk)
    monkeypatch.setattr("babelwire.reconnect.RECONNECT_DELAYS", (0.0, 0.0))
    code, output = ingest_in_process(location, path)
    assert code == 4, output
    error = json.loads(output)["error"]
    assert error["code"] == "connection-lost" and error["exit_status"] == 4
    assert "rolled back" in error["message"]
    assert chunks_seen == [64, 36, 36, 36]  # the first try and two more
    monkeypatch.undo()
    assert stored_articles(location) == 64  # the first chunk, committed before
    code, output = ingest_in_process(location, path)
    assert code == 0 and json.loads(output)["ingested"] == 36, output
    assert stored_articles(location) == 100
