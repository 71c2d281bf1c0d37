"""Read side: stories, one story, entities, as plain dataclasses for the CLI, API and web UI.

No SQL here: the store answers each list or page in bulk (`babelwire.read.bulk` turns its
rows into these read models), so a list costs at most three queries and a story page five."""

from __future__ import annotations

from collections import defaultdict

from babelwire.read import bulk
from babelwire.read.compare import (
    ComparisonRow,
    compare_reports,
    disputed,
    reports_of_rows,
    story_comparison_of_rows,
)
from babelwire.read.languages import language_code
from babelwire.read.models import (
    ArticleSummary,
    EntitySummary,
    FactSummary,
    StoryDetail,
    StorySummary,
)
from babelwire.settings import Settings
from babelwire.store.base import ReadStore, Row

__all__ = ["ArticleSummary", "ComparisonRow", "EntitySummary", "FactSummary", "StoryDetail",
           "StorySummary", "story_comparison_of_rows"]


def list_stories(store: ReadStore, limit: int = 20, offset: int = 0, lang: str | None = None,
                 entity: str | None = None, since: str | None = None, until: str | None = None,
                 query: str | None = None, min_articles: int = 1,
                 disputed: bool = False, updated_since: str | None = None,
                 source: str | None = None, country: str | None = None) -> list[StorySummary]:
    """Newest first. `entity` is an entity key or any spelling; `query` is a full-text query;
    `disputed` keeps stories whose articles disagree on a figure (a `differ` row);
    `updated_since` those created or changed in the database since then; `source` those with
    an article from it. At most three queries (four with `disputed`)."""

    lang = language_code(lang) if lang else None  # "LV", "latvian": refused if no language
    return bulk.story_list(store, limit, offset, lang, entity, since, until, query,
                           min_articles, disputed_story_ids(store) if disputed else None,
                           updated_since, source, country)


def source_metadata(store: ReadStore) -> dict[str, tuple[str | None, str | None]]:
    """Source name -> (country, homepage), from the sources `babelwire watch` follows."""
    return store.source_metadata()


def get_story(store: ReadStore, story_id: int) -> StoryDetail | None:
    """One story: articles by language, entities, facts, comparison, time line (5 queries)."""
    return bulk.story_detail(store, story_id)


def list_entities(store: ReadStore, limit: int = 30, story_id: int | None = None,
                  lang: str | None = None) -> list[EntitySummary]:
    """Most mentioned entities, each with all its spellings by language (two queries)."""
    return bulk.entity_list(store, limit, story_id, language_code(lang) if lang else None)


def count_entities(store: ReadStore, story_id: int | None = None,
                   lang: str | None = None) -> int:
    """How many entities list_entities could show with these filters (for "N more")."""
    return store.count_entity_keys(story_id, language_code(lang) if lang else None)


def get_entity(store: ReadStore, name_or_key: str) -> EntitySummary | None:
    key = resolve_entity_key(store, name_or_key)
    rows = store.mentions_in(keys=[key])
    return bulk.entity_summaries(rows, [key])[0] if rows else None


def resolve_entity_key(store: ReadStore, name_or_key: str) -> str:
    """Accept a key ("lukasenko") or any spelling ("Лукашенко", "Lukašenko")."""
    return bulk.resolve_entity_key(store, name_or_key)


def counts(store: ReadStore) -> dict[str, int]:
    return store.counts()


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
                  if disputed(compare_reports(reports_of_rows(claims), settings)))
