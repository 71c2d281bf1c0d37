"""The JSON API over a real SQLite database, through a real uvicorn server on 127.0.0.1:
every endpoint, filters, pagination, the one error shape, the token, POSTed articles."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from babelwire.ingest.files import document_from_record
from babelwire.models import Rejection
from babelwire.web import create_app
from webserver import LiveServer, copy_database, fixture_database

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"
LONG_TEXT = ("Ein Passagierschiff ist in der Nacht vor der lettischen Küste auf Grund gelaufen. "
             "Alle Reisenden wurden mit Hubschraubern in Sicherheit gebracht.")


@pytest.fixture(scope="module")
def db(encoder) -> Path:
    return fixture_database(encoder)


@pytest.fixture(scope="module")
def api(db: Path, encoder) -> Iterator[httpx.Client]:
    app = create_app(db, encoder=encoder)

    @app.get("/api/test-crash", include_in_schema=False)
    def crash() -> None:
        raise RuntimeError("boom")

    with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def stories(api: httpx.Client) -> dict[str, dict[str, Any]]:
    """The three fixture stories by topic: ferry (lv/nb/ru), heat (en/es/de/fr), chess."""
    items = api.get("/api/stories").json()["items"]
    assert len(items) == 3, [s["title"] for s in items]
    by_topic = {}
    for story in items:
        langs = set(story["languages"])
        topic = "ferry" if "lv" in langs else "heat" if "es" in langs else "chess"
        by_topic[topic] = story
    assert set(by_topic) == {"ferry", "heat", "chess"}
    assert set(by_topic["ferry"]["languages"]) == {"lv", "nb", "ru"}
    return by_topic


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The one error shape, pinned: {"error": {status, code, message, details}}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code:
        assert error["code"] == code
    return error


def test_stories_newest_first_with_pagination(api, stories):
    first = api.get("/api/stories", params={"limit": 2}).json()
    assert [s["id"] for s in first["items"]] == [stories["heat"]["id"], stories["chess"]["id"]]
    assert first["next_offset"] == 2 and first["limit"] == 2 and first["offset"] == 0
    second = api.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in second["items"]] == [stories["ferry"]["id"]]
    assert second["next_offset"] is None
    story = stories["ferry"]
    assert story["article_count"] == 6 and story["languages"] == {"lv": 2, "nb": 2, "ru": 2}
    assert "Kurzemes Ziņas" in story["sources"] and story["first_published"] < story[
        "last_published"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"lang": "lv"}, ["ferry"]),
    ({"lang": "RU"}, ["chess", "ferry"]),
    ({"lang": "es"}, ["heat"]),
    ({"since": "2026-06-01"}, ["heat"]),
    ({"until": "2026-02-10"}, ["ferry"]),
    ({"since": "2026-05-01", "until": "2026-05-31"}, ["chess"]),
    ({"since": "2026-02-11T06:00:00+02:00", "until": "2026-05-03"}, ["chess", "ferry"]),
    ({"q": "Córdoba"}, ["heat"]),
    ({"q": "Вентспилс"}, ["ferry"]),
    ({"lang": "de", "since": "2026-06-01"}, ["heat"]),
    ({"lang": "fi"}, []),
])
def test_story_filters(api, stories, params, expected):
    found = api.get("/api/stories", params=params).json()["items"]
    ids = {story["id"]: topic for topic, story in stories.items()}
    assert [ids[s["id"]] for s in found] == expected


def test_entity_filter_by_key_and_by_any_spelling(api, stories):
    chess = stories["chess"]["id"]
    entities = api.get("/api/entities", params={"story_id": chess}).json()["items"]
    assert entities, "the chess story has named entities"
    for entity in entities[:3]:
        assert chess in entity["stories"]
        by_key = api.get("/api/stories", params={"entity": entity["key"]}).json()["items"]
        assert chess in [s["id"] for s in by_key]
        spelling = next(iter(entity["spellings"].values()))[0]
        by_spelling = api.get("/api/stories", params={"entity": spelling}).json()["items"]
        assert chess in [s["id"] for s in by_spelling]


def test_one_story_has_members_by_language_entities_facts_timeline(api, stories):
    ferry = stories["ferry"]["id"]
    story = api.get(f"/api/stories/{ferry}").json()
    assert story["story"]["id"] == ferry and story["story"]["title_lang"] in {"lv", "nb", "ru"}
    assert set(story["articles_by_language"]) == {"lv", "nb", "ru"}
    article = story["articles_by_language"]["nb"][0]
    assert {"id", "title", "lang", "source", "url", "published", "lead"} <= set(article)
    assert article["lang"] == "nb" and article["lead"]
    assert story["entities"] and all(e["spellings"] for e in story["entities"])
    assert isinstance(story["facts"], list)
    assert {p["lang"] for p in story["timeline"]} == {"lv", "nb", "ru"}
    assert sum(p["articles"] for p in story["timeline"]) == 6
    assert isinstance(story["related"], list)
    assert_error(api.get("/api/stories/9999"), 404, "not_found")


def test_articles(api, stories):
    ferry = stories["ferry"]["id"]
    page = api.get("/api/articles", params={"story_id": ferry, "lang": "ru"}).json()
    assert [a["lang"] for a in page["items"]] == ["ru", "ru"]
    assert page["items"][0]["published"] > page["items"][1]["published"]  # newest first
    one = api.get(f"/api/articles/{page['items'][0]['id']}").json()
    assert one["story_id"] == ferry and one["text"].startswith(("Экологи", "Морская"))
    assert {"mentions", "facts", "source", "url", "external_id"} <= set(one)
    everything = api.get("/api/articles", params={"limit": 10}).json()
    assert len(everything["items"]) == 10 and everything["next_offset"] == 10
    rest = api.get("/api/articles", params={"limit": 10, "offset": 10}).json()
    assert len(rest["items"]) == 4 and rest["next_offset"] is None
    assert_error(api.get("/api/articles/123456"), 404, "not_found")


def test_entities_with_variants_and_stories(api, stories):
    items = api.get("/api/entities", params={"limit": 5}).json()["items"]
    assert 0 < len(items) <= 5
    entity = api.get(f"/api/entities/{items[0]['key']}").json()
    assert entity["entity"]["key"] == items[0]["key"]
    assert entity["entity"]["spellings"] and entity["stories"]
    assert {s["id"] for s in entity["stories"]} == set(entity["entity"]["stories"])
    lv_only = api.get("/api/entities", params={"lang": "lv"}).json()["items"]
    assert lv_only and all("lv" in e["languages"] for e in lv_only)
    assert_error(api.get("/api/entities/no-such-entity-anywhere"), 404, "not_found")


@pytest.mark.parametrize(("query", "topic", "absent_language"), [
    ("ferry ran aground, passengers evacuated", "ferry", "en"),  # en -> lv/nb/ru only
    ("рекордная жара в Испании", "heat", "ru"),  # ru -> en/es/de/fr
    ("Schach-Europameisterin", "chess", None),
])
def test_search_is_cross_lingual(api, stories, query, topic, absent_language):
    results = api.get("/api/search", params={"q": query}).json()["results"]
    assert results, query
    best = results[0]
    assert best["story"]["id"] == stories[topic]["id"], [r["story"]["title"] for r in results]
    if absent_language:
        assert absent_language not in best["story"]["languages"]
    assert best["article"]["story_id"] == best["story"]["id"]
    assert 0 < best["similarity"] <= best["score"]


def test_search_parameters(api):
    assert_error(api.get("/api/search"), 422, "invalid_parameters")
    assert_error(api.get("/api/search", params={"q": "  "}), 422, "invalid_parameters")
    assert_error(api.get("/api/search", params={"q": "x", "limit": 0}), 422)
    exact = api.get("/api/search", params={"q": "Ventspils", "limit": 1}).json()["results"]
    assert len(exact) == 1 and exact[0]["full_text_match"]


@pytest.mark.parametrize(("path", "params", "name"), [
    ("/api/stories", {"limit": 0}, "limit"),
    ("/api/stories", {"limit": 1000}, "limit"),
    ("/api/stories", {"limit": "ten"}, "limit"),
    ("/api/stories", {"offset": -1}, "offset"),
    ("/api/stories", {"lang": "atlantean"}, "lang"),  # names are codes too (issue 23)
    ("/api/stories", {"lang": "e1"}, "lang"),
    ("/api/stories", {"since": "2026-13-01"}, "since"),
    ("/api/stories", {"until": "last week"}, "until"),
    ("/api/stories", {"since": "2026-05-01", "until": "2026-04-01"}, "since"),
    ("/api/stories", {"entity": "x" * 500}, "entity"),
    ("/api/stories/abc", {}, "story_id"),
    ("/api/stories/0", {}, "story_id"),
    ("/api/articles", {"story_id": "one"}, "story_id"),
    ("/api/articles", {"since": "2026-02-30"}, "since"),
    ("/api/articles/-3", {}, "article_id"),
    ("/api/entities", {"limit": -5}, "limit"),
    ("/api/entities", {"lang": "?"}, "lang"),
    ("/stories.json", {"lang": "xx-yy-zz"}, "lang"),
    ("/stories/abc.json", {}, "story_id"),
])
def test_bad_parameters_give_422_with_a_clear_message(api, path, params, name):
    error = assert_error(api.get(path, params=params), 422, "invalid_parameters")
    assert name in error["message"]
    assert any(name in d["location"] for d in error["details"])


def test_every_error_has_the_one_shape(api):
    assert_error(api.get("/api/nothing-here"), 404, "not_found")
    assert_error(api.get("/stories/424242.json"), 404, "not_found")
    assert_error(api.delete("/api/stories"), 405, "method_not_allowed")
    assert_error(api.get("/api/test-crash"), 500, "internal_error")
    assert "boom" not in api.get("/api/test-crash").text  # no internals leak
    assert_error(api.post("/api/articles", content=b"{not json",
                          headers={"content-type": "application/json"}), 400, "malformed_json")


def test_openapi_schema_and_docs(api):
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles",
                 "/api/articles/{article_id}", "/api/entities", "/api/entities/{name_or_key}",
                 "/api/search", "/stories/{story_id}.json"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/articles"]
    docs = api.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text


def test_security_headers_keep_pages_local(api):
    response = api.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and response.headers["x-content-type-options"]


def test_pages_and_their_json_twins(api, stories):
    ferry = stories["ferry"]["id"]
    assert api.get(f"/stories/{ferry}.json").json() == api.get(f"/api/stories/{ferry}").json()
    page = api.get(f"/stories/{ferry}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for lang in ("lv", "nb", "ru"):
        assert re.search(rf'<article class="article" id="article-\d+" lang="{lang}">', page.text)
    assert f'href="/stories/{ferry}.json"' in page.text
    listing = api.get("/stories.json").json()
    assert [s["id"] for s in listing["stories"]] == [stories[t]["id"]
                                                     for t in ("heat", "chess", "ferry")]
    assert listing["biggest"][0]["id"] == ferry and listing["stories"][0]["published"]
    home = api.get("/", params={"lang": "lv"}).text
    assert 'for="f-lang"' in home and "<svg class=\"spark\"" in home
    key = api.get("/api/entities").json()["items"][0]["key"]
    assert api.get(f"/entities/{key}").status_code == 200
    assert api.get(f"/entities/{key}.json").json()["entity"]["key"] == key
    assert api.get("/entities.json").json()["entities"]
    search = api.get("/search.json", params={"q": "heatwave"}).json()
    assert search["results"][0]["story"]["id"] == stories["heat"]["id"]
    assert api.get("/search", params={"q": "heatwave"}).status_code == 200


def test_html_pages_get_an_html_error_page(api):
    response = api.get("/stories/424242", headers={"accept": "text/html"})
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text
    bad = api.get("/", params={"since": "soon"}, headers={"accept": "text/html"})
    assert bad.status_code == 422 and "since" in bad.text


@pytest.fixture(scope="module")
def writable(db: Path, encoder, tmp_path_factory) -> Iterator[httpx.Client]:
    """A server with a token over a private copy of the database."""
    path = copy_database(db, tmp_path_factory.mktemp("write") / "write.db")
    with LiveServer(create_app(path, encoder=encoder, token=TOKEN)) as server, \
            httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def test_writes_need_the_token_when_set(writable):
    record = {"text": LONG_TEXT, "lang": "de"}
    error = assert_error(writable.post("/api/articles", json=record), 401, "unauthorized")
    assert "Authorization: Bearer" in error["message"]
    assert writable.post("/api/articles", json=record).headers["www-authenticate"] == "Bearer"
    assert_error(writable.post("/api/articles", json=record,
                               headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
    assert_error(writable.post("/api/articles", json=record,
                               headers={"Authorization": f"Basic {TOKEN}"}), 401)
    assert writable.get("/api/stories").status_code == 200  # reads stay open


def test_post_articles_reports_rejections_like_the_cli(writable, stories):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    records: list[Any] = [
        {"title": "no text"},
        "just a string",
        {"text": "Too short."},
        {"text": LONG_TEXT, "published": "yesterday"},
        {"text": LONG_TEXT + " Zweite Fassung.", "published": "2026-02-10T09:00:00+01:00",
         "title": "Fähre vor Ventspils auf Grund gelaufen", "lang": "de",
         "source": "Nordkurier Test", "url": "https://nordkurier.example/faehre"},
    ]
    report = writable.post("/api/articles", json=records, headers=auth)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["ingested"] == 1 and body["rejected"] == 4 and len(body["article_ids"]) == 1
    reasons = [r["reason"] for r in body["rejections"]]
    expected = [document_from_record(r, "x") for r in records[:2] + records[3:4]]
    assert all(isinstance(e, Rejection) for e in expected)
    assert sorted(reasons) == sorted([*(e.reason for e in expected), "too-short"])
    assert all(r["origin"].startswith("POST /api/articles[") and r["detail"]
               for r in body["rejections"])
    added = writable.get(f"/api/articles/{body['article_ids'][0]}").json()
    assert added["lang"] == "de" and added["source"] == "Nordkurier Test"
    again = writable.post("/api/articles", json=records[4], headers=auth).json()
    assert again["duplicates"] == 1 and again["ingested"] == 0
    assert_error(writable.post("/api/articles", json=[{}] * 1001, headers=auth), 413)


def test_serve_command_starts_on_loopback(db: Path, tmp_path: Path):
    from click.testing import CliRunner

    from babelwire.cli.main import cli

    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text and "8765" in help_text and "BABELWIRE_TOKEN" in help_text
    path = copy_database(db, tmp_path / "serve.db")
    with LiveServer(create_app(path)) as probe:  # only to find a free port
        port = probe.port
    env = {**os.environ, "BABELWIRE_TOKEN": "t"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from babelwire.cli.main import main; main()", "serve", "--db",
         str(path), "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        assert response.json()["stories"] == 3
        assert_error(httpx.post(f"http://127.0.0.1:{port}/api/articles", json={}), 401)
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/" in output and "need the token" in output


def test_atom_feed_of_stories_with_filters(api, stories):
    from xml.etree import ElementTree as ET

    from babelwire.ingest.feeds import parse_feed

    response = api.get("/stories.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{atom}{required}").text
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 3
    for entry in entries:  # RFC 4287: every entry has an id, a title and an updated time
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{atom}{required}").text
    # babelwire's own feed reader (the one `watch` uses) reads it, and every link resolves
    feed = parse_feed(response.content, str(response.url), response.headers["content-type"])
    assert feed.kind == "atom" and len(feed.items) == 3
    ferry = stories["ferry"]
    ferry_item = next(i for i in feed.items if i.link.endswith(f"/stories/{ferry['id']}"))
    assert ferry_item.title == ferry["title"]
    assert "Latvian" in ferry_item.summary and ferry_item.published is not None
    assert api.get(ferry_item.link).status_code == 200

    latvian = parse_feed(api.get("/stories.atom", params={"lang": "lv"}).content)
    assert [i.link for i in latvian.items] == [ferry_item.link]
    assert "in lv" in latvian.title
    chess = stories["chess"]["id"]
    entity = api.get("/api/entities", params={"story_id": chess}).json()["items"][0]
    spelling = next(iter(entity["spellings"].values()))[0]
    by_entity = parse_feed(api.get("/stories.atom", params={"entity": spelling}).content)
    assert ferry_item.link not in [i.link for i in by_entity.items]
    assert any(i.link.endswith(f"/stories/{chess}") for i in by_entity.items)
    assert parse_feed(api.get("/stories.atom", params={"lang": "fi"}).content).items == []
    assert_error(api.get("/stories.atom", params={"lang": "latvian!"}), 422)
    # the story list page announces the feed with its filters
    page = api.get("/", params={"lang": "lv"}).text
    assert 'type="application/atom+xml"' in page and "/stories.atom?lang=lv" in page
