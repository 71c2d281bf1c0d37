"""Filters as a new user types them (issue 23): an entity in any case, with or without
diacritics, in another script or by surname alone; a language as a code in any case or by its
name; anything else refused, never a silently empty list. In the library (both stores), the
CLI and the API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.demo import demo_corpus_path
from babelwire.errors import InputError
from babelwire.ingest.files import document_from_record
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.read.languages import language_code
from babelwire.service import Service
from babelwire.store import open_store
from babelwire.store.base import Store
from babelwire.web import create_app

# The wind deal (Aivars Kalniņš, Eirik Haugland) and the rail strike (Tomasz Wróblewski), in
# Latvian, Norwegian, English and Polish.
PICKED = {"e01-lv-1", "e01-nb-1", "e01-en-1", "e05-pl-1", "e05-en-1"}


def picked_records() -> list[dict]:
    records = [json.loads(line) for line in
               demo_corpus_path().read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in records if r["id"] in PICKED]
    assert len(chosen) == len(PICKED)
    return chosen


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    with open_store(store_location) as opened:
        Pipeline(opened, HashingEncoder()).ingest(
            [document_from_record(r, "demo") for r in picked_records()])
        yield opened


def wind_story_ids(store: Store) -> set[int]:
    return {s.id for s in views.list_stories(store, limit=50)
            if "lv" in s.languages or "nb" in s.languages}


@pytest.mark.parametrize("typed", ["Haugland", "haugland", "HAUGLAND", "eirik haugland",
                                   "kalniņš", "Kalnins", "KALNINS", "Калниньш",
                                   "Aivars Kalnins"])
def test_entity_filter_takes_any_case_diacritics_script_or_surname(store, typed):
    wanted = wind_story_ids(store)
    assert wanted
    found = {s.id for s in views.list_stories(store, entity=typed)}
    assert found and found <= wanted, typed


@pytest.mark.parametrize("typed", ["Wroblewski", "wróblewski", "Tomasz Wroblewski"])
def test_entity_filter_finds_the_strike_leader_without_his_accent(store, typed):
    found = views.list_stories(store, entity=typed)
    assert found and all("pl" in s.languages or "en" in s.languages for s in found)
    assert not {s.id for s in found} & wind_story_ids(store)


def test_an_unknown_entity_still_matches_nothing(store):
    assert views.list_stories(store, entity="Zyxwvut Qqq") == []


def test_entity_page_by_any_spelling(store):
    one = views.get_entity(store, "kalnins")
    assert one is not None and "Kalniņš" in one.spellings.get("lv", [])


@pytest.mark.parametrize(("typed", "code"), [
    ("lv", "lv"), ("LV", "lv"), (" Lv ", "lv"), ("latvian", "lv"), ("Latvian", "lv"),
    ("latviešu", "lv"), ("lav", "lv"), ("nb", "nb"), ("no", "nb"), ("Norwegian", "nb"),
    ("pt-BR", "pt"), ("German", "de"), ("deutsch", "de"), ("русский", "ru")])
def test_language_names_and_codes(typed, code):
    assert language_code(typed) == code


@pytest.mark.parametrize("typed", ["latvia", "xx", "klingon", "e1", ""])
def test_what_is_no_language_is_refused(typed):
    with pytest.raises(InputError, match="not a language"):
        language_code(typed)


def test_language_filter_in_the_library(store):
    latvian = views.list_stories(store, lang="lv")
    assert latvian
    assert {s.id for s in views.list_stories(store, lang="LV")} == {s.id for s in latvian}
    assert {s.id for s in views.list_stories(store, lang="latvian")} == {s.id for s in latvian}
    with pytest.raises(InputError):
        views.list_stories(store, lang="latvia")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    path = tmp_path / "f.db"
    with open_store(path) as opened:
        Pipeline(opened, HashingEncoder()).ingest(
            [document_from_record(r, "demo") for r in picked_records()])
    return path


def test_cli_filters(sqlite_db):
    runner = CliRunner()

    def stories(*options: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["stories", "--db", str(sqlite_db), *options])
        return result.exit_code, result.output

    code, latvian = stories("--lang", "latvian", "--json")
    assert code == 0 and json.loads(latvian) and json.loads(latvian) == json.loads(
        stories("--lang", "LV", "--json")[1])
    code, refused = stories("--lang", "latvia", "--json")
    assert code == 2 and json.loads(refused)["error"]["code"] == "bad-language"
    code, plain = stories("--entity", "haugland")
    assert code == 0 and "No stories" not in plain and "Latvia" in plain
    entities = runner.invoke(cli, ["entities", "--db", str(sqlite_db), "--lang", "Latvian",
                                   "--json"])
    assert entities.exit_code == 0 and json.loads(entities.output)


def test_api_filters(store):
    app = create_app(service=Service.over(store, encoder=HashingEncoder()))
    with TestClient(app) as client:
        by_code = client.get("/api/stories?lang=lv").json()["items"]
        by_name = client.get("/api/stories?lang=latvian").json()["items"]
        assert by_code and by_code == by_name
        refused = client.get("/api/stories?lang=latvia")
        assert refused.status_code == 422
        found = client.get("/api/stories", params={"entity": "kalnins"}).json()["items"]
        assert found and {s["id"] for s in found} <= wind_story_ids(store)
        page = client.get("/", params={"entity": "wroblewski"})
        assert page.status_code == 200 and "No stories match" not in page.text
