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
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy, StreamDictionaryFactory
from simplemma.strategies.dictionaries.frontcode import (
    _CORRUPT_STREAM_MSG,
    _LITERAL_VALUE,
    _SAME_AS_PREV,
    _iter_records,
    _read_varint,
)
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from babelwire.analyse.key_filter import KeyFilter
from babelwire.cachedir import cache_dir

_STATE = ("_data", "_rev", "_count", "_pos", "_firsts", "_blocks")
FILTER_AFTER_WALKS = 2000  # block walks in one process before a language's key filter is built


@lru_cache(maxsize=1)
def _simplemma_version() -> str:
    return version("simplemma")  # reads package metadata: milliseconds, so once


def _cache_path(lang: str) -> Path:
    return cache_dir() / "dictionaries" / f"simplemma-{_simplemma_version()}-{lang}.marshal"


class CachedStreamMap(StreamMap):
    """simplemma's StreamMap, its decompressed data and block index read from the disk cache,
    with a filter of its keys (analyse.key_filter) that answers most misses without a walk."""

    __slots__ = ("_filter", "_lang", "_walks_left")

    def __init__(self, lang: str) -> None:
        self._open(lang)
        self._lang = lang
        self._filter = _saved_filter(lang, len(self))
        # built only for a language in real use: the demo's first run on a new machine reads
        # a few words in each of 18 languages and should not wait for 18 filters
        self._walks_left = FILTER_AFTER_WALKS

    def _open(self, lang: str) -> None:
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
        _write_whole(path, marshal.dumps(tuple(getattr(self, name) for name in _STATE)))

    def _lookup(self, key: str) -> str | None:
        """StreamMap's look-up, decoded inline: simplemma walks the block with a generator that
        builds every record's value; a cold word (most of them: the callers' lru_caches keep
        the warm ones) cost ~30 µs, an eighth of the analysis stage. Only the keys are built
        here, and the value of the record that matches."""
        target = key.encode()
        if self._rev:
            target = target[::-1]
        if self._filter is not None:
            if not self._filter.might_contain(target):
                return None  # surely absent: most look-ups are names no dictionary lists
        elif self._walks_left > 0:
            self._walks_left -= 1
        else:
            self._filter = _built_filter(self._lang, self)
        block = bisect_right(self._firsts, target) - 1
        if block < 0:
            return None
        data, size = self._data, len(self._data)
        pos, previous_key, value = self._blocks[block]
        owner, trim, start, end = b"", _SAME_AS_PREV, 0, 0  # the last value written out
        try:
            while pos < size:
                shared = data[pos]
                if shared < 0x80:
                    pos += 1
                else:
                    shared, pos = _read_varint(data, pos)
                length = data[pos]
                if length < 0x80:
                    pos += 1
                else:
                    length, pos = _read_varint(data, pos)
                stored_key = previous_key[:shared] + data[pos:pos + length]
                pos += length
                if data[pos] != _SAME_AS_PREV:
                    owner, trim = stored_key, data[pos]
                    start = pos + 1
                    length = data[start]
                    if length < 0x80:
                        start += 1
                    else:
                        length, start = _read_varint(data, start)
                    pos = end = start + length
                else:
                    pos += 1
                if stored_key < target:
                    previous_key = stored_key
                    continue
                if stored_key > target:  # sorted: the key is not there
                    return None
                if trim != _SAME_AS_PREV:  # else the block's seed value carries on
                    value = data[start:end] if trim == _LITERAL_VALUE else (
                        owner[:len(owner) - trim] + data[start:end])
                return (value[::-1] if self._rev else value).decode()
        except IndexError:
            raise ValueError(_CORRUPT_STREAM_MSG) from None
        return None


def _write_whole(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)  # whole or absent: a reader never sees half a file
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: this process keeps what it built


def _filter_path(lang: str) -> Path:
    return _cache_path(lang).with_suffix(".keys")


def _saved_filter(lang: str, count: int) -> KeyFilter | None:
    """The filter saved for this dictionary; None if absent or not made for its keys (another
    size: a filter for other keys would hide words, so it is built again)."""
    try:
        saved = KeyFilter(_filter_path(lang).read_bytes())
    except (OSError, ValueError):
        return None
    return saved if saved.size == KeyFilter.size_for(count) else None


def _built_filter(lang: str, table: StreamMap) -> KeyFilter:
    """The dictionary's key filter built from its keys and saved (about two seconds for a large
    language, once per machine)."""
    keys = (key for _, key, _ in _iter_records(table._data, table._pos))
    built = KeyFilter.build(keys, len(table))
    _write_whole(_filter_path(lang), built.bits)
    return built


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
