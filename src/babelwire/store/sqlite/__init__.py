"""SQLite backend: one file, WAL, FTS5, `BEGIN IMMEDIATE` as the write lease."""

from babelwire.store.sqlite.store import SQLiteStore

__all__ = ["SQLiteStore"]
