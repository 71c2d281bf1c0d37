"""PostgreSQL backend for a team: many `ingest`/`watch` workers and `serve` processes on one
server. psycopg 3 in autocommit mode with explicit transactions; the write lease is a
transaction-scoped advisory lock, so it is released by COMMIT, ROLLBACK or a dead connection
(a worker killed with kill -9 never leaves it held)."""

from __future__ import annotations

import contextlib
import functools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row

from babelwire.errors import ConnectionLost, SchemaTooNew, StoreError
from babelwire.store.base import FullTextHit, Row
from babelwire.store.corrections import CorrectionQueries
from babelwire.store.monitor import MonitorQueries
from babelwire.store.postgres.migrations import MIGRATIONS, QUERY_CONFIGS, SCHEMA_VERSION
from babelwire.store.reads import ReadQueries
from babelwire.store.watch import WatchQueries
from babelwire.store.writes import WriteQueries

LEASE_KEY = 0x6277_6C65  # "bwle": the one advisory lock every writer takes for assignment
MIGRATION_KEY = 0x6277_6D67  # "bwmg": held while a process checks or upgrades the schema


@functools.lru_cache(maxsize=512)
def to_format_style(sql: str) -> str:
    """The shared SQL uses `?` placeholders; psycopg wants `%s` (and a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; SQLite can. Drop it rather than refuse the article.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _connect(url: str) -> psycopg.Connection[Row]:
    return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)


def _create_database(url: str) -> None:
    """Create the database named in `url` (a fresh server has only `postgres`)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    # Another process may create it first: that is as good.
    with _connect(admin) as connection, contextlib.suppress(pg_errors.DuplicateDatabase,
                                                            pg_errors.UniqueViolation):
        connection.execute(f'CREATE DATABASE "{name.replace(chr(34), "")}"')


class PostgresStore(WriteQueries, ReadQueries, WatchQueries, MonitorQueries,
                  CorrectionQueries):
    def __init__(self, url: str) -> None:
        self.location = _redacted(url)
        self.queries = 0
        self._url = url
        self._depth = 0
        self._leased = False
        self._closed = False
        try:
            try:
                self.connection = _connect(url)
            except psycopg.OperationalError as error:
                if "does not exist" not in str(error) or not urlsplit(url).path.strip("/"):
                    raise
                _create_database(url)
                self.connection = _connect(url)
            self._migrate()
        except psycopg.Error as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise StoreError(f"cannot use the PostgreSQL database {self.location}: "
                             f"{detail}") from None

    def close(self) -> None:
        self._closed = True
        self.connection.close()

    # -- lost connections: translated once, reopened on the next use -------------------------

    def _failure(self, error: psycopg.Error) -> StoreError:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        if self.connection.broken or self.connection.closed:
            return ConnectionLost(
                f"the connection to the PostgreSQL database {self.location} was lost "
                f"({detail}); what was committed before is kept, and the failed batch was "
                "rolled back (a new connection is opened on the next use)")
        return StoreError(f"the PostgreSQL database {self.location} could not be read or "
                          f"written: {detail}; what was committed before is kept, and the "
                          "failed batch was rolled back")

    @contextmanager
    def _translating(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as error:
            raise self._failure(error) from error

    def _ready(self) -> psycopg.Connection[Row]:
        """The connection, reopened first when the last one broke (never inside a
        transaction: that one is lost, and the caller learns it)."""
        if (self.connection.broken or self.connection.closed) and not self._depth \
                and not self._closed:
            self.reconnect()
        return self.connection

    def reconnect(self) -> None:
        """A new connection in place of a broken one (the server restarted)."""
        with contextlib.suppress(psycopg.Error):
            self.connection.close()
        self._leased = False
        try:
            self.connection = _connect(self._url)
        except psycopg.Error as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ConnectionLost(f"the PostgreSQL database {self.location} cannot be reached "
                                 f"({detail}); what was committed before is kept") from None

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        db = self.connection
        try:  # the common case, one query: already at this version
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is not None and int(row["version"]) == SCHEMA_VERSION:
                return
        except pg_errors.UndefinedTable:
            pass  # a new database: create the schema below
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_KEY,))
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = int(row["version"]) if row else 0
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"this database has schema version {version}, newer than this babelwire "
                    f"understands ({SCHEMA_VERSION}); upgrade babelwire")
            for number in range(version, SCHEMA_VERSION):
                db.execute(MIGRATIONS[number].encode())
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                db.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        row = self._one("SELECT version FROM schema_version")
        return int(row["version"]) if row else 0

    # -- the backend seam the query mixins use ---------------------------------------------

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        with self._translating():
            cursor = self._ready().execute(to_format_style(sql), [_clean(p) for p in params])
            return cursor.fetchall() if cursor.description else []

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.queries += 1
        with self._translating(), self._ready().cursor() as cursor:
            cursor.executemany(to_format_style(sql), [[_clean(v) for v in r] for r in rows])

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        self.queries += 1
        with self._translating(), self._ready().cursor() as cursor:
            yield from cursor.stream(to_format_style(sql), [_clean(p) for p in params])

    @contextmanager
    def transaction(self) -> Iterator[PostgresStore]:
        """All-or-nothing; joins a transaction already open (no savepoints)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._translating(), self._ready().transaction():
            self._depth = 1
            try:
                yield self
            finally:
                self._depth = 0
                self._leased = False

    @contextmanager
    def write_lease(self) -> Iterator[PostgresStore]:
        """The single-writer lease: an advisory lock held until this transaction ends."""
        with self.transaction():
            if not self._leased:
                with self._translating():
                    self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (LEASE_KEY,))
                self.queries += 1
                self._leased = True
            yield self

    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- what only PostgreSQL says this way -------------------------------------------------

    _ANY_TERM = ("(SELECT string_agg(q, ' | ')::tsquery FROM ("
                 "SELECT plainto_tsquery(c.cfg, w.word)::text AS q"
                 " FROM unnest(CAST(? AS TEXT[])) AS w(word),"
                 " unnest(CAST(? AS REGCONFIG[])) AS c(cfg)) AS forms WHERE q <> '')")

    def _fts_story_filter(self, query: str) -> tuple[str, list[Any]]:
        from babelwire.store.reads import query_terms

        return (f"s.id IN (SELECT a.story_id FROM articles a WHERE a.fts @@ {self._ANY_TERM})",
                [query_terms(query), QUERY_CONFIGS])

    def full_text_hits(self, terms: Sequence[str], limit: int = 200,
                       prefix: bool = False) -> list[FullTextHit]:
        """Articles containing any term (as written or stemmed in any language PostgreSQL
        stems; with `prefix`, any word beginning with a term), best ranked first, with how
        many of the terms each contains."""
        words = [t for t in terms if t]
        if not words:
            return []
        if prefix:
            return self._prefix_hits(words, limit)
        per_term = ("(SELECT COUNT(*) FROM unnest(CAST(? AS TEXT[])) AS t(word) WHERE a.fts @@"
                    " (SELECT string_agg(q, ' | ')::tsquery FROM (SELECT"
                    " plainto_tsquery(c.cfg, t.word)::text AS q FROM"
                    " unnest(CAST(? AS REGCONFIG[])) AS c(cfg)) AS forms WHERE q <> ''))")
        rows = self._run(
            f"WITH query AS (SELECT {self._ANY_TERM} AS q)"
            f" SELECT a.story_id, a.id, {per_term} AS matched,"
            " ts_rank(a.fts, query.q) AS rank FROM articles a, query WHERE a.fts @@ query.q"
            " ORDER BY rank DESC, a.id LIMIT ?",
            (words, QUERY_CONFIGS, words, QUERY_CONFIGS, limit))
        return [FullTextHit(int(r["story_id"]), int(r["id"]), int(r["matched"])) for r in rows]

    # A beginning among the words as written ('simple': lowercased, accents kept), with and
    # without its accents, as SQLite's index reads both: "maszyniś" finds "maszynistów"
    # through "maszynis", "pocią" finds "pociągów" as it is.
    _BEGINS = ("(to_tsquery('simple', quote_literal(lower({0}.word)) || ':*')"
               " || to_tsquery('simple', quote_literal(lower({0}.plain)) || ':*'))")

    def _prefix_hits(self, words: list[str], limit: int) -> list[FullTextHit]:
        plain = [_without_accents(w) for w in words]
        rows = self._run(
            "WITH query AS (SELECT (SELECT string_agg(" + self._BEGINS.format("w") + "::text,"
            " ' | ')::tsquery FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS w(word,"
            " plain)) AS q) SELECT a.story_id, a.id, (SELECT COUNT(*) FROM unnest(CAST(? AS"
            " TEXT[]), CAST(? AS TEXT[])) AS t(word, plain) WHERE a.fts @@ "
            + self._BEGINS.format("t") + ") AS matched, ts_rank(a.fts, query.q) AS rank"
            " FROM articles a, query WHERE a.fts @@ query.q ORDER BY rank DESC, a.id LIMIT ?",
            (words, plain, words, plain, limit))
        return [FullTextHit(int(r["story_id"]), int(r["id"]), int(r["matched"])) for r in rows]

    def _row_order(self) -> str:
        return "id"


def _without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))
