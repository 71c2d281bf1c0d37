"""Store: the only package that speaks SQL."""

from babelwire.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore"]
