"""The whole pipeline over a stream: ingest -> analyse -> cluster -> store.

A batch is the same code as a live stream: documents are sorted by publication time and fed
one by one to the online clusterer, in chunks that are each one database transaction, so a
crash loses at most the chunk in flight and a restart continues where the last chunk ended.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from babelwire.analyse.article import analyse_text, embed_articles
from babelwire.analyse.embed import Encoder
from babelwire.analyse.neardup import NearDuplicateIndex
from babelwire.cluster.online import OnlineClusterer
from babelwire.models import Article, Assignment, RawDocument, Rejection
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore

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
    article_ids: list[int] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

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


def publication_order(document: RawDocument) -> datetime:
    """Dated documents first, oldest first; undated ones arrive 'now', after them."""
    return document.published or _LATEST


class Pipeline:
    def __init__(self, store: SQLiteStore, encoder: Encoder, settings: Settings | None = None):
        self.store = store
        self.encoder = encoder
        self.settings = settings or Settings()
        self._restore_clusterer()
        self.near_duplicates = NearDuplicateIndex()
        self.near_duplicates.add_many(store.recent_signatures(NEAR_DUPLICATE_MEMORY))
        if self.clusterer.dim != encoder.dim:
            raise ValueError(f"database vectors have {self.clusterer.dim} dimensions, the "
                             f"encoder {encoder.name!r} makes {encoder.dim}")

    def ingest(self, items: Iterable[RawDocument | Rejection],
               progress: Callable[[int], None] | None = None) -> IngestReport:
        """Analyse, cluster and store every document; record every rejection."""
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
        documents.sort(key=publication_order)
        for start in range(0, len(documents), CHUNK_SIZE):
            chunk = documents[start:start + CHUNK_SIZE]
            self._ingest_chunk(chunk, report)
            if progress:
                progress(len(chunk))
        return report

    def _ingest_chunk(self, documents: list[RawDocument], report: IngestReport) -> None:
        started = time.perf_counter()
        analysed = [analyse_text(d, self.settings) for d in documents]
        report.add_time("analyse", time.perf_counter() - started)
        fresh = self._drop_duplicates(analysed, report)
        started = time.perf_counter()
        embed_articles(fresh, self.encoder, self.settings)
        report.add_time("embed", time.perf_counter() - started)
        try:
            with self.store.transaction():
                self._cluster_and_store(fresh, report)
        except BaseException:
            # The transaction rolled back: forget what was learnt from this chunk.
            self._restore_clusterer()
            self.near_duplicates = NearDuplicateIndex()
            self.near_duplicates.add_many(self.store.recent_signatures(NEAR_DUPLICATE_MEMORY))
            raise

    def _cluster_and_store(self, articles: list[Article], report: IngestReport) -> None:
        for article in articles:
            started = time.perf_counter()
            signature = self.near_duplicates.signature(article.text)
            original = self.near_duplicates.query(signature)
            if original is not None:
                # The same wire story republished with small edits: a linked copy in the
                # original's story, kept out of the clusterer so it does not count twice.
                assignment = Assignment(self.store.story_of(original), False, 1.0, 0)
                report.near_duplicates += 1
            else:
                assignment = self.clusterer.learn_one(article)
            report.add_time("cluster", time.perf_counter() - started)
            started = time.perf_counter()
            article_id = self.store.add_article(article, assignment, duplicate_of=original)
            if original is None:
                self.store.add_signature(article_id, signature)
                self.near_duplicates.add(article_id, signature)
            report.article_ids.append(article_id)
            report.add_time("store", time.perf_counter() - started)
            report.ingested += 1
            report.new_stories += assignment.is_new_story
        started = time.perf_counter()
        self.store.save_clusterer_state(self.clusterer.to_state())
        report.add_time("store", time.perf_counter() - started)

    def _restore_clusterer(self) -> None:
        state = self.store.load_clusterer_state()
        if state is not None:
            self.clusterer = OnlineClusterer.from_state(state, self.settings)
        else:
            self.clusterer = OnlineClusterer(self.encoder.dim, self.settings,
                                             next_story_id=self.store.max_story_id() + 1)

    def _drop_duplicates(self, analysed: list[Article | Rejection],
                         report: IngestReport) -> list[Article]:
        fresh: list[Article] = []
        seen_hashes: set[str] = set()
        seen_urls: set[str] = set()
        for item in analysed:
            if isinstance(item, Rejection):
                self._reject(item, report)
                continue
            in_chunk = item.content_hash in seen_hashes or (item.url in seen_urls)
            if in_chunk or self.store.find_duplicate(item.url, item.content_hash) is not None:
                report.duplicates += 1
                report.duplicate_origins.append(item.origin)
                continue
            seen_hashes.add(item.content_hash)
            if item.url:
                seen_urls.add(item.url)
            fresh.append(item)
        return fresh

    def _reject(self, rejection: Rejection, report: IngestReport) -> None:
        self.store.add_rejection(rejection)
        report.rejected += 1
        report.rejections.append(rejection)
