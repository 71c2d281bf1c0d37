"""Story summaries in bulk: the rows of any number of stories become `StorySummary`s with one
more query (languages and sources of all of them at once), never one query per story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from babelwire.read.views import StorySummary
from babelwire.store.base import ReadStore, Row


def summaries(store: ReadStore, rows: Sequence[Row]) -> list[StorySummary]:
    """`StorySummary`s of story rows, in their order."""
    if not rows:
        return []
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    sources: dict[int, set[str]] = defaultdict(set)
    for row in store.story_coverage([int(r["id"]) for r in rows]):
        story = int(row["story_id"])
        if row["originals"]:  # republished copies are not independent coverage
            here = languages[story]
            here[row["lang"]] = here.get(row["lang"], 0) + int(row["originals"])
        if row["source"] is not None:
            sources[story].add(row["source"])
    return [StorySummary(
        id=int(r["id"]), title=r["title"], article_count=int(r["article_count"]),
        languages=dict(sorted(languages[int(r["id"])].items(), key=lambda kv: (-kv[1], kv[0]))),
        sources=sorted(sources[int(r["id"])]), first_published=r["first_published"],
        last_published=r["last_published"]) for r in rows]


def story_summaries(store: ReadStore, story_ids: Sequence[int]) -> dict[int, StorySummary]:
    """Summaries of the given stories, by id (missing ids are left out); two queries."""
    return {s.id: s for s in summaries(store, store.stories_by_id(list(story_ids)))}
