"""PostgreSQL backend (psycopg 3): tsvector search, advisory-lock write lease."""

from babelwire.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
