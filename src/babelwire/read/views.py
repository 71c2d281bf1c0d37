"""Read side: stories, one story, entities, as plain dataclasses for the CLI, API and web UI."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from babelwire.analyse.numbers import quantity_text
from babelwire.models import Claim
from babelwire.read.compare import (
    ComparisonRow,
    Report,
    compare_reports,
    display_value,
    disputed,
)
from babelwire.read.entity_names import display_name, entity_kind
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore


@dataclass
class StorySummary:
    id: int
    title: str
    article_count: int
    languages: dict[str, int]
    sources: list[str]
    first_published: str | None
    last_published: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ArticleSummary:
    id: int
    title: str
    lang: str
    source: str | None
    url: str | None
    published: str | None
    lead: str
    score: float | None
    duplicate_of: int | None = None
    also_published_by: list[str] = field(default_factory=list)  # near-duplicate copies
    source_country: str | None = None  # from the source's metadata (`babelwire watch`)
    source_homepage: str | None = None
    published_precision: str | None = None  # None: exact; "day", "month" or "year"


@dataclass
class EntitySummary:
    key: str
    name: str
    mentions: int
    articles: int
    languages: list[str]
    spellings: dict[str, list[str]]  # language -> distinct spellings as written
    stories: list[int] = field(default_factory=list)
    kind: str = "other"  # "person", "place", "organisation" or "other"


@dataclass
class FactSummary:
    kind: str
    value: float | str  # dates and years as text ("--08-09", "1994"), like comparison rows
    unit: str
    surfaces: dict[str, list[str]]  # language -> as written
    display: str = ""  # the figure for people: "9 Aug", "1994", "80.1 %" (never "809", "1,994")


@dataclass
class StoryDetail:
    story: StorySummary
    articles_by_language: dict[str, list[ArticleSummary]]
    entities: list[EntitySummary]
    facts: list[FactSummary]
    timeline: list[dict[str, Any]]  # {"date": "YYYY-MM-DD", "lang": "nb", "articles": 2}
    comparison: list[ComparisonRow] = field(default_factory=list)  # agree / differ / single
    entities_more: int = 0  # entities of the story not in `entities` (the list is cut)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_stories(store: SQLiteStore, limit: int = 20, offset: int = 0, lang: str | None = None,
                 entity: str | None = None, since: str | None = None, until: str | None = None,
                 query: str | None = None, min_articles: int = 1,
                 disputed: bool = False) -> list[StorySummary]:
    """Newest first. `entity` is an entity key or any spelling; `query` is a full-text query;
    `disputed` keeps stories whose articles disagree on a figure (a `differ` row)."""
    where = ["s.article_count >= ?"]
    params: list[Any] = [min_articles]
    if disputed:
        ids = disputed_story_ids(store)
        where.append(f"s.id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params.extend(ids)
    if lang:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.lang = ?)")
        params.append(lang)
    if entity:
        where.append("EXISTS (SELECT 1 FROM articles a JOIN mentions m ON m.article_id = a.id"
                     " WHERE a.story_id = s.id AND m.entity_key = ?)")
        params.append(resolve_entity_key(store, entity))
    if since:
        where.append("s.last_published >= ?")
        params.append(since)
    if until:
        where.append("s.first_published <= ?")
        params.append(until)
    if query:
        where.append("s.id IN (SELECT a.story_id FROM articles_fts f JOIN articles a"
                     " ON a.id = f.rowid WHERE articles_fts MATCH ?)")
        params.append(fts_query(query))
    rows = store.connection.execute(
        f"SELECT s.* FROM stories s WHERE {' AND '.join(where)}"
        " ORDER BY COALESCE(s.last_published, s.created_at) DESC, s.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    return [_summary(store.connection, row) for row in rows]


def has_source_metadata(db: sqlite3.Connection) -> bool:
    """Whether `babelwire watch` has written its sources' metadata (table watch_sources)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'watch_sources'"
                      ).fetchone() is not None


def source_metadata(db: sqlite3.Connection) -> dict[str, tuple[str | None, str | None]]:
    """Source name -> (country, homepage), from the sources `babelwire watch` follows; empty
    for a database that never watched."""
    if not has_source_metadata(db):
        return {}
    return {str(name): (country, homepage) for name, country, homepage in db.execute(
        "SELECT name, country, homepage FROM watch_sources")}


def get_story(store: SQLiteStore, story_id: int) -> StoryDetail | None:
    db = store.connection
    row = db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    articles = db.execute(
        "SELECT id, title, lang, source, url, published, substr(text, 1, 300) AS lead, score,"
        " duplicate_of, published_precision FROM articles WHERE story_id = ?"
        " ORDER BY published, id",
        (story_id,)).fetchall()
    by_language: dict[str, list[ArticleSummary]] = defaultdict(list)
    timeline: Counter[tuple[str, str]] = Counter()
    copies: dict[int, list[str]] = defaultdict(list)
    sources = source_metadata(db)
    for a in articles:
        if a["duplicate_of"] is not None:
            copies[a["duplicate_of"]].append(a["source"] or a["url"] or f"article {a['id']}")
            continue
        country, homepage = sources.get(a["source"], (None, None))
        by_language[a["lang"]].append(ArticleSummary(**dict(a), source_country=country,
                                                     source_homepage=homepage))
        timeline[((a["published"] or "")[:10] or "undated", a["lang"])] += 1
    for summaries in by_language.values():
        for summary in summaries:
            summary.also_published_by = copies.get(summary.id, [])
    ids = [a["id"] for a in articles]
    return StoryDetail(
        story=_summary(db, row),
        articles_by_language=dict(sorted(by_language.items(), key=lambda kv: -len(kv[1]))),
        entities=(shown := _entities_of(db, ids)),
        entities_more=max(0, _entity_count_of(db, ids) - len(shown)) if ids else 0,
        facts=_facts_of(db, ids),
        comparison=story_comparison(db, [a["id"] for a in articles
                                         if a["duplicate_of"] is None]),
        timeline=[{"date": d, "lang": lang, "articles": n}
                  for (d, lang), n in sorted(timeline.items())],
    )


def list_entities(store: SQLiteStore, limit: int = 30, story_id: int | None = None,
                  lang: str | None = None) -> list[EntitySummary]:
    """Most mentioned entities, each with all its spellings by language."""
    filters: list[str] = []
    params: list[Any] = []
    if story_id is not None:
        filters.append("a.story_id = ?")
        params.append(story_id)
    if lang:
        filters.append("a.lang = ?")
        params.append(lang)
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    keys = [r[0] for r in store.connection.execute(
        f"SELECT m.entity_key FROM mentions m JOIN articles a ON a.id = m.article_id {where}"
        " GROUP BY m.entity_key ORDER BY COUNT(*) DESC, COUNT(DISTINCT m.article_id) DESC,"
        " m.entity_key LIMIT ?", [*params, limit])]
    return [_entity(store.connection, key) for key in keys]


def count_entities(store: SQLiteStore, story_id: int | None = None,
                   lang: str | None = None) -> int:
    """How many entities list_entities could show with these filters (for "N more")."""
    filters: list[str] = []
    params: list[Any] = []
    if story_id is not None:
        filters.append("a.story_id = ?")
        params.append(story_id)
    if lang:
        filters.append("a.lang = ?")
        params.append(lang)
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    return int(store.connection.execute(
        f"SELECT COUNT(DISTINCT m.entity_key) FROM mentions m JOIN articles a"
        f" ON a.id = m.article_id {where}", params).fetchone()[0])


def get_entity(store: SQLiteStore, name_or_key: str) -> EntitySummary | None:
    key = resolve_entity_key(store, name_or_key)
    found = store.connection.execute("SELECT 1 FROM mentions WHERE entity_key = ? LIMIT 1",
                                     (key,)).fetchone()
    return _entity(store.connection, key) if found else None


def resolve_entity_key(store: SQLiteStore, name_or_key: str) -> str:
    """Accept a key ("lukasenko") or any spelling ("Лукашенко", "Lukašenko")."""
    db = store.connection
    if db.execute("SELECT 1 FROM mentions WHERE entity_key = ? LIMIT 1", (name_or_key,)).fetchone():
        return name_or_key
    row = db.execute("SELECT entity_key FROM mentions WHERE surface = ? OR normal = ? LIMIT 1",
                     (name_or_key, name_or_key)).fetchone()
    if row:
        return str(row[0])
    from babelwire.analyse.entities import entity_key

    return entity_key(name_or_key, "und")


def counts(store: SQLiteStore) -> dict[str, int]:
    db = store.connection
    return {table: int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("articles", "stories", "rejections")}


def fts_query(text: str) -> str:
    """Words of a user's query as an FTS5 OR-query of quoted terms (no syntax errors possible)."""
    words = re.findall(r"\w+", text)
    return " OR ".join(f'"{w}"' for w in words) or '""'


def _summary(db: sqlite3.Connection, row: sqlite3.Row) -> StorySummary:
    languages = dict(db.execute(
        "SELECT lang, COUNT(*) FROM articles WHERE story_id = ? AND duplicate_of IS NULL"
        " GROUP BY lang"
        " ORDER BY COUNT(*) DESC, lang", (row["id"],)).fetchall())
    sources = [r[0] for r in db.execute(
        "SELECT DISTINCT source FROM articles WHERE story_id = ? AND source IS NOT NULL"
        " ORDER BY source", (row["id"],))]
    return StorySummary(id=row["id"], title=row["title"], article_count=row["article_count"],
                        languages=languages, sources=sources,
                        first_published=row["first_published"],
                        last_published=row["last_published"])


def _entities_of(db: sqlite3.Connection, article_ids: list[int], limit: int = 25
                 ) -> list[EntitySummary]:
    marks = ",".join("?" * len(article_ids))
    keys = [r[0] for r in db.execute(
        f"SELECT entity_key FROM mentions WHERE article_id IN ({marks}) GROUP BY entity_key"
        " ORDER BY COUNT(*) DESC, COUNT(DISTINCT article_id) DESC, entity_key LIMIT ?",
        [*article_ids, limit])]
    return [_entity(db, key, article_ids) for key in keys]


def _entity_count_of(db: sqlite3.Connection, article_ids: list[int]) -> int:
    marks = ",".join("?" * len(article_ids))
    return int(db.execute(f"SELECT COUNT(DISTINCT entity_key) FROM mentions"
                          f" WHERE article_id IN ({marks})", article_ids).fetchone()[0])


def _entity(db: sqlite3.Connection, key: str, within: list[int] | None = None) -> EntitySummary:
    scope = ""
    params: list[Any] = [key]
    if within is not None:
        scope = f" AND m.article_id IN ({','.join('?' * len(within))})"
        params += within
    rows = db.execute(
        "SELECT m.surface, m.normal, m.kind, m.article_id, a.lang, a.story_id FROM mentions m"
        f" JOIN articles a ON a.id = m.article_id WHERE m.entity_key = ?{scope}", params).fetchall()
    spellings: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        spellings[r["lang"]].add(r["surface"])
    return EntitySummary(
        key=key,
        name=display_name((r["normal"], r["lang"]) for r in rows) or key,
        kind=entity_kind(r["kind"] or "other" for r in rows),
        mentions=len(rows),
        articles=len({r["article_id"] for r in rows}),
        languages=sorted(spellings),
        spellings={lang: sorted(s) for lang, s in sorted(spellings.items())},
        stories=sorted({r["story_id"] for r in rows}),
    )


def _facts_of(db: sqlite3.Connection, article_ids: list[int]) -> list[FactSummary]:
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(
        f"SELECT f.kind, f.value, f.unit, f.surface, a.lang FROM facts f JOIN articles a"
        f" ON a.id = f.article_id WHERE f.article_id IN ({marks}) AND f.kind != 'count'",
        article_ids).fetchall()
    grouped: dict[tuple[str, float, str], dict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set))
    for r in rows:
        grouped[(r["kind"], r["value"], r["unit"])][r["lang"]].add(r["surface"])
    facts = [FactSummary(kind, display_value(value, kind) if kind in ("date", "year") else value,
                         unit, {lang: sorted(s) for lang, s in langs.items()},
                         quantity_text(value, kind if kind in ("date", "year") else unit))
             for (kind, value, unit), langs in grouped.items()]
    # Facts reported in the most languages first: that is where coverage agrees.
    return sorted(facts, key=lambda f: (-len(f.surfaces), f.kind, f.value))[:40]


_CLAIM_COLUMNS = ("c.article_id, c.concept, c.value, c.upper, c.approx, c.unit, c.as_written,"
                  " c.sentence, c.evidence, a.lang, a.source, a.story_id")


def _reports(rows: list[sqlite3.Row]) -> list[Report]:
    return [Report(r["article_id"], r["lang"], r["source"], Claim(
        r["concept"], r["value"], r["approx"], r["unit"], r["as_written"], r["sentence"],
        r["evidence"], r["upper"])) for r in rows]


def story_comparison(db: sqlite3.Connection, article_ids: list[int],
                     settings: Settings | None = None) -> list[ComparisonRow]:
    """The fact comparison of these articles (a story's originals, not republished copies)."""
    if not article_ids:
        return []
    rows = db.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
        f" WHERE c.article_id IN ({','.join('?' * len(article_ids))})"
        " ORDER BY c.article_id, c.sentence", article_ids).fetchall()
    return compare_reports(_reports(rows), settings)


def disputed_story_ids(store: SQLiteStore, settings: Settings | None = None) -> list[int]:
    """Stories with at least one `differ` row. Only concepts two articles of a story report
    can differ, so only their claims are read and compared."""
    rows = store.connection.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id"
        " WHERE a.duplicate_of IS NULL AND EXISTS (SELECT 1 FROM claims c2 JOIN articles a2"
        " ON a2.id = c2.article_id WHERE a2.story_id = a.story_id AND c2.concept = c.concept"
        " AND c2.article_id != c.article_id AND a2.duplicate_of IS NULL)").fetchall()
    by_story: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        by_story[row["story_id"]].append(row)
    return sorted(story for story, claims in by_story.items()
                  if disputed(compare_reports(_reports(claims), settings)))
