"""What the watcher keeps while a round is under way: one job per due source, one entry per
new feed item (its page, once fetched). Plain data; `ingest.watch.Watcher` moves it along."""

from __future__ import annotations

from dataclasses import dataclass, field

from babelwire.ingest.feeds import FeedItem
from babelwire.ingest.fetch import FetchResult
from babelwire.ingest.sources import SourceConfig
from babelwire.ingest.watch_state import SourceReport, SourceState
from babelwire.models import RawDocument, Rejection


@dataclass
class WatchEntry:
    item: FeedItem
    keys: list[str]
    attempts: int
    page: FetchResult | None = None


@dataclass
class WatchJob:
    source: SourceConfig
    state: SourceState
    started: float
    entries: list[WatchEntry] = field(default_factory=list)
    outstanding: int = 0
    complete: bool = True  # False: items left for next round -> keep the old ETag
    fetched: FetchResult | None = None
    report: SourceReport | None = None
    listed: list[str] = field(default_factory=list)  # keys of every item the feed lists
    delivered: bool = False
    batch: list[RawDocument | Rejection] = field(default_factory=list)
    marks: list[tuple[list[str], str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RoundProgress:
    """Where a round stands, for a progress line: sources whose downloads are done, pages
    fetched of those found so far, and the new articles handed to the pipeline."""

    sources_done: int
    sources: int
    pages_done: int
    pages: int
    analysing: int = 0  # articles being analysed and stored (the round's last step)
    finished: tuple[str, ...] = ()  # sources whose downloads just ended


def round_progress(jobs: list[WatchJob], analysing: int = 0,
                   finished: tuple[str, ...] = ()) -> RoundProgress:
    pages = sum(1 for job in jobs for entry in job.entries if entry.item.link)
    waiting = sum(job.outstanding for job in jobs if not job.delivered)
    return RoundProgress(sum(job.delivered for job in jobs), len(jobs), pages - waiting, pages,
                         analysing, finished)
