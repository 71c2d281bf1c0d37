"""What the same-story score compares: story profiles, entity rarity, fact keys.

A story is summarised by a `StoryProfile`; a single article is a story of one, so the very
same features score article pairs (`babelwire evaluate` on pair sets). The features are in
`features.py`, the model over them in `model.py`.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field

import numpy as np

from babelwire.analyse.story_linking import full_names_by_surname
from babelwire.models import Article, Fact, RawDocument

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
    entity_kinds: dict[str, str] = field(default_factory=dict)  # key -> person, place...
    fact_counts: Counter[str] = field(default_factory=Counter)
    language_counts: Counter[str] = field(default_factory=Counter)
    first_time: float | None = None
    last_time: float | None = None
    # What the members report in their leads (analyse.event): the story's core.
    lead_counts: Counter[str] = field(default_factory=Counter)
    weekday_counts: Counter[int] = field(default_factory=Counter)
    text_first: float | None = None  # the span of the dates the members' leads write
    text_last: float | None = None
    exact_members: int = 0  # members published on a known day (not undated, not "Sep 2020")
    # Derived from the fields above and read by every article that has this story as a
    # candidate (about twenty a story): kept until `add` changes the story (`forget_derived`).
    _centroid: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _surname_owners: dict[str, set[str]] | None = field(default=None, init=False, repr=False,
                                                         compare=False)
    _vector_sum64: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.vector_sum = np.zeros(self.dim, dtype=np.float32)
        self.recent_vectors = deque(maxlen=self.members_kept)

    @property
    def centroid(self) -> np.ndarray:
        if self._centroid is None:
            norm = float(np.linalg.norm(self.vector_sum))
            self._centroid = self.vector_sum / norm if norm else self.vector_sum.copy()
        return self._centroid

    @property
    def vector_sum64(self) -> np.ndarray:
        """The vector sum in float64 (the language-neutral centroid starts from it)."""
        if self._vector_sum64 is None:
            self._vector_sum64 = self.vector_sum.astype(np.float64)
        return self._vector_sum64

    def surname_owners(self) -> dict[str, set[str]]:
        """`full_names_by_surname` of the story's entity keys (read-only: shared by callers)."""
        if self._surname_owners is None:
            self._surname_owners = full_names_by_surname(self.entity_counts)
        return self._surname_owners

    def forget_derived(self) -> None:
        """Drop what was derived from the fields: call after changing them directly."""
        self._centroid = self._surname_owners = self._vector_sum64 = None

    def add(self, article: Article) -> None:
        assert article.vector is not None, "articles are embedded before clustering"
        self.forget_derived()
        self.size += 1
        self.vector_sum += article.vector
        self.recent_vectors.append(article.vector)
        self.entity_counts.update(article.entity_keys)
        for mention in article.mentions:
            if mention.kind != "other":
                self.entity_kinds.setdefault(mention.key, mention.kind)
        self.fact_counts.update(fact_keys(article.facts))
        self.language_counts[article.lang] += 1
        timestamp = article.timestamp
        if timestamp is not None:
            end = timestamp + precision_seconds(article.published_precision)
            first, last = self.first_time, self.last_time
            self.first_time = timestamp if first is None else min(first, timestamp)
            self.last_time = end if last is None else max(last, end)
        self.exact_members += is_exactly_dated(article)
        if article.event is not None:
            self.lead_counts.update(article.event.keys)
            time = article.event.time
            self.weekday_counts.update(time.weekdays)
            if time.start is not None and time.end is not None:
                self.text_first = min(time.start, self.text_first or time.start)
                self.text_last = max(time.end, self.text_last or time.end)

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


def is_exactly_dated(article: Article | RawDocument) -> bool:
    """Dated to the day or closer (not undated, not "Sep 2020")."""
    return article.published is not None and article.published_precision in (None, "day")


def precision_seconds(precision: str | None) -> float:
    """Length of the interval a date of this precision stands for (0 for an exact time)."""
    return {"day": 86400.0, "month": 31 * 86400.0, "year": 366 * 86400.0}.get(precision or "", 0.0)
