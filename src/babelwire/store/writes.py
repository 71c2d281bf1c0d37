"""Writes shared by both backends, in the SQL both speak (`?` placeholders; the PostgreSQL
store rewrites them). A backend supplies `_run`, `_run_many`, `transaction` and `write_lease`."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

import numpy as np

from babelwire.errors import NotFound
from babelwire.models import Article, Assignment, Rejection
from babelwire.store.base import ClustererSnapshot, Row


def now_iso() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def to_iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def encode_state(state: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(state).encode(), level=1)


def decode_state(blob: bytes) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(zlib.decompress(blob))
    return state


def marks(values: Sequence[object]) -> str:
    """Placeholders for `IN (...)` (both drivers are given `?`; PostgreSQL's are rewritten)."""
    return ",".join("?" * len(values))


class SQLBase:
    """What every query mixin relies on; implemented by each backend."""

    queries: int = 0

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _counted_here(self) -> AbstractContextManager[Any]:
        """A block whose statements the backend counts as it runs them (`add_article`): the
        SQLite store's general count is costly on writes. Nothing to do by default."""
        return nullcontext()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._run(sql, params)
        return rows[0] if rows else None


class WriteQueries(SQLBase):
    def find_duplicate(self, url: str | None, content_hash: str) -> int | None:
        row = self._one(
            "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)"
            " LIMIT 1", (content_hash, url))
        return int(row["id"]) if row else None

    def external_id_taken(self, external_id: str, source: str | None,
                          content_hash: str) -> bool:
        """Whether an article of `source` is stored under `external_id` with another text."""
        row = self._one(
            "SELECT id FROM articles WHERE external_id = ? AND COALESCE(source, '') ="
            " COALESCE(?, '') AND content_hash <> ? LIMIT 1",
            (external_id, source, content_hash))
        return row is not None

    def add_article(self, article: Article, assignment: Assignment,
                    duplicate_of: int | None = None) -> int:
        published = to_iso(article.published)
        now = now_iso()
        counted = duplicate_of is None  # a republished copy is not independent coverage
        with self.transaction(), self._counted_here():
            if assignment.is_new_story:
                # the row `_update_story` would leave after this insert: its one article
                # counted, the title its own, the span its date (one statement, not two)
                self._run(
                    "INSERT INTO stories (id, title, title_lang, first_published, last_published,"
                    " created_at, article_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (assignment.story_id, article.title, article.lang, published, published,
                     now, 1 if counted else 0, now if counted else None))
            (row,) = self._run(
                "INSERT INTO articles (story_id, external_id, url, content_hash, title, text, lang,"
                " lang_confidence, source, published, ingested_at, origin, score, duplicate_of,"
                " published_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (assignment.story_id, article.external_id, article.url, article.content_hash,
                 article.title, article.text, article.lang, article.lang_confidence,
                 article.source, published, now, article.origin, assignment.score,
                 duplicate_of, article.published_precision))
            article_id = int(row["id"])
            article.id = article_id
            if article.mentions:
                self._run_many(
                    "INSERT INTO mentions (article_id, entity_key, surface, normal, sentence, kind)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(article_id, m.key, m.surface, m.normal, m.sentence, m.kind)
                     for m in article.mentions])
            if article.facts:
                self._run_many(
                    "INSERT INTO facts (article_id, kind, value, unit, surface, sentence)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(article_id, f.kind, f.value, f.unit, f.surface, f.sentence)
                     for f in article.facts])
            if article.claims:
                self._run_many(
                    "INSERT INTO claims (article_id, concept, value, upper, approx, unit,"
                    " as_written, sentence, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(article_id, c.concept, c.value, c.upper, c.approx, c.unit, c.as_written,
                      c.sentence, c.evidence) for c in article.claims])
            if article.vector is not None:
                self._run("INSERT INTO embeddings (article_id, vector) VALUES (?, ?)",
                          (article_id, np.asarray(article.vector, np.float32).tobytes()))
            if counted and not assignment.is_new_story:
                self._update_story(assignment.story_id, article, published, now)
        return article_id

    def rekey_story_mentions(self, story_id: int, old_key: str, new_key: str,
                             kind: str) -> int:
        """Give the one-word mentions keyed old_key in one story's articles new_key and kind
        (a lone surname once the story has its full name); returns how many changed."""
        with self.transaction():
            changed = self._run(
                "UPDATE mentions SET entity_key = ?, kind = ? WHERE entity_key = ?"
                " AND COALESCE(kind, '') != 'place' AND surface NOT LIKE ? AND article_id IN"
                " (SELECT id FROM articles WHERE story_id = ?) RETURNING article_id",
                (new_key, kind, old_key, "% %", story_id))
        return len(changed)

    def rekey_story_spellings(self, story_id: int, old_key: str, surfaces: Sequence[str],
                              new_key: str, kind: str | None) -> int:
        """Give the story's mentions keyed old_key and written as one of `surfaces` new_key (and
        `kind` unless None): names in another script once the story has their Latin key."""
        if not surfaces:
            return 0
        with self.transaction():
            changed = self._run(
                "UPDATE mentions SET entity_key = ?, kind = COALESCE(CAST(? AS TEXT), kind)"
                f" WHERE entity_key = ? AND surface IN ({marks(surfaces)})"
                " AND article_id IN (SELECT id FROM articles WHERE story_id = ?)"
                " RETURNING article_id", (new_key, kind, old_key, *surfaces, story_id))
        return len(changed)

    def _update_story(self, story_id: int, article: Article, published: str | None,
                      now: str) -> None:
        # English titles win because most analysts read English; otherwise the first title stays.
        self._run(
            "UPDATE stories SET article_count = article_count + 1,"
            " first_published = CASE WHEN CAST(? AS TEXT) IS NOT NULL AND (first_published IS NULL"
            "   OR ? < first_published) THEN ? ELSE first_published END,"
            " last_published = CASE WHEN CAST(? AS TEXT) IS NOT NULL AND (last_published IS NULL"
            "   OR ? > last_published) THEN ? ELSE last_published END,"
            " title = CASE WHEN CAST(? AS TEXT) = 'en' AND title_lang != 'en' THEN ?"
            "   ELSE title END,"
            " title_lang = CASE WHEN CAST(? AS TEXT) = 'en' THEN 'en' ELSE title_lang END,"
            " updated_at = ? WHERE id = ?",
            (published, published, published, published, published, published, article.lang,
             article.title, article.lang, now, story_id))

    def add_rejection(self, rejection: Rejection) -> None:
        # The same bad input ingested again stays one row, stamped with when it was last seen.
        known = self._one("SELECT id FROM rejections WHERE origin = ? AND reason = ? AND"
                          " detail = ? LIMIT 1",
                          (rejection.origin, rejection.reason, rejection.detail))
        if known is not None:
            self._run("UPDATE rejections SET rejected_at = ? WHERE id = ?",
                      (now_iso(), known["id"]))
            return
        self._run(
            "INSERT INTO rejections (origin, reason, detail, rejected_at) VALUES (?, ?, ?, ?)",
            (rejection.origin, rejection.reason, rejection.detail, now_iso()))

    def story_of(self, article_id: int) -> int:
        row = self._one("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        if row is None:
            raise NotFound(f"no article {article_id}")
        return int(row["story_id"])

    def add_signature(self, article_id: int, signature: bytes) -> None:
        self._run("INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
                  (article_id, signature))

    def recent_signatures(self, limit: int) -> list[tuple[int, bytes]]:
        rows = self._run(
            "SELECT article_id, signature FROM article_signatures ORDER BY article_id DESC"
            " LIMIT ?", (limit,))
        return [(int(r["article_id"]), bytes(r["signature"])) for r in rows]

    def signatures_after(self, article_id: int) -> list[tuple[int, bytes]]:
        """Signatures other writers stored after `article_id`, oldest first."""
        rows = self._run(
            "SELECT article_id, signature FROM article_signatures WHERE article_id > ?"
            " ORDER BY article_id", (article_id,))
        return [(int(r["article_id"]), bytes(r["signature"])) for r in rows]

    # -- clusterer state: versioned, so a writer sees that another one changed it ------------

    def clusterer_snapshot(self, known_version: int | None = None) -> ClustererSnapshot:
        """The stored state and its version; the state is left out (None) when its version is
        `known_version`, so an unchanged state costs one tiny query instead of a decode."""
        row = self._one("SELECT version FROM clusterer_state WHERE id = 1")
        if row is None:
            return ClustererSnapshot(0, None)
        version = int(row["version"])
        if version == known_version:
            return ClustererSnapshot(version, None)
        blob = self._one("SELECT state FROM clusterer_state WHERE id = 1")
        assert blob is not None
        return ClustererSnapshot(version, decode_state(bytes(blob["state"])))

    def load_clusterer_state(self) -> dict[str, Any] | None:
        return self.clusterer_snapshot().state

    def save_clusterer_state(self, state: dict[str, Any]) -> int:
        """Store the state and bump its version; returns the new version."""
        (row,) = self._run(
            "INSERT INTO clusterer_state (id, state, updated_at, version) VALUES (1, ?, ?, 1)"
            " ON CONFLICT(id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at, version = clusterer_state.version + 1"
            " RETURNING version", (encode_state(state), now_iso()))
        return int(row["version"])

    def max_story_id(self) -> int:
        row = self._one("SELECT COALESCE(MAX(id), 0) AS top FROM stories")
        return int(row["top"]) if row else 0

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        self._run("INSERT INTO meta (key, value) VALUES (?, ?)"
                  " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def list_rejections(self, since: str | None = None) -> list[Row]:
        """Rejected inputs, oldest first (at or after `since`, an ISO 8601 UTC time)."""
        where, params = ("WHERE rejected_at >= ?", [since]) if since else ("", [])
        return self._run(f"SELECT id, origin, reason, detail, rejected_at FROM rejections {where}"
                         " ORDER BY rejected_at, id", params)
