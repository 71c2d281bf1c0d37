"""Only `babelwire.store` speaks SQL: no other module imports a database driver, reaches
into a store's connection, or holds SQL text (FTS MATCH/bm25, sqlite_master, rowid included)."""

from __future__ import annotations

import re

from builders import REPO

PACKAGE = REPO / "src" / "babelwire"
FORBIDDEN = {
    "a database driver": re.compile(r"^\s*(import|from)\s+(sqlite3|psycopg)\b", re.M),
    "a store's connection": re.compile(r"\.connection\b"),
    "SQL": re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                      r"|CREATE\s+(TABLE|INDEX))\b|\bMATCH\s+\?|\bbm25\(|sqlite_master"
                      r"|\browid\b|PRAGMA\s", re.I),
}


def test_only_the_store_speaks_sql():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "store") in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(REPO)}:{line}: {what}: {match.group(0)!r}")
    assert offenders == []
