"""Versioned schema migrations. Each entry upgrades from the previous version; never edit one
that has shipped, add a new one."""

from __future__ import annotations

import sqlite3

from babelwire.errors import SchemaTooNew

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,            -- given by the clusterer, never reused
        title TEXT NOT NULL,
        title_lang TEXT,
        first_published TEXT,
        last_published TEXT,
        article_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        external_id TEXT,
        url TEXT,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        lang_confidence REAL,
        source TEXT,
        published TEXT,
        ingested_at TEXT NOT NULL,
        origin TEXT,
        score REAL,
        duplicate_of INTEGER REFERENCES articles(id)
    );
    CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash);
    CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX stories_last_published ON stories(last_published);
    CREATE TABLE embeddings (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        vector BLOB NOT NULL
    );
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        entity_key TEXT NOT NULL,
        surface TEXT NOT NULL,
        normal TEXT NOT NULL,
        sentence INTEGER NOT NULL
    );
    CREATE INDEX mentions_key ON mentions(entity_key);
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE TABLE facts (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        kind TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        surface TEXT NOT NULL,
        sentence INTEGER NOT NULL
    );
    CREATE INDEX facts_article ON facts(article_id);
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        rejected_at TEXT NOT NULL
    );
    CREATE TABLE clusterer_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state BLOB NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    """,
    # 2: near-duplicate signatures (MinHash), so the index survives restarts
    """
    CREATE TABLE article_signatures (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        signature BLOB NOT NULL
    );
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
    """,
    # 3: entity kinds, partial publication dates, claims for fact comparison
    """
    ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
    ALTER TABLE articles ADD COLUMN published_precision TEXT;
    CREATE TABLE claims (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        concept TEXT NOT NULL,
        value REAL NOT NULL,
        upper REAL,
        approx TEXT NOT NULL,
        unit TEXT NOT NULL,
        as_written TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        evidence TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    """,
    # 4: a version on the clusterer state (writers detect each other's saves), and the
    # watcher's tables, created by `babelwire watch` itself before (hence IF NOT EXISTS)
    """
    ALTER TABLE clusterer_state ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE IF NOT EXISTS watch_sources (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        interval REAL NOT NULL,
        country TEXT,
        language TEXT,
        homepage TEXT,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll REAL NOT NULL DEFAULT 0,
        last_polled REAL,
        last_ok REAL,
        last_error TEXT
    );
    CREATE TABLE IF NOT EXISTS watch_seen (
        key TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done', 'rejected', 'retry')),
        attempts INTEGER NOT NULL DEFAULT 0,
        first_seen REAL NOT NULL,
        last_seen REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS watch_seen_last ON watch_seen(last_seen);
    """,
    # 5: the once-only rejection check looks rejections up by origin
    """
    CREATE INDEX rejections_origin ON rejections(origin);
    """,
    # 6: reads look mentions up by surface; PostgreSQL had this index from its version 1
    """
    CREATE INDEX IF NOT EXISTS mentions_surface ON mentions(surface);
    """,
    # 7: an external id given to two different texts is refused, looked up by this index
    """
    CREATE INDEX articles_external_id ON articles(external_id) WHERE external_id IS NOT NULL;
    """,
    # 8: watchlists and their alerts (an outbox: written in the transaction of the change
    # that causes them, delivered afterwards); one alert per watchlist, story, reason, detail
    """
    CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        spec TEXT NOT NULL,
        webhook TEXT,
        allow_internal INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL
    );
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        delivery TEXT NOT NULL DEFAULT 'none',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt REAL,
        last_error TEXT,
        UNIQUE (watchlist_id, story_id, reason, detail)
    );
    CREATE INDEX alerts_created ON alerts(created, id);
    CREATE INDEX alerts_watchlist ON alerts(watchlist_id, created, id);
    CREATE INDEX alerts_delivery ON alerts(delivery, next_attempt) WHERE delivery = 'pending';
    """,
    # 9: corrections by hand (merge, split, move): when, what, by what
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        detail TEXT NOT NULL,
        actor TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE INDEX corrections_story ON corrections(story_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """A migration split into statements (a trigger body's semicolons do not split it)."""
    found: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    return found


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it was at before.

    The version is read inside BEGIN IMMEDIATE, so two processes opening a new file at once
    do not both run the same migration: the second waits, then finds nothing left to do."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION:
        return version
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"this database has schema version {version}, newer than this babelwire "
                f"understands ({SCHEMA_VERSION}); upgrade babelwire")
        for number in range(version, SCHEMA_VERSION):
            for statement in statements(MIGRATIONS[number]):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return version
