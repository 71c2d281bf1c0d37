"""Issue 24.2 on SQLite: the embedded store recovers like the PostgreSQL one. A database file
replaced under `watch` and `serve` (a restore) is followed, not written behind its back; a lock
held past the busy timeout or a disk that is full for a while is retried by a long `ingest`
with backoff; a file moved away is waited for, not recreated empty. All on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import builders
from babelwire.analyse.embed import HashingEncoder
from babelwire.errors import StoreUnavailable
from babelwire.ingest.files import read_inputs
from babelwire.ingest.watch import RoundReport
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore
from babelwire.web import create_app
from builders import REPO
from feedserver import RSS_TYPE, STORIES, FeedServer, rss, wire_watcher
from test_concurrency import write_articles

DEADLINE = 60.0  # seconds any one wait may take before the test fails (it never hangs)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    builders.wait_for(condition, what, DEADLINE)


def restore(backup: Path, location: Path) -> None:
    """What an operator does to restore a backup: the file replaced in one rename, the old
    write-ahead log removed (it belongs to the file that was there)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{location}{suffix}").unlink(missing_ok=True)
    os.replace(backup, location)


def backup_of(location: Path, to: Path) -> None:
    with sqlite3.connect(location) as source, sqlite3.connect(to) as target:
        source.backup(target)
    target.close()
    source.close()


def urls_in(location: Path) -> list[str]:
    with sqlite3.connect(location) as db:
        return sorted(url for (url,) in db.execute("SELECT url FROM articles"))


def test_watch_follows_a_database_file_restored_under_it(tmp_path: Path) -> None:
    first, second = STORIES["harbour-en"], STORIES["bibliotek-nb"]
    location = tmp_path / "watch.db"
    rounds: list[RoundReport] = []
    with FeedServer() as feeds, SQLiteStore(location) as store:
        watcher = wire_watcher(feeds, store, first, second)
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run_forever, args=(stop, rounds.append),
                                  kwargs={"max_sleep": 0.5, "first_retry": 0.1}, daemon=True)
        thread.start()
        try:
            wait_for(lambda: sum(r.new for r in rounds) == 1, "the first item")
            backup_of(location, tmp_path / "backup.db")
            restore(tmp_path / "backup.db", location)
            feeds.route("/rss.xml", rss([first, second], feeds.base), content_type=RSS_TYPE)
            wait_for(lambda: sum(r.new for r in rounds) == 2, "the item after the restore")
        finally:
            stop.set()
            thread.join(timeout=DEADLINE)
            watcher.close()
        assert not thread.is_alive()
    # The second item is in the file now at the path, not in the one that was replaced.
    assert urls_in(location) == sorted(feeds.url(f"/articles/{s.slug}.html")
                                       for s in (first, second))


def _ingest_into(location: Path, path: Path) -> int:
    with SQLiteStore(location) as store:
        Pipeline(store, HashingEncoder()).ingest(list(read_inputs([path])))
        return store.counts()["articles"]


def test_serve_reads_the_database_file_restored_under_it(tmp_path: Path) -> None:
    location, other = tmp_path / "serve.db", tmp_path / "other.db"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    write_articles(small, 0, 3)
    write_articles(large, 1, 12)
    assert _ingest_into(location, small) == 3
    assert _ingest_into(other, large) == 12
    with TestClient(create_app(location, encoder=HashingEncoder())) as client:
        def articles() -> int:
            response = client.get("/api/stories?limit=100")
            assert response.status_code == 200, response.text
            return sum(story["article_count"] for story in response.json()["items"])

        assert articles() == 3
        restore(other, location)
        assert articles() == 12


def test_a_long_ingest_waits_out_a_lock_held_past_the_busy_timeout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    location, path = tmp_path / "locked.db", tmp_path / "in.jsonl"
    write_articles(path, 3, 100)  # two chunks: 64, 36
    monkeypatch.setattr("babelwire.store.sqlite.store.BUSY_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr("babelwire.reconnect.RECONNECT_DELAYS", (0.5, 1.0, 2.0, 4.0))
    store = SQLiteStore(location)
    store.connection.execute("PRAGMA busy_timeout=200")  # and every connection opened later
    pipeline = Pipeline(store, HashingEncoder())
    holder = sqlite3.connect(location, isolation_level=None, check_same_thread=False)
    released = threading.Event()
    store_chunk = Pipeline._cluster_and_store
    chunks: list[int] = []

    def counted(self: Pipeline, articles: list, report: object) -> list:
        chunks.append(len(articles))
        return store_chunk(self, articles, report)  # type: ignore[arg-type]

    def lock_for_a_while() -> None:  # another process's long write, from the outside
        holder.execute("BEGIN IMMEDIATE")
        time.sleep(1.5)
        holder.execute("COMMIT")
        released.set()

    locker = threading.Thread(target=lock_for_a_while)
    prepared = pipeline._prepared

    def prepared_then_locked(chunk_list: list, workers: int):  # type: ignore[no-untyped-def]
        for number, chunk in enumerate(prepared(chunk_list, workers)):
            if number == 1:
                locker.start()
                time.sleep(0.1)  # the lock is taken before the second chunk's lease
            yield chunk

    monkeypatch.setattr(pipeline, "_prepared", prepared_then_locked)
    monkeypatch.setattr(Pipeline, "_cluster_and_store", counted)
    try:
        report = pipeline.ingest(list(read_inputs([path])))
    finally:
        locker.join(timeout=DEADLINE)
        holder.close()
    assert released.is_set()
    assert chunks == [64, 36]  # the second lease waited: nothing was stored behind the lock
    assert report.ingested == 100 and report.duplicates == 0
    assert store.counts()["articles"] == 100
    store.close()


# A long ingest in a process of its own whose files cannot grow (the disk is full) from the
# second chunk on, until a timer makes room 1.5 s later: the chunk is retried, nothing lost.
INGEST_WHILE_THE_DISK_FILLS = textwrap.dedent("""
    import resource, signal, sys, threading
    import babelwire.reconnect
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.ingest.files import read_inputs
    from babelwire.pipeline import Pipeline
    from babelwire.store.sqlite import SQLiteStore

    babelwire.reconnect.RECONNECT_DELAYS = (0.5, 1.0, 2.0, 4.0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    location, path = sys.argv[1], sys.argv[2]
    documents = list(read_inputs([path]))
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    with SQLiteStore(location) as store:
        pipeline = Pipeline(store, HashingEncoder())
        pipeline.ingest(documents[:64])
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, hard))  # no file grows: full
        room = threading.Timer(1.5, resource.setrlimit, (resource.RLIMIT_FSIZE, (hard, hard)))
        room.start()
        report = pipeline.ingest(documents[64:])
        room.join()
        print(report.ingested, store.counts()["articles"])
""")


def test_a_long_ingest_waits_out_a_full_disk(tmp_path: Path) -> None:
    location, path = tmp_path / "growing.db", tmp_path / "in.jsonl"
    write_articles(path, 4, 150)
    process = subprocess.run(
        [sys.executable, "-c", INGEST_WHILE_THE_DISK_FILLS, str(location), str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"),
                                                           str(REPO / "tests")])})
    assert process.returncode == 0, process.stderr[-2000:]
    # SQLite reports a file that cannot grow as an I/O error or a full disk, by where it hit.
    failed = [line for line in process.stderr.splitlines() if "trying again" in line]
    assert failed and all("disk I/O error" in line or "full" in line for line in failed), \
        process.stderr
    assert process.stdout.split() == ["86", "150"]


def test_a_moved_database_file_is_waited_for_not_recreated_empty(tmp_path: Path) -> None:
    location, away, path = tmp_path / "moved.db", tmp_path / "away.db", tmp_path / "in.jsonl"
    write_articles(path, 5, 5)
    with SQLiteStore(location) as store:
        Pipeline(store, HashingEncoder()).ingest(list(read_inputs([path])))
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(location, away)
        with pytest.raises(StoreUnavailable, match="missing"):
            store.counts()
        assert not location.exists()
        os.replace(away, location)
        assert store.counts()["articles"] == 5


def test_connections_opening_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Two processes ingesting into a new file, or `watch` and its delivery thread, open it at
    the same moment: SQLite answered the switch to WAL with "database is locked" at once (no
    busy wait), so one open in twenty failed with exit 4 (a CI failure of 2026-12-08 and a
    flaky watch test). Now the switch is waited for."""
    failures: list[str] = []

    def open_at(path: Path, start: threading.Barrier) -> None:
        start.wait()
        try:
            SQLiteStore(path).close()
        except Exception as error:  # any failure is the finding
            failures.append(f"{type(error).__name__}: {error}")

    for trial in range(60):
        path = tmp_path / f"new-{trial}.db"
        start = threading.Barrier(3)
        threads = [threading.Thread(target=open_at, args=(path, start)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []
