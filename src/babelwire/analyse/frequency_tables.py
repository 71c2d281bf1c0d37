"""wordfreq's word frequencies as compact tables built once and kept on disk.

`wordfreq.get_frequency_dict` builds a Python dict of 300,000 to 600,000 words for each language
on first use, seconds per language, and the entity code touches several languages for one
article (the article's own, English for demonyms, four more for given names). Here each table is
built once per wordfreq version and saved as two arrays (words sorted as UTF-8 bytes, and their
frequencies); later processes map them from disk and look words up by binary search, so a
language costs milliseconds to open. Where the cache folder cannot be written, the dict is used.

The folder: $BABELWIRE_CACHE_DIR, else $XDG_CACHE_HOME/babelwire, else ~/.cache/babelwire.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol

import numpy as np

from babelwire.cachedir import cache_dir


class FrequencyTable(Protocol):
    def get(self, word: str, default: float = 0.0) -> float: ...


class SortedTable:
    """Words (UTF-8, fixed width, sorted) and their frequencies, both possibly memory-mapped."""

    def __init__(self, words: np.ndarray, frequencies: np.ndarray) -> None:
        # plain arrays over the same (mapped) memory: np.memmap's Python-level __getitem__
        # and np.searchsorted's dispatch were half the cost of a look-up
        self.words = np.asarray(words)
        self.frequencies = np.asarray(frequencies)
        self.width = words.dtype.itemsize

    def get(self, word: str, default: float = 0.0) -> float:
        key = word.encode("utf-8")
        if not key or len(key) > self.width:  # longer than every word in the table
            return default
        index = int(self.words.searchsorted(key))
        if index < len(self.words) and self.words[index] == key:
            return float(self.frequencies[index])
        return default


NO_TABLE = SortedTable(np.array([], dtype="S1"), np.array([], dtype=np.float64))


def _paths(lang: str) -> tuple[Path, Path]:
    stem = cache_dir() / "frequencies" / f"wordfreq-{version('wordfreq')}-{lang}"
    return stem.with_name(stem.name + "-words.npy"), stem.with_name(stem.name + "-freqs.npy")


def _save(array: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.save(file, array, allow_pickle=False)
        os.replace(temporary, path)  # whole or absent: a reader never sees half a table
    finally:
        Path(temporary).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def wordfreq_languages() -> frozenset[str]:
    """The languages wordfreq has a list for (`wordfreq.available_languages()`), read from
    its data folder without importing it: the import (ftfy, regex, msgpack) costs half a
    second of every cold start, and cached tables never need it."""
    spec = find_spec("wordfreq")
    folders = spec.submodule_search_locations if spec is not None else None
    languages = set()
    for folder in folders or ():
        for path in (Path(folder) / "data").glob("*.msgpack.gz"):
            kind, _, lang = path.name.split(".")[0].partition("_")
            if kind in ("small", "large") and lang:
                languages.add(lang)
    return frozenset(languages)


def build_table(lang: str) -> SortedTable:
    import wordfreq  # only to build a table once; see wordfreq_languages

    frequencies = wordfreq.get_frequency_dict(lang)
    encoded = sorted((word.encode("utf-8"), value) for word, value in frequencies.items()
                     if word and b"\0" not in word.encode("utf-8"))
    width = max((len(word) for word, _ in encoded), default=1)
    words = np.array([word for word, _ in encoded], dtype=f"S{width}")
    values = np.array([value for _, value in encoded], dtype=np.float64)
    return SortedTable(words, values)


def frequency_table(lang: str) -> FrequencyTable:
    """The table of a wordfreq language: from the disk cache, else built (and cached)."""
    words_path, freqs_path = _paths(lang)
    try:
        return SortedTable(np.load(words_path, mmap_mode="r", allow_pickle=False),
                           np.load(freqs_path, mmap_mode="r", allow_pickle=False))
    except (OSError, ValueError):
        pass  # not built yet (or unreadable): build it
    table = build_table(lang)
    try:
        _save(table.frequencies, freqs_path)
        _save(table.words, words_path)  # last: its presence means the pair is complete
    except OSError:
        pass  # a read-only home: this process keeps the table in memory
    return table
