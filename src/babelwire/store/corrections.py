"""Corrections by hand (merge, split, move): moving articles between stories, recomputing the
stories they leave and join, and the record of each correction (when, what, by what). Run
inside the caller's write lease, with the clusterer state saved in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence

from babelwire.store.base import Row
from babelwire.store.writes import SQLBase, marks, now_iso


class CorrectionQueries(SQLBase):
    def article_story_rows(self, article_ids: Sequence[int]) -> list[Row]:
        """(id, story_id, duplicate_of) of some articles."""
        if not article_ids:
            return []
        return self._run(f"SELECT id, story_id, duplicate_of FROM articles"
                         f" WHERE id IN ({marks(article_ids)})", list(article_ids))

    def story_article_ids(self, story_id: int) -> list[int]:
        return [int(r["id"]) for r in self._run(
            "SELECT id FROM articles WHERE story_id = ? ORDER BY id", (story_id,))]

    def open_story(self, story_id: int, title: str, title_lang: str | None) -> None:
        """An empty story row (its counts are set by `refresh_stories`)."""
        self._run("INSERT INTO stories (id, title, title_lang, created_at, article_count)"
                  " VALUES (?, ?, ?, ?, 0)", (story_id, title, title_lang, now_iso()))

    def move_articles(self, article_ids: Sequence[int], story_id: int) -> int:
        """Put articles (and their republished copies) in `story_id`; how many moved."""
        if not article_ids:
            return 0
        ids = list(article_ids)
        return len(self._run(
            f"UPDATE articles SET story_id = ? WHERE (id IN ({marks(ids)}) OR duplicate_of IN"
            f" ({marks(ids)})) AND story_id != ? RETURNING id", [story_id, *ids, *ids, story_id]))

    def refresh_stories(self, story_ids: Sequence[int]) -> list[int]:
        """Recompute the counts, time span and title of stories whose articles changed; a
        story left without articles is removed (its id is never reused). Returns the removed."""
        removed = []
        for story_id in story_ids:
            originals = self._run(
                "SELECT title, lang, published FROM articles WHERE story_id = ?"
                " AND duplicate_of IS NULL ORDER BY COALESCE(published, ingested_at), id",
                (story_id,))
            if not originals:
                if self._one("SELECT id FROM articles WHERE story_id = ? LIMIT 1",
                             (story_id,)) is None:
                    self._run("DELETE FROM stories WHERE id = ?", (story_id,))
                    removed.append(story_id)
                continue
            # As at ingest: the first English title, else the first title.
            titled = next((r for r in originals if r["lang"] == "en"), originals[0])
            dates = [r["published"] for r in originals if r["published"]]
            self._run(
                "UPDATE stories SET article_count = ?, first_published = ?, last_published = ?,"
                " title = ?, title_lang = ?, updated_at = ? WHERE id = ?",
                (len(originals), min(dates, default=None), max(dates, default=None),
                 titled["title"], titled["lang"], now_iso(), story_id))
        return removed

    def add_correction(self, kind: str, story_id: int, detail: str, actor: str) -> int:
        (row,) = self._run(
            "INSERT INTO corrections (kind, story_id, detail, actor, created)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id", (kind, story_id, detail, actor, now_iso()))
        return int(row["id"])

    def correction_rows(self, story_ids: Sequence[int]) -> list[Row]:
        """Corrections that made or touched these stories (`story_id` the resulting one, or
        named in `detail`), oldest first."""
        if not story_ids:
            return []
        return self._run(
            "SELECT id, kind, story_id, detail, actor, created FROM corrections"
            f" WHERE story_id IN ({marks(story_ids)}) ORDER BY id", list(story_ids))

    def profile_rows(self, story_ids: Sequence[int]) -> tuple[list[Row], list[Row], list[Row]]:
        """What rebuilding the clusterer's profiles of some stories needs: their original
        articles with vectors (and texts, whose leads the profiles read), those articles'
        mentions, and their facts."""
        if not story_ids:
            return [], [], []
        ids = list(story_ids)
        articles = self._run(
            "SELECT a.id, a.story_id, a.title, a.text, a.lang, a.published,"
            " a.published_precision, a.content_hash, e.vector"
            " FROM articles a JOIN embeddings e ON e.article_id = a.id"
            f" WHERE a.story_id IN ({marks(ids)}) AND a.duplicate_of IS NULL"
            " ORDER BY COALESCE(a.published, a.ingested_at), a.id", ids)
        mentions = self._run(
            "SELECT m.article_id, m.entity_key, m.surface, m.normal, m.sentence, m.kind"
            " FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE a.story_id IN ({marks(ids)}) AND a.duplicate_of IS NULL", ids)
        facts = self._run(
            "SELECT f.article_id, f.kind, f.value, f.unit, f.surface, f.sentence FROM facts f"
            f" JOIN articles a ON a.id = f.article_id WHERE a.story_id IN ({marks(ids)})"
            " AND a.duplicate_of IS NULL", ids)
        return articles, mentions, facts
