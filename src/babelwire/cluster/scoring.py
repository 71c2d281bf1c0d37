"""The same-story score: features of (article, story) and a logistic model over them.

A story is summarised by a `StoryProfile`; a single article is a story of one, so the very
same function scores article pairs (used by `babelwire evaluate` on pair sets).
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field

import numpy as np

from babelwire.models import Article, Fact
from babelwire.settings import Settings

FEATURES = ("cos_centroid", "cos_nearest", "entity_overlap", "fact_overlap", "gap_days",
            "same_language")
_UNKNOWN_GAP_DAYS = 1.0  # neutral guess when either side has no date
_NUMBER_KINDS_IGNORED = {"year"}  # years recur in every article about a period


def fact_keys(facts: list[Fact]) -> set[str]:
    """Language-independent keys of facts: dates by day, numbers rounded to 2 significant digits.

    Rounding lets "over 80 prosent" meet "80,1%", and "150 000" meet "150.000".
    """
    keys = set()
    for fact in facts:
        if fact.kind in _NUMBER_KINDS_IGNORED:
            continue
        if fact.kind == "date":
            keys.add(f"d{int(fact.value) % 10000:04d}")
        elif abs(fact.value) >= 10:
            keys.add(f"n{_two_significant(fact.value):g}")
    return keys


def _two_significant(value: float) -> float:
    if value == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)


@dataclass
class StoryProfile:
    """What the clusterer remembers of a story: enough to score a new article against it."""

    story_id: int
    dim: int
    members_kept: int = 12
    size: int = 0
    vector_sum: np.ndarray = field(init=False)
    recent_vectors: deque[np.ndarray] = field(init=False)
    entity_counts: Counter[str] = field(default_factory=Counter)
    fact_counts: Counter[str] = field(default_factory=Counter)
    language_counts: Counter[str] = field(default_factory=Counter)
    first_time: float | None = None
    last_time: float | None = None

    def __post_init__(self) -> None:
        self.vector_sum = np.zeros(self.dim, dtype=np.float32)
        self.recent_vectors = deque(maxlen=self.members_kept)

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def add(self, article: Article) -> None:
        assert article.vector is not None, "articles are embedded before clustering"
        self.size += 1
        self.vector_sum += article.vector
        self.recent_vectors.append(article.vector)
        self.entity_counts.update(article.entity_keys)
        self.fact_counts.update(fact_keys(article.facts))
        self.language_counts[article.lang] += 1
        timestamp = article.timestamp
        if timestamp is not None:
            first, last = self.first_time, self.last_time
            self.first_time = timestamp if first is None else min(first, timestamp)
            self.last_time = timestamp if last is None else max(last, timestamp)

    @classmethod
    def of_article(cls, article: Article, story_id: int = -1) -> StoryProfile:
        assert article.vector is not None
        profile = cls(story_id=story_id, dim=len(article.vector))
        profile.add(article)
        return profile


class EntityRarity:
    """Document frequencies of entity keys: a name that every article mentions says little."""

    def __init__(self) -> None:
        self.document_count = 0
        self.document_frequency: Counter[str] = Counter()

    def learn(self, keys: set[str]) -> None:
        self.document_count += 1
        self.document_frequency.update(keys)

    def weight(self, key: str) -> float:
        return math.log((self.document_count + 2) / (self.document_frequency[key] + 1))


def features(article: Article, story: StoryProfile, rarity: EntityRarity,
             settings: Settings) -> dict[str, float]:
    assert article.vector is not None
    vector = article.vector
    nearest = max(float(vector @ member) for member in story.recent_vectors)
    return {
        "cos_centroid": float(vector @ story.centroid),
        "cos_nearest": nearest,
        "entity_overlap": _entity_overlap(article.entity_keys, story, rarity),
        "fact_overlap": _fact_overlap(fact_keys(article.facts), story),
        "gap_days": _gap_days(article.timestamp, story, settings.max_gap_days),
        "same_language": story.language_counts[article.lang] / story.size,
    }


def probability(feature_values: dict[str, float], settings: Settings) -> float:
    logit = settings.bias + sum(settings.weights.get(name, 0.0) * value
                                for name, value in feature_values.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def same_story_score(article: Article, story: StoryProfile, rarity: EntityRarity,
                     settings: Settings) -> float:
    return probability(features(article, story, rarity, settings), settings)


def pair_score(a: Article, b: Article, rarity: EntityRarity, settings: Settings) -> float:
    """Symmetric same-story probability of two articles."""
    forward = same_story_score(a, StoryProfile.of_article(b), rarity, settings)
    backward = same_story_score(b, StoryProfile.of_article(a), rarity, settings)
    return (forward + backward) / 2


def _entity_overlap(keys: set[str], story: StoryProfile, rarity: EntityRarity) -> float:
    """Rarity-weighted overlap, averaged over both directions so neither side's length dominates."""
    if not keys or not story.entity_counts:
        return 0.0
    article_total = sum(rarity.weight(k) for k in keys)
    article_found = sum(rarity.weight(k) * story.entity_counts[k] / story.size
                        for k in keys if k in story.entity_counts)
    story_weights = {k: rarity.weight(k) * n / story.size for k, n in story.entity_counts.items()}
    story_total = sum(story_weights.values())
    story_found = sum(w for k, w in story_weights.items() if k in keys)
    forward = article_found / article_total if article_total > 0 else 0.0
    backward = story_found / story_total if story_total > 0 else 0.0
    return (forward + backward) / 2


def _fact_overlap(keys: set[str], story: StoryProfile) -> float:
    if not keys or not story.fact_counts:
        return 0.0
    shared = sum(1 for k in keys if k in story.fact_counts)
    return 2 * shared / (len(keys) + len(story.fact_counts))


def _gap_days(timestamp: float | None, story: StoryProfile, max_gap_days: float) -> float:
    if timestamp is None or story.first_time is None or story.last_time is None:
        return _UNKNOWN_GAP_DAYS
    if story.first_time <= timestamp <= story.last_time:
        return 0.0
    gap = min(abs(timestamp - story.first_time), abs(timestamp - story.last_time)) / 86400
    return min(gap, max_gap_days)
