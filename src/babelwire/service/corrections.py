"""Corrections by hand: merge two stories, split articles off into a new story, move an
article to another story. Each runs under the store's write lease, in one transaction with
the record of the correction and the clusterer state, whose profiles of the stories involved
are rebuilt from their articles: later articles follow the corrected stories (a split-off
story keeps its own profile, so it is not merged back), and re-ingesting the same files
changes nothing (they are known duplicates). Subscribers hear a `corrected` event."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from babelwire.analyse.event import event_signature
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.scoring import StoryProfile
from babelwire.errors import InputError, NotFound
from babelwire.events import CORRECTED, StoryEvent
from babelwire.models import Article, Fact, Mention
from babelwire.settings import Settings
from babelwire.store.base import Store

MERGE, SPLIT, MOVE = "merge", "split", "move"
ACTORS = ("cli", "api", "web")


def _story_exists(store: Store, story_id: int) -> None:
    if not store.stories_by_id([story_id]):
        raise NotFound(f"no story {story_id}; `babelwire stories` lists them")


def merge(store: Store, into: int, other: int) -> tuple[int, list[int], dict[str, Any]]:
    if into == other:
        raise InputError(f"story {into} cannot be merged with itself")
    _story_exists(store, into)
    _story_exists(store, other)
    store.move_articles(store.story_article_ids(other), into)
    return into, [into, other], {"into": into, "merged": other}


def split(store: Store, story_id: int, article_ids: Sequence[int], next_id: int
          ) -> tuple[int, list[int], dict[str, Any]]:
    _story_exists(store, story_id)
    wanted = sorted(set(article_ids))
    if not wanted:
        raise InputError("name the articles to split off: --articles ID,ID")
    rows = {int(r["id"]): r for r in store.article_story_rows(wanted)}
    outside = [a for a in wanted if a not in rows or int(rows[a]["story_id"]) != story_id]
    if outside:
        raise InputError(f"article(s) {', '.join(map(str, outside))} are not in story "
                         f"{story_id}; `babelwire story {story_id}` lists its articles")
    # Republished copies follow their originals: what stays is neither named nor a copy.
    members = store.article_story_rows(store.story_article_ids(story_id))
    staying = [r for r in members if int(r["id"]) not in rows
               and (r["duplicate_of"] is None or int(r["duplicate_of"]) not in rows)]
    if not staying:
        raise InputError(f"that is every article of story {story_id}; leave at least one")
    first = store.article_rows([wanted[0]])[0]
    store.open_story(next_id, str(first["title"]), first["lang"])
    store.move_articles(wanted, next_id)
    return next_id, [story_id, next_id], {"from": story_id, "articles": wanted}


def move(store: Store, article_id: int, to: int) -> tuple[int, list[int], dict[str, Any]]:
    rows = store.article_story_rows([article_id])
    if not rows:
        raise NotFound(f"no article {article_id}")
    _story_exists(store, to)
    source = int(rows[0]["story_id"])
    if source == to:
        raise InputError(f"article {article_id} is already in story {to}")
    store.move_articles([article_id], to)
    return to, [source, to], {"article": article_id, "from": source, "to": to}


def _parse(moment: str | None) -> datetime | None:
    if not moment:
        return None
    return datetime.fromisoformat(str(moment).replace("Z", "+00:00"))


def stored_articles(store: Store, story_ids: Sequence[int]) -> dict[int, list[Article]]:
    """The original articles of some stories, as much of them as a story profile reads."""
    rows, mention_rows, fact_rows = store.profile_rows(story_ids)
    mentions: dict[int, list[Mention]] = defaultdict(list)
    for m in mention_rows:
        mentions[int(m["article_id"])].append(Mention(
            m["surface"], m["normal"], m["entity_key"], int(m["sentence"]), m["kind"] or "other"))
    facts: dict[int, list[Fact]] = defaultdict(list)
    for f in fact_rows:
        facts[int(f["article_id"])].append(Fact(f["kind"], float(f["value"]), f["unit"],
                                                f["surface"], int(f["sentence"])))
    by_story: dict[int, list[Article]] = defaultdict(list)
    for row in rows:
        article_id = int(row["id"])
        title, text = str(row["title"] or ""), str(row["text"] or "")
        published = _parse(row["published"])
        # The lead's event, as analysis read it: the title first, unless the text starts so.
        full_text = f"{title}\n{text}" if title and not text.startswith(title) else text
        by_story[int(row["story_id"])].append(Article(
            text="", title=title, lang=row["lang"], published=published,
            origin="store", content_hash=row["content_hash"], mentions=mentions[article_id],
            facts=facts[article_id], published_precision=row["published_precision"],
            vector=np.frombuffer(bytes(row["vector"]), dtype=np.float32).copy(),
            id=article_id,
            event=event_signature(full_text, row["lang"], mentions[article_id],
                                  facts[article_id], published, row["published_precision"])))
    return by_story


def rebuild_profiles(store: Store, settings: Settings, stories: Sequence[int],
                     removed: Sequence[int], next_id: int) -> None:
    """Replace the clusterer's profiles of `stories` (those still active, or made by the
    correction) with profiles of their articles now; drop those of `removed`."""
    state = store.clusterer_snapshot().state
    if state is None:
        return
    clusterer = OnlineClusterer.from_state(state, settings)
    active, closed = clusterer.active, clusterer.closed
    involved = [*stories, *removed]
    was_active = any(s in active.profiles for s in involved) or next_id in stories
    # Stories closed by time that undated articles may still join (cluster.online): a merged
    # one is dropped there too, and corrected ones are rebuilt there when none was open.
    was_closed = any(s in closed.profiles for s in involved)
    for story_id in involved:
        for index in (active, closed):
            if story_id in index.profiles:
                index.remove(story_id)
    if was_active or was_closed:
        for story_id, articles in sorted(stored_articles(store, stories).items()):
            profile = StoryProfile(story_id, clusterer.dim, clusterer.settings.members_kept)
            for article in articles:
                if article.vector is not None and len(article.vector) == clusterer.dim:
                    profile.add(article)
            if not profile.size:
                continue
            if was_active:
                times = [a.timestamp for a in articles if a.timestamp is not None]
                active.put(profile, max(times, default=clusterer.stream_time))
            else:
                clusterer.keep_closed(profile)
    clusterer.next_story_id = max(clusterer.next_story_id, next_id + 1)
    store.save_clusterer_state(clusterer.to_state())


class CorrectionUseCases:
    """The service's correction use cases (mixed into `Service`)."""

    settings: Settings
    write_lock: Any
    _subscribers: list[Callable[[list[StoryEvent]], None]]

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def merge_stories(self, into: int, other: int, actor: str = "cli") -> int:
        """Put every article of story `other` into story `into`; returns `into`."""
        return self._correct(MERGE, actor, lambda store, _: merge(store, into, other))

    def split_story(self, story_id: int, article_ids: Sequence[int], actor: str = "cli") -> int:
        """Move some articles of a story (and their copies) into a new story; returns its id."""
        return self._correct(SPLIT, actor,
                             lambda store, next_id: split(store, story_id, article_ids, next_id))

    def move_article(self, article_id: int, to: int, actor: str = "cli") -> int:
        """Move one article (and its copies) into another story; returns that story's id."""
        return self._correct(MOVE, actor, lambda store, _: move(store, article_id, to))

    def _correct(self, kind: str, actor: str,
                 apply: Callable[[Store, int], tuple[int, list[int], dict[str, Any]]]) -> int:
        if actor not in ACTORS:
            raise InputError(f"unknown actor {actor!r}")
        with self.write_lock:
            store = self.store
            with store.write_lease():
                state = store.clusterer_snapshot().state
                next_id = max(int(state["next_story_id"]) if state else 1,
                              store.max_story_id() + 1)
                result, touched, detail = apply(store, next_id)
                removed = store.refresh_stories(touched)
                store.add_correction(kind, result, json.dumps(detail), actor)
                kept = [s for s in touched if s not in removed]
                rebuild_profiles(store, self.settings, kept, removed,
                                 next_id if kind == SPLIT else 0)
        events = [StoryEvent(CORRECTED, story_id, kind) for story_id in kept]
        for handler in list(self._subscribers):
            handler(events)
        return result
