"""What each page shows, as plain JSON-ready dicts: one function per page, used both for the
HTML (rendered by a template) and for the page's `.json` twin, so they can never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.read import bulk, views
from babelwire.read.bulk import story_summaries
from babelwire.read.search import rank_related, relation, search
from babelwire.read.views import StorySummary
from babelwire.store.base import Store
from babelwire.store.reads import totals_of
from babelwire.web.params import StoryFilters


def filtered_stories(store: Store, filters: StoryFilters, extra: int = 0
                     ) -> list[StorySummary]:
    """The stories the filters select, newest first; `extra` more to see whether more follow."""
    return views.list_stories(store, limit=filters.limit + extra, offset=filters.offset,
                              lang=filters.lang, entity=filters.entity, since=filters.since,
                              until=filters.until, query=filters.q, disputed=filters.disputed)


def story_list(store: Store, filters: StoryFilters) -> dict[str, Any]:
    """The front page: newest stories (filtered, one page of them) and the biggest ones.
    Their rows, then all their articles at once (the cards), then languages and counts."""
    disputed = views.disputed_story_ids(store) if filters.disputed else None
    found = bulk.story_list_rows(store, filters.limit + 1, filters.offset, filters.lang,
                                 filters.entity, filters.since, filters.until, filters.q,
                                 story_ids=disputed)
    has_more = len(found) > filters.limit
    found = found[: filters.limit]
    filtered = any(v for k, v in filters.as_dict().items() if k not in ("limit", "offset"))
    # The biggest stories come with the cards' query (the unfiltered first page shows them).
    stories = bulk.split_story_rows(store.stories_with_articles(
        [int(r["id"]) for r in found], biggest=0 if filtered or filters.offset else 5))
    cards = {story: bulk.card_of(row, articles) for story, (row, articles) in stories.items()}
    biggest = sorted((row for row, _ in stories.values() if row["biggest_rank"] is not None),
                     key=lambda row: int(row["biggest_rank"]))
    language_counts, counts = store.overview()
    return {
        "filters": filters.as_dict(),
        "stories": [cards[int(r["id"])] for r in found if int(r["id"]) in cards],
        "biggest": [cards[int(r["id"])] for r in biggest if int(r["id"]) in cards],
        "page": {"limit": filters.limit, "offset": filters.offset,
                 "next_offset": filters.offset + filters.limit if has_more else None,
                 "previous_offset": max(0, filters.offset - filters.limit)
                 if filters.offset else None},
        "languages": [{"lang": lang, "articles": n} for lang, n in language_counts],
        "counts": counts,
    }


def story_cards(store: Store, stories: Sequence[StorySummary]) -> list[dict[str, Any]]:
    """Summaries with what a list shows besides: the title's language and article times
    (one query)."""
    if not stories:
        return []
    cards = bulk.story_cards(store, [s.id for s in stories])
    return [cards.get(s.id) or {**s.as_dict(), "title_lang": None, "published": []}
            for s in stories]


def languages(store: Store) -> list[dict[str, Any]]:
    """Every language in the database with its number of articles, most first."""
    return [{"lang": lang, "articles": n} for lang, n in store.language_counts()]


def story_page(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story: articles by language, entities with spellings, facts, time line, related.
    Five queries: the related stories' ranking, the story and its related stories with all
    their articles (the cards' data and the header's counts too), then the story's mentions,
    facts and claims."""
    ranked = rank_related(store.entity_counts_around(story_id), story_id)
    rows = store.stories_with_articles([story_id, *[r.story_id for r in ranked]], totals=True)
    stories = bulk.split_story_rows(rows)
    if story_id not in stories:
        return None
    row, articles = stories[story_id]
    detail = bulk.detail_of(store, row, articles)
    data = detail.as_dict()
    data["story"]["title_lang"] = row["title_lang"]
    data["counts"] = totals_of(rows[0])
    names = {e.key: e.name for e in detail.entities}
    data["related"] = [
        {"story": bulk.card_of(*stories[r.story_id]),
         "relation": relation(detail.story, bulk.summary_of(*stories[r.story_id])),
         "score": r.score,
         "shared_entities": [{"key": k, "name": names.get(k, k)} for k in r.shared_entities]}
        for r in ranked if r.story_id in stories]
    return data


def entity_list(store: Store, lang: str | None, limit: int) -> dict[str, Any]:
    found = views.list_entities(store, limit=limit, lang=lang)
    return {"lang": lang, "limit": limit, "entities": [e.__dict__ for e in found],
            "languages": languages(store)}


def entity_page(store: Store, name_or_key: str, limit: int = 40) -> dict[str, Any] | None:
    """One entity: its spellings by language and its stories, newest first."""
    entity = views.get_entity(store, name_or_key)
    if entity is None:
        return None
    summaries = story_summaries(store, entity.stories)
    newest = sorted(summaries.values(), key=lambda s: (s.last_published or "", s.id),
                    reverse=True)[:limit]
    return {"entity": entity.__dict__, "stories": story_cards(store, newest),
            "story_count": len(summaries)}


def search_page(store: Store, encoder: Encoder | None, query: str | None,
                limit: int) -> dict[str, Any]:
    """Cross-lingual search results, each with the article that matched best."""
    if not query or encoder is None:
        return {"query": query, "results": []}
    hits = search(store, encoder, query, limit)
    articles = {a["id"]: a for a in article_rows(store, [h.article_id for h in hits])}
    cards = {c["id"]: c for c in story_cards(store, [h.story for h in hits])}
    return {"query": query, "results": [
        {**hit.as_dict(), "story": cards[hit.story.id], "article": articles.get(hit.article_id)}
        for hit in hits]}


def article_rows(store: Store, ids: Sequence[int]) -> list[dict[str, Any]]:
    return store.article_rows(ids)


def article(store: Store, article_id: int) -> dict[str, Any] | None:
    """One article in full, with the names and numbers found in it."""
    row, mentions, facts = store.article_detail(article_id)
    if row is None:
        return None
    return {**row, "mentions": mentions, "facts": facts}


def article_list(store: Store, story_id: int | None, lang: str | None,
                 since: str | None, until: str | None, limit: int, offset: int
                 ) -> list[dict[str, Any]]:
    """Articles newest first, optionally of one story, language or time range."""
    return store.article_page(story_id, lang, since, until, limit, offset)
