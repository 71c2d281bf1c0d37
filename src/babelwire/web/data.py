"""What each page shows, as plain JSON-ready dicts: one function per page, used both for the
HTML (rendered by a template) and for the page's `.json` twin, so they can never disagree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.read import views
from babelwire.read.search import biggest_stories, related_stories, search, story_summaries
from babelwire.read.views import StorySummary
from babelwire.store.sqlite import SQLiteStore
from babelwire.web.params import StoryFilters


def filtered_stories(store: SQLiteStore, filters: StoryFilters, extra: int = 0
                     ) -> list[StorySummary]:
    """The stories the filters select, newest first; `extra` more to see whether more follow."""
    return views.list_stories(store, limit=filters.limit + extra, offset=filters.offset,
                              lang=filters.lang, entity=filters.entity, since=filters.since,
                              until=filters.until, query=filters.q)


def story_list(store: SQLiteStore, filters: StoryFilters) -> dict[str, Any]:
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


def story_cards(store: SQLiteStore, stories: Sequence[StorySummary]) -> list[dict[str, Any]]:
    """Summaries with what a list shows besides: the title's language and article times."""
    if not stories:
        return []
    ids = [s.id for s in stories]
    marks = ",".join("?" * len(ids))
    db = store.connection
    title_langs = dict(db.execute(f"SELECT id, title_lang FROM stories WHERE id IN ({marks})",
                                  ids).fetchall())
    published: dict[int, list[str | None]] = defaultdict(list)
    for story_id, moment in db.execute(
            f"SELECT story_id, published FROM articles WHERE story_id IN ({marks})"
            " ORDER BY published", ids):
        published[story_id].append(moment)
    return [{**s.as_dict(), "title_lang": title_langs.get(s.id), "published": published[s.id]}
            for s in stories]


def languages(store: SQLiteStore) -> list[dict[str, Any]]:
    """Every language in the database with its number of articles, most first."""
    return [{"lang": lang, "articles": n} for lang, n in store.connection.execute(
        "SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY COUNT(*) DESC, lang")]


def story_page(store: SQLiteStore, story_id: int) -> dict[str, Any] | None:
    """One story: articles by language, entities with spellings, facts, time line, related."""
    detail = views.get_story(store, story_id)
    if detail is None:
        return None
    data = detail.as_dict()
    row = store.connection.execute("SELECT title_lang FROM stories WHERE id = ?",
                                   (story_id,)).fetchone()
    data["story"]["title_lang"] = row["title_lang"] if row else None
    names = {e.key: e.name for e in detail.entities}
    related = related_stories(store, story_id)
    cards = story_cards(store, [r.story for r in related])
    data["related"] = [
        {"story": card, "relation": r.relation, "score": r.score,
         "shared_entities": [{"key": k, "name": names.get(k, k)} for k in r.shared_entities]}
        for r, card in zip(related, cards, strict=True)]
    return data


def entity_list(store: SQLiteStore, lang: str | None, limit: int) -> dict[str, Any]:
    found = views.list_entities(store, limit=limit, lang=lang)
    return {"lang": lang, "limit": limit, "entities": [e.__dict__ for e in found],
            "languages": languages(store)}


def entity_page(store: SQLiteStore, name_or_key: str, limit: int = 40) -> dict[str, Any] | None:
    """One entity: its spellings by language and its stories, newest first."""
    entity = views.get_entity(store, name_or_key)
    if entity is None:
        return None
    summaries = story_summaries(store, entity.stories)
    newest = sorted(summaries.values(), key=lambda s: (s.last_published or "", s.id),
                    reverse=True)[:limit]
    return {"entity": entity.__dict__, "stories": story_cards(store, newest),
            "story_count": len(summaries)}


def search_page(store: SQLiteStore, encoder: Encoder | None, query: str | None,
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


_ARTICLE_FIELDS = ("id, story_id, title, lang, source, url, published, substr(text, 1, 300)"
                   " AS lead, score, duplicate_of")


def article_rows(store: SQLiteStore, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [dict(r) for r in store.connection.execute(
        f"SELECT {_ARTICLE_FIELDS} FROM articles WHERE id IN ({marks})", list(ids))]


def article(store: SQLiteStore, article_id: int) -> dict[str, Any] | None:
    """One article in full, with the names and numbers found in it."""
    db = store.connection
    row = db.execute(
        "SELECT id, story_id, external_id, title, text, lang, lang_confidence, source, url,"
        " published, ingested_at, origin, score, duplicate_of FROM articles WHERE id = ?",
        (article_id,)).fetchone()
    if row is None:
        return None
    mentions = [dict(m) for m in db.execute(
        "SELECT entity_key AS key, surface, normal, sentence FROM mentions WHERE article_id = ?"
        " ORDER BY sentence, rowid", (article_id,))]
    facts = [dict(f) for f in db.execute(
        "SELECT kind, value, unit, surface, sentence FROM facts WHERE article_id = ?"
        " ORDER BY sentence, rowid", (article_id,))]
    return {**dict(row), "mentions": mentions, "facts": facts}


def article_list(store: SQLiteStore, story_id: int | None, lang: str | None,
                 since: str | None, until: str | None, limit: int, offset: int
                 ) -> list[dict[str, Any]]:
    """Articles newest first, optionally of one story, language or time range."""
    where, params = ["1"], []
    for clause, value in (("story_id = ?", story_id), ("lang = ?", lang),
                          ("published >= ?", since), ("published <= ?", until)):
        if value is not None:
            where.append(clause)
            params.append(value)
    return [dict(r) for r in store.connection.execute(
        f"SELECT {_ARTICLE_FIELDS} FROM articles WHERE {' AND '.join(where)}"
        " ORDER BY published DESC, id DESC LIMIT ? OFFSET ?", [*params, limit, offset])]
