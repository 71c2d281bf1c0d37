"""pykakasi's kanji dictionary read kanji by kanji instead of whole (issue 21, speed).

pykakasi unpickles its whole kanji dictionary (6,800 first kanji, ~1.5 million small objects,
about half a second) the first time a Japanese article is read, though an article uses a few
hundred of its tables. pykakasi only ever asks the dictionary `.get(ord(first kanji))`, so it is
given a table that unmarshals each kanji's entries on first use, from a copy kept on disk beside
the other tables (babelwire.cachedir: one marshal blob per kanji, built once per pykakasi
version). The entries are pykakasi's own, unchanged. Where pykakasi is not laid out as expected,
or the copy cannot be written, pykakasi reads its dictionary itself as before.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from babelwire.cachedir import cache_dir


class KanjiTables:
    """{ord(first kanji): {word: [(reading, context)...]}} as pykakasi's Kanwa reads it."""

    def __init__(self, blobs: dict[int, bytes]) -> None:
        self._blobs = blobs
        self._tables: dict[int, Any] = {}

    def get(self, key: int, default: Any = None) -> Any:
        table = self._tables.get(key)
        if table is None:
            blob = self._blobs.get(key)
            if blob is None:
                return default
            table = self._tables[key] = marshal.loads(blob)
        return table


def install() -> None:
    """Hand pykakasi the kanji-by-kanji table before it reads its whole dictionary."""
    try:
        from pykakasi import kanji
        from pykakasi.properties import Configurations
        state: dict[str, Any] = kanji.Kanwa._shared_state
        source = Path(str(Configurations.data_path)) / Configurations.jisyo_kanwa
    except (ImportError, AttributeError, TypeError):
        return
    if isinstance(state, dict) and state.get("_jisyo_table") is None:
        table = kanji_tables(source)
        if table is not None:
            state["_jisyo_table"] = table


def cache_path() -> Path:
    return cache_dir() / "pykakasi" / f"kanwa-{version('pykakasi')}.marshal"


def kanji_tables(source: Path) -> KanjiTables | dict[int, Any] | None:
    """The tables from the disk copy; made from pykakasi's file when there is none yet (then the
    whole dictionary, if the copy cannot be written). None when nothing could be read."""
    path = cache_path()
    try:
        blobs = marshal.loads(path.read_bytes())
        if isinstance(blobs, dict):
            return KanjiTables(blobs)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not made yet, or unreadable: made again below
    try:
        whole = _unpickled(source)
        blobs = {key: marshal.dumps(value) for key, value in whole.items()}
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                marshal.dump(blobs, file)
            os.replace(temporary, path)  # whole or absent
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return whole  # a read-only home: this process keeps what it read
    return KanjiTables(blobs)


def _unpickled(source: Path) -> dict[int, Any]:
    # ~1.5 million small objects, none of them garbage: the cyclic collector would run six
    # full collections during the load
    collecting = gc.isenabled()
    gc.disable()
    try:
        with source.open("rb") as file:
            whole = pickle.load(file)  # pykakasi's own packaged file, as pykakasi reads it
    finally:
        if collecting:
            gc.enable()
    if not isinstance(whole, dict):
        raise ValueError("pykakasi's kanji dictionary is not a dict")
    return whole
