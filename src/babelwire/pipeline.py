"""The whole pipeline over a stream: ingest -> analyse -> cluster -> store.

A batch is the same code as a live stream: documents are sorted by publication time and fed
one by one to the online clusterer, in chunks that are each one database transaction, so a
crash loses at most the chunk in flight and a restart continues where the last chunk ended.

Any number of writers (processes, machines) may share one store. Analysis and embedding, the
costly part (~80 ms an article), run outside any lock, here or in worker processes
(`workers=N`). Assignment (~0.4 ms an article) runs under the store's single-writer lease:
inside it the clusterer state's version is read again and, when another writer saved since,
the clusterer is reloaded from it, duplicates are checked again, and the new state is saved
with the next version. So no writer loses another's articles, story profiles or story ids.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from babelwire.analyse.article import content_hash
from babelwire.analyse.embed import Encoder
from babelwire.analyse.invisible import strip_invisible
from babelwire.analyse.neardup import NearDuplicateIndex
from babelwire.analyse.story_linking import link_article_into_story
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.scoring import is_exactly_dated
from babelwire.errors import SettingsError, StoreError
from babelwire.models import Article, Assignment, RawDocument, Rejection
from babelwire.prepare import PreparedChunk, conflicting_id, prepare_chunk
from babelwire.reconnect import with_reconnects
from babelwire.settings import Settings
from babelwire.store.base import WriteStore

if TYPE_CHECKING:
    from babelwire.workers import WorkerPool

CHUNK_SIZE = 64
NEAR_DUPLICATE_MEMORY = 50_000  # recent articles a republished copy is looked up among
_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass
class IngestReport:
    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0  # stored, linked to the article they copy, not clustered
    rejected: int = 0
    new_stories: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    duplicate_origins: list[str] = field(default_factory=list)
    near_duplicate_origins: list[str] = field(default_factory=list)  # for watch's counts
    article_ids: list[int] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    reloads: int = 0  # times another writer had saved first and the clusterer was reloaded

    def add_time(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def as_dict(self) -> dict[str, object]:
        return {
            "ingested": self.ingested, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "rejected": self.rejected,
            "new_stories": self.new_stories,
            "rejections": [{"origin": r.origin, "reason": r.reason, "detail": r.detail}
                           for r in self.rejections],
            "duplicate_origins": self.duplicate_origins,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


@dataclass(frozen=True)
class StoredArticle:
    """One article as a chunk stored it: where it went, and whether it copies another."""

    article: Article
    assignment: Assignment
    article_id: int
    duplicate_of: int | None


class ChunkObserver(Protocol):
    """Told about each chunk twice: `chunk_stored` inside the write lease, before COMMIT, so
    what it writes (alerts) commits or rolls back with the chunk; `chunk_committed` after."""

    def chunk_stored(self, store: WriteStore, stored: list[StoredArticle]) -> Any: ...

    def chunk_committed(self, result: Any) -> None: ...


def publication_order(document: RawDocument) -> tuple[datetime, str, str, str]:
    """Documents dated to the day first, oldest first; undated ones arrive 'now', after them,
    and so do those dated only to a month or year ("date 2020-09"): such a date cannot place
    an article among the day's reports (put at the 1st, its story would close before they
    came), but it stays evidence when the article is compared with the stories they formed.
    Ties are broken by the record's id (else its file), then by the text, so the stories a batch
    forms do not depend on the order its files or records were given in."""
    placed = document.published if is_exactly_dated(document) else None
    return (placed or _LATEST, document.external_id or "", document.origin,
            content_hash(document.text))


def split_conflicting_ids(documents: list[RawDocument]
                          ) -> tuple[list[RawDocument], list[Rejection]]:
    """One input giving one external id (within one source) to two different texts: the
    later ones are refused as `conflicting-id` rather than stored under one id unnoticed.
    The same text again is no conflict (it is a duplicate, counted as one later)."""
    first: dict[tuple[str | None, str], RawDocument] = {}
    kept: list[RawDocument] = []
    conflicts: list[Rejection] = []
    for document in documents:
        if document.external_id is None:
            kept.append(document)
            continue
        earlier = first.setdefault((document.source, document.external_id), document)
        if earlier is not document and content_hash(strip_invisible(earlier.text)) \
                != content_hash(strip_invisible(document.text)):
            conflicts.append(Rejection(
                document.origin, "conflicting-id", f"id {document.external_id!r} was given "
                f"to a different text first, at {earlier.origin}"))
        else:
            kept.append(document)
    return kept, conflicts


class Pipeline:
    def __init__(self, store: WriteStore, encoder: Encoder, settings: Settings | None = None,
                 encoder_factory: Callable[[], Encoder] | None = None,
                 observer: ChunkObserver | None = None):
        self.store = store
        self.observer = observer
        self.encoder = encoder
        self.encoder_factory = encoder_factory
        self.settings = settings or Settings()
        self._state_version: int | None = None
        self._signatures_seen = 0
        self._pool: WorkerPool | None = None
        self._restore_clusterer()
        if self.clusterer.dim != encoder.dim:
            raise SettingsError(f"database vectors have {self.clusterer.dim} dimensions, the "
                                f"encoder {encoder.name!r} makes {encoder.dim}")

    def ingest(self, items: Iterable[RawDocument | Rejection],
               progress: Callable[[int], None] | None = None, workers: int = 1) -> IngestReport:
        """Analyse, cluster and store every document; record every rejection. With
        `workers` > 1, that many processes analyse and embed while this one assigns."""
        report = IngestReport()
        documents: list[RawDocument] = []
        with self.store.transaction():
            for item in items:
                if isinstance(item, Rejection):
                    self._reject(item, report)
                    if progress:
                        progress(1)
                else:
                    documents.append(item)
            documents, conflicts = split_conflicting_ids(documents)
            for rejection in conflicts:
                self._reject(rejection, report)
        documents.sort(key=publication_order)
        chunks = [documents[start:start + CHUNK_SIZE]
                  for start in range(0, len(documents), CHUNK_SIZE)]
        for size, prepared in zip((len(c) for c in chunks), self._prepared(chunks, workers),
                                  strict=True):
            self._commit_chunk(prepared, report)
            if progress:
                progress(size)
        return report

    def _prepared(self, chunks: list[list[RawDocument]], workers: int
                  ) -> Iterator[PreparedChunk]:
        if workers <= 1 or len(chunks) <= 1:
            for chunk in chunks:
                yield with_reconnects(
                    partial(prepare_chunk, chunk, self.store, self.encoder, self.settings))
            return
        if self._pool is None or self._pool.size != workers:
            from babelwire.workers import WorkerPool

            location = getattr(self.store, "location", None)
            if location is None:
                raise SettingsError("workers need a store opened from a path or URL")
            self.close()
            self._pool = WorkerPool(workers, str(location),
                                    self.encoder_factory or type(self.encoder), self.settings)
        yield from self._pool.prepare(chunks)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _commit_chunk(self, prepared: PreparedChunk, report: IngestReport) -> None:
        for stage, seconds in prepared.seconds.items():
            report.add_time(stage, seconds)
        for rejection in prepared.rejections:
            self._reject(rejection, report)
        report.duplicates += len(prepared.duplicate_origins)
        report.duplicate_origins.extend(prepared.duplicate_origins)
        if not prepared.articles:
            return
        before = copy.deepcopy(report)

        def store_chunk() -> Any:
            try:
                with self.store.write_lease():
                    if self._state_version is None:  # a try failed before it could restore
                        self._restore_clusterer()
                    started = time.perf_counter()
                    self._catch_up(report)
                    fresh = self._drop_stored(prepared.articles, report)
                    report.add_time("lease", time.perf_counter() - started)
                    stored = self._cluster_and_store(fresh, report)
                    return (self.observer.chunk_stored(self.store, stored)
                            if self.observer is not None and stored else None)
            except BaseException:
                # The transaction rolled back: forget what was learnt from this chunk.
                report.__dict__.update(copy.deepcopy(before).__dict__)
                self._state_version = None
                # The database may still be away: then the next try restores, in its lease.
                try:
                    self._restore_clusterer()
                except StoreError:
                    self._state_version = None
                raise

        observed = with_reconnects(store_chunk)
        if observed is not None and self.observer is not None:
            self.observer.chunk_committed(observed)

    def _catch_up(self, report: IngestReport) -> None:
        """Inside the lease: reload the clusterer if another writer saved since we did."""
        snapshot = self.store.clusterer_snapshot(self._state_version)
        if snapshot.version != self._state_version:
            if self._state_version is not None:
                report.reloads += 1
            self._adopt(snapshot.state, snapshot.version, signatures=False)
            newer = self.store.signatures_after(self._signatures_seen)
            self.near_duplicates.add_many(newer)
            self._signatures_seen = max([self._signatures_seen, *(i for i, _ in newer)])
        # Story ids are never reused, even over a state written before versions existed.
        top = self.store.max_story_id()
        self.clusterer.next_story_id = max(self.clusterer.next_story_id, top + 1)

    def _drop_stored(self, articles: list[Article], report: IngestReport) -> list[Article]:
        """Another writer may have stored the same article, or another text under the same
        `id`, since `prepare_chunk` looked: checked again inside the lease (one transaction
        with the inserts), so two writers cannot both store one id."""
        fresh = []
        for article in articles:
            if self.store.find_duplicate(article.url, article.content_hash) is not None:
                report.duplicates += 1
                report.duplicate_origins.append(article.origin)
            elif article.external_id is not None and self.store.external_id_taken(
                    article.external_id, article.source, article.content_hash):
                self._reject(conflicting_id(article.origin, article.external_id), report)
            else:
                fresh.append(article)
        return fresh

    def _cluster_and_store(self, articles: list[Article], report: IngestReport
                           ) -> list[StoredArticle]:
        stored: list[StoredArticle] = []
        for article in articles:
            started = time.perf_counter()
            signature = self.near_duplicates.signature(article.text)
            original = self.near_duplicates.query(signature)
            if original is not None:
                # The same wire story republished with small edits: a linked copy in the
                # original's story, kept out of the clusterer so it does not count twice.
                assignment = Assignment(self.store.story_of(original), False, 1.0, 0)
                report.near_duplicates += 1
                report.near_duplicate_origins.append(article.origin)
            else:
                assignment = self.clusterer.learn_one(article)
            report.add_time("cluster", time.perf_counter() - started)
            started = time.perf_counter()
            if not assignment.is_new_story:  # lone surnames meet the story's full names
                link_article_into_story(self.store, article, assignment.story_id)
            article_id = self.store.add_article(article, assignment, duplicate_of=original)
            if original is None:
                self.store.add_signature(article_id, signature)
                self.near_duplicates.add(article_id, signature)
                self._signatures_seen = max(self._signatures_seen, article_id)
            report.article_ids.append(article_id)
            stored.append(StoredArticle(article, assignment, article_id, original))
            report.add_time("store", time.perf_counter() - started)
            report.ingested += 1
            report.new_stories += assignment.is_new_story
        started = time.perf_counter()
        self._state_version = self.store.save_clusterer_state(self.clusterer.to_state())
        report.add_time("store", time.perf_counter() - started)
        return stored

    def _restore_clusterer(self) -> None:
        snapshot = self.store.clusterer_snapshot()
        self._adopt(snapshot.state, snapshot.version)

    def _adopt(self, state: dict[str, object] | None, version: int,
               signatures: bool = True) -> None:
        if state is not None:
            self.clusterer = OnlineClusterer.from_state(state, self.settings)
        else:
            self.clusterer = OnlineClusterer(self.encoder.dim, self.settings,
                                             next_story_id=self.store.max_story_id() + 1)
        self._state_version = version
        if not signatures:
            return
        self.near_duplicates = NearDuplicateIndex()
        recent = self.store.recent_signatures(NEAR_DUPLICATE_MEMORY)
        self.near_duplicates.add_many(recent)
        self._signatures_seen = max((article_id for article_id, _ in recent), default=0)

    def _reject(self, rejection: Rejection, report: IngestReport) -> None:
        self.store.add_rejection(rejection)
        report.rejected += 1
        report.rejections.append(rejection)
