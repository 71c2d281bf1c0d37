"""The web pages through the real app, on SQLite and PostgreSQL: the story page (HTML, its
.json twin and /api/stories/{id}) and the story list (/, /stories.json, /api/stories) each in
a fixed number of statements however many stories, articles and related stories they show,
and with the same content as the read models composed one piece at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.read.search import biggest_stories, related_stories
from babelwire.service import Service
from babelwire.store import open_store
from babelwire.store.base import Store
from babelwire.web import create_app
from builders import REPO

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
HARD_NEGATIVES = REPO / "tests" / "data" / "hard_negatives.jsonl"
STORY_PAGE_BUDGET = 6  # 5 for the story, 1 for its corrections by hand
LIST_PAGE_BUDGET = 3


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    with open_store(store_location) as opened:
        Pipeline(opened, HashingEncoder()).ingest(read_inputs([ARTICLES, HARD_NEGATIVES]))
        yield opened


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """The real app, its service answering every request from `store` (one connection whose
    statements are counted)."""
    app = create_app(service=Service.over(store, encoder=HashingEncoder()))
    with TestClient(app) as test_client:
        yield test_client


def fetch(client: TestClient, store: Store, path: str) -> tuple[Any, int]:
    before = store.queries
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    count = store.queries - before
    kind = response.headers["content-type"]
    return (response.json() if kind.startswith("application/json") else response.text), count


def story_ids(store: Store) -> list[int]:
    return [s.id for s in views.list_stories(store, limit=100)]


def test_story_pages_stay_within_budget(client, store):
    ids = story_ids(store)
    assert len(ids) >= 5
    with_related = 0
    for story_id in ids:
        for path in (f"/stories/{story_id}.json", f"/api/stories/{story_id}"):
            page, count = fetch(client, store, path)
            assert 0 < count <= STORY_PAGE_BUDGET, (path, count)
            with_related += bool(page["related"])
        html, count = fetch(client, store, f"/stories/{story_id}")
        # The header's totals ride along with the story's own query.
        assert 0 < count <= STORY_PAGE_BUDGET, (story_id, count)
        assert "<html" in html.lower()
        assert f"{views.counts(store)['articles']} articles" in html
    assert with_related, "the fixture must exercise related stories"


def test_missing_story_is_404_in_two_statements(client, store):
    before = store.queries
    assert client.get("/api/stories/99999").status_code == 404
    assert store.queries - before <= 2


def test_story_page_matches_the_read_models(client, store):
    """The bulk page equals the page composed from get_story, related_stories and one
    list per piece (the slower way the page used to be built)."""
    for story_id in story_ids(store):
        page, _ = fetch(client, store, f"/api/stories/{story_id}")
        detail = views.get_story(store, story_id)
        assert detail is not None
        expected = detail.as_dict()
        (row,) = store.stories_by_id([story_id])
        expected["story"]["title_lang"] = row["title_lang"]
        expected["counts"] = views.counts(store)  # the page header's, as on the story list
        expected["corrections"] = []
        assert {k: v for k, v in page.items() if k != "related"} == expected
        related = related_stories(store, story_id)
        assert [r["story"]["id"] for r in page["related"]] == [r.story.id for r in related]
        for shown, want in zip(page["related"], related, strict=True):
            card = shown["story"]
            assert {k: card[k] for k in want.story.as_dict()} == want.story.as_dict()
            assert shown["relation"] == want.relation and shown["score"] == want.score
            assert [e["key"] for e in shown["shared_entities"]] == want.shared_entities
            times = [r["published"] for r in store.article_publication_times([want.story.id])]
            assert card["published"] == times


def test_list_pages_stay_within_budget(client, store):
    everything = views.list_stories(store, limit=100)
    top = everything[0]
    entity = views.get_story(store, top.id).entities[0]  # type: ignore[union-attr]
    lang = next(iter(top.languages))
    word = top.title.split()[0]
    for path in ("/", "/stories", "/stories.json", "/stories.json?limit=2&offset=2",
                 f"/stories.json?lang={lang}", f"/?lang={lang}&q={word}"):
        _, count = fetch(client, store, path)
        assert 0 < count <= LIST_PAGE_BUDGET, (path, count)
    # An entity filter first turns the spelling into its key: one statement more.
    page, count = fetch(client, store, f"/stories.json?entity={entity.name}&lang={lang}")
    assert top.id in [c["id"] for c in page["stories"]] and 0 < count <= LIST_PAGE_BUDGET + 1
    _, count = fetch(client, store, f"/?entity={entity.key}")
    assert 0 < count <= LIST_PAGE_BUDGET + 1, count
    for path in ("/api/stories", f"/api/stories?lang={lang}&q={word}&limit=5",
                 f"/api/stories?entity={entity.key}"):
        _, count = fetch(client, store, path)
        assert 0 < count <= LIST_PAGE_BUDGET, (path, count)


def test_list_page_matches_the_read_models(client, store):
    page, _ = fetch(client, store, "/stories.json?limit=4")
    newest = views.list_stories(store, limit=4)
    assert [c["id"] for c in page["stories"]] == [s.id for s in newest]
    for card, want in zip(page["stories"], newest, strict=True):
        assert {k: card[k] for k in want.as_dict()} == want.as_dict()
    biggest = biggest_stories(store, 5)
    assert [c["id"] for c in page["biggest"]] == [s.id for s in biggest]
    assert [{k: c[k] for k in s.as_dict()} for c, s in zip(page["biggest"], biggest,
                                                           strict=True)] == [
        s.as_dict() for s in biggest]
    assert page["counts"] == views.counts(store)
    assert page["languages"] == [{"lang": lang, "articles": n}
                                 for lang, n in store.language_counts()]
