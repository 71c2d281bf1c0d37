"""Store: the only package that speaks SQL. `open_store(location)` gives a `Store`: SQLite for
a file path (the embedded default), PostgreSQL for a `postgresql://` URL."""

from babelwire.store.base import Store, is_database_url, open_store, store_exists
from babelwire.store.reads import StoryFilter
from babelwire.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "StoryFilter", "is_database_url", "open_store",
           "store_exists"]
