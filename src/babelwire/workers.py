"""Worker processes for `ingest --workers N`: each analyses and embeds whole chunks (the
costly ~80 ms an article) with its own encoder and a read connection to the store, while the
calling process assigns and stores them in order under the write lease."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.models import RawDocument
from babelwire.prepare import PreparedChunk, prepare_chunk
from babelwire.reconnect import with_reconnects
from babelwire.settings import Settings

_worker: dict[str, Any] = {}


def _start(location: str, encoder_factory: Callable[[], Encoder], settings: Settings) -> None:
    from babelwire.store.base import open_store

    _worker["store"] = open_store(location)
    _worker["encoder"] = encoder_factory()
    _worker["settings"] = settings


def _prepare(documents: list[RawDocument]) -> PreparedChunk:
    return with_reconnects(partial(prepare_chunk, documents, _worker["store"],
                                   _worker["encoder"], _worker["settings"]))


class WorkerPool:
    """`size` processes that prepare chunks; kept alive between batches (`watch` sends one
    batch per source), shut down by `close()`."""

    def __init__(self, size: int, location: str, encoder_factory: Callable[[], Encoder],
                 settings: Settings) -> None:
        self.size = size
        # spawn, not fork: the encoder's runtime threads do not survive a fork.
        self._pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start,
                                         initargs=(location, encoder_factory, settings))

    def prepare(self, chunks: list[list[RawDocument]]) -> Iterator[PreparedChunk]:
        """The prepared chunks in their order, computed ahead of use by the workers."""
        return self._pool.map(_prepare, chunks)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
