"""Issue 24.7: the SQLite and PostgreSQL schemas are written twice (two migration histories in
two dialects); both live schemas, freshly migrated, must agree column by column (type, NOT
NULL, primary key, default) and index by index (table, columns, unique, partial), apart from
what `BACKEND_SPECIFIC` names (full-text search, identity columns)."""

from __future__ import annotations

from pathlib import Path

from babelwire.store.postgres import PostgresStore
from babelwire.store.schema_shape import postgres_shape, sqlite_shape
from babelwire.store.sqlite import SQLiteStore


def test_both_backends_have_one_schema(tmp_path: Path, postgres_server) -> None:
    with SQLiteStore(tmp_path / "parity.db") as lite:
        sqlite = sqlite_shape(lite.connection)
    with PostgresStore(postgres_server.database("parity")) as pg:
        postgres = postgres_shape(pg.connection)
    assert sqlite.columns and sqlite.indexes  # the description read something
    only_sqlite = sorted(set(sqlite.columns) - set(postgres.columns))
    only_postgres = sorted(set(postgres.columns) - set(sqlite.columns))
    assert (only_sqlite, only_postgres) == ([], [])
    differing = {key: (sqlite.columns[key], postgres.columns[key]) for key in sqlite.columns
                 if sqlite.columns[key] != postgres.columns[key]}
    assert differing == {}
    assert sqlite.indexes == postgres.indexes


def test_the_sqlite_surface_index_reaches_existing_databases(tmp_path: Path) -> None:
    """reads.py looks mentions up by surface: a database at version 5 gains the index."""
    import sqlite3

    from babelwire.store.sqlite.migrations import MIGRATIONS, statements

    path = tmp_path / "v5.db"
    with sqlite3.connect(path) as old:
        for script in MIGRATIONS[:5]:
            for statement in statements(script):
                old.execute(statement)
        old.execute("PRAGMA user_version = 5")
    old.close()
    with SQLiteStore(path) as store:
        assert "mentions_surface" in sqlite_shape(store.connection).indexes
