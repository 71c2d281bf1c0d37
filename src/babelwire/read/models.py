"""The read side's typed models: what a story list, a story page and an entity show. Built
from store rows by `babelwire.read.bulk` and `babelwire.read.pages`; plain dataclasses, so
the CLI, the API and the HTML render the same objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from babelwire.read.compare import ComparisonRow


@dataclass
class StorySummary:
    id: int
    title: str
    article_count: int
    languages: dict[str, int]
    sources: list[str]
    first_published: str | None
    last_published: str | None
    # None: some article has an exact time; else what all of them know ("day", "month",
    # "year"), so a month-only story shows as "2020-09", never "2020-09-01 00:00"
    published_precision: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ArticleSummary:
    id: int
    title: str
    lang: str
    source: str | None
    url: str | None
    published: str | None
    lead: str
    score: float | None
    duplicate_of: int | None = None
    also_published_by: list[str] = field(default_factory=list)  # near-duplicate copies
    source_country: str | None = None  # from the source's metadata (`babelwire watch`)
    source_homepage: str | None = None
    published_precision: str | None = None  # None: exact; "day", "month" or "year"


@dataclass
class EntitySummary:
    key: str
    name: str
    mentions: int
    articles: int
    languages: list[str]
    spellings: dict[str, list[str]]  # language -> distinct spellings as written
    stories: list[int] = field(default_factory=list)
    kind: str = "other"  # "person", "place", "organisation" or "other"


@dataclass
class FactSummary:
    kind: str
    value: float | str  # dates and years as text ("--08-09", "1994"), like comparison rows
    unit: str
    surfaces: dict[str, list[str]]  # language -> as written
    display: str = ""  # the figure for people: "9 Aug", "1994", "80.1 %" (never "809", "1,994")


@dataclass
class StoryDetail:
    story: StorySummary
    articles_by_language: dict[str, list[ArticleSummary]]
    entities: list[EntitySummary]
    facts: list[FactSummary]
    timeline: list[dict[str, Any]]  # {"date": "YYYY-MM-DD", "lang": "nb", "articles": 2}
    comparison: list[ComparisonRow] = field(default_factory=list)  # agree / differ / single
    entities_more: int = 0  # entities of the story not in `entities` (the list is cut)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
