"""The live schema of either backend in one comparable shape, so a test can hold the two
migration histories (written twice, in two dialects) to one schema, column by column and index
by index. Types are mapped to SQLite's affinities; what each backend does its own way on
purpose is listed in `BACKEND_SPECIFIC` rather than compared."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

# Full-text search is backend-specific (FTS5 tables on SQLite, a generated tsvector with a
# GIN index on PostgreSQL); PostgreSQL gives mentions and facts an identity column where
# SQLite orders them by its implicit rowid.
BACKEND_SPECIFIC: dict[str, dict[str, set[Any]]] = {
    "sqlite": {"tables": {"articles_fts", "articles_fts_config", "articles_fts_data",
                          "articles_fts_docsize", "articles_fts_idx", "sqlite_sequence"},
               "columns": set(), "indexes": set()},
    "postgres": {"tables": {"schema_version"},
                 "columns": {("articles", "fts"), ("mentions", "id"), ("facts", "id")},
                 "indexes": {"articles_fts"}},
}
_PG_TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "smallint": "INTEGER",
             "double precision": "REAL", "real": "REAL", "bytea": "BLOB", "text": "TEXT",
             "tsvector": "TSVECTOR"}


@dataclass(frozen=True)
class Column:
    type: str
    not_null: bool
    primary_key: bool
    default: str | None


@dataclass(frozen=True)
class Index:
    table: str
    columns: tuple[str, ...]
    unique: bool
    partial: bool


@dataclass
class SchemaShape:
    columns: dict[tuple[str, str], Column]
    indexes: dict[str, Index]


def _default(text: Any) -> str | None:
    """'other'::text and 'other' alike; None for no default."""
    if text is None:
        return None
    return re.sub(r"::[a-z ]+$", "", str(text)).strip("()")


def _constraint_name(table: str, columns: tuple[str, ...]) -> str:
    """The index of a table's UNIQUE constraint, by what it covers (SQLite calls it
    sqlite_autoindex_TABLE_N, PostgreSQL TABLE_COLUMNS_key)."""
    return f"unique {table}({', '.join(columns)})"


def sqlite_shape(connection: sqlite3.Connection) -> SchemaShape:
    skip = BACKEND_SPECIFIC["sqlite"]["tables"]
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if row[0] not in skip]
    columns: dict[tuple[str, str], Column] = {}
    indexes: dict[str, Index] = {}
    for table in tables:
        for _, name, kind, not_null, default, pk in connection.execute(
                f"PRAGMA table_info({table})"):
            columns[(table, name)] = Column(kind.upper(), bool(not_null or pk), bool(pk),
                                            _default(default))
        for _, name, unique, origin, partial in connection.execute(
                f"PRAGMA index_list({table})"):
            if origin == "pk":
                continue
            names = tuple(row[2] for row in connection.execute(f"PRAGMA index_info({name})"))
            if origin == "u":  # a UNIQUE constraint: each backend names its index its own way
                name = _constraint_name(table, names)
            indexes[name] = Index(table, names, bool(unique), bool(partial))
    return SchemaShape(columns, indexes)


def postgres_shape(connection: Any) -> SchemaShape:
    """From a psycopg connection with dict rows (the PostgreSQL store's)."""
    spec = BACKEND_SPECIFIC["postgres"]
    columns: dict[tuple[str, str], Column] = {}
    keys = {(row["table_name"], row["column_name"]) for row in connection.execute(
        "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c"
        " JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name"
        " AND k.table_schema = c.table_schema"
        " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()")}
    for row in connection.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = current_schema()"):
        table, name = row["table_name"], row["column_name"]
        if table in spec["tables"] or (table, name) in spec["columns"]:
            continue
        columns[(table, name)] = Column(_PG_TYPES.get(row["data_type"], row["data_type"]),
                                        row["is_nullable"] == "NO", (table, name) in keys,
                                        _default(row["column_default"]))
    indexes: dict[str, Index] = {}
    for row in connection.execute(
            "SELECT i.relname AS name, t.relname AS tbl, x.indisunique AS uniq,"
            " x.indisprimary AS pk, x.indpred IS NOT NULL AS partial,"
            " EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid"
            "         AND c.contype = 'u') AS constraint_index,"
            " array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(num, pos)"
            "       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num"
            "       ORDER BY k.pos) AS cols"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE n.nspname = current_schema()"):
        if row["pk"] or row["tbl"] in spec["tables"] or row["name"] in spec["indexes"]:
            continue
        name = (_constraint_name(row["tbl"], tuple(row["cols"])) if row["constraint_index"]
                else row["name"])
        indexes[name] = Index(row["tbl"], tuple(row["cols"]), bool(row["uniq"]),
                              bool(row["partial"]))
    return SchemaShape(columns, indexes)
