"""Worker processes for `ingest --workers N`: each analyses and embeds whole chunks (the
costly ~80 ms an article) with its own encoder and a read connection to the store, while the
calling process assigns and stores them in order under the write lease."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.models import RawDocument
from babelwire.pipeline import PreparedChunk, prepare_chunk
from babelwire.settings import Settings

_worker: dict[str, Any] = {}


def _start(location: str, encoder_factory: Callable[[], Encoder], settings: Settings) -> None:
    from babelwire.store.base import open_store

    _worker["store"] = open_store(location)
    _worker["encoder"] = encoder_factory()
    _worker["settings"] = settings


def _prepare(documents: list[RawDocument]) -> PreparedChunk:
    return prepare_chunk(documents, _worker["store"], _worker["encoder"], _worker["settings"])


def prepare_in_workers(chunks: list[list[RawDocument]], workers: int, location: str,
                       encoder_factory: Callable[[], Encoder], settings: Settings
                       ) -> Iterator[PreparedChunk]:
    """The prepared chunks in their order, computed by `workers` processes ahead of use."""
    # spawn, not fork: the encoder's runtime threads do not survive a fork.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(location, encoder_factory, settings)) as pool:
        yield from pool.map(_prepare, chunks)
