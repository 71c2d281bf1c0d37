"""What a query's words find in the articles themselves: the lexical half of search.

A bare word sits in the narrow band of e5 similarities where every story scores alike, but the
articles that contain it are evidence no encoder can blur: they say what the word is about, and
their vectors then find the stories that tell the same thing in other languages and share no
word with the query (pseudo-relevance feedback across languages; read/search.py).

A word counts as written (the store's full-text index: FTS5 in SQLite, tsvector in PostgreSQL,
which also stems in the languages PostgreSQL knows) or by its beginning: its last letters cut,
so "maszyniści" finds "maszynistów", "pociągi" "pociągów", "lluvia" "lluvias", "Fischerei" the
compound "Fischereirechte". Any language, no dictionary: the beginning is at least
`MIN_STEM` letters, so short words only count as written.

A query that names a person, place or organisation (or one of whose few words does) finds the
articles that name it in any spelling or script, as `stories --entity` does ("Перу" the
articles writing "Peru" or "Pérou", "Łotwa" those writing "Latvija" or "Lettland"): their
mentions carry the same entity key (read/bulk.py `find_entity_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babelwire.read.bulk import find_entity_key
from babelwire.read.entity_names import entity_kind
from babelwire.store.base import ReadStore
from babelwire.store.reads import query_terms

MAX_TERMS = 16  # words of a query used for the full-text part
MIN_STEM = 5  # letters a word's beginning keeps (shorter ones over-match: "spa" for "Spania")
STEM_CUT = 2  # letters of an ending cut at most (three let "tribunal" find "tributaries")
MIN_SHARE = 0.5  # of the query's words an article must contain to count as evidence
# Entity look-ups: the whole query, and each word of a query this short (two look-ups each).
MAX_NAME_WORDS = 3
MIN_NAME_LETTERS = 3  # a shorter word ("in", "de") is looked up only as the whole query
# Only names count: the extractor also keys some capitalised common nouns with the kind
# "other" ("Ammoniak", "Apps"), which an ordinary query word must not match.
NAME_KINDS = ("person", "place", "organisation")


@dataclass(frozen=True)
class WordHit:
    story_id: int
    written: float  # share of the query's words the article holds as written (or stemmed)
    any_form: float  # share it holds as written or by their beginnings


def query_words(query: str) -> list[str]:
    return list(dict.fromkeys(query_terms(query)))[:MAX_TERMS]


def word_beginning(word: str) -> str | None:
    """The beginning of a word that its inflected forms share ("maszyniści" -> "maszyni");
    None for words too short to cut, and for numbers."""
    folded = word.casefold()
    if len(folded) <= MIN_STEM or not folded.isalpha():
        return None
    return folded[:max(MIN_STEM, len(folded) - STEM_CUT)]


def word_hits(store: ReadStore, query: str) -> dict[int, WordHit]:
    """Article -> how it holds the query's words, for the articles holding at least half of
    them, as written or by their beginnings."""
    words = query_words(query)
    if not words:
        return {}
    written = {hit.article_id: hit for hit in store.full_text_hits(words)}
    beginnings = [word_beginning(w) or w for w in words]
    by_form = ({hit.article_id: hit for hit in store.full_text_hits(beginnings, prefix=True)}
               if beginnings != words else {})
    found: dict[int, WordHit] = {}
    for article in written.keys() | by_form.keys():
        hit = written.get(article) or by_form[article]
        share = written[article].matched_terms / len(words) if article in written else 0.0
        any_form = max(share, by_form[article].matched_terms / len(words)
                       if article in by_form else 0.0)
        if any_form >= MIN_SHARE:
            found[article] = WordHit(hit.story_id, share if share >= MIN_SHARE else 0.0,
                                     any_form)
    return found


def stories_with_words(hits: dict[int, WordHit]) -> dict[int, tuple[float, int]]:
    """Story -> (share of the query's words its best article holds as written, that article),
    for the stories with such an article."""
    stories: dict[int, tuple[float, int]] = {}
    for article, hit in sorted(hits.items()):
        if hit.written > stories.get(hit.story_id, (0.0, 0))[0]:
            stories[hit.story_id] = (hit.written, article)
    return stories


def topic_articles(store: ReadStore, words: Sequence[str]) -> dict[int, int]:
    """Article -> its story, for the articles that name the query's topic in their own
    language ("terremoto", "Erdbeben" for "jordskjelv"; read/query_topics.py): any one of its
    words is enough."""
    hits = store.full_text_hits(list(words)) if words else []
    return {hit.article_id: hit.story_id for hit in hits if hit.matched_terms}


def named_entity_articles(store: ReadStore, query: str) -> dict[int, int]:
    """Article -> its story, for the articles naming a person, place or organisation that the
    query (or one word of a short query) names, in any spelling or script."""
    words = query_words(query)
    names = [" ".join(query.split())]
    if 1 < len(words) <= MAX_NAME_WORDS:
        names += [word for word in words if len(word) >= MIN_NAME_LETTERS]
    keys = {key for name in dict.fromkeys(names) if (key := find_entity_key(store, name))}
    if not keys:
        return {}
    rows = store.mentions_in(keys=sorted(keys))
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(str(row["entity_key"]), []).append(str(row["kind"]))
    names_kept = {key for key, found in kinds.items() if entity_kind(found) in NAME_KINDS}
    return {int(row["article_id"]): int(row["story_id"]) for row in rows
            if row["entity_key"] in names_kept}
