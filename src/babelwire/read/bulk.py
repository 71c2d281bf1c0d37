"""Story summaries in bulk: the rows of any number of stories become `StorySummary`s with one
more query (languages and sources of all of them at once), never one query per story."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from babelwire.read.compare import story_comparison_of_rows
from babelwire.read.models import (
    ArticleSummary,
    EntitySummary,
    FactSummary,
    StoryDetail,
    StorySummary,
)
from babelwire.store.base import ReadStore, Row
from babelwire.store.reads import StoryFilter


def summaries(store: ReadStore, rows: Sequence[Row]) -> list[StorySummary]:
    """`StorySummary`s of story rows, in their order."""
    if not rows:
        return []
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    sources: dict[int, set[str]] = defaultdict(set)
    timed: set[int] = set()
    precision: dict[int, str] = {}
    for row in store.story_coverage([int(r["id"]) for r in rows]):
        story = int(row["story_id"])
        if row["timed"]:
            timed.add(story)
        if row["finest_precision"] is not None:
            precision[story] = min(precision.get(story, "year"), str(row["finest_precision"]))
        if row["originals"]:  # republished copies are not independent coverage
            here = languages[story]
            here[row["lang"]] = here.get(row["lang"], 0) + int(row["originals"])
        if row["source"] is not None:
            sources[story].add(row["source"])
    return [StorySummary(
        id=int(r["id"]), title=r["title"], article_count=int(r["article_count"]),
        languages=dict(sorted(languages[int(r["id"])].items(), key=lambda kv: (-kv[1], kv[0]))),
        sources=sorted(sources[int(r["id"])]), first_published=r["first_published"],
        last_published=r["last_published"],
        published_precision=None if int(r["id"]) in timed else precision.get(int(r["id"])))
        for r in rows]


def story_summaries(store: ReadStore, story_ids: Sequence[int]) -> dict[int, StorySummary]:
    """Summaries of the given stories, by id (missing ids are left out); two queries."""
    return {s.id: s for s in summaries(store, store.stories_by_id(list(story_ids)))}


# -- whole pages, each in a fixed number of queries ---------------------------------------------

def entity_summaries(rows: Sequence[Row], keys: Sequence[str]) -> list[EntitySummary]:
    """`EntitySummary`s of `keys`, in their order, from mention rows (with lang, story_id)."""
    from babelwire.read.entity_names import display_name, entity_kind

    by_key: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_key[row["entity_key"]].append(row)
    found = []
    for key in keys:
        mentions = by_key.get(key, [])
        spellings: dict[str, set[str]] = defaultdict(set)
        for r in mentions:
            spellings[r["lang"]].add(r["surface"])
        found.append(EntitySummary(
            key=key, name=display_name((r["normal"], r["lang"]) for r in mentions) or key,
            kind=entity_kind(r["kind"] or "other" for r in mentions),
            mentions=len(mentions), articles=len({r["article_id"] for r in mentions}),
            languages=sorted(spellings),
            spellings={lang: sorted(s) for lang, s in sorted(spellings.items())},
            stories=sorted({int(r["story_id"]) for r in mentions})))
    return found


def top_keys(rows: Sequence[Row], limit: int) -> list[str]:
    """Entity keys mentioned most, then named in the most articles (ties by key)."""
    mentions: Counter[str] = Counter()
    articles: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        mentions[row["entity_key"]] += 1
        articles[row["entity_key"]].add(int(row["article_id"]))
    return sorted(articles, key=lambda k: (-mentions[k], -len(articles[k]), k))[:limit]


def fact_summaries(rows: Sequence[Row]) -> list[FactSummary]:
    from babelwire.analyse.numbers import quantity_text
    from babelwire.read.compare import display_value

    grouped: dict[tuple[str, float, str], dict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set))
    for r in rows:
        grouped[(r["kind"], float(r["value"]), r["unit"])][r["lang"]].add(r["surface"])
    facts = [FactSummary(kind, display_value(value, kind) if kind in ("date", "year") else value,
                         unit, {lang: sorted(s) for lang, s in langs.items()},
                         quantity_text(value, kind if kind in ("date", "year") else unit))
             for (kind, value, unit), langs in grouped.items()]
    # Facts reported in the most languages first: that is where coverage agrees.
    return sorted(facts, key=lambda f: (-len(f.surfaces), f.kind, f.value))[:40]


def story_detail(store: ReadStore, story_id: int, entity_limit: int = 25
                 ) -> StoryDetail | None:
    """One story page in five queries: story, articles (with their sources' metadata),
    mentions, facts, claims."""
    rows = store.stories_by_id([story_id])
    if not rows:
        return None
    return detail_of(store, rows[0], store.story_articles(story_id), entity_limit)


def split_story_rows(rows: Sequence[Row]) -> dict[int, tuple[Row, list[Row]]]:
    """Rows of `stories_with_articles` by story id: (the story's columns, its article rows
    in time order), in the order the stories first appear."""
    stories: dict[int, tuple[Row, list[Row]]] = {}
    for row in rows:
        story = int(row["story_id"])
        if story not in stories:
            stories[story] = ({"id": story, **{key[len("story_"):]: value
                                               for key, value in row.items()
                                               if key.startswith("story_") and key != "story_id"}},
                              [])
        if row["id"] is not None:
            stories[story][1].append({key: value for key, value in row.items()
                                      if not key.startswith(("story_", "total_"))})
    return stories


def summary_of(row: Row, articles: Sequence[Row]) -> StorySummary:
    """The summary of a story row from all its article rows: languages count originals only
    (republished copies are not independent coverage), sources count every article."""
    languages: Counter[str] = Counter(a["lang"] for a in articles if a["duplicate_of"] is None)
    return StorySummary(
        id=int(row["id"]), title=row["title"], article_count=int(row["article_count"]),
        languages=dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        sources=sorted({a["source"] for a in articles if a["source"] is not None}),
        first_published=row["first_published"], last_published=row["last_published"],
        published_precision=shared_precision(articles))


def shared_precision(articles: Sequence[Row]) -> str | None:
    """None when an article has an exact time, else the finest precision of the dated ones."""
    dated = [a for a in articles if a["published"] is not None]
    if not dated or any(a["published_precision"] is None for a in dated):
        return None
    return min(str(a["published_precision"]) for a in dated)  # "day" < "month" < "year"


def card_of(row: Row, articles: Sequence[Row]) -> dict[str, Any]:
    """What a list shows of a story: its summary, the title's language, article times."""
    return {**summary_of(row, articles).as_dict(), "title_lang": row["title_lang"],
            "published": [a["published"] for a in articles]}


def story_cards(store: ReadStore, story_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Cards of the given stories by id (missing ids are left out): one query."""
    return {story: card_of(row, articles) for story, (row, articles)
            in split_story_rows(store.stories_with_articles(list(story_ids))).items()}


def detail_of(store: ReadStore, row: Row, articles: Sequence[Row], entity_limit: int = 25
              ) -> StoryDetail:
    """The story page of a story row and its article rows (time order): three more queries
    (mentions, facts, claims)."""
    by_language: dict[str, list[ArticleSummary]] = defaultdict(list)
    timeline: Counter[tuple[str, str]] = Counter()
    copies: dict[int, list[str]] = defaultdict(list)
    for a in articles:
        if a["duplicate_of"] is not None:
            copies[a["duplicate_of"]].append(a["source"] or a["url"] or f"article {a['id']}")
            continue
        by_language[a["lang"]].append(ArticleSummary(**a))
        timeline[((a["published"] or "")[:10] or "undated", a["lang"])] += 1
    for members in by_language.values():
        for member in members:
            member.also_published_by = copies.get(member.id, [])
    ids = [int(a["id"]) for a in articles]
    mentions = store.mentions_in(article_ids=ids)
    originals = [int(a["id"]) for a in articles if a["duplicate_of"] is None]
    shown = top_keys(mentions, entity_limit)
    return StoryDetail(
        story=summary_of(row, articles),
        articles_by_language=dict(sorted(by_language.items(), key=lambda kv: -len(kv[1]))),
        entities=entity_summaries(mentions, shown),
        entities_more=len({m["entity_key"] for m in mentions}) - len(shown),
        facts=fact_summaries(store.facts_in(ids)),
        comparison=story_comparison_of_rows(store.claims_in(originals) if originals else []),
        timeline=[{"date": d, "lang": lang, "articles": n}
                  for (d, lang), n in sorted(timeline.items())],
    )


def entity_list(store: ReadStore, limit: int = 30, story_id: int | None = None,
                lang: str | None = None) -> list[EntitySummary]:
    """Most mentioned entities with all their spellings: two queries."""
    keys = store.top_entity_keys(limit, story_id=story_id, lang=lang)
    return entity_summaries(store.mentions_in(keys=keys), keys) if keys else []


# Languages whose spelling rules a typed name is keyed under: a name typed without its
# diacritics or in another script ("Kalnins", "Калниньш", "Wroblewski") keys like its stored
# spelling under one of them; places are looked up in the gazetteer by name in each.
_TYPED_NAME_LANGS = ("und", "en", "de", "fr", "es", "it", "pl", "lv", "lt", "nb", "ru", "uk")


def resolve_entity_key(store: ReadStore, name_or_key: str) -> str:
    """Accept a key ("lukasenko") or any spelling in any case, with or without diacritics, in
    any script ("Лукашенко", "lukašenko", "Lukasenko"), or a surname alone ("haugland" for
    Eirik Haugland): two queries at most. A name no mention has keys as written."""
    found = find_entity_key(store, name_or_key)
    if found is not None:
        return found
    from babelwire.analyse.entities import entity_key

    return entity_key(name_or_key, "und")


def find_entity_key(store: ReadStore, name_or_key: str) -> str | None:
    """The stored entity key of a key or a typed name, as `resolve_entity_key` reads it; None
    when no mention has it (search asks this of every query: read/word_evidence.py)."""
    found = store.resolve_entity(name_or_key)
    if found is not None:
        return found
    from babelwire.analyse.entities import entity_key

    typed = " ".join(name_or_key.split())
    keys = list(dict.fromkeys(
        key for lang in _TYPED_NAME_LANGS for form in (typed, typed.title())
        if (key := entity_key(form, lang))))
    surnames = [key for key in keys if "." not in key] if len(typed.split()) == 1 else []
    return store.most_mentioned_key(keys, surnames) if keys else None


def story_list(store: ReadStore, limit: int = 20, offset: int = 0, lang: str | None = None,
               entity: str | None = None, since: str | None = None, until: str | None = None,
               query: str | None = None, min_articles: int = 1,
               story_ids: Sequence[int] | None = None, updated_since: str | None = None,
               source: str | None = None, country: str | None = None) -> list[StorySummary]:
    """Newest first, filtered: at most three queries (entity, stories, their coverage)."""
    return summaries(store, story_list_rows(store, limit, offset, lang, entity, since, until,
                                            query, min_articles, story_ids, updated_since,
                                            source, country))


def story_list_rows(store: ReadStore, limit: int = 20, offset: int = 0, lang: str | None = None,
                    entity: str | None = None, since: str | None = None,
                    until: str | None = None, query: str | None = None, min_articles: int = 1,
                    story_ids: Sequence[int] | None = None, updated_since: str | None = None,
                    source: str | None = None, country: str | None = None) -> list[Row]:
    """The story rows of `story_list`: one query (two with `entity`)."""
    where = StoryFilter(lang=lang or None,
                        entity_key=resolve_entity_key(store, entity) if entity else None,
                        since=since or None, until=until or None, query=query or None,
                        min_articles=min_articles,
                        story_ids=tuple(story_ids) if story_ids is not None else None,
                        updated_since=updated_since or None, source=source or None,
                        country=country or None)
    return store.story_rows(where, limit, offset)
