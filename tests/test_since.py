"""New since, sources and breaking stories: `stories --updated-since / --since / --until /
--source / --sort trending`, and how the trend score ranks a burst against steady coverage."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.ingest.files import read_inputs
from babelwire.read.trending import trends
from babelwire.service import Service
from babelwire.store import open_store, writes
from builders import REPO

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_updated_since_source_and_dates(tmp_path: Path, monkeypatch):
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[7:]) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    # The database's clock (stories' created/updated times), set so the test needs no sleep.
    monkeypatch.setattr(writes, "now_iso", lambda: "2026-01-01T00:00:00+00:00")
    with Service(db, encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([first]))
        monkeypatch.setattr(writes, "now_iso", lambda: "2026-02-01T00:00:00+00:00")
        report = service.ingest(read_inputs([second]))
    with open_store(db) as store:
        touched = {store.story_of(a) for a in report.article_ids}
        everything = {int(s) for s in store.external_story_ids().values()}
    assert touched and touched != everything

    new = run("stories", "--updated-since", "2026-01-15", "--db", str(db), "--json")
    assert new.exit_code == 0, new.output
    assert {s["id"] for s in json.loads(new.output)} == touched
    old = run("stories", "--updated-since", "2025-12-31", "--db", str(db), "--json")
    assert {s["id"] for s in json.loads(old.output)} == everything

    source = json.loads(lines[0])["source"]
    by_source = json.loads(run("stories", "--source", source, "--db", str(db),
                               "--json").output)
    assert by_source and all(source in s["sources"] for s in by_source)
    assert len(by_source) < len(everything)

    late = run("stories", "--since", "2026-02-10", "--until", "2026-02-10", "--db", str(db),
               "--json")
    assert late.exit_code == 0
    assert all(s["first_published"][:10] <= "2026-02-10" <= s["last_published"][:10]
               for s in json.loads(late.output))
    assert run("stories", "--updated-since", "soon", "--db", str(db)).exit_code == 2
    backwards = run("stories", "--since", "2026-03-01", "--until", "2026-02-01", "--db", str(db))
    assert backwards.exit_code == 2

    ranked = run("stories", "--sort", "trending", "--db", str(db), "--json")
    assert ranked.exit_code == 0, ranked.output
    scores = [s["trend"]["score"] for s in json.loads(ranked.output)]
    assert len(scores) == len(everything) and scores == sorted(scores, reverse=True)
    assert "new in 6 h" in run("stories", "--sort", "trending", "--db", str(db)).output


def at(hours_before: float, source: str, lang: str = "en") -> tuple[datetime, str, str]:
    return NOW - timedelta(hours=hours_before), source, lang


def test_a_burst_outranks_steady_coverage_and_an_old_burst():
    steady = [at(h, f"s{h % 3}") for h in range(0, 96, 6)]  # one article every 6 hours
    burst = [at(h / 2, f"b{h}", "en" if h % 2 else "de") for h in range(6)]  # 6 in 3 hours
    old_burst = [at(72 + h / 2, f"o{h}") for h in range(6)]  # the same, three days ago
    found = trends({1: steady, 2: burst, 3: old_burst})
    assert found[2].score > found[1].score > found[3].score
    assert found[3].recent_articles == 0 and found[3].score == 0.0
    assert (found[2].recent_articles, found[2].recent_sources, found[2].recent_languages) == (
        6, 6, 2)
    # Spread counts: the same burst from one source in one language scores lower.
    narrow = [at(h / 2, "one") for h in range(6)]
    assert trends({1: steady, 2: narrow})[2].score < found[2].score


def test_web_list_filters_by_source_and_country(tmp_path: Path):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    records = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    latvian = records[0]["source"]
    with Service(tmp_path / "w.db", encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([ARTICLES]))
        service.store.watch_register([(latvian, "https://lv.example/feed", "rss", 600, "LV",
                                       "lv", None)])
        with TestClient(create_app(service=service)) as client:
            every = client.get("/api/stories", params={"limit": 100}).json()["items"]
            by_source = client.get("/api/stories", params={"source": latvian}).json()["items"]
            by_country = client.get("/api/stories", params={"country": "LV"}).json()["items"]
            assert by_source and len(by_source) < len(every)
            assert all(latvian in s["sources"] for s in by_source)
            assert by_country == by_source  # the one source of that country
            assert client.get("/api/stories", params={"country": "SE"}).json()["items"] == []
            page = client.get("/", params={"country": "LV"})
            assert page.status_code == 200 and "Matching stories" in page.text
            assert 'name="country" type="text" value="LV"' in page.text
            listed = client.get("/stories.json", params={"source": latvian}).json()
            assert [s["id"] for s in listed["stories"]] == [s["id"] for s in by_source]


def test_web_list_marks_stories_new_since_the_last_visit(tmp_path: Path, monkeypatch):
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    first, later = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    later.write_text(lines[-1] + "\n", encoding="utf-8")
    with Service(tmp_path / "v.db", encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service)) as client:
        service.ingest(read_inputs([first]))
        visit = client.get("/")
        assert "new since your last visit" not in visit.text  # the first visit: no mark
        assert "babelwire_last_visit" in visit.cookies
        assert "new since your last visit" not in client.get("/").text  # nothing changed
        # The database's clock after the visit, so the test needs no sleep.
        monkeypatch.setattr(writes, "now_iso", lambda: "2999-01-01T00:00:00+00:00")
        report = service.ingest(read_inputs([later]))
        with open_store(tmp_path / "v.db") as store:
            changed = store.story_of(report.article_ids[0])
        cards = client.get("/stories.json").json()["stories"]
        assert all("breaking" in c and "changed_at" in c for c in cards)
        cards_html = client.get("/").text.split('<li class="card story-card">')[1:]
        marked = [c for c in cards_html if "new since your last visit" in c]
        # Only the changed story's cards (it may be both among the newest and the biggest).
        assert marked and all(f'href="/stories/{changed}"' in c for c in marked)
        assert len(marked) < len(cards_html)
        client.cookies.set("babelwire_last_visit", "not a date")
        assert client.get("/").status_code == 200  # a bad cookie is ignored, not an error
