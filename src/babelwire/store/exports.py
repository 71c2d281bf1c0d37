"""Read queries for vectors and for `babelwire export`, shared by both backends: the bulk reads
that stream or return raw rows rather than a page's read model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from babelwire.store.base import Row
from babelwire.store.writes import SQLBase, marks


class VectorAndExportQueries(SQLBase):
    def _stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[Row]:
        raise NotImplementedError

    def vector_stats(self) -> tuple[int, int]:
        """(number of stored vectors, highest article id with one): a cache's freshness key."""
        (row,) = self._run("SELECT COUNT(*) AS n, COALESCE(MAX(article_id), 0) AS top"
                           " FROM embeddings")
        return int(row["n"]), int(row["top"])

    def vectors_after(self, article_id: int) -> list[tuple[int, int, bytes]]:
        """(article, story, float32 bytes) for every vector after `article_id`, in id order."""
        return [(int(r["article_id"]), int(r["story_id"]), bytes(r["vector"])) for r in self._run(
            "SELECT e.article_id, a.story_id, e.vector FROM embeddings e JOIN articles a"
            " ON a.id = e.article_id WHERE e.article_id > ? ORDER BY e.article_id",
            (article_id,))]

    def article_vectors(self, article_ids: list[int]) -> dict[int, np.ndarray]:
        if not article_ids:
            return {}
        return {int(r["article_id"]): np.frombuffer(bytes(r["vector"]), dtype=np.float32)
                for r in self._run("SELECT article_id, vector FROM embeddings WHERE article_id"
                                   f" IN ({marks(article_ids)})", article_ids)}

    # -- export ------------------------------------------------------------------------------

    def export_articles(self, since: str | None) -> Iterator[Row]:
        where, params = ("WHERE COALESCE(a.published, a.ingested_at) >= ?", [since]) if since \
            else ("", [])
        return self._stream(
            "SELECT a.id, a.story_id, a.title, a.lang, a.source, w.country, w.homepage, a.url,"
            " a.published, a.ingested_at, a.duplicate_of, a.external_id, a.text FROM articles a"
            f" LEFT JOIN watch_sources w ON w.name = a.source {where} ORDER BY a.id", params)

    def export_stories(self, since: str | None) -> Iterator[Row]:
        """Stories with their article ids, languages and sources (two queries in all)."""
        where, params = ("WHERE COALESCE(s.last_published, s.created_at) >= ?", [since]) \
            if since else ("", [])
        stories = self._run(
            "SELECT s.id, s.title, s.article_count, s.first_published, s.last_published"
            f" FROM stories s {where} ORDER BY s.id", params)
        members: dict[int, list[Row]] = {}
        for row in self._stream(
                "SELECT a.id, a.story_id, a.lang, a.source FROM articles a JOIN stories s"
                f" ON s.id = a.story_id {where} ORDER BY a.id", params):
            members.setdefault(int(row["story_id"]), []).append(row)
        for story in stories:
            rows = members.get(int(story["id"]), [])
            languages: dict[str, int] = {}
            for r in rows:
                languages[r["lang"]] = languages.get(r["lang"], 0) + 1
            yield {**story, "languages": languages,
                   "sources": sorted({r["source"] for r in rows if r["source"]}),
                   "article_ids": [r["id"] for r in rows]}
