"""The alert writer: subscribed to each chunk's events inside its transaction, it matches the
stories the chunk touched against every watchlist and records what is new as alerts in the
same transaction (the outbox), so an alert is neither lost with a crash nor written twice by
two writers (the write lease orders them; a unique key drops a repeat).

Reasons: `new-story` the first time a story matches a watchlist (after that it is "known" to
it), then `new-language`, `growing` (at most once a day per story) and `disputed` (a figure the
sources newly disagree on) for the stories it knows."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from babelwire.alerts.growth import growth
from babelwire.alerts.watchlists import Watchlist
from babelwire.analyse.entities import entity_key
from babelwire.analyse.keys import surname_key
from babelwire.events import NEW_DISAGREEMENT, NEW_LANGUAGE, ChunkChanges, TouchedStory
from babelwire.read.search import MIN_SIMILARITY

NEW_STORY, NEW_LANGUAGE_ALERT = "new-story", "new-language"
GROWING, DISPUTED = "growing", "disputed"
REASONS = (NEW_STORY, NEW_LANGUAGE_ALERT, GROWING, DISPUTED)
# A watchlist's words match an article whose vector is this similar to the query's: above the
# band where unrelated e5 texts sit (0.72-0.80, read/search.py), inside the "about it" band.
WATCH_SIMILARITY = MIN_SIMILARITY + 0.04
_WORD = re.compile(r"\w+")


def name_keys(name: str) -> set[str]:
    """The keys a name written in any script stands for: its cross-lingual key, and the
    surname's key of a full name ("Aleksandr Lukasjenko" -> a.lukasenk, lukasenk)."""
    key = entity_key(name, "und")
    keys = {key} if key else set()
    if key and surname_key(key):
        keys.add(surname_key(key))
    return keys


def words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


@dataclass
class StoryFacts:
    """What matching needs of a touched story beyond `TouchedStory`."""

    keys: set[str]  # entity keys, and the surname keys of full names
    surfaces: set[str]  # spellings as written, case-folded
    vectors: np.ndarray | None  # its originals' vectors (only read when a query needs them)


def story_matches(watchlist: Watchlist, story: TouchedStory, facts: StoryFacts,
                  entity_keys: dict[str, set[str]], query_vector: np.ndarray | None) -> bool:
    if story.article_count < watchlist.min_articles:
        return False
    if len(story.languages) < watchlist.min_languages:
        return False
    if watchlist.langs and not set(watchlist.langs) & set(story.languages):
        return False
    if watchlist.sources and not set(watchlist.sources) & story.sources:
        return False
    for name in watchlist.entities:  # every entity named (an analyst lists what must co-occur)
        if not (entity_keys.get(name, set()) & facts.keys or name.casefold() in facts.surfaces):
            return False
    if watchlist.query:
        wanted = words(watchlist.query)
        in_text = any(wanted <= words(f"{s.article.title} {s.article.text}")
                      for s in story.added)
        similar = (query_vector is not None and facts.vectors is not None
                   and facts.vectors.size > 0 and facts.vectors.shape[1] == query_vector.shape[0]
                   and float(np.max(facts.vectors @ query_vector)) >= WATCH_SIMILARITY)
        if not (in_text or similar):
            return False
    return True


class AlertWriter:
    """Writes the alerts of a chunk in the chunk's transaction (see the module docstring)."""

    def __init__(self, query_vector: Callable[[str], np.ndarray | None]) -> None:
        self.query_vector = query_vector

    def write(self, store: Any, changes: ChunkChanges) -> int:
        """Alerts recorded for this chunk; a handful of queries, none when no watchlist."""
        watchlists = [Watchlist.from_row(r) for r in store.watchlist_rows()]
        if not watchlists or not changes.stories:
            return 0
        touched = sorted(changes.stories)
        facts = self._facts(store, touched, any(w.query for w in watchlists))
        entity_keys = {name: name_keys(name) | _resolved(store, name)
                       for w in watchlists for name in w.entities}
        known = store.matched_stories(touched)
        times: dict[int, list[tuple[str | None, str | None, str]]] = defaultdict(list)
        alerts: list[tuple[int, int, str, str, str]] = []
        growth_read = False
        for watchlist in watchlists:
            assert watchlist.id is not None
            vector = self.query_vector(watchlist.query) if watchlist.query else None
            delivery = "pending" if watchlist.webhook else "none"
            for story_id in touched:
                story = changes.stories[story_id]
                if not story_matches(watchlist, story, facts[story_id], entity_keys, vector):
                    continue
                if (watchlist.id, story_id) not in known:
                    alerts.append((watchlist.id, story_id, NEW_STORY, "", delivery))
                    continue
                for event in changes.of_story(story_id):
                    if event.kind == NEW_LANGUAGE:
                        alerts.append((watchlist.id, story_id, NEW_LANGUAGE_ALERT, event.detail,
                                       delivery))
                    elif event.kind == NEW_DISAGREEMENT:
                        alerts.append((watchlist.id, story_id, DISPUTED, event.detail, delivery))
                if not growth_read:
                    for row in store.stories_with_articles(touched):
                        if row["id"] is not None:
                            times[int(row["story_id"])].append(
                                (row["published"], row["source"], row["lang"]))
                    growth_read = True
                grown = growth(times[story_id])
                if grown is not None and grown.growing:
                    alerts.append((watchlist.id, story_id, GROWING, grown.window_end[:10],
                                   delivery))
        return int(store.add_alerts(alerts)) if alerts else 0

    @staticmethod
    def _facts(store: Any, story_ids: Sequence[int], with_vectors: bool
               ) -> dict[int, StoryFacts]:
        facts = {story: StoryFacts(set(), set(), None) for story in story_ids}
        for row in store.entity_keys_of_stories(story_ids):
            here = facts[int(row["story_id"])]
            key = str(row["entity_key"])
            here.keys.add(key)
            if surname_key(key):
                here.keys.add(surname_key(key))
            here.surfaces.add(str(row["surface"]).casefold())
        if with_vectors:
            vectors: dict[int, list[np.ndarray]] = defaultdict(list)
            for row in store.vectors_of_stories(story_ids):
                vectors[int(row["story_id"])].append(
                    np.frombuffer(bytes(row["vector"]), dtype=np.float32))
            for story, rows in vectors.items():
                facts[story].vectors = np.vstack(rows)
        return facts


def _resolved(store: Any, name: str) -> set[str]:
    """The key the store gives this exact spelling, when it has it (a name in another script
    re-keyed to the story's Latin key, such as Сиэтле -> seatl)."""
    key = store.resolve_entity(name)
    return {str(key)} if key else set()
