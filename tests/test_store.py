"""The SQLite store on real files: schema versions, WAL, rollback, state, read views."""

from __future__ import annotations

import sqlite3
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
