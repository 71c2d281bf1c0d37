"""Watchlists and alerts: a watchlist on a name in one script alerts on a story that writes it
in another, within the ingest chunk that causes it; re-ingesting changes nothing; a matched
story's new language is an alert of its own; the CLI and the Atom feed show them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from babelwire.alerts.matching import AlertWriter
from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.events import chunk_changes
from babelwire.ingest.files import read_inputs
from babelwire.models import Assignment, Mention
from babelwire.pipeline import StoredArticle
from babelwire.service import Service
from babelwire.store import open_store
from babelwire.web import create_app
from builders import make_article, unit

MINSK_NB = ("President Aleksandr Lukasjenko sa tirsdag i Minsk at Hviterussland vil stenge "
            "grensen mot Litauen i to uker. Lukasjenko begrunnet vedtaket med sikkerheten "
            "ved grensen, og lastebiler står nå i kø ved grenseovergangen.")
HARBOUR_EN = ("The harbour council in Bergen approved a new ferry terminal on Monday. The "
              "terminal will cost about 40 million euros and open in two years, the council "
              "said after a long debate about the quay.")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def records() -> list[dict[str, Any]]:
    return [
        {"id": "minsk-nb", "lang": "nb", "title": "Lukasjenko stenger grensen", "text": MINSK_NB,
         "published": "2026-03-02T10:00:00Z", "source": "Avis Nord"},
        {"id": "harbour-en", "lang": "en", "title": "Bergen approves a ferry terminal",
         "text": HARBOUR_EN, "published": "2026-03-02T11:00:00Z", "source": "Coast News"},
    ]


def alert_keys(found: list[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    return sorted((a["watchlist"], a["story_id"], a["reason"], a["detail"]) for a in found)


def test_a_watchlist_in_cyrillic_alerts_on_a_latin_spelling_once(tmp_path: Path):
    inputs = write_jsonl(tmp_path / "in.jsonl", records())
    with Service(tmp_path / "w.db", encoder=HashingEncoder()) as service:
        service.add_watchlist("belarus", entities=["Лукашенко"])
        service.add_watchlist("elsewhere", entities=["Macron"])
        heard: list[Any] = []
        # Alerts are already in the store when the chunk's events are published (same
        # transaction as the chunk), not written later.
        service.subscribe(lambda events: heard.append(alert_keys(service.alerts())))
        first = service.ingest(read_inputs([inputs]))
        assert first.ingested == 2
        minsk = next(s.id for s in service.list_stories(limit=10) if "Lukasjenko" in s.title)
        assert heard == [[("belarus", minsk, "new-story", "")]]
        again = service.ingest(read_inputs([inputs]))  # the same files again: nothing new
        assert again.ingested == 0
        found = service.alerts()
    assert alert_keys(found) == [("belarus", minsk, "new-story", "")]
    assert set(found[0]) >= {"watchlist", "story_id", "reason", "created"}


def test_a_known_story_that_gets_a_new_language_alerts_again(tmp_path: Path):
    vector = unit([1.0, 0.0, 0.0])
    with open_store(tmp_path / "s.db") as store:
        service = Service.over(store, encoder=HashingEncoder())
        service.add_watchlist("belarus", entities=["Лукашенко"], min_articles=1)
        writer = AlertWriter(service.query_vector)
        first = make_article(vector, lang="nb", title="a")
        first.mentions = [Mention("Lukasjenko", "Lukasjenko", "lukasenk", 0, "person")]
        with store.write_lease():
            first_id = store.add_article(first, Assignment(1, True, 0.0, 0))
            stored = [StoredArticle(first, Assignment(1, True, 0.0, 0), first_id, None)]
            assert writer.write(store, chunk_changes(store, stored)) == 1
        second = make_article(vector, lang="ru", title="b", hours=1)
        second.mentions = [Mention("Лукашенко", "Лукашенко", "lukasenk", 0, "person")]
        with store.write_lease():
            second_id = store.add_article(second, Assignment(1, False, 0.9, 1))
            stored = [StoredArticle(second, Assignment(1, False, 0.9, 1), second_id, None)]
            assert writer.write(store, chunk_changes(store, stored)) == 1
            # The same change seen twice (a retried chunk) adds nothing: one alert per key.
            assert writer.write(store, chunk_changes(store, stored)) == 0
        reasons = alert_keys(service.alerts())
    assert reasons == [("belarus", 1, "new-language", "ru"), ("belarus", 1, "new-story", "")]


def test_an_alert_rolls_back_with_its_chunk(tmp_path: Path):
    """Written in the chunk's transaction: a chunk that fails leaves no alert behind."""
    vector = unit([0.0, 1.0, 0.0])
    with open_store(tmp_path / "r.db") as store:
        service = Service.over(store, encoder=HashingEncoder())
        service.add_watchlist("any-nb", langs=["nb"])
        article = make_article(vector, lang="nb", title="x")
        with pytest.raises(RuntimeError), store.write_lease():
            article_id = store.add_article(article, Assignment(1, True, 0.0, 0))
            stored = [StoredArticle(article, Assignment(1, True, 0.0, 0), article_id, None)]
            assert AlertWriter(service.query_vector).write(store, chunk_changes(store, stored))
            raise RuntimeError("the chunk fails before COMMIT")
        assert service.alerts() == []


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_cli_watchlists_and_alerts(tmp_path: Path, monkeypatch):
    db = str(tmp_path / "cli.db")
    inputs = write_jsonl(tmp_path / "in.jsonl", records())
    added = run("watchlist", "add", "belarus", "--entity", "Лукашенко", "--lang", "nb",
                "--db", db, "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["entities"] == ["Лукашенко"]
    twice = run("watchlist", "add", "belarus", "--entity", "x", "--db", db, "--json")
    assert twice.exit_code == 2 and json.loads(twice.output)["error"]["code"] == "bad-input"
    empty = run("watchlist", "add", "nothing", "--db", db, "--json")
    assert empty.exit_code == 2 and "at least one filter" in json.loads(
        empty.output)["error"]["message"]
    listed = run("watchlist", "list", "--db", db, "--json")
    assert [w["name"] for w in json.loads(listed.output)] == ["belarus"]

    with Service(db, encoder=HashingEncoder()) as service:  # the encoder a test can load
        service.ingest(read_inputs([inputs]))
    shown = run("alerts", "--db", db, "--json")
    assert shown.exit_code == 0, shown.output
    (alert,) = json.loads(shown.output)
    assert (alert["watchlist"], alert["reason"]) == ("belarus", "new-story")
    assert json.loads(run("alerts", "--since", "2999-01-01", "--db", db, "--json").output) == []
    unknown = run("alerts", "--watchlist", "nope", "--db", db, "--json")
    assert unknown.exit_code == 1 and json.loads(unknown.output)["error"]["code"] == "not-found"
    bad_date = run("alerts", "--since", "yesterday", "--db", db, "--json")
    assert bad_date.exit_code == 2
    text = run("alerts", "--db", db)
    assert "new-story" in text.output and "belarus" in text.output

    removed = run("watchlist", "remove", "belarus", "--db", db, "--json")
    assert removed.exit_code == 0
    assert json.loads(run("alerts", "--db", db, "--json").output) == []
    gone = run("watchlist", "remove", "belarus", "--db", db, "--json")
    assert gone.exit_code == 1 and json.loads(gone.output)["error"]["code"] == "not-found"


def test_api_and_atom_feed_of_a_watchlist(tmp_path: Path):
    inputs = write_jsonl(tmp_path / "in.jsonl", records())
    with Service(tmp_path / "web.db", encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service)) as client:
        made = client.post("/api/watchlists", json={"name": "belarus",
                                                    "entities": ["Лукашенко"]})
        assert made.status_code == 200, made.text
        bad = client.post("/api/watchlists", json={"name": "bad name!", "langs": ["nb"]})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad-input"
        service.ingest(read_inputs([inputs]))
        listed = client.get("/api/watchlists").json()
        assert [w["name"] for w in listed["items"]] == ["belarus"]
        alerts = client.get("/api/alerts", params={"watchlist": "belarus"}).json()
        assert [a["reason"] for a in alerts["items"]] == ["new-story"]
        feed = client.get("/watchlists/belarus.atom")
        assert feed.status_code == 200
        assert feed.headers["content-type"].startswith("application/atom+xml")
        atom = "{http://www.w3.org/2005/Atom}"
        entries = ET.fromstring(feed.content).findall(f"{atom}entry")
        assert len(entries) == 1
        assert "Lukasjenko" in (entries[0].findtext(f"{atom}title") or "")
        assert client.get("/watchlists/nope.atom").status_code == 404
        page = client.get("/watchlists")
        assert page.status_code == 200 and "belarus" in page.text
        # Like every write, a DELETE says Content-Type: application/json (the CSRF guard).
        json_type = {"content-type": "application/json"}
        assert client.delete("/api/watchlists/belarus", headers=json_type).status_code == 200
        assert client.delete("/api/watchlists/belarus", headers=json_type).status_code == 404
        assert client.get("/api/watchlists").json()["items"] == []


def test_growing_needs_a_burst_against_the_story_own_baseline():
    from babelwire.alerts.growth import growth

    def at(hour: float, source: str) -> tuple[str, str, str]:
        return (f"2026-03-0{1 + int(hour // 24)}T{int(hour % 24):02d}:00:00+00:00", source, "en")

    steady = [at(h, f"s{h}") for h in range(0, 48, 4)]  # one article every 4 hours
    burst = [*steady, *(at(48 + h / 2, f"b{h}") for h in range(7))]  # then 7 in 3 hours
    assert growth([]) is None
    steady_growth, burst_growth = growth(steady), growth(burst)
    assert steady_growth is not None and not steady_growth.growing
    assert burst_growth is not None and burst_growth.growing
    assert burst_growth.recent_articles >= 7 and burst_growth.score > steady_growth.score
    new_story = growth([at(h / 4, f"n{h}") for h in range(4)])  # 4 articles in its first hour
    assert new_story is not None and new_story.growing and new_story.baseline == 0.0


FERRY_SCENE = ("a passenger ferry capsized in a storm off the Greek island of Kalymnos late on "
               "Sunday, the coastguard said. About 200 passengers were on board the Agia Eleni, "
               "which left the port of Kos despite a warning of strong winds.")
FERRY_FIRST = f"At least 12 people died when {FERRY_SCENE} Rescue teams worked through the night."
FERRY_LATER = (f"The death toll has risen to 19 people dead after {FERRY_SCENE} Divers searched "
               "the wreck on Monday.")
FERRY_AGREES = (f"Officials confirmed on Monday evening that 19 people died after {FERRY_SCENE} "
                "Flags flew at half mast.")


def ferry(name: str, text: str, hour: int) -> dict[str, Any]:
    return {"id": name, "lang": "en", "title": f"Kalymnos ferry: {name}", "text": text,
            "published": f"2026-05-11T{hour:02d}:00:00Z", "source": f"Source {name}"}


def test_a_new_disagreement_fires_exactly_one_disputed_alert(tmp_path: Path):
    first = write_jsonl(tmp_path / "first.jsonl", [ferry("first", FERRY_FIRST, 8)])
    later = write_jsonl(tmp_path / "later.jsonl", [ferry("later", FERRY_LATER, 14)])
    agrees = write_jsonl(tmp_path / "agrees.jsonl", [ferry("agrees", FERRY_AGREES, 18)])
    with Service(tmp_path / "d.db", encoder=HashingEncoder()) as service:
        service.add_watchlist("greece", entities=["Kalymnos"])
        service.add_watchlist("elsewhere", entities=["Macron"])
        service.ingest(read_inputs([first]))
        (story,) = service.list_stories(limit=10)
        assert alert_keys(service.alerts()) == [("greece", story.id, "new-story", "")]
        # The next chunk reports another death toll for the same story: sources disagree now.
        assert service.ingest(read_inputs([later])).ingested == 1
        assert [s.id for s in service.list_stories(limit=10)] == [story.id]
        disputed = [a for a in service.alerts() if a["reason"] == "disputed"]
        assert [(a["watchlist"], a["story_id"]) for a in disputed] == [("greece", story.id)]
        concept = disputed[0]["detail"]
        assert concept, "the alert names what the sources disagree on"
        page = service.story_page(story.id)
        assert page is not None and any(
            row["status"] == "differ" and row["concept"] == concept
            for row in page.as_dict()["comparison"])
        # The same file again, and a source that sides with one figure: no second alert.
        service.ingest(read_inputs([later]))
        assert service.ingest(read_inputs([agrees])).ingested == 1
        assert [a["reason"] for a in service.alerts()].count("disputed") == 1
