"""The web app takes no writes from other sites, answers only its own host names, and never
answers 500 to extreme ids, dates, bodies or unknown parameters."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore
from babelwire.web import create_app
from babelwire.web.guard import default_allowed_hosts, host_allowed

TEXT = ("Ein Passagierschiff ist in der Nacht vor der lettischen Küste auf Grund gelaufen. "
        "Alle Reisenden wurden mit Hubschraubern in Sicherheit gebracht, teilte die Küstenwache "
        "am Morgen mit.")
HUGE_ID = str(2**63)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    records = [{"text": TEXT, "title": "Fähre auf Grund", "lang": "de",
                "url": "javascript:alert(document.cookie)", "published": "2026-02-10T06:40:00Z"},
               {"text": TEXT.replace("Nacht", "Früh"), "title": "Schiff", "lang": "de",
                "url": "data:text/html,<script>alert(1)</script>"}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    path = tmp_path / "web.db"
    with SQLiteStore(path) as store:
        Pipeline(store, HashingEncoder()).ingest(read_inputs([tmp_path / "in.jsonl"]))
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    hosts = [*default_allowed_hosts("127.0.0.1"), "testserver"]
    app = create_app(db, encoder=HashingEncoder(), allowed_hosts=hosts)
    with TestClient(app, raise_server_exceptions=False) as running:
        yield running


def article_count(client: TestClient) -> int:
    return int(client.get("/api/stats").json()["articles"])


def record(**fields: object) -> dict[str, object]:
    return {"text": TEXT + " " + str(fields), "lang": "de", **fields}


def test_cross_site_writes_are_refused_without_a_token(client: TestClient) -> None:
    before = article_count(client)
    body = json.dumps(record(note="Kapitän Ozols sagte, das Schiff sei stabil"))
    attempts = [
        {"content-type": "text/plain", "origin": "http://evil.example"},
        {"content-type": "application/json", "origin": "http://evil.example"},
        {"content-type": "application/json", "origin": "null"},
        {"content-type": "application/json", "sec-fetch-site": "cross-site"},
        {"content-type": "application/json", "sec-fetch-site": "same-site"},
        {"content-type": "text/plain"},
        {"content-type": "application/x-www-form-urlencoded"},
    ]
    statuses = [client.post("/api/articles", content=body, headers=h).status_code
                for h in attempts]
    assert statuses == [403, 403, 403, 403, 403, 415, 415]
    assert article_count(client) == before
    same_origin = client.post("/api/articles", content=body, headers={
        "content-type": "application/json", "origin": "http://testserver",
        "sec-fetch-site": "same-origin"})
    assert same_origin.status_code == 200 and article_count(client) == before + 1


def test_only_the_bound_host_names_are_answered(client: TestClient) -> None:
    assert client.get("/api/stats", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/stories.atom", headers={"host": "attacker.example:8765"}
                      ).status_code == 400
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert client.get("/api/stats", headers={"host": host}).status_code == 200


def test_default_host_lists() -> None:
    assert host_allowed("127.0.0.1:8765", default_allowed_hosts("127.0.0.1"))
    assert not host_allowed("attacker.example", default_allowed_hosts("127.0.0.1"))
    assert not host_allowed(None, default_allowed_hosts("127.0.0.1"))
    everywhere = default_allowed_hosts("0.0.0.0")
    assert host_allowed("192.0.2.7:8765", everywhere)
    assert not host_allowed("attacker.example", everywhere)
    assert host_allowed("news.example.org", ["*.example.org"])


@pytest.mark.parametrize("path", [
    f"/api/stories/{HUGE_ID}", f"/stories/{HUGE_ID}.json", f"/stories/{HUGE_ID}",
    f"/api/articles/{HUGE_ID}", f"/api/articles?story_id={HUGE_ID}",
    f"/api/entities?story_id={HUGE_ID}", "/api/stories?since=9999-12-31T23:59:59-05:00",
    "/api/stories?until=0001-01-01T00:00:00%2B14:00",
    "/api/articles?since=9999-12-31T23:59:59-05:00", "/stories.atom?until=0001-01-01T00:00:00%2B14:00",
    "/api/stories?sources=NRK", "/api/articles?lang=xx&colour=red", "/?bogus=1",
])
def test_extreme_or_unknown_parameters_are_a_422(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_parameters"


@pytest.mark.parametrize("body", [
    '{"text": "%s", "published": NaN}', '{"text": "%s", "published": 1e20}',
    '{"text": "%s", "published": "9999-12-31T23:59:59-05:00"}',
    '{"text": "%s \\ud800", "title": "\\udfff"}', '{"text": "%s", "url": ["a", "b"]}',
    '{"text": "%s", "published": true}', '{"text": "%s\\u0000"}',
    "[" * 100_000 + "]" * 100_000, '{"a": ' * 50_000 + "1" + "}" * 50_000,
    '{"text": "%s", "id": 1' + "0" * 5000 + "}",
])
def test_hostile_bodies_never_give_a_500(client: TestClient, body: str) -> None:
    text = body.replace("%s", TEXT + str(len(body)))
    response = client.post("/api/articles", content=text.encode("utf-8", "surrogatepass"),
                           headers={"content-type": "application/json"})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        report = response.json()
        assert report["ingested"] + report["rejected"] + report["duplicates"] == 1


def test_a_405_says_what_is_allowed(client: TestClient) -> None:
    response = client.delete("/api/articles", headers={"content-type": "application/json"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert client.put("/stories/1").headers["allow"] == "GET, HEAD"


def test_javascript_and_data_urls_are_not_links(client: TestClient) -> None:
    story_ids = [s["id"] for s in client.get("/api/stories").json()["items"]]
    pages = "".join(client.get(f"/stories/{i}").text for i in story_ids)
    assert "Fähre auf Grund" in pages
    assert 'href="javascript:' not in pages and 'href="data:' not in pages


def test_the_schema_states_the_real_limits(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/stories"]["get"]["parameters"]}
    lang = next(s for s in params["lang"]["anyOf"] if s.get("type") == "string")
    since = next(s for s in params["since"]["anyOf"] if s.get("type") == "string")
    assert lang["maxLength"] == 40 and "pattern" in lang
    assert since["maxLength"] == 40 and "pattern" in since
    story = schema["paths"]["/api/stories/{story_id}"]["get"]["parameters"][0]["schema"]
    assert story["maximum"] == 2**63 - 1 and story["minimum"] == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_only_its_own_host_names(db: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "babelwire.cli.main", "serve", "--db",
                                str(db), "--port", str(port), "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/stats"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert httpx.get(url).status_code == 200
        assert httpx.get(url, headers={"host": "attacker.example"}).status_code == 400
        refused = httpx.post(f"http://127.0.0.1:{port}/api/articles", content=json.dumps(
            record()), headers={"content-type": "text/plain", "origin": "http://evil.example"})
        assert refused.status_code == 403
    finally:
        process.terminate()
        process.wait(10)


def test_a_partial_date_is_shown_as_such(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_text(" date 2020-09 " + TEXT, encoding="utf-8")
    with SQLiteStore(tmp_path / "p.db") as store:
        Pipeline(store, HashingEncoder()).ingest(read_inputs([tmp_path / "seed.txt"]))
    app = create_app(tmp_path / "p.db", encoder=HashingEncoder())
    with TestClient(app) as client:
        (story,) = client.get("/api/stories").json()["items"]
        detail = client.get(f"/api/stories/{story['id']}").json()
        (article,) = [a for group in detail["articles_by_language"].values() for a in group]
        assert article["published_precision"] == "month"
        page = client.get(f"/stories/{story['id']}").text
    assert ">Sep 2020</time>" in page and "00:00 UTC</time>" not in page


def test_a_figure_too_large_for_a_float_does_not_break_the_pages(db: Path) -> None:
    with SQLiteStore(db) as store:
        (article_id, story_id), = store.connection.execute(
            "SELECT id, story_id FROM articles ORDER BY id LIMIT 1").fetchall()
        store.connection.execute(
            "INSERT INTO facts (article_id, kind, value, unit, surface, sentence)"
            " VALUES (?, 'people', ?, 'people', ?, 0)", (article_id, float("inf"), "9" * 400))
    app = create_app(db, encoder=HashingEncoder())
    with TestClient(app, raise_server_exceptions=False) as client:
        article = client.get(f"/api/articles/{article_id}")
        assert article.status_code == 200
        assert [f["value"] for f in article.json()["facts"] if f["kind"] == "people"] == [None]
        for path in (f"/api/stories/{story_id}", f"/stories/{story_id}.json",
                     f"/stories/{story_id}"):
            assert client.get(path).status_code == 200, path
