"""Read queries shared by both backends, each answering a whole list or page in bulk (one
query per kind of row, never one per story or entity). Rows are plain dicts; `babelwire.read`
turns them into its typed read models. Full-text search is backend-specific
(`_fts_story_filter`, `full_text_hits`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babelwire.store.base import FullTextHit, Row
from babelwire.store.exports import VectorAndExportQueries
from babelwire.store.writes import marks

STORY_COLUMNS = ("id, title, title_lang, article_count, first_published, last_published,"
                 " created_at")
CLAIM_COLUMNS = ("c.article_id, c.concept, c.value, c.upper, c.approx, c.unit, c.as_written,"
                 " c.sentence, c.evidence, a.lang, a.source, a.story_id")
ARTICLE_FIELDS = ("id, story_id, title, lang, source, url, published, substr(text, 1, 300)"
                  " AS lead, score, duplicate_of, published_precision")


_TOTALS = (" (SELECT COUNT(*) FROM articles) AS total_articles,"
           " (SELECT COUNT(*) FROM stories) AS total_stories,"
           " (SELECT COUNT(*) FROM rejections) AS total_rejections,")


def totals_of(row: Row) -> dict[str, int]:
    """The database's counts carried by a row read with `totals` (see `stories_with_articles`)."""
    return {key[len("total_"):]: int(value) for key, value in row.items()
            if key.startswith("total_")}


def query_terms(text: str) -> list[str]:
    """The words of a user's query (what full-text search looks for)."""
    return re.findall(r"\w+", text)


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a list shows; `entity_key` is already resolved (see `resolve_entity`)."""

    lang: str | None = None
    entity_key: str | None = None
    since: str | None = None
    until: str | None = None
    query: str | None = None
    min_articles: int = 1
    story_ids: tuple[int, ...] | None = None  # only these (e.g. the disputed ones)
    updated_since: str | None = None  # created or changed in the database at or after
    source: str | None = None  # with an article from this source
    country: str | None = None  # with an article from a watched source of this country


# StoryFilter field -> the clause it adds when set, with its value as the one parameter.
_STORY_FILTER_CLAUSES = (
    ("lang", "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.lang = ?)"),
    ("entity_key", "EXISTS (SELECT 1 FROM articles a JOIN mentions m ON m.article_id = a.id"
                   " WHERE a.story_id = s.id AND m.entity_key = ?)"),
    ("since", "s.last_published >= ?"),
    ("until", "s.first_published <= ?"),
    ("updated_since", "COALESCE(s.updated_at, s.created_at) >= ?"),
    ("source", "EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.source = ?)"),
    ("country", "EXISTS (SELECT 1 FROM articles a JOIN watch_sources w ON w.name = a.source"
                " WHERE a.story_id = s.id AND w.country = ?)"),
)


class ReadQueries(VectorAndExportQueries):
    # Orderings never rest on NULLs, which SQLite sorts first and PostgreSQL last.
    def _fts_story_filter(self, query: str) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def full_text_hits(self, terms: Sequence[str], limit: int = 200,
                       prefix: bool = False) -> list[FullTextHit]:
        raise NotImplementedError

    def _row_order(self) -> str:
        """The column that orders rows as inserted (SQLite's rowid; an identity column)."""
        raise NotImplementedError

    # -- stories ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        (row,) = self._run(f"SELECT{_TOTALS.rstrip(',')}")
        return totals_of(row)

    def story_rows(self, where: StoryFilter, limit: int, offset: int = 0,
                   order: str = "newest") -> list[Row]:
        """Stories matching `where`, newest first (or biggest first), one query."""
        clauses = ["s.article_count >= ?"]
        params: list[Any] = [where.min_articles]
        if where.story_ids is not None:
            if not where.story_ids:
                return []
            clauses.append(f"s.id IN ({marks(where.story_ids)})")
            params.extend(where.story_ids)
        for field_name, clause in _STORY_FILTER_CLAUSES:
            value = getattr(where, field_name)
            if value:
                clauses.append(clause)
                params.append(value)
        if where.query:
            clause, values = self._fts_story_filter(where.query)
            clauses.append(clause)
            params.extend(values)
        newest = "COALESCE(s.last_published, s.created_at) DESC, s.id DESC"
        ordering = newest if order == "newest" else f"s.article_count DESC, {newest}"
        return self._run(
            f"SELECT {STORY_COLUMNS} FROM stories s WHERE {' AND '.join(clauses)}"
            f" ORDER BY {ordering} LIMIT ? OFFSET ?", [*params, limit, offset])

    def stories_by_id(self, story_ids: Sequence[int]) -> list[Row]:
        if not story_ids:
            return []
        return self._run(f"SELECT {STORY_COLUMNS} FROM stories WHERE id IN ({marks(story_ids)})",
                         list(story_ids))

    def story_coverage(self, story_ids: Sequence[int]) -> list[Row]:
        """Per story, language and source: articles (originals and copies), how many carry an
        exact time (`timed`) and the finest partial precision of the others ("day" < "month" <
        "year" as text too), in one query."""
        if not story_ids:
            return []
        return self._run(
            "SELECT story_id, lang, source, SUM(CASE WHEN duplicate_of IS NULL THEN 1 ELSE 0"
            " END) AS originals, COUNT(*) AS articles, SUM(CASE WHEN published IS NOT NULL AND"
            " published_precision IS NULL THEN 1 ELSE 0 END) AS timed,"
            " MIN(published_precision) AS finest_precision FROM articles"
            f" WHERE story_id IN ({marks(story_ids)}) GROUP BY story_id, lang, source",
            list(story_ids))

    def story_articles(self, story_id: int) -> list[Row]:
        """A story's articles in time order, each with its source's metadata when watched."""
        return self._run(
            "SELECT a.id, a.title, a.lang, a.source, a.url, a.published,"
            " substr(a.text, 1, 300) AS lead, a.score, a.duplicate_of, a.published_precision,"
            " w.country AS source_country, w.homepage AS source_homepage"
            " FROM articles a LEFT JOIN watch_sources w ON w.name = a.source"
            " WHERE a.story_id = ? ORDER BY COALESCE(a.published, ''), a.id", (story_id,))

    def stories_with_articles(self, story_ids: Sequence[int], biggest: int = 0,
                              totals: bool = False) -> list[Row]:
        """Stories with their articles in time order (and the sources' metadata when watched),
        one row per article (`story_*` columns are the story's; a story without articles has one
        row whose article columns are NULL), in one query: a story page and its cards. With
        `biggest`, the stories with the most articles come too, `story_biggest_rank` 1, 2, ...
        With `totals`, every row also carries the database's counts (`total_articles`,
        `total_stories`, `total_rejections`; one uncorrelated subquery each, run once), so a
        page header needs no query of its own."""
        if not story_ids and not biggest:
            return []
        wanted = [f"s.id IN ({marks(story_ids)})"] if story_ids else []
        ranked = ""
        if biggest:
            ranked = (" LEFT JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY article_count DESC,"
                      " COALESCE(last_published, created_at) DESC, id DESC) AS rank FROM stories"
                      " WHERE article_count >= 1 ORDER BY rank LIMIT ?) b ON b.id = s.id")
            wanted.append("b.id IS NOT NULL")
        return self._run(
            "SELECT s.id AS story_id, s.title AS story_title, s.title_lang AS story_title_lang,"
            " s.article_count AS story_article_count, s.first_published AS story_first_published,"
            " s.last_published AS story_last_published,"
            " COALESCE(s.updated_at, s.created_at) AS story_changed_at,"
            f" {'b.rank' if biggest else 'NULL'} AS story_biggest_rank,{_TOTALS if totals else ''}"
            " a.id, a.title, a.lang,"
            " a.source, a.url, a.published, substr(a.text, 1, 300) AS lead, a.score,"
            " a.duplicate_of, a.published_precision, w.country AS source_country,"
            f" w.homepage AS source_homepage FROM stories s{ranked}"
            " LEFT JOIN articles a ON a.story_id = s.id"
            " LEFT JOIN watch_sources w ON w.name = a.source"
            f" WHERE {' OR '.join(wanted)} ORDER BY COALESCE(a.published, ''), a.id",
            [*([biggest] if biggest else []), *story_ids])

    def article_publication_times(self, story_ids: Sequence[int]) -> list[Row]:
        if not story_ids:
            return []
        return self._run(
            f"SELECT story_id, published FROM articles WHERE story_id IN ({marks(story_ids)})"
            " ORDER BY COALESCE(published, ''), id", list(story_ids))

    def language_counts(self) -> list[tuple[str, int]]:
        return [(str(r["lang"]), int(r["n"])) for r in self._run(
            "SELECT lang, COUNT(*) AS n FROM articles GROUP BY lang ORDER BY COUNT(*) DESC, lang")]

    def overview(self) -> tuple[list[tuple[str, int]], dict[str, int]]:
        """`language_counts` and `counts` together, in one query (the story list page)."""
        rows = self._run(
            "SELECT 0 AS is_total, lang, COUNT(*) AS n, 0 AS stories, 0 AS rejections"
            " FROM articles GROUP BY lang UNION ALL SELECT 1, NULL,"
            " (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories),"
            " (SELECT COUNT(*) FROM rejections) ORDER BY is_total DESC, n DESC, lang")
        total, languages = rows[0], rows[1:]
        return ([(str(r["lang"]), int(r["n"])) for r in languages],
                {"articles": int(total["n"]), "stories": int(total["stories"]),
                 "rejections": int(total["rejections"])})

    def external_story_ids(self) -> dict[str, int]:
        """External article id -> story id (gold-set evaluation)."""
        return {str(r["external_id"]): int(r["story_id"]) for r in self._run(
            "SELECT external_id, story_id FROM articles WHERE external_id IS NOT NULL")}

    def source_metadata(self) -> dict[str, tuple[str | None, str | None]]:
        """Source name -> (country, homepage), from the sources `babelwire watch` follows."""
        return {str(r["name"]): (r["country"], r["homepage"]) for r in self._run(
            "SELECT name, country, homepage FROM watch_sources")}

    # -- entities and facts ------------------------------------------------------------------

    def mentions_in(self, *, article_ids: Sequence[int] | None = None,
                    keys: Sequence[str] | None = None) -> list[Row]:
        """Mentions with their article's language and story: of some articles, or of some
        entity keys (or both), one query."""
        clauses: list[str] = []
        params: list[Any] = []
        if not (_restrict(clauses, params, "m.article_id", article_ids)
                and _restrict(clauses, params, "m.entity_key", keys)):
            return []
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._run(
            "SELECT m.entity_key, m.surface, m.normal, m.kind, m.article_id, a.lang, a.story_id"
            f" FROM mentions m JOIN articles a ON a.id = m.article_id {where}", params)

    def top_entity_keys(self, limit: int, story_id: int | None = None,
                        lang: str | None = None, article_ids: Sequence[int] | None = None
                        ) -> list[str]:
        """Entity keys mentioned most, then named in the most articles (of a story, a
        language or some articles)."""
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (("a.story_id = ?", story_id), ("a.lang = ?", lang)):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if not _restrict(clauses, params, "m.article_id", article_ids):
            return []
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [str(r["entity_key"]) for r in self._run(
            f"SELECT m.entity_key FROM mentions m JOIN articles a ON a.id = m.article_id {where}"
            " GROUP BY m.entity_key ORDER BY COUNT(*) DESC, COUNT(DISTINCT m.article_id) DESC,"
            " m.entity_key LIMIT ?", [*params, limit])]

    def count_entity_keys(self, story_id: int | None = None, lang: str | None = None) -> int:
        """How many distinct entities the articles of a story or a language name."""
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (("a.story_id = ?", story_id), ("a.lang = ?", lang)):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        (row,) = self._run("SELECT COUNT(DISTINCT m.entity_key) AS n FROM mentions m JOIN"
                           f" articles a ON a.id = m.article_id {where}", params)
        return int(row["n"])

    def resolve_entity(self, name_or_key: str) -> str | None:
        """The entity key of a key or a spelling (a key wins over a spelling), one query."""
        rows = self._run(
            "SELECT entity_key, CASE WHEN entity_key = ? THEN 0 ELSE 1 END AS rank"
            " FROM mentions WHERE entity_key = ? OR surface = ? OR normal = ?"
            " ORDER BY rank LIMIT 1", (name_or_key, name_or_key, name_or_key, name_or_key))
        return str(rows[0]["entity_key"]) if rows else None

    def most_mentioned_key(self, keys: Sequence[str], surnames: Sequence[str] = ()
                           ) -> str | None:
        """The most mentioned entity key among `keys`, or among the keys of a full name whose
        surname part is one of `surnames` ("kaugland" finds "i.kaugland"), one query."""
        clauses = [f"entity_key IN ({marks(keys)})"] if keys else []
        params: list[Any] = list(keys)
        for surname in surnames:  # keys hold "_" (a LIKE wildcard): escape it
            clauses.append("entity_key LIKE ? ESCAPE '!'")
            params.append("%." + surname.replace("!", "!!").replace("_", "!_").replace("%", "!%"))
        if not clauses:
            return None
        rows = self._run(
            f"SELECT entity_key, COUNT(*) AS n FROM mentions WHERE {' OR '.join(clauses)}"
            " GROUP BY entity_key ORDER BY n DESC, entity_key LIMIT 1", params)
        return str(rows[0]["entity_key"]) if rows else None

    def has_entity(self, key: str) -> bool:
        return bool(self._run("SELECT 1 AS found FROM mentions WHERE entity_key = ? LIMIT 1",
                              (key,)))

    def facts_in(self, article_ids: Sequence[int]) -> list[Row]:
        if not article_ids:
            return []
        return self._run(
            "SELECT f.article_id, f.kind, f.value, f.unit, f.surface, a.lang FROM facts f"
            f" JOIN articles a ON a.id = f.article_id WHERE f.article_id IN ({marks(article_ids)})"
            " AND f.kind != 'count'", list(article_ids))

    def claims_in(self, article_ids: Sequence[int]) -> list[Row]:
        if not article_ids:
            return []
        return self._run(
            f"SELECT {CLAIM_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
            f" WHERE c.article_id IN ({marks(article_ids)}) ORDER BY c.article_id, c.sentence",
            list(article_ids))

    def claims_shared_in_stories(self) -> list[Row]:
        """Claims of original articles on a concept another original of the same story also
        reports: the only claims that can disagree."""
        return self._run(
            f"SELECT {CLAIM_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
            " WHERE a.duplicate_of IS NULL AND EXISTS (SELECT 1 FROM claims c2 JOIN articles a2"
            " ON a2.id = c2.article_id WHERE a2.story_id = a.story_id AND c2.concept = c.concept"
            " AND c2.article_id != c.article_id AND a2.duplicate_of IS NULL)"
            " ORDER BY c.article_id, c.sentence")

    def entity_counts_of_story(self, story_id: int) -> dict[str, int]:
        return {str(r["entity_key"]): int(r["n"]) for r in self._run(
            "SELECT m.entity_key, COUNT(DISTINCT m.article_id) AS n FROM mentions m JOIN articles a"
            " ON a.id = m.article_id WHERE a.story_id = ? GROUP BY m.entity_key", (story_id,))}

    def mention_spellings_of_story(self, story_id: int) -> list[tuple[str, str]]:
        """(key, surface) of every distinct spelling the story's articles write."""
        return [(str(r["entity_key"]), str(r["surface"])) for r in self._run(
            "SELECT DISTINCT m.entity_key, m.surface FROM mentions m JOIN articles a"
            " ON a.id = m.article_id WHERE a.story_id = ?", (story_id,))]

    def entity_counts_elsewhere(self, keys: Sequence[str], story_id: int) -> list[Row]:
        """For other stories naming any of `keys`: story, key, articles naming it, story size."""
        if not keys:
            return []
        return self._run(
            "SELECT a.story_id, m.entity_key, COUNT(DISTINCT m.article_id) AS n,"
            " MAX(s.article_count) AS size FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" JOIN stories s ON s.id = a.story_id WHERE m.entity_key IN ({marks(keys)})"
            " AND a.story_id != ? GROUP BY a.story_id, m.entity_key", [*keys, story_id])

    def entity_counts_around(self, story_id: int) -> list[Row]:
        """For every story naming an entity `story_id` names (that story included): story, key,
        articles naming it, story size; one query (related-story ranking)."""
        return self._run(
            "SELECT a.story_id, m.entity_key, COUNT(DISTINCT m.article_id) AS n,"
            " MAX(s.article_count) AS size FROM mentions m JOIN articles a ON a.id = m.article_id"
            " JOIN stories s ON s.id = a.story_id WHERE m.entity_key IN (SELECT m2.entity_key"
            " FROM mentions m2 JOIN articles a2 ON a2.id = m2.article_id WHERE a2.story_id = ?)"
            " GROUP BY a.story_id, m.entity_key", (story_id,))

    # -- articles and vectors ----------------------------------------------------------------

    def article_rows(self, ids: Sequence[int]) -> list[Row]:
        if not ids:
            return []
        return self._run(f"SELECT {ARTICLE_FIELDS} FROM articles WHERE id IN ({marks(ids)})",
                         list(ids))

    def article_detail(self, article_id: int) -> tuple[Row | None, list[Row], list[Row]]:
        """One article with its full text, its mentions and its facts."""
        row = self._one(
            "SELECT id, story_id, title, text, lang, lang_confidence, source, url, published,"
            " published_precision, ingested_at, origin, score, duplicate_of, external_id"
            " FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return None, [], []
        mentions = self._run(
            "SELECT entity_key AS key, surface, normal, sentence, kind FROM mentions"
            f" WHERE article_id = ? ORDER BY sentence, {self._row_order()}", (article_id,))
        facts = self._run(
            "SELECT kind, value, unit, surface, sentence FROM facts WHERE article_id = ?"
            f" ORDER BY sentence, {self._row_order()}", (article_id,))
        return row, mentions, facts

    def article_page(self, story_id: int | None, lang: str | None, since: str | None,
                     until: str | None, limit: int, offset: int) -> list[Row]:
        """Articles newest first, optionally of one story, language or time range."""
        where, params = ["1 = 1"], []
        for clause, value in (("story_id = ?", story_id), ("lang = ?", lang),
                              ("published >= ?", since), ("published <= ?", until)):
            if value is not None:
                where.append(clause)
                params.append(value)
        return self._run(
            f"SELECT {ARTICLE_FIELDS} FROM articles WHERE {' AND '.join(where)}"
            " ORDER BY COALESCE(published, '') DESC, id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset])


def _restrict(clauses: list[str], params: list[Any], column: str,
              values: Sequence[Any] | None) -> bool:
    """Adds `column IN (values)`; False when `values` is empty, so nothing can match."""
    if values is None:
        return True
    if not values:
        return False
    clauses.append(f"{column} IN ({marks(values)})")
    params.extend(values)
    return True
