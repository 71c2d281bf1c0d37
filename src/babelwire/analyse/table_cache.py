"""Tables the analysis builds from its data (place names from CLDR and GeoNames, spelling keys
of places), kept on disk once built.

Building them costs about a second of every cold start: the GeoNames supplement alone is 90,000
names to normalise, a language's places by spelling key a few hundred milliseconds, and every
`babelwire ingest` is a new process. The built table is saved as marshal data (strings, numbers,
tuples: nothing executable) under the cache folder, named by a fingerprint of everything it is
built from: the analysis code and data files of this babelwire, the versions of the packages
whose data it reads (babel, simplemma, wordfreq, anyascii) and Python's Unicode tables. Any change
to one of them gives a new name, so a stale table is never read. Where the folder cannot be
read or written, the table is built as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from babelwire.cachedir import cache_dir

T = TypeVar("T")
_ANALYSE = Path(__file__).resolve().parent
_PACKAGES = ("babel", "simplemma", "wordfreq", "anyascii")
KEPT_FINGERPRINTS = 3  # copies of one table kept for other versions of the code


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What a cached table depends on, as 16 hex digits (a few milliseconds, once)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    for path in sorted(_ANALYSE.rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            digest.update(str(path.relative_to(_ANALYSE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def table_path(name: str) -> Path:
    return cache_dir() / "tables" / f"{name}-{fingerprint()}.marshal"


def cached_table(name: str, build: Callable[[], T], dump: Callable[[T], Any],
                 load: Callable[[Any], T]) -> T:
    """The table `build()` makes, read back from disk when this fingerprint saved it before.
    `dump` turns it into marshal-able data and `load` turns that back into the table."""
    path = table_path(name)
    try:
        return load(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        pass  # not saved yet, or unreadable: build it and save it
    table = build()
    with contextlib.suppress(OSError, ValueError):  # a read-only home: kept in memory only
        _save(name, path, dump(table))
    return table


def _save(name: str, path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            marshal.dump(data, file)
        os.replace(temporary, path)  # whole or absent: a reader never sees half a table
    finally:
        Path(temporary).unlink(missing_ok=True)
    # other fingerprints' copies: the newest few stay (two checkouts of babelwire on one
    # machine would otherwise rebuild each other's tables on every run), older ones go
    copies = [copy for copy in path.parent.glob(f"{name}-*.marshal")
              if "-" not in copy.name[len(name) + 1:]]  # not "names-de" for "names"
    copies.sort(key=lambda copy: copy.stat().st_mtime, reverse=True)
    for old in copies[KEPT_FINGERPRINTS:]:
        if old != path:
            old.unlink(missing_ok=True)
