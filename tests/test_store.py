"""The SQLite store on real files: schema versions, WAL, rollback, state, read views."""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pytest

from babelwire.errors import SchemaTooNew
from babelwire.models import Assignment, Fact, Mention, Rejection
from babelwire.read import views
from babelwire.store.sqlite import SQLiteStore
from babelwire.store.sqlite.migrations import SCHEMA_VERSION
from builders import make_article, unit


def add(store: SQLiteStore, story_id: int, new: bool, **kwargs) -> int:
    article = make_article(unit(np.ones(4)), **kwargs)
    return store.add_article(article, Assignment(story_id, new, 0.0, 0))


def test_new_database_is_wal_and_at_current_schema(db_path: Path):
    with SQLiteStore(db_path) as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_clear_message(db_path: Path):
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(SchemaTooNew, match="upgrade babelwire"):
        SQLiteStore(db_path)


def test_story_rows_follow_their_articles(db_path: Path):
    with SQLiteStore(db_path) as store:
        add(store, 7, True, lang="nb", title="Norsk tittel", hours=0)
        add(store, 7, False, lang="en", title="English title", hours=5, text="y")
        add(store, 7, False, lang="lv", title="Latviešu", hours=-2, text="z")
        (story,) = views.list_stories(store)
    assert story.id == 7 and story.article_count == 3
    assert story.title == "English title"  # English titles win for the story list
    assert story.languages == {"en": 1, "lv": 1, "nb": 1}
    assert story.first_published < story.last_published


def test_transaction_rolls_back_everything(db_path: Path):
    with SQLiteStore(db_path) as store:
        with pytest.raises(ZeroDivisionError), store.transaction():
            add(store, 1, True)
            1 / 0  # noqa: B018
        assert views.counts(store) == {"articles": 0, "stories": 0, "rejections": 0}


def test_clusterer_state_round_trips(db_path: Path):
    state = {"version": 1, "stories": [{"id": 3, "entities": {"putin": 2}}], "x": 1.5}
    with SQLiteStore(db_path) as store:
        assert store.load_clusterer_state() is None
        store.save_clusterer_state(state)
        store.save_clusterer_state(state | {"x": 2.5})
    with SQLiteStore(db_path) as store:
        assert store.load_clusterer_state() == state | {"x": 2.5}


def test_entities_merge_spellings_and_search_finds_stories(db_path: Path):
    with SQLiteStore(db_path) as store:
        first = make_article(unit(np.ones(4)), lang="nb", title="Lukasjenko i Sotsji",
                             text="Lukasjenko møtte Putin")
        first.mentions = [Mention("Lukasjenkos", "Lukasjenko", "lukasenko", 0)]
        first.facts = [Fact("percent", 80.0, "%", "over 80 prosent", 1)]
        second = make_article(unit(np.ones(4)), lang="ru", title="Лукашенко в Сочи",
                              text="Лукашенко и Путин", hours=1)
        second.mentions = [Mention("Лукашенко", "Лукашенко", "lukasenko", 0)]
        second.facts = [Fact("percent", 80.0, "%", "80%", 2)]
        store.add_article(first, Assignment(1, True, 0.0, 0))
        store.add_article(second, Assignment(1, False, 0.9, 1))
        store.add_rejection(Rejection("x.txt", "empty", "the file has no content"))
        (entity,) = views.list_entities(store)
        detail = views.get_story(store, 1)
        by_spelling = views.list_stories(store, entity="Лукашенко")
        by_text = views.list_stories(store, query="Sotsji (")
        assert views.counts(store)["rejections"] == 1
    assert entity.spellings == {"nb": ["Lukasjenkos"], "ru": ["Лукашенко"]}
    assert entity.stories == [1]
    assert detail is not None and set(detail.articles_by_language) == {"nb", "ru"}
    assert detail.facts[0].surfaces == {"nb": ["over 80 prosent"], "ru": ["80%"]}
    assert [s.id for s in by_spelling] == [1] and [s.id for s in by_text] == [1]


def test_a_version_3_database_is_upgraded_in_place(db_path: Path):
    from babelwire.store.sqlite.migrations import MIGRATIONS, statements

    old = sqlite3.connect(db_path)
    for number in range(3):
        for statement in statements(MIGRATIONS[number]):
            old.execute(statement)
    old.execute("INSERT INTO clusterer_state (id, state, updated_at) VALUES (1, x'00', 'now')")
    old.execute("PRAGMA user_version = 3")
    old.commit()
    old.close()
    with SQLiteStore(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        # The old state is still there, at version 0: the first writer reloads it.
        assert store.connection.execute("SELECT version FROM clusterer_state").fetchone()[0] == 0
        assert store.source_metadata() == {}  # the watcher's tables exist now


def test_two_processes_creating_one_new_file_both_succeed(tmp_path: Path):
    import subprocess
    import sys

    path = tmp_path / "new.db"
    code = ("import sys; from babelwire.store import SQLiteStore; "
            "SQLiteStore(sys.argv[1]).close(); print('ok')")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), results
    with SQLiteStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_a_folder_is_not_a_database(tmp_path: Path):
    from babelwire.errors import StoreError

    with pytest.raises(StoreError, match="is a folder"):
        SQLiteStore(tmp_path)


def test_postgres_creates_its_database_and_refuses_a_newer_schema(postgres_server):
    from babelwire.store.postgres import PostgresStore
    from babelwire.store.postgres.migrations import SCHEMA_VERSION as PG_VERSION

    url = postgres_server.database("fresh")
    with PostgresStore(url) as store:  # the database did not exist: it is created
        assert store.schema_version() == PG_VERSION
        store.connection.execute("UPDATE schema_version SET version = %s", (PG_VERSION + 1,))
    with pytest.raises(SchemaTooNew, match="upgrade babelwire"):
        PostgresStore(url)


def test_postgres_unreachable_is_one_clear_error():
    from babelwire.errors import StoreError
    from babelwire.store import open_store

    with pytest.raises(StoreError, match="cannot use the PostgreSQL database"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_an_insert_counts_its_statements_as_the_trace_does(db_path: Path, monkeypatch):
    """`add_article` counts its statements itself, the trace callback off (issue 24, item 9):
    the statements the callback reports, each once (it reports the article insert again as
    its FTS trigger starts), one a row of an executemany, inside a transaction or not."""
    def insert(store: SQLiteStore, story_id: int, new: bool) -> int:
        article = make_article(unit(np.ones(4)), title=f"t{story_id}{new}", keys=("a", "b"))
        article.facts = [Fact("people", 3.0, "people", "three", 0)]
        before = store.queries
        store.add_article(article, Assignment(story_id, new, 0.5, 1))
        return store.queries - before

    def traced(store: SQLiteStore, story_id: int, new: bool) -> int:
        seen: list[str] = []
        store.connection.set_trace_callback(seen.append)
        insert(store, story_id, new)
        store.connection.set_trace_callback(store._count)
        ours = [s for s in seen if not s.startswith("--") and "'main'." not in s]
        return sum(1 for i, s in enumerate(ours) if i == 0 or s != ours[i - 1])

    with SQLiteStore(db_path) as store:
        counted = [insert(store, 1, True), insert(store, 1, False)]
        with store.transaction():
            counted += [insert(store, 2, True), insert(store, 2, False)]
        monkeypatch.setattr(store, "_counted_here", nullcontext)  # every statement traced
        reported = [traced(store, 3, True), traced(store, 3, False)]
        with store.transaction():
            reported += [traced(store, 4, True), traced(store, 4, False)]
    assert counted == reported == [8, 8, 6, 6]  # (begin,) story or update, article, 2 names,
    # a fact, the vector (, commit)
