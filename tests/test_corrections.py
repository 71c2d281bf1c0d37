"""Corrections by hand: merge, split and move, in the service, the CLI and the API. They are
recorded and shown on the story page, keep the stories' counts and the clusterer's profiles
equal to the articles they hold, survive re-ingesting the same files, and later articles
follow the corrected stories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.errors import InputError, NotFound
from babelwire.ingest.files import read_inputs
from babelwire.service import Service
from babelwire.store import StoryFilter, open_store
from babelwire.web import create_app
from builders import REPO

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"


def consistent(location: str | Path) -> dict[int, list[int]]:
    """Story -> its article ids (copies too), after checking that every story counts its
    originals (not the republished copies) and
    that every profile the clusterer holds has the size of its story."""
    with open_store(location) as store:
        stories = {int(r["id"]): int(r["article_count"])
                   for r in store.story_rows(StoryFilter(), 10_000)}
        members = {story: store.story_article_ids(story) for story in stories}
        originals = {story: [r for r in store.article_story_rows(ids)
                             if r["duplicate_of"] is None] for story, ids in members.items()}
        state = store.load_clusterer_state()
    assert all(members.values()), "no story without articles"
    assert {s: len(rows) for s, rows in originals.items()} == stories
    assert state is not None
    assert {p["id"]: p["size"] for p in state["stories"]} == {
        p["id"]: stories[p["id"]] for p in state["stories"]}
    assert state["next_story_id"] > max(stories)
    return members


def story_with(members: dict[int, list[int]], size: int) -> int:
    return next(story for story, ids in sorted(members.items()) if len(ids) >= size)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_split_merge_move_keep_stories_and_profiles_consistent(backend, request,
                                                                tmp_path: Path):
    location = (str(tmp_path / "c.db") if backend == "sqlite"
                else request.getfixturevalue("postgres_server").database())
    heard: list[Any] = []
    with Service(location, encoder=HashingEncoder()) as service:
        service.subscribe(heard.extend)
        service.ingest(read_inputs([ARTICLES]))
        before = consistent(location)
        big = story_with(before, 3)
        leaving = before[big][-1]
        new = service.split_story(big, [leaving])
        after_split = consistent(location)
        assert new not in before and after_split[new] == [leaving]
        assert after_split[big] == [a for a in before[big] if a != leaving]
        assert [(e.kind, e.detail) for e in heard if e.story_id == new] == [("corrected",
                                                                             "split")]
        page = service.story_page(new)
        assert page is not None
        assert [(c["kind"], c["actor"], c["detail"]) for c in page.corrections] == [
            ("split", "cli", {"from": big, "articles": [leaving]})]

        # Re-ingesting the same files changes nothing: the split stays.
        again = service.ingest(read_inputs([ARTICLES]))
        assert again.ingested == 0
        assert consistent(location) == after_split

        # A later near-copy of the split-off article follows it into its new story.
        with open_store(location) as store:
            (row,) = store.article_rows([leaving])
            (full,) = [r for r in store.export_articles(None) if r["id"] == leaving]
        copy = {"text": full["text"] + " (updated)", "title": row["title"], "lang": row["lang"],
                "published": row["published"], "source": "Another Paper"}
        path = tmp_path / "copy.jsonl"
        path.write_text(json.dumps(copy) + "\n", encoding="utf-8")
        report = service.ingest(read_inputs([path]))
        assert report.ingested == 1
        with open_store(location) as store:
            assert store.story_of(report.article_ids[0]) == new

        merged = service.merge_stories(big, new)
        assert merged == big
        members = consistent(location)
        assert new not in members and leaving in members[big]

        other = story_with({s: ids for s, ids in members.items() if s != big}, 1)
        moved_article = members[big][0]
        assert service.move_article(moved_article, other) == other
        members = consistent(location)
        assert moved_article in members[other] and moved_article not in members[big]

        with pytest.raises(InputError):
            service.merge_stories(big, big)
        with pytest.raises(InputError):
            service.split_story(other, members[other])  # every article: nothing would stay
        with pytest.raises(InputError):
            service.split_story(big, [moved_article])  # not in that story
        with pytest.raises(NotFound):
            service.move_article(moved_article, 99_999)
        with pytest.raises(NotFound):
            service.merge_stories(big, 99_999)
        assert consistent(location) == members  # failed corrections changed nothing


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_cli_and_api_corrections(tmp_path: Path):
    db = tmp_path / "cli.db"
    with Service(db, encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([ARTICLES]))
    members = consistent(db)
    big = story_with(members, 3)
    shown = run("story", str(big), "--db", str(db), "--json")  # `story ID` still shows
    assert shown.exit_code == 0 and json.loads(shown.output)["story"]["id"] == big
    assert run("story", "show", str(big), "--db", str(db)).exit_code == 0

    split = run("story", "split", str(big), "--articles", str(members[big][0]), "--db",
                str(db), "--json")
    assert split.exit_code == 0, split.output
    new = json.loads(split.output)["story_id"]
    assert consistent(db)[new] == [members[big][0]]
    text = run("story", str(new), "--db", str(db))
    assert "Corrected by hand" in text.output and "by cli" in text.output
    bad = run("story", "split", str(big), "--articles", "x,y", "--db", str(db), "--json")
    assert bad.exit_code == 2 and "error" in json.loads(bad.output)
    itself = run("story", "merge", str(big), str(big), "--db", str(db), "--json")
    assert itself.exit_code == 2
    assert json.loads(itself.output)["error"]["code"] == "bad-input"
    merged = run("story", "merge", str(big), str(new), "--db", str(db), "--json")
    assert json.loads(merged.output) == {"story_id": big}

    json_type = {"content-type": "application/json"}
    with Service(db, encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service)) as client:
        answer = client.post(f"/api/stories/{big}/split", headers=json_type,
                             json={"articles": [members[big][1]]})
        assert answer.status_code == 200, answer.text
        new = answer.json()["story_id"]
        page = client.get(f"/stories/{new}")
        assert page.status_code == 200 and "Corrected by hand" in page.text
        assert "by api" in page.text
        moved = client.post(f"/api/articles/{members[big][1]}/move", headers=json_type,
                            json={"to": big})
        assert moved.json() == {"story_id": big}
        assert client.get(f"/api/stories/{new}").status_code == 404  # emptied, removed
        wrong = client.post(f"/api/stories/{big}/merge", headers=json_type, json={"other": 0})
        assert wrong.status_code == 422
        missing = client.post(f"/api/stories/{big}/merge", headers=json_type,
                              json={"other": 99_999})
        assert missing.status_code == 404
    with Service(db, encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service, token="s3cret")) as client:
        refused = client.post(f"/api/stories/{big}/split", headers=json_type,
                              json={"articles": [members[big][1]]})
        assert refused.status_code == 401
    consistent(db)


def test_story_page_forms_on_a_server_without_a_token(tmp_path: Path):
    """The forms' own checks, below the browser (tests/test_browser_corrections.py clicks
    them on a server with a token): no token field without one, the form key still needed,
    form bodies only, a bad number a 422 page."""
    import re

    db = tmp_path / "forms.db"
    with Service(db, encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([ARTICLES]))
    members = consistent(db)
    big = story_with(members, 3)
    other = next(s for s in members if s != big)
    html = {"accept": "text/html"}
    with Service(db, encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service)) as client:
        page = client.get(f"/stories/{big}").text
        assert 'name="token"' not in page
        keys = set(re.findall(r'name="form_key" value="([0-9a-f]{64})"', page))
        assert len(keys) == 1
        key = keys.pop()
        assert key not in client.get(f"/stories/{big}.json").text
        no_key = client.post(f"/stories/{big}/merge", data={"other": str(other)},
                             headers=html, follow_redirects=False)
        assert no_key.status_code == 403 and "reload the story page" in no_key.text
        as_json = client.post(f"/stories/{big}/merge", json={"other": other,
                                                              "form_key": key},
                              follow_redirects=False)
        assert as_json.status_code == 415
        bad = client.post(f"/stories/{big}/merge", data={"other": "seven", "form_key": key},
                          headers=html, follow_redirects=False)
        assert bad.status_code == 422 and "Error 422" in bad.text
        assert consistent(db) == members  # nothing moved yet
        moved = client.post(f"/articles/{members[big][0]}/move",
                            data={"to": str(other), "form_key": key}, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == f"/stories/{other}"
        assert members[big][0] in consistent(db)[other]
        assert "by web" in client.get(f"/stories/{other}").text


def test_article_page_shows_the_full_text_names_figures_and_original(tmp_path: Path):
    with Service(tmp_path / "a.db", encoder=HashingEncoder()) as service, \
            TestClient(create_app(service=service)) as client:
        service.ingest(read_inputs([ARTICLES]))
        record = json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[0])
        (article_id,) = [a["id"] for a in client.get("/api/articles", params={
            "limit": 100}).json()["items"] if a["title"] == record["title"]]
        story_id = client.get(f"/api/articles/{article_id}").json()["story_id"]
        assert f'href="/articles/{article_id}"' in client.get(f"/stories/{story_id}").text
        page = client.get(f"/articles/{article_id}")
        assert page.status_code == 200
        html = page.text
        assert record["text"][:80] in html  # the whole text as stored, not the lead
        assert record["text"][-60:] in html
        assert record["source"] in html and f'href="{record["url"]}"' in html
        detail = client.get(f"/articles/{article_id}.json").json()
        assert detail == client.get(f"/api/articles/{article_id}").json()
        assert detail["mentions"] and detail["facts"]
        assert all(m["surface"] in html for m in detail["mentions"])
        assert all(f["surface"] in html for f in detail["facts"])
        assert client.get("/articles/99999").status_code == 404
