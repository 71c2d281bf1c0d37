"""How fast a story grows: its articles, distinct sources and languages in the latest window
(6 hours up to its newest article) against its own baseline (the same counts per window over
its life before). Used by the `growing` alert; see docs/monitoring.md for how it behaves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(hours=6)
GROWING_MIN_ARTICLES = 4  # fewer articles in a window is not "fast", whatever the baseline
GROWING_FACTOR = 2.0  # at least this many times the baseline (+1, so a new story needs 2 x 1)


@dataclass(frozen=True)
class Growth:
    recent_articles: int  # in the window ending at the story's newest article
    recent_sources: int
    recent_languages: int
    baseline: float  # articles per window before it (0 for a story younger than one window)
    score: float  # recent weighted by spread, over baseline + 1
    window_end: str  # the newest article's time (ISO 8601), which names the window

    @property
    def growing(self) -> bool:
        return (self.recent_articles >= GROWING_MIN_ARTICLES
                and self.recent_articles >= GROWING_FACTOR * (self.baseline + 1))


def _parse(moment: str) -> datetime | None:
    try:
        return datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None


def growth(articles: Sequence[tuple[str | None, str | None, str]]) -> Growth | None:
    """The growth of a story from its articles' (published, source, lang); None when none
    is dated."""
    dated = sorted(((t, source, lang) for published, source, lang in articles
                    if published and (t := _parse(published)) is not None),
                   key=lambda item: item[0])
    if not dated:
        return None
    end = dated[-1][0]
    start = end - WINDOW
    recent = [a for a in dated if a[0] > start]
    before = [a for a in dated if a[0] <= start]
    windows = max(1.0, (start - dated[0][0]) / WINDOW) if before else 1.0
    baseline = len(before) / windows if before else 0.0
    sources = {s for _, s, _ in recent if s}
    languages = {lang for _, _, lang in recent}
    spread = 1.0 + 0.5 * max(0, len(sources) - 1) / max(1, len(recent)) + 0.5 * max(
        0, len(languages) - 1) / max(1, len(recent))
    score = round(len(recent) * spread / (baseline + 1.0), 3)
    return Growth(len(recent), len(sources), len(languages), round(baseline, 3), score,
                  end.isoformat(timespec="seconds"))
