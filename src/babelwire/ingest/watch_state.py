"""Persistent watcher state in SQLite tables prefixed `watch_`, in the same file as the store.

watch_sources  one row per configured source: its metadata (country, language, homepage, shown
               in stories by joining articles.source = watch_sources.name) and its poll state
               (ETag, Last-Modified, consecutive failures, next poll time, last error).
watch_seen     one row per item key already handled: "id:<source>:<guid>" and
               "url:<canonical url>", with status done / rejected / retry (transient failure,
               tried again next round until `attempts` reaches the limit).

All writes for one source happen in one transaction (`FeedState.transaction()`), so a process
killed mid-round keeps every source finished before the kill and redoes only the rest. When the
store shares this connection, the sink's writes join that transaction and the two commit as one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from babelwire.ingest.sources import SourceConfig
from babelwire.models import RawDocument, Rejection

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_sources (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    interval REAL NOT NULL,
    country TEXT,
    language TEXT,
    homepage TEXT,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll REAL NOT NULL DEFAULT 0,
    last_polled REAL,
    last_ok REAL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS watch_seen (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'rejected', 'retry')),
    attempts INTEGER NOT NULL DEFAULT 0,
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_seen_last ON watch_seen(last_seen);
"""


@dataclass
class SourceReport:
    name: str
    status: str = "ok"  # "ok", "not-modified" or "failed"
    new: int = 0  # documents the sink ingested
    duplicates: int = 0  # items already stored under another URL/id, or by the sink
    rejected: int = 0
    error: str | None = None  # "reason: detail" when failed
    retry_in: float | None = None  # seconds until the next poll
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def count(self, batch: Sequence[RawDocument | Rejection], result: object) -> None:
        """Counts from what the sink got, or from its own report (an IngestReport)."""
        documents = sum(isinstance(item, RawDocument) for item in batch)
        ingested = getattr(result, "ingested", None)
        if isinstance(ingested, int):
            self.new = ingested
            self.duplicates += int(getattr(result, "duplicates", 0) or 0)
            self.rejected = int(getattr(result, "rejected", len(batch) - documents) or 0)
        else:
            self.new, self.rejected = documents, len(batch) - documents


@dataclass
class RoundReport:
    sources: list[SourceReport] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def duplicates(self) -> int:
        return sum(s.duplicates for s in self.sources)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sources)

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if s.status == "failed"]


@dataclass(frozen=True)
class SourceState:
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0  # epoch seconds; 0 = due now
    last_error: str | None = None


class FeedState:
    """Watcher state; pass a path (own connection) or the store's sqlite3.Connection."""

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        self.shared = isinstance(db, sqlite3.Connection)
        if isinstance(db, sqlite3.Connection):
            self.connection = db
        else:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA busy_timeout=10000")
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.connection.execute(statement)

    def close(self) -> None:
        if not self.shared:
            self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit; joins a transaction already open on a shared connection."""
        db = self.connection
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- sources ---------------------------------------------------------------------------------

    def register(self, sources: Iterable[SourceConfig]) -> None:
        """Record source metadata; a source whose URL changed starts over (no ETag, due now)."""
        with self.transaction() as db:
            for s in sources:
                db.execute(
                    "INSERT INTO watch_sources (name, url, kind, interval, country, language,"
                    " homepage) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                    " etag = CASE WHEN url = excluded.url THEN etag END,"
                    " last_modified = CASE WHEN url = excluded.url THEN last_modified END,"
                    " next_poll = CASE WHEN url = excluded.url THEN next_poll ELSE 0 END,"
                    " failures = CASE WHEN url = excluded.url THEN failures ELSE 0 END,"
                    " url = excluded.url, kind = excluded.kind, interval = excluded.interval,"
                    " country = excluded.country, language = excluded.language,"
                    " homepage = excluded.homepage",
                    (s.name, s.url, s.kind, s.interval, s.country, s.language, s.homepage))

    def source(self, name: str) -> SourceState:
        row = self.connection.execute(
            "SELECT etag, last_modified, failures, next_poll, last_error FROM watch_sources"
            " WHERE name = ?", (name,)).fetchone()
        return SourceState() if row is None else SourceState(*row)

    def update_source(self, name: str, state: SourceState, now: float, ok: bool) -> None:
        self.connection.execute(
            "UPDATE watch_sources SET etag = ?, last_modified = ?, failures = ?, next_poll = ?,"
            " last_error = ?, last_polled = ?, last_ok = CASE WHEN ? THEN ? ELSE last_ok END"
            " WHERE name = ?",
            (state.etag, state.last_modified, state.failures, state.next_poll, state.last_error,
             now, ok, now, name))

    # -- seen items ------------------------------------------------------------------------------

    def seen(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """{key: (status, attempts)} for the keys already recorded."""
        found: dict[str, tuple[str, int]] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, status, attempts in self.connection.execute(
                    f"SELECT key, status, attempts FROM watch_seen WHERE key IN ({marks})", chunk):
                found[key] = (status, int(attempts))
        return found

    def mark(self, source: str, keys: Iterable[str], status: str, now: float,
             attempts: int = 0) -> None:
        self.connection.executemany(
            "INSERT INTO watch_seen (key, source, status, attempts, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET status = excluded.status,"
            " attempts = excluded.attempts, last_seen = excluded.last_seen",
            [(key, source, status, attempts, now, now) for key in dict.fromkeys(keys)])

    def touch(self, keys: Iterable[str], now: float) -> None:
        """Note that these keys are still listed in a feed (pruning spares them)."""
        self.connection.executemany("UPDATE watch_seen SET last_seen = ? WHERE key = ?",
                                    [(now, key) for key in dict.fromkeys(keys)])

    def prune(self, before: float) -> int:
        """Forget keys not listed in any feed since `before`; returns how many."""
        with self.transaction() as db:
            return db.execute("DELETE FROM watch_seen WHERE last_seen < ?", (before,)).rowcount
