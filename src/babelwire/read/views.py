"""Read side: stories, one story, entities, as plain dataclasses for the CLI, API and web UI.

No SQL here: the store answers each list or page in bulk (`babelwire.read.bulk` turns its
rows into these read models), so a list costs at most three queries and a story page five."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from babelwire.models import Claim
from babelwire.read.compare import ComparisonRow, Report, compare_reports, disputed
from babelwire.read.languages import language_code
from babelwire.settings import Settings
from babelwire.store.base import ReadStore, Row


@dataclass
class StorySummary:
    id: int
    title: str
    article_count: int
    languages: dict[str, int]
    sources: list[str]
    first_published: str | None
    last_published: str | None
    # None: some article has an exact time; else what all of them know ("day", "month",
    # "year"), so a month-only story shows as "2020-09", never "2020-09-01 00:00"
    published_precision: str | None = None

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


def list_stories(store: ReadStore, limit: int = 20, offset: int = 0, lang: str | None = None,
                 entity: str | None = None, since: str | None = None, until: str | None = None,
                 query: str | None = None, min_articles: int = 1,
                 disputed: bool = False) -> list[StorySummary]:
    """Newest first. `entity` is an entity key or any spelling; `query` is a full-text query;
    `disputed` keeps stories whose articles disagree on a figure (a `differ` row).
    At most three queries (four with `disputed`)."""
    from babelwire.read import bulk

    lang = language_code(lang) if lang else None  # "LV", "latvian": refused if no language
    return bulk.story_list(store, limit, offset, lang, entity, since, until, query,
                           min_articles, disputed_story_ids(store) if disputed else None)


def source_metadata(store: ReadStore) -> dict[str, tuple[str | None, str | None]]:
    """Source name -> (country, homepage), from the sources `babelwire watch` follows."""
    return store.source_metadata()


def get_story(store: ReadStore, story_id: int) -> StoryDetail | None:
    """One story: articles by language, entities, facts, comparison, time line (5 queries)."""
    from babelwire.read import bulk

    return bulk.story_detail(store, story_id)


def list_entities(store: ReadStore, limit: int = 30, story_id: int | None = None,
                  lang: str | None = None) -> list[EntitySummary]:
    """Most mentioned entities, each with all its spellings by language (two queries)."""
    from babelwire.read import bulk

    return bulk.entity_list(store, limit, story_id, language_code(lang) if lang else None)


def count_entities(store: ReadStore, story_id: int | None = None,
                   lang: str | None = None) -> int:
    """How many entities list_entities could show with these filters (for "N more")."""
    return store.count_entity_keys(story_id, language_code(lang) if lang else None)


def get_entity(store: ReadStore, name_or_key: str) -> EntitySummary | None:
    from babelwire.read import bulk

    key = resolve_entity_key(store, name_or_key)
    rows = store.mentions_in(keys=[key])
    return bulk.entity_summaries(rows, [key])[0] if rows else None


def resolve_entity_key(store: ReadStore, name_or_key: str) -> str:
    """Accept a key ("lukasenko") or any spelling ("Лукашенко", "Lukašenko")."""
    from babelwire.read import bulk

    return bulk.resolve_entity_key(store, name_or_key)


def counts(store: ReadStore) -> dict[str, int]:
    return store.counts()


def _reports(rows: Sequence[Row]) -> list[Report]:
    return [Report(r["article_id"], r["lang"], r["source"], Claim(
        r["concept"], r["value"], r["approx"], r["unit"], r["as_written"], r["sentence"],
        r["evidence"], r["upper"])) for r in rows]


def story_comparison_of_rows(rows: Sequence[Row], settings: Settings | None = None
                             ) -> list[ComparisonRow]:
    """The fact comparison of these claim rows (a story's originals, not republished copies)."""
    return compare_reports(_reports(rows), settings) if rows else []


def story_comparison(store: ReadStore, article_ids: list[int],
                     settings: Settings | None = None) -> list[ComparisonRow]:
    """The fact comparison of these articles (a story's originals, not republished copies)."""
    return story_comparison_of_rows(store.claims_in(article_ids), settings)


def disputed_story_ids(store: ReadStore, settings: Settings | None = None) -> list[int]:
    """Stories with at least one `differ` row. Only concepts two articles of a story report
    can differ, so only their claims are read and compared."""
    by_story: dict[int, list[Row]] = defaultdict(list)
    for row in store.claims_shared_in_stories():
        by_story[int(row["story_id"])].append(row)
    return sorted(story for story, claims in by_story.items()
                  if disputed(compare_reports(_reports(claims), settings)))
