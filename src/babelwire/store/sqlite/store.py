"""The embedded default: one SQLite file in WAL mode (readers never wait for the writer), FTS5
for full-text search, versioned migrations (`migrations.py`). The write lease is
`BEGIN IMMEDIATE`: SQLite's own single-writer lock, taken before anything is read.

Like the PostgreSQL store, it reopens its connection on the next use after the database was
unavailable (locked past the busy timeout, disk full, an I/O error) or its file was replaced
or moved back, so `watch`, `serve` and long `ingest` runs recover alike on both backends."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from babelwire.errors import StoreError, StoreUnavailable
from babelwire.store.base import FullTextHit, Row
from babelwire.store.corrections import CorrectionQueries
from babelwire.store.monitor import MonitorQueries
from babelwire.store.reads import ReadQueries
from babelwire.store.sqlite.migrations import migrate
from babelwire.store.watch import WatchQueries
from babelwire.store.writes import WriteQueries

# A writer waits this long for the lease before giving up. Leases last one chunk's assignment
# (tens of milliseconds), so this is only reached when something is badly stuck.
BUSY_TIMEOUT_SECONDS = 120.0

# SQLite's result codes (extended names start with these) for a condition that may pass:
# another process holding the lock past the busy timeout, a full disk, an I/O error, the file
# moved or removed under an open connection. Retried like a lost PostgreSQL connection.
TRANSIENT_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR",
                    "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_READONLY_DBMOVED")


def connect(path: str | Path, timeout: float | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, rows by name."""
    timeout = BUSY_TIMEOUT_SECONDS if timeout is None else timeout
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                 timeout=timeout)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    _switch_to_wal(connection, timeout)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def _switch_to_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """`PRAGMA journal_mode=WAL`, waited for: on a new file that another connection is opening
    at the same moment (a second process, or `watch`'s delivery thread), SQLite answers "database
    is locked" at once, without its busy handler, and the open failed (one open in twenty, three
    at once, in a throwaway probe)."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY",
                                                                      "SQLITE_LOCKED"))
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def write_failure(error: sqlite3.Error, location: object) -> StoreError:
    """A driver error as the library's StoreError: one message, exit status 4, HTTP 503."""
    detail = str(error) or type(error).__name__
    transient = getattr(error, "sqlite_errorname", "").startswith(TRANSIENT_ERRORS)
    kind = StoreUnavailable if transient else StoreError
    return kind(f"the SQLite database {location} could not be read or written: {detail}; "
                "what was committed before is kept, and the failed batch was rolled back "
                "(ingesting it again stores only what is missing)")


@contextmanager
def immediate_transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing, holding the write lock from the start; joins one already open."""
    if connection.in_transaction:
        yield connection
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise write_failure(error, _location(connection)) from error
    try:
        yield connection
    except BaseException:
        with suppress(sqlite3.Error):  # the original error is the one to report
            connection.execute("ROLLBACK")
        raise
    try:
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise write_failure(error, _location(connection)) from error


def _location(connection: sqlite3.Connection) -> str:
    with suppress(sqlite3.Error):
        for row in connection.execute("PRAGMA database_list"):
            if row[1] == "main":
                return str(row[2])
    return "(unknown file)"


class SQLiteStore(WriteQueries, ReadQueries, WatchQueries, MonitorQueries,
                  CorrectionQueries):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.queries = 0
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file")
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = connect(self.path)
            migrate(self.connection)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a babelwire database: {error}") from None
        self._identity = _file_identity(self.path)
        self._stale = False  # set by an error that may pass: reopen on the next use
        self._counting = False  # statements counted by `_run` (`_counted_here`), not traced
        # Count every statement run on this connection, by anyone (tests bound them per page).
        self.connection.set_trace_callback(self._count)

    def _count(self, statement: str) -> None:
        # Not the statements FTS5 runs on its own tables ('main'.…) or nested ones ("-- …").
        if not statement.startswith("--") and "'main'." not in statement:
            self.queries += 1

    def close(self) -> None:
        self.connection.close()

    def reconnect(self) -> None:
        """A new connection to the file now at the path (after an I/O error, a lock held too
        long, a full disk, or the file replaced). A missing file is waited for, not created:
        it may be being restored, and what was committed is in it."""
        self._stale = True
        with suppress(sqlite3.Error):
            self.connection.close()
        if not self.path.exists():
            raise StoreUnavailable(f"the SQLite database {self.location} is missing (moved or "
                                   "removed); what was committed before is in that file")
        try:
            self.connection = connect(self.path)
            migrate(self.connection)  # a replacement may be older, or new and empty
        except sqlite3.Error as error:
            raise write_failure(error, self.location) from error
        self.connection.set_trace_callback(self._count)
        self._identity = _file_identity(self.path)
        self._stale = False

    def _ready(self) -> sqlite3.Connection:
        """The connection, reopened first when the last use failed in a way that may pass or
        the file at the path is no longer the one opened (never inside a transaction)."""
        if not self.in_transaction() and (
                self._stale or _file_identity(self.path) != self._identity):
            self.reconnect()
        return self.connection

    def _failure(self, error: sqlite3.Error) -> StoreError:
        failure = write_failure(error, self.location)
        if isinstance(failure, StoreUnavailable):
            self._stale = True
        return failure

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the backend seam the query mixins use ---------------------------------------------

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        if self._counting:
            self.queries += 1
        try:
            return [dict(row) for row in self._ready().execute(sql, params)]
        except sqlite3.Error as error:
            raise self._failure(error) from error

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self._counting:
            rows = list(rows)
            self.queries += len(rows)  # the trace sees each row's execution
        try:
            self._ready().executemany(sql, rows)
        except sqlite3.Error as error:
            raise self._failure(error) from error

    @contextmanager
    def _counted_here(self) -> Iterator[None]:
        """This block's statements counted by `_run` and `_run_many`, not by the trace
        callback: for the callback, SQLite writes out every statement with its parameters
        filled in (an article's text, its vector in hex, FTS5's own statements), a third or
        more of an article insert's time. The count is the same: one a statement, one a row
        of an `executemany` (tests/test_store.py)."""
        self.connection.set_trace_callback(None)
        self._counting = True
        try:
            yield
        finally:
            self._counting = False
            self.connection.set_trace_callback(self._count)

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        try:
            for row in self._ready().execute(sql, params):
                yield dict(row)
        except sqlite3.Error as error:
            raise self._failure(error) from error

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: a crash mid-batch leaves the database as it was before the batch."""
        try:
            with immediate_transaction(self._ready()) as connection:
                yield connection
        except StoreUnavailable:
            self._stale = True
            raise

    def write_lease(self) -> Any:
        """The single-writer lease: BEGIN IMMEDIATE takes SQLite's write lock up front, so
        what is read inside (clusterer state, duplicates) cannot change until COMMIT."""
        return self.transaction()

    def in_transaction(self) -> bool:
        try:
            return self.connection.in_transaction
        except sqlite3.ProgrammingError:  # closed: a reconnect failed
            return False

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    # -- what only SQLite says this way -----------------------------------------------------

    def _fts_story_filter(self, query: str) -> tuple[str, list[Any]]:
        return ("s.id IN (SELECT a.story_id FROM articles_fts f JOIN articles a"
                " ON a.id = f.rowid WHERE articles_fts MATCH ?)", [fts5_query(query)])

    def full_text_hits(self, terms: Sequence[str], limit: int = 200,
                       prefix: bool = False) -> list[FullTextHit]:
        """Articles containing any term (with `prefix`: any word beginning with a term), best
        ranked first, with how many of the terms each contains."""
        quoted = [fts5_term(t) + ("*" if prefix else "") for t in terms if t]
        if not quoted:
            return []
        rows = self._run(
            "SELECT a.story_id, a.id, bm25(articles_fts) AS rank FROM articles_fts"
            " JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ?", (" OR ".join(quoted), limit))
        ids = [int(r["id"]) for r in rows]
        matched = dict.fromkeys(ids, 0)
        if ids:
            marks = ",".join("?" * len(ids))
            for term in quoted:
                for hit in self._run(f"SELECT rowid AS id FROM articles_fts WHERE articles_fts"
                                     f" MATCH ? AND rowid IN ({marks})", [term, *ids]):
                    matched[int(hit["id"])] += 1
        return [FullTextHit(int(r["story_id"]), int(r["id"]), matched[int(r["id"])])
                for r in rows]

    def _row_order(self) -> str:
        return "rowid"


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (device, inode): another one after a replace or a restore."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def fts5_term(word: str) -> str:
    """A quoted FTS5 string (a NUL would end the query text early: dropped)."""
    return '"' + word.replace("\x00", "").replace('"', '""') + '"'


def fts5_query(text: str) -> str:
    """Words of a user's query as an FTS5 OR-query of quoted terms (no syntax errors possible)."""
    from babelwire.store.reads import query_terms

    return " OR ".join(fts5_term(w) for w in query_terms(text)) or '""'


class ConnectionStore(WatchQueries):
    """The watcher's queries over a sqlite3 connection someone else opened (and closes)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.location = "(a shared sqlite3 connection)"
        self.queries = 0
        migrate(connection)

    def close(self) -> None:
        """The connection belongs to whoever opened it."""

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        cursor = self.connection.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.queries += 1
        self.connection.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with immediate_transaction(self.connection) as connection:
            yield connection

    def in_transaction(self) -> bool:
        return self.connection.in_transaction
