"""Breaking stories: how fast a story grows now against its own past and against the stream.

"Now" is the newest article of the stories looked at (the stream's clock, so a replayed or
old archive ranks the same as a live one). A story's rate is its articles in the last window
(6 hours up to now), weighted by their spread (distinct sources and languages, as EMM's
breaking-news detection counts reporting sources, not articles), over its own baseline (its
articles per window before, + 1). The stream's rate is the same ratio for all the stories
looked at together. The score is the story's rate over the stream's: above 1, the story grows
faster than the news does as a whole. See docs/monitoring.md for how it behaves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from babelwire.read import bulk
from babelwire.read.models import StorySummary
from babelwire.store.base import ReadStore

WINDOW = timedelta(hours=6)
CANDIDATES = 500  # the newest stories matching the filters that are scored
# The web list's "breaking" badge: at least this many articles in the window, growing at
# least this many times faster than the stream (unmeasured choices; docs/monitoring.md).
BREAKING_MIN_ARTICLES = 3
BREAKING_SCORE = 2.0


@dataclass(frozen=True)
class Trend:
    recent_articles: int  # in the window ending at the stream's newest article
    recent_sources: int
    recent_languages: int
    baseline: float  # the story's articles per window before the window
    score: float  # the story's rate over the stream's (see the module docstring)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Dated = tuple[datetime, str | None, str]  # published, source, lang


def parse_moment(moment: str | None) -> datetime | None:
    if not moment:
        return None
    try:
        return datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None


def _rate(articles: Sequence[Dated], now: datetime, spread: bool) -> tuple[float, int, float]:
    """(recent weight over baseline + 1, recent count, baseline) of some dated articles."""
    start = now - WINDOW
    recent = [a for a in articles if start < a[0] <= now]
    before = [a for a in articles if a[0] <= start]
    first = min((a[0] for a in before), default=start)
    windows = max(1.0, (start - first) / WINDOW)
    baseline = len(before) / windows
    weight = float(len(recent))
    if spread and recent:
        sources = len({s for _, s, _ in recent if s})
        languages = len({lang for _, _, lang in recent})
        weight *= 1.0 + 0.5 * (max(0, sources - 1) + max(0, languages - 1)) / len(recent)
    return weight / (baseline + 1.0), len(recent), baseline


def trends(by_story: dict[int, list[Dated]]) -> dict[int, Trend]:
    """The trend of each story, against the stream these stories make together."""
    every = [a for articles in by_story.values() for a in articles]
    if not every:
        return {}
    now = max(a[0] for a in every)
    stream_rate, _, _ = _rate(every, now, spread=False)
    found = {}
    for story_id, articles in by_story.items():
        rate, recent, baseline = _rate(articles, now, spread=True)
        start = now - WINDOW
        window = [a for a in articles if start < a[0] <= now]
        found[story_id] = Trend(recent, len({s for _, s, _ in window if s}),
                                len({lang for _, _, lang in window}), round(baseline, 3),
                                round(rate / stream_rate, 3) if stream_rate else 0.0)
    return found


def trending_stories(store: ReadStore, limit: int, offset: int, **filters: Any
                     ) -> list[tuple[StorySummary, Trend]]:
    """The newest `CANDIDATES` stories matching `filters` (those of `bulk.story_list_rows`),
    most trending first (ties: newest first). Four queries."""
    rows = bulk.story_list_rows(store, CANDIDATES, 0, **filters)
    ids = [int(r["id"]) for r in rows]
    dated: dict[int, list[Dated]] = defaultdict(list)
    for row in store.stories_with_articles(ids):
        moment = parse_moment(row["published"]) if row["id"] is not None else None
        if moment is not None:
            dated[int(row["story_id"])].append((moment, row["source"], str(row["lang"])))
    scored = trends(dict(dated))
    order = {story_id: n for n, story_id in enumerate(ids)}
    ranked = sorted(ids, key=lambda s: (-(scored[s].score if s in scored else 0.0), order[s]))
    page = ranked[offset:offset + limit]
    summaries = bulk.story_summaries(store, page)
    none = Trend(0, 0, 0, 0.0, 0.0)
    return [(summaries[s], scored.get(s, none)) for s in page if s in summaries]
