"""What each page shows, as plain JSON-ready dicts: one function per page, used both for the
HTML (rendered by a template) and for the page's `.json` twin, so they can never disagree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.read import views
from babelwire.read.bulk import story_summaries
from babelwire.read.search import biggest_stories, related_stories, search
from babelwire.read.views import StorySummary
from babelwire.store.base import Store
from babelwire.web.params import StoryFilters


def filtered_stories(store: Store, filters: StoryFilters, extra: int = 0
                     ) -> list[StorySummary]:
    """The stories the filters select, newest first; `extra` more to see whether more follow."""
    return views.list_stories(store, limit=filters.limit + extra, offset=filters.offset,
                              lang=filters.lang, entity=filters.entity, since=filters.since,
                              until=filters.until, query=filters.q, disputed=filters.disputed)


def story_list(store: Store, filters: StoryFilters) -> dict[str, Any]:
    """The front page: newest stories (filtered, one page of them) and the biggest ones."""
    found = filtered_stories(store, filters, extra=1)
    has_more = len(found) > filters.limit
    found = found[: filters.limit]
    filtered = any(v for k, v in filters.as_dict().items() if k not in ("limit", "offset"))
    biggest = [] if filtered or filters.offset else biggest_stories(store, 5)
    return {
        "filters": filters.as_dict(),
        "stories": story_cards(store, found),
        "biggest": story_cards(store, biggest),
        "page": {"limit": filters.limit, "offset": filters.offset,
                 "next_offset": filters.offset + filters.limit if has_more else None,
                 "previous_offset": max(0, filters.offset - filters.limit)
                 if filters.offset else None},
        "languages": languages(store),
        "counts": views.counts(store),
    }


def story_cards(store: Store, stories: Sequence[StorySummary]) -> list[dict[str, Any]]:
    """Summaries with what a list shows besides: the title's language and article times."""
    if not stories:
        return []
    ids = [s.id for s in stories]
    title_langs = {int(r["id"]): r["title_lang"] for r in store.stories_by_id(ids)}
    published: dict[int, list[str | None]] = defaultdict(list)
    for row in store.article_publication_times(ids):
        published[int(row["story_id"])].append(row["published"])
    return [{**s.as_dict(), "title_lang": title_langs.get(s.id), "published": published[s.id]}
            for s in stories]


def languages(store: Store) -> list[dict[str, Any]]:
    """Every language in the database with its number of articles, most first."""
    return [{"lang": lang, "articles": n} for lang, n in store.language_counts()]


def story_page(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story: articles by language, entities with spellings, facts, time line, related."""
    detail = views.get_story(store, story_id)
    if detail is None:
        return None
    data = detail.as_dict()
    rows = store.stories_by_id([story_id])
    data["story"]["title_lang"] = rows[0]["title_lang"] if rows else None
    names = {e.key: e.name for e in detail.entities}
    related = related_stories(store, story_id)
    cards = story_cards(store, [r.story for r in related])
    data["related"] = [
        {"story": card, "relation": r.relation, "score": r.score,
         "shared_entities": [{"key": k, "name": names.get(k, k)} for k in r.shared_entities]}
        for r, card in zip(related, cards, strict=True)]
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
