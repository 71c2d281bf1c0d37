"""Persistent watcher state, in the store's tables `watch_sources` and `watch_seen` (created
by the store's versioned migrations; the SQL lives in `babelwire.store.watch`).

watch_sources  one row per configured source: its metadata (country, language, homepage, shown
               in stories by joining articles.source = watch_sources.name) and its poll state
               (ETag, Last-Modified, consecutive failures, next poll time, last error).
watch_seen     one row per item key already handled: "id:<source>:<guid>" and
               "url:<canonical url>", with status done / rejected / retry (transient failure,
               tried again next round until `attempts` reaches the limit).

All writes for one source happen in one transaction (`FeedState.transaction()`), so a process
killed mid-round keeps every source finished before the kill and redoes only the rest. With
`shared=True` the sink's writes join that transaction and the two commit as one; the real
pipeline is not shared (`babelwire watch`): it commits its articles under its own short write
lease, so other writers never wait for a whole source's embedding, and a kill between the two
commits only makes the next round see those articles again as duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babelwire.ingest.sources import SourceConfig
from babelwire.models import RawDocument, Rejection
from babelwire.store.base import WatchStore


@dataclass
class SourceReport:
    name: str
    status: str = "ok"  # "ok", "not-modified" or "failed"
    new: int = 0  # documents the sink ingested
    duplicates: int = 0  # items already stored under another URL/id, or by the sink
    near_duplicates: int = 0  # of those, stored as a linked copy of an article (not new)
    rejected: int = 0
    too_complex: int = 0  # pages refused unparsed (markup or time budget), feed text or not
    error: str | None = None  # "reason: detail" when failed
    retry_in: float | None = None  # seconds until the next poll
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def count(self, batch: Sequence[RawDocument | Rejection], result: object) -> None:
        """Counts from what the sink got, or from its own report (an IngestReport)."""
        documents = sum(isinstance(item, RawDocument) for item in batch)
        ingested = getattr(result, "ingested", None)
        if isinstance(ingested, int):
            near = int(getattr(result, "near_duplicates", 0) or 0)
            self.new = ingested - near  # a near-duplicate is stored, but is no new article
            self.near_duplicates = near
            self.duplicates += int(getattr(result, "duplicates", 0) or 0) + near
            self.rejected = int(getattr(result, "rejected", len(batch) - documents) or 0)
        else:
            self.new, self.rejected = documents, len(batch) - documents


@dataclass
class RoundReport:
    sources: list[SourceReport] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def duplicates(self) -> int:
        return sum(s.duplicates for s in self.sources)

    @property
    def near_duplicates(self) -> int:
        return sum(s.near_duplicates for s in self.sources)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sources)

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if s.status == "failed"]


@dataclass(frozen=True)
class SourceState:
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0  # epoch seconds; 0 = due now
    last_error: str | None = None


class FeedState:
    """Watcher state in a store: pass a store, a database path or URL (its own connection), or
    a raw sqlite3 connection (shared: the sink's writes on it join the state's transaction)."""

    def __init__(self, db: WatchStore | str | Path | Any, shared: bool | None = None) -> None:
        from babelwire.store.watch import watch_store_for

        self.store, self._owned, connection_given = watch_store_for(db)
        self.shared = connection_given if shared is None else shared

    def close(self) -> None:
        if self._owned:
            self.store.close()

    @contextmanager
    def transaction(self) -> Iterator[WatchStore]:
        """One atomic unit; joins a transaction already open on a shared connection."""
        with self.store.transaction():
            yield self.store

    # -- sources ---------------------------------------------------------------------------------

    def register(self, sources: Iterable[SourceConfig]) -> None:
        """Record source metadata; a source whose URL changed starts over (no ETag, due now)."""
        with self.transaction():
            self.store.watch_register(
                [(s.name, s.url, s.kind, s.interval, s.country, s.language, s.homepage)
                 for s in sources])

    def source(self, name: str) -> SourceState:
        row = self.store.watch_source(name)
        return SourceState() if row is None else SourceState(*row)

    def update_source(self, name: str, state: SourceState, now: float, ok: bool) -> None:
        self.store.watch_update_source(
            name, (state.etag, state.last_modified, state.failures, state.next_poll,
                   state.last_error), now, ok)

    # -- seen items ------------------------------------------------------------------------------

    def seen(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """{key: (status, attempts)} for the keys already recorded."""
        return self.store.watch_seen(list(dict.fromkeys(keys)))

    def mark(self, source: str, keys: Iterable[str], status: str, now: float,
             attempts: int = 0) -> None:
        self.store.watch_mark(source, list(dict.fromkeys(keys)), status, now, attempts)

    def touch(self, keys: Iterable[str], now: float) -> None:
        """Note that these keys are still listed in a feed (pruning spares them)."""
        self.store.watch_touch(list(dict.fromkeys(keys)), now)

    def prune(self, before: float) -> int:
        """Forget keys not listed in any feed since `before`; returns how many."""
        return self.store.watch_prune(before)
