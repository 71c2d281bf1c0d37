"""The read side on both backends: the same stories, story pages and entities from SQLite and
PostgreSQL, each page in a fixed, small number of queries however many rows it shows."""

from __future__ import annotations

import pytest

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.read.search import related_stories, search
from babelwire.store import open_store
from builders import REPO

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
HARD_NEGATIVES = REPO / "tests" / "data" / "hard_negatives.jsonl"


@pytest.fixture
def store(store_location: str):
    with open_store(store_location) as opened:
        Pipeline(opened, HashingEncoder()).ingest(read_inputs([ARTICLES, HARD_NEGATIVES]))
        yield opened


def queries_of(store, action):
    before = store.queries
    result = action()
    return result, store.queries - before


def test_list_page_is_at_most_three_queries(store):
    everything, count = queries_of(store, lambda: views.list_stories(store, limit=100))
    assert len(everything) >= 5 and 0 < count <= 3
    top = everything[0]
    entity = views.get_story(store, top.id).entities[0]  # type: ignore[union-attr]
    filtered, count = queries_of(store, lambda: views.list_stories(
        store, limit=100, entity=entity.name, lang=next(iter(top.languages)),
        query=top.title.split()[0]))
    assert top.id in [s.id for s in filtered] and count <= 3


def test_story_page_is_at_most_five_queries(store):
    stories = views.list_stories(store, limit=100)
    biggest = max(stories, key=lambda s: s.article_count)
    detail, count = queries_of(store, lambda: views.get_story(store, biggest.id))
    assert detail is not None and 0 < count <= 5
    shown = sum(len(a) for a in detail.articles_by_language.values())
    assert shown == biggest.article_count and detail.entities and detail.timeline
    assert detail.story == biggest


def test_entities_are_two_queries(store):
    found, count = queries_of(store, lambda: views.list_entities(store, limit=50))
    assert len(found) >= 10 and 0 < count <= 2
    assert all(e.articles >= 1 and e.spellings for e in found)


def test_both_backends_agree(tmp_path, postgres_server):
    def snapshot(location: str) -> tuple[object, ...]:
        with open_store(location) as store:
            Pipeline(store, HashingEncoder()).ingest(read_inputs([ARTICLES, HARD_NEGATIVES]))
            stories = views.list_stories(store, limit=100)
            details = [views.get_story(store, s.id) for s in stories]
            entities = views.list_entities(store, limit=40)
            related = [related_stories(store, s.id) for s in stories]
            found = search(store, HashingEncoder(), "ferry aground in a storm")
            return (stories, details, entities, related,
                    [(h.story.id, h.full_text_match) for h in found], views.counts(store))

    sqlite_view = snapshot(str(tmp_path / "a.db"))
    postgres_view = snapshot(postgres_server.database())
    for on_sqlite, on_postgres in zip(sqlite_view, postgres_view, strict=True):
        assert on_sqlite == on_postgres
