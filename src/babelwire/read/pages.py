"""Whole pages as read models, each built in one place whoever shows it: the CLI (`babelwire
story`), the JSON API and the HTML pages all render the same `StoryPage`; the list, entity
and search pages are JSON-ready dicts (the HTML renders the same dict its `.json` twin
returns). Each page costs a fixed number of queries, however much it shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.read import bulk, views
from babelwire.read.models import StoryDetail, StorySummary
from babelwire.read.search import VectorCache, rank_related, relation, search
from babelwire.read.trending import BREAKING_MIN_ARTICLES, BREAKING_SCORE, parse_moment, trends
from babelwire.store.base import ReadStore, Store
from babelwire.store.reads import totals_of


@dataclass
class SharedEntity:
    key: str
    name: str


@dataclass
class RelatedCard:
    """Another story centred on the same entities, as the story page lists it."""

    story: dict[str, Any]  # its card (`bulk.card_of`)
    relation: str  # "earlier", "later" or "same time"
    score: float
    shared_entities: list[SharedEntity]


@dataclass
class StoryPage:
    """One story as every front end shows it: the detail (articles by language, entities,
    facts, comparison, time line), the title's language, the database's counts (the page
    header), related stories, and the corrections made to it by hand."""

    detail: StoryDetail
    title_lang: str | None
    counts: dict[str, int]
    related: list[RelatedCard] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def story(self) -> StorySummary:
        return self.detail.story

    def as_dict(self) -> dict[str, Any]:
        data = self.detail.as_dict()
        data["story"]["title_lang"] = self.title_lang
        data["counts"] = self.counts
        data["related"] = [asdict(r) for r in self.related]
        data["corrections"] = self.corrections
        return data


def story_page(store: Store, story_id: int) -> StoryPage | None:
    """One story in six queries: the related stories' ranking, the story and its related
    stories with all their articles (the cards' data and the header's counts too), then the
    story's mentions, facts and claims, and the corrections made to it by hand."""
    ranked = rank_related(store.entity_counts_around(story_id), story_id)
    rows = store.stories_with_articles([story_id, *[r.story_id for r in ranked]], totals=True)
    stories = bulk.split_story_rows(rows)
    if story_id not in stories:
        return None
    row, articles = stories[story_id]
    detail = bulk.detail_of(store, row, articles)
    names = {e.key: e.name for e in detail.entities}
    related = [
        RelatedCard(story=bulk.card_of(*stories[r.story_id]),
                    relation=relation(detail.story, bulk.summary_of(*stories[r.story_id])),
                    score=r.score,
                    shared_entities=[SharedEntity(k, names.get(k, k)) for k in r.shared_entities])
        for r in ranked if r.story_id in stories]
    corrections = [{**c, "detail": json.loads(c["detail"])}
                   for c in store.correction_rows([story_id])]
    return StoryPage(detail, row["title_lang"], totals_of(rows[0]), related, corrections)


def story_list(store: ReadStore, limit: int, offset: int, filters: dict[str, Any],
               lang: str | None = None, entity: str | None = None, since: str | None = None,
               until: str | None = None, query: str | None = None,
               disputed: bool = False, source: str | None = None,
               country: str | None = None) -> dict[str, Any]:
    """The front page: newest stories (filtered, one page of them) and the biggest ones.
    Their rows, then all their articles at once (the cards), then languages and counts."""
    disputed_ids = views.disputed_story_ids(store) if disputed else None
    found = bulk.story_list_rows(store, limit + 1, offset, lang, entity, since, until, query,
                                 story_ids=disputed_ids, source=source, country=country)
    has_more = len(found) > limit
    found = found[:limit]
    filtered = any(v for k, v in filters.items() if k not in ("limit", "offset"))
    # The biggest stories come with the cards' query (the unfiltered first page shows them).
    stories = bulk.split_story_rows(store.stories_with_articles(
        [int(r["id"]) for r in found], biggest=0 if filtered or offset else 5))
    cards = {story: bulk.card_of(row, articles) for story, (row, articles) in stories.items()}
    # Breaking badges against the page's own stream (its newest article is "now"): no query.
    scored = trends({story: [(moment, a["source"], str(a["lang"])) for a in articles
                             if (moment := parse_moment(a["published"])) is not None]
                     for story, (_, articles) in stories.items()})
    for story, card in cards.items():
        trend = scored.get(story)
        card["changed_at"] = stories[story][0].get("changed_at")
        card["breaking"] = trend is not None and (
            trend.recent_articles >= BREAKING_MIN_ARTICLES and trend.score >= BREAKING_SCORE)
    biggest = sorted((row for row, _ in stories.values() if row["biggest_rank"] is not None),
                     key=lambda row: int(row["biggest_rank"]))
    language_counts, counts = store.overview()
    return {
        "filters": filters,
        "stories": [cards[int(r["id"])] for r in found if int(r["id"]) in cards],
        "biggest": [cards[int(r["id"])] for r in biggest if int(r["id"]) in cards],
        "page": {"limit": limit, "offset": offset,
                 "next_offset": offset + limit if has_more else None,
                 "previous_offset": max(0, offset - limit) if offset else None},
        "languages": [{"lang": lang, "articles": n} for lang, n in language_counts],
        "counts": counts,
    }


def story_cards(store: ReadStore, stories: Sequence[StorySummary]) -> list[dict[str, Any]]:
    """Summaries with what a list shows besides: the title's language and article times
    (one query)."""
    if not stories:
        return []
    cards = bulk.story_cards(store, [s.id for s in stories])
    return [cards.get(s.id) or {**s.as_dict(), "title_lang": None, "published": []}
            for s in stories]


def languages(store: ReadStore) -> list[dict[str, Any]]:
    """Every language in the database with its number of articles, most first."""
    return [{"lang": lang, "articles": n} for lang, n in store.language_counts()]


def entity_list(store: ReadStore, lang: str | None, limit: int) -> dict[str, Any]:
    found = views.list_entities(store, limit=limit, lang=lang)
    return {"lang": lang, "limit": limit, "entities": [e.__dict__ for e in found],
            "languages": languages(store)}


def entity_page(store: ReadStore, name_or_key: str, limit: int = 40) -> dict[str, Any] | None:
    """One entity: its spellings by language and its stories, newest first."""
    entity = views.get_entity(store, name_or_key)
    if entity is None:
        return None
    summaries = bulk.story_summaries(store, entity.stories)
    newest = sorted(summaries.values(), key=lambda s: (s.last_published or "", s.id),
                    reverse=True)[:limit]
    return {"entity": entity.__dict__, "stories": story_cards(store, newest),
            "story_count": len(summaries)}


def search_page(store: ReadStore, encoder: Encoder | None, query: str | None,
                limit: int, vectors: VectorCache | None = None) -> dict[str, Any]:
    """Cross-lingual search results, each with the article that matched best."""
    if not query or encoder is None:
        return {"query": query, "results": []}
    hits = search(store, encoder, query, limit, vectors)
    articles = {a["id"]: a for a in store.article_rows([h.article_id for h in hits])}
    cards = {c["id"]: c for c in story_cards(store, [h.story for h in hits])}
    return {"query": query, "results": [
        {**hit.as_dict(), "story": cards[hit.story.id], "article": articles.get(hit.article_id)}
        for hit in hits]}


def article(store: ReadStore, article_id: int) -> dict[str, Any] | None:
    """One article in full, with the names and numbers found in it."""
    row, mentions, facts = store.article_detail(article_id)
    if row is None:
        return None
    return {**row, "mentions": mentions, "facts": facts}
