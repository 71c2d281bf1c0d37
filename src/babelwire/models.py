"""Plain data passed between pipeline stages.

ingest -> RawDocument | Rejection
analyse -> Article (language, mentions, facts, vector)
cluster -> Assignment
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from babelwire.analyse.event import EventSignature


@dataclass(frozen=True)
class RawDocument:
    """One input article before analysis, as read from a file, a JSON record or a page."""

    origin: str  # where it came from: a path, "path:line" for JSONL, or a URL
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    lang_hint: str | None = None
    external_id: str | None = None
    published_precision: str | None = None  # None: exact; "day", "month" or "year"


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an article, with a one-line reason."""

    origin: str
    reason: str  # short machine-friendly code, e.g. "empty", "binary", "too-short"
    detail: str = ""  # one human sentence

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Mention:
    """A name as written in one article, with its cross-lingual key."""

    surface: str  # as written: "Lukasjenkos", "Лукашенко"
    normal: str  # uninflected display form: "Lukasjenko"
    key: str  # language-independent key shared by all spellings: "lukasenko"
    sentence: int  # index of the sentence it occurs in
    kind: str = "other"  # "person", "place", "organisation" or "other"


@dataclass(frozen=True)
class Fact:
    """A number or date with its unit, found in one sentence."""

    kind: str  # "percent", "people", "votes", "money", "date", "year", "count", ...
    value: float  # normalised value; dates as YYYYMMDD, money in the stated currency
    unit: str  # "%", "EUR", "USD", "people", "" ...
    surface: str  # as written: "80,1%", "over 80 prosent"
    sentence: int


@dataclass(frozen=True)
class Claim:
    """A reported quantity and what it counts, with the sentence that says it (fact comparison)."""

    concept: str  # cross-lingual key of what is counted: "detained", "voted_for", "killed"...
    value: float  # lower bound for a range; dates as YYYYMMDD
    approx: str  # "exact", "more", "less", "about" or "range"
    unit: str  # "%", "people", "EUR", "votes", "km", "date", "" ...
    as_written: str  # "vairāk nekā 150 000", "over 80 prosent"
    sentence: int  # index of the evidence sentence
    evidence: str  # the sentence itself
    upper: float | None = None  # upper bound of a range


@dataclass
class Article:
    """An analysed article: what the clusterer and the store consume."""

    text: str
    title: str
    lang: str
    published: datetime | None
    origin: str
    content_hash: str
    url: str | None = None
    source: str | None = None
    external_id: str | None = None
    lang_confidence: float = 1.0
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    published_precision: str | None = None  # None: exact; "day", "month" or "year"
    vector: np.ndarray | None = None  # unit-length float32 embedding
    id: int | None = None  # assigned by the store
    event: EventSignature | None = None  # what the lead reports (analyse.event)

    @property
    def entity_keys(self) -> set[str]:
        return {m.key for m in self.mentions}

    @property
    def timestamp(self) -> float | None:
        return self.published.timestamp() if self.published else None


@dataclass(frozen=True)
class Assignment:
    """Where the clusterer put an article and why."""

    story_id: int
    is_new_story: bool
    score: float  # the same-story score of the chosen story (0 for a new story)
    candidates: int  # how many stories were scored
