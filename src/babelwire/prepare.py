"""A chunk's preparation, the costly part of ingesting (~80 ms an article): analyse, drop what
is already stored, embed. It holds no lock, so it runs in the ingesting process or in worker
processes (`babelwire.workers`) alike; the pipeline then assigns the prepared chunk."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from babelwire.analyse.article import analyse_text, embed_articles
from babelwire.analyse.embed import Encoder
from babelwire.models import Article, RawDocument, Rejection
from babelwire.settings import Settings
from babelwire.store.base import WriteStore


@dataclass
class PreparedChunk:
    """A chunk after analysis and embedding: what the lease-holding step needs."""

    articles: list[Article] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    duplicate_origins: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def conflicting_id(origin: str, external_id: str) -> Rejection:
    """An `id` already stored (for the same source) with another text: refused, recorded."""
    return Rejection(origin, "conflicting-id", f"id {external_id!r} is already stored with a "
                     "different text; give this text its own id")


def prepare_chunk(documents: list[RawDocument], store: WriteStore, encoder: Encoder,
                  settings: Settings) -> PreparedChunk:
    """Analyse, drop what is already stored, embed: no lock held, safe in any process."""
    prepared = PreparedChunk()
    started = time.perf_counter()
    analysed = [analyse_text(d, settings) for d in documents]
    prepared.seconds["analyse"] = time.perf_counter() - started
    seen_hashes: set[str] = set()
    seen_urls: set[str] = set()
    for item in analysed:
        if isinstance(item, Rejection):
            prepared.rejections.append(item)
            continue
        in_chunk = item.content_hash in seen_hashes or (item.url in seen_urls)
        if in_chunk or store.find_duplicate(item.url, item.content_hash) is not None:
            prepared.duplicate_origins.append(item.origin)
            continue
        if item.external_id is not None and store.external_id_taken(
                item.external_id, item.source, item.content_hash):
            prepared.rejections.append(conflicting_id(item.origin, item.external_id))
            continue
        seen_hashes.add(item.content_hash)
        if item.url:
            seen_urls.add(item.url)
        prepared.articles.append(item)
    started = time.perf_counter()
    embed_articles(prepared.articles, encoder, settings)
    prepared.seconds["embed"] = time.perf_counter() - started
    return prepared
