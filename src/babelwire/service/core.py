"""The application service: one per process, created once, called by the CLI and the web.

It owns the store (a writer connection and a small pool of reader connections), a warm
`Pipeline` (built on first ingest, then kept: its clusterer state and near-duplicate index are
not rebuilt per request), the encoder (loaded on first use), the article-vector matrix that
searches compare with (`search_vectors`, loaded on the first search and extended as articles
come) and the query-vector cache of the watchlists. Its use cases return the read side's
typed models (`babelwire.read`).

After each chunk an ingest commits, it publishes the chunk's events (`babelwire.events`): the
alert writer subscribes inside the chunk's transaction (so alerts commit with the change that
causes them), other subscribers (`subscribe`) hear them after COMMIT.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.alerts.delivery import DeliveryReport, Post, deliver_due, http_post
from babelwire.alerts.matching import AlertWriter
from babelwire.alerts.outbox import INTERVAL_S, DeliveryLoop
from babelwire.alerts.watchlists import Watchlist, new_watchlist
from babelwire.analyse.embed import Encoder
from babelwire.errors import NotFound
from babelwire.events import ChunkChanges, StoryEvent, chunk_changes
from babelwire.models import RawDocument, Rejection
from babelwire.pipeline import IngestReport, Pipeline, StoredArticle
from babelwire.read.search import VectorCache
from babelwire.service.corrections import CorrectionUseCases
from babelwire.service.reads import ReadUseCases
from babelwire.settings import Settings
from babelwire.store.base import Store, is_database_url, open_store, store_exists

EventHandler = Callable[[list[StoryEvent]], None]


def default_encoder_factory() -> Callable[[], Encoder]:
    from babelwire.encoder.choice import default_encoder_factory as fitted

    return fitted()


class Service(ReadUseCases, CorrectionUseCases):
    """See the module docstring. `Service(location)` opens stores as it needs them;
    `Service.over(store)` serves one store someone else opened (and closes)."""

    def __init__(self, location: str | Path, settings: Settings | None = None,
                 encoder: Encoder | None = None,
                 encoder_factory: Callable[[], Encoder] | None = None) -> None:
        self.location = location
        self.settings = settings or Settings()
        self._encoder = encoder
        self._encoder_factory = encoder_factory or (
            type(encoder) if encoder is not None else default_encoder_factory())
        self._lock = threading.Lock()
        self.write_lock = threading.RLock()  # one ingest or correction at a time per process
        self._writer: Store | None = None
        self._pipeline: Pipeline | None = None
        self._readers: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._shared: Store | None = None
        self._query_vectors: dict[str, np.ndarray] = {}
        self.search_vectors = VectorCache()
        self._subscribers: list[EventHandler] = []
        self._deliveries: DeliveryLoop | None = None
        self.alert_writer = AlertWriter(self.query_vector)
        self.stores_opened = 0
        self.pipelines_built = 0

    @classmethod
    def over(cls, store: Store, settings: Settings | None = None,
             encoder: Encoder | None = None) -> Service:
        service = cls(store.location, settings, encoder)
        service._shared = store
        return service

    # -- what the service owns ------------------------------------------------------------------

    def _open(self) -> Store:
        store = open_store(self.location)
        self.stores_opened += 1
        with self._lock:
            self._opened.append(store)
        return store

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A reader connection from the pool (opened when none is free), returned after."""
        if self._shared is not None:
            yield self._shared
            return
        try:
            store = self._readers.get_nowait()
        except queue.Empty:
            store = self._open()
        try:
            yield store
        finally:
            self._readers.put(store)

    @property
    def store(self) -> Store:
        """The writer connection (the pipeline's, the watcher's state, corrections)."""
        if self._shared is not None:
            return self._shared
        with self._lock:
            if self._writer is None:
                self._writer = open_store(self.location)
                self.stores_opened += 1
                self._opened.append(self._writer)
            return self._writer

    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._encoder_factory()
            return self._encoder

    def pipeline(self) -> Pipeline:
        """The warm pipeline, built once: later ingests reuse its clusterer and near-duplicate
        index (it catches up with other writers inside each write lease)."""
        store = self.store
        encoder = self.encoder()
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(store, encoder, self.settings,
                                          encoder_factory=self._encoder_factory, observer=self)
                self.pipelines_built += 1
            return self._pipeline

    def close(self) -> None:
        self.stop_deliveries()  # before its connection is closed below
        if self._pipeline is not None:
            self._pipeline.close()
            self._pipeline = None
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
            self._writer = None
            self._readers = queue.LifoQueue()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- events -------------------------------------------------------------------------------

    def subscribe(self, handler: EventHandler) -> None:
        """Call `handler(events)` after each chunk commits."""
        self._subscribers.append(handler)

    def chunk_stored(self, store: Any, stored: list[StoredArticle]) -> ChunkChanges:
        """Inside the chunk's transaction: its events, and the alerts they cause."""
        changes = chunk_changes(store, stored, self.settings)
        self.alert_writer.write(store, changes)
        return changes

    def chunk_committed(self, result: ChunkChanges) -> None:
        for handler in list(self._subscribers):
            handler(result.events)

    def query_vector(self, query: str) -> np.ndarray | None:
        """A watchlist query's embedding, cached (the same query is asked every chunk)."""
        cached = self._query_vectors.get(query)
        if cached is None:
            cached = self.encoder().encode_queries([query])[0]
            self._query_vectors[query] = cached
        return cached

    # -- use cases: writing ---------------------------------------------------------------------

    def ingest(self, items: Iterable[RawDocument | Rejection],
               progress: Callable[[int], None] | None = None, workers: int = 1) -> IngestReport:
        with self.write_lock:
            return self.pipeline().ingest(items, progress=progress, workers=workers)

    # -- use cases: watchlists and alerts --------------------------------------------------------

    def add_watchlist(self, name: str, entities: Sequence[str] = (), query: str | None = None,
                      langs: Sequence[str] = (), sources: Sequence[str] = (),
                      min_articles: int = 1, min_languages: int = 1,
                      webhook: str | None = None, allow_internal: bool = False) -> Watchlist:
        """A new watchlist, checked (an InputError says what is wrong); it alerts on the
        chunks ingested after it, not on the stories already stored."""
        watchlist = new_watchlist(name, list(entities), query, list(langs), list(sources),
                                  min_articles, min_languages, webhook, allow_internal)
        with self.write_lock:
            watchlist.id = self.store.add_watchlist(watchlist.name, watchlist.spec(),
                                                    watchlist.webhook, watchlist.allow_internal)
        return self.watchlist(watchlist.name)

    def watchlists(self) -> list[Watchlist]:
        with self.reading() as store:
            return [Watchlist.from_row(r) for r in store.watchlist_rows()]

    def watchlist(self, name: str) -> Watchlist:
        found = next((w for w in self.watchlists() if w.name == name), None)
        if found is None:
            raise NotFound(f"no watchlist {name!r}; `babelwire watchlist list` shows them")
        return found

    def remove_watchlist(self, name: str) -> None:
        with self.write_lock:
            if not self.store.remove_watchlist(name):
                raise NotFound(f"no watchlist {name!r}; `babelwire watchlist list` shows them")

    def deliver_alerts(self, post: Post | None = None,
                       now: Callable[[], float] | None = None) -> DeliveryReport:
        """POST the due webhook deliveries once (`babelwire.alerts.delivery`)."""
        return deliver_due(self.store, post or http_post, now or time.time)

    def start_deliveries(self, interval_s: float = INTERVAL_S, post: Post | None = None,
                         now: Callable[[], float] | None = None) -> DeliveryLoop:
        """Drain the webhook outbox in a background thread (`babelwire.alerts.outbox`): after
        each chunk this service commits, and every `interval_s`; on a connection of its own.
        Once per process: a second call returns the running loop."""
        with self._lock:
            if self._deliveries is None:
                self._deliveries = DeliveryLoop(self._open, post or http_post,
                                                now or time.time, interval_s)
                self._subscribers.append(lambda events: self._wake_deliveries())
                self._deliveries.start()
            return self._deliveries

    @property
    def deliveries(self) -> DeliveryLoop | None:
        """The running delivery loop, if any."""
        return self._deliveries

    def _wake_deliveries(self) -> None:
        if self._deliveries is not None:
            self._deliveries.wake()

    def stop_deliveries(self, drain: bool = False) -> None:
        """Stop the delivery loop, if one runs (the POST in flight finishes; `drain`: one
        last pass first)."""
        loop, self._deliveries = self._deliveries, None
        if loop is not None:
            loop.stop(drain=drain)

    def alerts(self, watchlist: str | None = None, since: str | None = None,
               limit: int = 100) -> list[dict[str, Any]]:
        """Alerts newest first: watchlist, story_id, reason, detail, created (one query)."""
        if watchlist is not None:
            self.watchlist(watchlist)  # a NotFound, rather than an empty list, for a typo
        with self.reading() as store:
            return store.alert_rows(watchlist, since, limit)


def service_exists(location: str | Path) -> bool:
    """Whether there is a database at `location` (a server is assumed to exist)."""
    return store_exists(location)


__all__ = ["Service", "is_database_url", "service_exists"]
