"""What a committed chunk changed, as events: a story created, a story that grew, a story with
a new language, a story whose sources newly disagree on a figure. Computed inside the chunk's
transaction (from the store rows the chunk just wrote), so subscribers that write (alerts) do
so in that same transaction; published to the others after COMMIT."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from babelwire.pipeline import StoredArticle
from babelwire.read.compare import story_comparison_of_rows
from babelwire.settings import Settings

STORY_CREATED = "story-created"
STORY_GREW = "story-grew"
NEW_LANGUAGE = "new-language"
NEW_DISAGREEMENT = "new-disagreement"
CORRECTED = "corrected"
EVENT_KINDS = (STORY_CREATED, STORY_GREW, NEW_LANGUAGE, NEW_DISAGREEMENT, CORRECTED)


@dataclass(frozen=True)
class StoryEvent:
    kind: str  # one of EVENT_KINDS
    story_id: int
    detail: str = ""  # the language of new-language, the concept of new-disagreement

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "story_id": self.story_id, "detail": self.detail}


@dataclass
class TouchedStory:
    """A story as the chunk left it: what watchlists filter on."""

    story_id: int
    article_count: int
    languages: dict[str, int]  # originals per language
    sources: set[str]
    added: list[StoredArticle] = field(default_factory=list)  # this chunk's articles


@dataclass
class ChunkChanges:
    events: list[StoryEvent]
    stories: dict[int, TouchedStory]

    def of_story(self, story_id: int) -> list[StoryEvent]:
        return [e for e in self.events if e.story_id == story_id]


def differing_concepts(claim_rows: Sequence[dict[str, Any]], settings: Settings | None
                       ) -> set[str]:
    return {row.concept for row in story_comparison_of_rows(claim_rows, settings)
            if row.status == "differ"}


def chunk_changes(store: Any, stored: Sequence[StoredArticle],
                  settings: Settings | None = None) -> ChunkChanges:
    """The events of one chunk, read inside its transaction: three queries (stories, their
    coverage, and the claims of the stories that got a claim)."""
    touched = sorted({s.assignment.story_id for s in stored})
    created = {s.assignment.story_id for s in stored if s.assignment.is_new_story}
    originals = [s for s in stored if s.duplicate_of is None]
    stories = {int(r["id"]): TouchedStory(int(r["id"]), int(r["article_count"]), {}, set())
               for r in store.stories_by_id(touched)}
    for s in stored:
        if s.assignment.story_id in stories:
            stories[s.assignment.story_id].added.append(s)
    for row in store.story_coverage(touched):
        story = stories.get(int(row["story_id"]))
        if story is None:
            continue
        if row["originals"]:
            story.languages[row["lang"]] = story.languages.get(row["lang"], 0) + int(
                row["originals"])
        if row["source"] is not None:
            story.sources.add(str(row["source"]))
    events: list[StoryEvent] = []
    added_langs: Counter[tuple[int, str]] = Counter(
        (s.assignment.story_id, s.article.lang) for s in originals)
    for story_id in touched:
        if story_id not in stories:
            continue
        if story_id in created:
            events.append(StoryEvent(STORY_CREATED, story_id))
            continue
        if any(s.assignment.story_id == story_id for s in originals):
            events.append(StoryEvent(STORY_GREW, story_id))
        for lang, count in sorted(stories[story_id].languages.items()):
            if added_langs[(story_id, lang)] == count:  # every original in it is new
                events.append(StoryEvent(NEW_LANGUAGE, story_id, lang))
    events.extend(_new_disagreements(store, originals, created, settings))
    return ChunkChanges(events, stories)


def _new_disagreements(store: Any, originals: Sequence[StoredArticle], created: set[int],
                       settings: Settings | None) -> list[StoryEvent]:
    """Concepts the sources of a story disagree on now but did not before this chunk."""
    with_claims = sorted({s.assignment.story_id for s in originals if s.article.claims})
    if not with_claims:
        return []
    new_ids = {s.article_id for s in originals}
    by_story: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in store.claims_of_stories(with_claims):
        by_story[int(row["story_id"])].append(row)
    events: list[StoryEvent] = []
    for story_id, rows in sorted(by_story.items()):
        now = differing_concepts(rows, settings)
        if not now:
            continue
        before = set() if story_id in created else differing_concepts(
            [r for r in rows if int(r["article_id"]) not in new_ids], settings)
        events.extend(StoryEvent(NEW_DISAGREEMENT, story_id, concept)
                      for concept in sorted(now - before))
    return events
