"""The application service: one per process. The web app answers every request through it,
so no store is opened and no pipeline built per request (counted here); the CLI and the web
render the same typed story page; each committed chunk publishes its events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.events import NEW_LANGUAGE, STORY_CREATED, STORY_GREW, chunk_changes
from babelwire.ingest.files import read_inputs
from babelwire.models import Article, Assignment
from babelwire.pipeline import StoredArticle
from babelwire.service import Service
from babelwire.service import core as service_core
from babelwire.store import open_store
from babelwire.web import create_app
from builders import REPO, make_article, unit

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"


def record(n: int, text: str, lang: str = "en", hours: int = 0) -> dict[str, Any]:
    return {"id": f"r{n}", "title": f"Report {n}", "lang": lang, "text": text,
            "published": f"2026-03-02T{10 + hours:02d}:00:00Z", "source": f"src{n}"}


def test_web_opens_no_store_and_builds_no_pipeline_per_request(tmp_path: Path, monkeypatch):
    opened: list[str] = []
    built: list[int] = []
    real_open, real_init = service_core.open_store, service_core.Pipeline.__init__

    def counting_open(location: Any) -> Any:
        opened.append(str(location))
        return real_open(location)

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(service_core, "open_store", counting_open)
    monkeypatch.setattr(service_core.Pipeline, "__init__", counting_init)
    app = create_app(tmp_path / "web.db", encoder=HashingEncoder())
    text = ("Storm closes the harbour in Ventspils; ferries stay in port for a second day "
            "while the coast guard checks the breakwater after the night's damage.")
    with TestClient(app) as client:
        for n in range(3):
            posted = client.post("/api/articles", json=record(n, f"{text} Update {n}.",
                                                              hours=n))
            assert posted.status_code == 200, posted.text
        story_id = client.get("/api/stories").json()["items"][0]["id"]
        for path in ("/", "/stories.json", f"/stories/{story_id}", f"/stories/{story_id}.json",
                     f"/api/stories/{story_id}", "/api/stats", "/entities", "/api/articles"):
            for _ in range(3):
                assert client.get(path).status_code == 200, path
    # One writer connection (the pipeline's) and one reader, kept for every request.
    assert len(opened) <= 2, opened
    assert built == [1]


def test_search_vectors_are_the_service_s_loaded_once_not_per_request(tmp_path: Path,
                                                                      monkeypatch):
    from babelwire.read import search as search_module

    loads: list[int] = []  # the `after` of each read of the vectors from the store
    real_load = search_module._load

    def counting_load(store: Any, after: int = 0) -> Any:
        loads.append(after)
        return real_load(store, after)

    monkeypatch.setattr(search_module, "_load", counting_load)
    service = Service(tmp_path / "search.db", encoder=HashingEncoder())
    service.ingest(read_inputs([ARTICLES]))
    with TestClient(create_app(service=service)) as client:
        for path in ("/api/search?q=ferry+aground", "/search?q=Ventspils",
                     "/search.json?q=heat+record"):
            for _ in range(3):
                assert client.get(path).status_code == 200, path
        assert loads == [0] and service.search_vectors.loads == 1
        posted = client.post("/api/articles", json=record(
            1, "A second ferry ran aground near Ventspils in the night's storm, the coast "
               "guard said on Tuesday; its forty passengers were taken ashore by lifeboat."))
        assert posted.status_code == 200 and posted.json()["ingested"] == 1, posted.text
        assert client.get("/api/search?q=ferry").status_code == 200
        assert len(loads) == 2 and loads[1] > 0  # the new article appended, not a reload
    assert Service(tmp_path / "search.db").search_vectors is not service.search_vectors


def test_cli_and_web_render_one_story_page(tmp_path: Path):
    db = tmp_path / "one.db"
    with Service(db, encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([ARTICLES]))
        story_id = service.list_stories(limit=1)[0].id
        page = service.story_page(story_id)
        assert page is not None
        with TestClient(create_app(service=service)) as client:
            api = client.get(f"/api/stories/{story_id}").json()
    shown = CliRunner().invoke(cli, ["story", str(story_id), "--db", str(db), "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == api == json.loads(json.dumps(page.as_dict()))


def test_each_committed_chunk_publishes_what_it_created(tmp_path: Path):
    heard: list[Any] = []
    with Service(tmp_path / "events.db", encoder=HashingEncoder()) as service:
        service.subscribe(heard.extend)
        report = service.ingest(read_inputs([ARTICLES]))
        stories = {s.id for s in service.list_stories(limit=100)}
    assert report.ingested > 0
    created = {e.story_id for e in heard if e.kind == STORY_CREATED}
    assert created == stories


def stored(article: Article, story: int, new: bool, article_id: int) -> StoredArticle:
    return StoredArticle(article, Assignment(story, new, 0.0, 0), article_id, None)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_chunk_changes_name_growth_and_new_languages(backend, request, tmp_path: Path):
    location = (str(tmp_path / "c.db") if backend == "sqlite"
                else request.getfixturevalue("postgres_server").database())
    vector = unit([1.0, 0.0, 0.0])
    with open_store(location) as store:
        first = make_article(vector, lang="en", title="a")
        with store.write_lease():
            first_id = store.add_article(first, Assignment(1, True, 0.0, 0))
            changes = chunk_changes(store, [stored(first, 1, True, first_id)])
        assert [(e.kind, e.story_id) for e in changes.events] == [(STORY_CREATED, 1)]
        second = make_article(vector, lang="en", title="b", hours=1)
        third = make_article(vector, lang="lv", title="c", hours=2)
        with store.write_lease():
            ids = [store.add_article(a, Assignment(1, False, 0.9, 1)) for a in (second, third)]
            changes = chunk_changes(store, [stored(second, 1, False, ids[0]),
                                            stored(third, 1, False, ids[1])])
        kinds = sorted((e.kind, e.detail) for e in changes.events)
        assert kinds == [(NEW_LANGUAGE, "lv"), (STORY_GREW, "")]
        assert changes.stories[1].languages == {"en": 2, "lv": 1}
