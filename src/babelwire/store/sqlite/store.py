"""Store stage: articles, stories, entities, facts, embeddings and rejections in SQLite.

SQLite in WAL mode with FTS5 is the embedded default. `Store` is the small interface the
pipeline writes through; read-side queries live in `babelwire.read.views`.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from babelwire.models import Article, Assignment, Rejection
from babelwire.store.sqlite_schema import migrate


class Store(Protocol):
    def find_duplicate(self, url: str | None, content_hash: str) -> int | None: ...

    def add_article(self, article: Article, assignment: Assignment,
                    duplicate_of: int | None = None) -> int: ...

    def add_rejection(self, rejection: Rejection) -> None: ...

    def story_of(self, article_id: int) -> int: ...

    def add_signature(self, article_id: int, signature: bytes) -> None: ...

    def recent_signatures(self, limit: int) -> list[tuple[int, bytes]]: ...

    def load_clusterer_state(self) -> dict[str, Any] | None: ...

    def save_clusterer_state(self, state: dict[str, Any]) -> None: ...

    def max_story_id(self) -> int: ...

    def transaction(self) -> Any: ...


def now_iso() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def to_iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


class SQLiteStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path, isolation_level=None,
                                          check_same_thread=False)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA busy_timeout=10000")
        migrate(self.connection)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: a crash mid-batch leaves the database as it was before the batch."""
        if self.connection.in_transaction:
            yield self.connection
            return
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # -- writes -----------------------------------------------------------------------------

    def find_duplicate(self, url: str | None, content_hash: str) -> int | None:
        row = self.connection.execute(
            "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (content_hash, url)).fetchone()
        return int(row["id"]) if row else None

    def add_article(self, article: Article, assignment: Assignment,
                    duplicate_of: int | None = None) -> int:
        db = self.connection
        published = to_iso(article.published)
        with self.transaction():
            if assignment.is_new_story:
                db.execute(
                    "INSERT INTO stories (id, title, title_lang, first_published, last_published,"
                    " created_at, article_count) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    (assignment.story_id, article.title, article.lang, published, published,
                     now_iso()))
            cursor = db.execute(
                "INSERT INTO articles (story_id, external_id, url, content_hash, title, text, lang,"
                " lang_confidence, source, published, ingested_at, origin, score, duplicate_of,"
                " published_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (assignment.story_id, article.external_id, article.url, article.content_hash,
                 article.title, article.text, article.lang, article.lang_confidence,
                 article.source, published, now_iso(), article.origin, assignment.score,
                 duplicate_of, article.published_precision))
            article_id = int(cursor.lastrowid or 0)
            article.id = article_id
            db.executemany(
                "INSERT INTO mentions (article_id, entity_key, surface, normal, sentence, kind)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(article_id, m.key, m.surface, m.normal, m.sentence, m.kind)
                 for m in article.mentions])
            db.executemany(
                "INSERT INTO facts (article_id, kind, value, unit, surface, sentence)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(article_id, f.kind, f.value, f.unit, f.surface, f.sentence)
                 for f in article.facts])
            db.executemany(
                "INSERT INTO claims (article_id, concept, value, upper, approx, unit, as_written,"
                " sentence, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(article_id, c.concept, c.value, c.upper, c.approx, c.unit, c.as_written,
                  c.sentence, c.evidence) for c in article.claims])
            if article.vector is not None:
                db.execute("INSERT INTO embeddings (article_id, vector) VALUES (?, ?)",
                           (article_id, np.asarray(article.vector, np.float32).tobytes()))
            if duplicate_of is None:  # a republished copy is not independent coverage
                self._update_story(assignment.story_id, article, published)
        return article_id

    def _update_story(self, story_id: int, article: Article, published: str | None) -> None:
        # English titles win because most analysts read English; otherwise the first title stays.
        self.connection.execute(
            "UPDATE stories SET article_count = article_count + 1,"
            " first_published = CASE WHEN ?1 IS NOT NULL AND (first_published IS NULL"
            "   OR ?1 < first_published) THEN ?1 ELSE first_published END,"
            " last_published = CASE WHEN ?1 IS NOT NULL AND (last_published IS NULL"
            "   OR ?1 > last_published) THEN ?1 ELSE last_published END,"
            " title = CASE WHEN ?2 = 'en' AND title_lang != 'en' THEN ?3 ELSE title END,"
            " title_lang = CASE WHEN ?2 = 'en' THEN 'en' ELSE title_lang END,"
            " updated_at = ?4 WHERE id = ?5",
            (published, article.lang, article.title, now_iso(), story_id))

    def add_rejection(self, rejection: Rejection) -> None:
        self.connection.execute(
            "INSERT INTO rejections (origin, reason, detail, rejected_at) VALUES (?, ?, ?, ?)",
            (rejection.origin, rejection.reason, rejection.detail, now_iso()))

    def story_of(self, article_id: int) -> int:
        row = self.connection.execute("SELECT story_id FROM articles WHERE id = ?",
                                      (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        return int(row["story_id"])

    def add_signature(self, article_id: int, signature: bytes) -> None:
        self.connection.execute(
            "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
            (article_id, signature))

    def recent_signatures(self, limit: int) -> list[tuple[int, bytes]]:
        rows = self.connection.execute(
            "SELECT article_id, signature FROM article_signatures ORDER BY article_id DESC"
            " LIMIT ?", (limit,))
        return [(int(r["article_id"]), bytes(r["signature"])) for r in rows]

    # -- clusterer state --------------------------------------------------------------------

    def load_clusterer_state(self) -> dict[str, Any] | None:
        row = self.connection.execute("SELECT state FROM clusterer_state WHERE id = 1").fetchone()
        if row is None:
            return None
        state: dict[str, Any] = json.loads(zlib.decompress(row["state"]))
        return state

    def save_clusterer_state(self, state: dict[str, Any]) -> None:
        blob = zlib.compress(json.dumps(state).encode(), level=1)
        self.connection.execute(
            "INSERT INTO clusterer_state (id, state, updated_at) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (blob, now_iso()))

    def max_story_id(self) -> int:
        row = self.connection.execute("SELECT COALESCE(MAX(id), 0) AS top FROM stories").fetchone()
        return int(row["top"])

    def get_meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def article_vectors(self, article_ids: list[int]) -> dict[int, np.ndarray]:
        marks = ",".join("?" * len(article_ids))
        rows = self.connection.execute(
            f"SELECT article_id, vector FROM embeddings WHERE article_id IN ({marks})", article_ids)
        return {int(r["article_id"]): np.frombuffer(r["vector"], dtype=np.float32) for r in rows}
