"""The watcher's state (`watch_sources`, `watch_seen`, created by the versioned migrations of
each backend), as queries shared by both backends; `babelwire.ingest.watch_state.FeedState`
is the interface the watcher uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from babelwire.store.writes import SQLBase


class WatchQueries(SQLBase):
    def watch_register(self, sources: Iterable[Sequence[Any]]) -> None:
        """Rows of (name, url, kind, interval, country, language, homepage); a source whose URL
        changed starts over (no ETag, due now)."""
        self._run_many(
            "INSERT INTO watch_sources (name, url, kind, interval, country, language,"
            " homepage) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
            " etag = CASE WHEN watch_sources.url = excluded.url THEN watch_sources.etag END,"
            " last_modified = CASE WHEN watch_sources.url = excluded.url"
            "   THEN watch_sources.last_modified END,"
            " next_poll = CASE WHEN watch_sources.url = excluded.url"
            "   THEN watch_sources.next_poll ELSE 0 END,"
            " failures = CASE WHEN watch_sources.url = excluded.url"
            "   THEN watch_sources.failures ELSE 0 END,"
            " url = excluded.url, kind = excluded.kind, interval = excluded.interval,"
            " country = excluded.country, language = excluded.language,"
            " homepage = excluded.homepage", [tuple(s) for s in sources])

    def watch_source(self, name: str) -> tuple[Any, ...] | None:
        """(etag, last_modified, failures, next_poll, last_error) of one source."""
        row = self._one(
            "SELECT etag, last_modified, failures, next_poll, last_error FROM watch_sources"
            " WHERE name = ?", (name,))
        if row is None:
            return None
        return (row["etag"], row["last_modified"], int(row["failures"]),
                float(row["next_poll"]), row["last_error"])

    def watch_update_source(self, name: str, values: Sequence[Any], now: float,
                            ok: bool) -> None:
        """Store (etag, last_modified, failures, next_poll, last_error) after a poll."""
        etag, modified, failures, next_poll, error = values
        self._run(
            "UPDATE watch_sources SET etag = ?, last_modified = ?, failures = ?, next_poll = ?,"
            " last_error = ?, last_polled = ?, last_ok = CASE WHEN ? THEN ? ELSE last_ok END"
            " WHERE name = ?",
            (etag, modified, failures, next_poll, error, now, bool(ok), now, name))

    def watch_seen(self, keys: Sequence[str]) -> dict[str, tuple[str, int]]:
        found: dict[str, tuple[str, int]] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            for row in self._run("SELECT key, status, attempts FROM watch_seen WHERE key IN"
                                 f" ({','.join('?' * len(chunk))})", chunk):
                found[str(row["key"])] = (str(row["status"]), int(row["attempts"]))
        return found

    def watch_mark(self, source: str, keys: Sequence[str], status: str, now: float,
                   attempts: int = 0) -> None:
        if keys:
            self._run_many(
                "INSERT INTO watch_seen (key, source, status, attempts, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
                " status = excluded.status, attempts = excluded.attempts,"
                " last_seen = excluded.last_seen",
                [(key, source, status, attempts, now, now) for key in keys])

    def watch_touch(self, keys: Sequence[str], now: float) -> None:
        if keys:
            self._run_many("UPDATE watch_seen SET last_seen = ? WHERE key = ?",
                           [(now, key) for key in keys])

    def watch_prune(self, before: float) -> int:
        with self.transaction():
            removed = self._run("DELETE FROM watch_seen WHERE last_seen < ? RETURNING key",
                                (before,))
        return len(removed)


def watch_store_for(db: Any) -> tuple[Any, bool, bool]:
    """(store, owned, connection given) for what `FeedState` was given: a store, a database
    path or URL (opened here, so owned), or a raw sqlite3 connection (wrapped, shared)."""
    import sqlite3
    from pathlib import Path

    if isinstance(db, sqlite3.Connection):
        from babelwire.store.sqlite.store import ConnectionStore

        return ConnectionStore(db), False, True
    if isinstance(db, str | Path):
        from babelwire.store.base import open_store

        return open_store(db), True, False
    return db, False, False
