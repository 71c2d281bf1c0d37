"""The one place simplemma's dictionaries are loaded: the same language is read once per process
whether the entity code looks a word up or the claim code lemmatizes it.

simplemma's stream-backed dictionaries keep a few MB per language instead of hundreds (Polish
alone is ~450 MB in its default factory), but opening one means decompressing its file and
walking every record to index the blocks: seconds per language. That work is done once per
simplemma version and kept on disk beside the frequency tables (analyse.frequency_tables), as
marshal data (plain bytes and numbers, nothing executable); later processes read it back in
milliseconds. Where the cache cannot be read or written, the dictionary is opened as before.
The factory keeps every language it has loaded: simplemma's shared one keeps 8, too few for a
multilingual stream.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy, StreamDictionaryFactory
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from babelwire.cachedir import cache_dir

_STATE = ("_data", "_rev", "_count", "_pos", "_firsts", "_blocks")


@lru_cache(maxsize=1)
def _simplemma_version() -> str:
    return version("simplemma")  # reads package metadata: milliseconds, so once


def _cache_path(lang: str) -> Path:
    return cache_dir() / "dictionaries" / f"simplemma-{_simplemma_version()}-{lang}.marshal"


class CachedStreamMap(StreamMap):
    """simplemma's StreamMap, its decompressed data and block index read from the disk cache."""

    __slots__ = ()

    def __init__(self, lang: str) -> None:
        path = _cache_path(lang)
        try:
            state = marshal.loads(path.read_bytes())
            if isinstance(state, tuple) and len(state) == len(_STATE):
                for name, value in zip(_STATE, state, strict=True):
                    setattr(self, name, value)
                return
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not cached yet, or unreadable: open it the slow way and cache it
        super().__init__(lang)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    marshal.dump(tuple(getattr(self, name) for name in _STATE), file)
                os.replace(temporary, path)
            finally:
                Path(temporary).unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home: this process keeps what it opened


class CachedStreamFactory(StreamDictionaryFactory):
    """simplemma caches the dictionaries it opens but not its refusals: a language it has none
    for (zh, ja, ar...) was tried again, metadata read and file looked for, on every word."""

    def __init__(self, cache_max_size: int) -> None:
        super().__init__(cache_max_size=cache_max_size)
        self._unsupported: set[str] = set()

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        if lang in self._unsupported:
            raise ValueError(f"Unsupported language: {lang}")
        try:
            return CachedStreamMap(lang)
        except ValueError:
            self._unsupported.add(lang)
            raise


DICTIONARIES = CachedStreamFactory(cache_max_size=128)
LOOKUP = DictionaryLookupStrategy(DICTIONARIES)
LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES))
