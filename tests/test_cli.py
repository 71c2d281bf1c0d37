"""The command line: JSON outputs parse, errors are one clear line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli.main import cli
from builders import REPO

HARD_NEGATIVES = REPO / "tests" / "data" / "hard_negatives.jsonl"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "cli.db")
    code, output = run("ingest", str(HARD_NEGATIVES), "--db", db, "--json")
    assert code == 0, output
    assert json.loads(output)["ingested"] == 4
    return db


def test_json_outputs_parse(filled_db: str):
    stories = json.loads(run("stories", "--db", filled_db, "--json")[1])
    assert len(stories) == 4 and {"id", "title", "languages", "sources"} <= set(stories[0])
    story = json.loads(run("story", str(stories[0]["id"]), "--db", filled_db, "--json")[1])
    assert story["story"]["id"] == stories[0]["id"] and story["articles_by_language"]
    entities = json.loads(run("entities", "--db", filled_db, "--json")[1])
    assert entities and {"key", "name", "spellings", "stories"} <= set(entities[0])


def test_human_output_lists_stories_and_story(filled_db: str):
    code, output = run("stories", "--db", filled_db)
    assert code == 0 and "Erdogan" in output and "languages" in output
    first_id = output.splitlines()[1].split()[0]
    code, output = run("story", first_id, "--db", filled_db)
    assert code == 0 and output.startswith(f"Story {first_id}:")


def test_filters(filled_db: str):
    ru = json.loads(run("stories", "--db", filled_db, "--json", "--lang", "ru")[1])
    assert [s["languages"] for s in ru] == [{"ru": 1}]
    found = json.loads(run("stories", "--db", filled_db, "--json", "-q", "laks salmon")[1])
    assert len(found) == 1 and "salmon" in found[0]["title"].lower()


@pytest.mark.parametrize("args, message", [
    (["stories", "--db", "nowhere.db"], "no database at nowhere.db"),
    (["story", "999"], "no story 999"),
    (["ingest", "missing-file.txt", "--settings", "nope.json"], "does not exist"),
])
def test_errors_are_one_clear_line(filled_db: str, args: list[str], message: str, tmp_path: Path,
                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    if args[0] == "story":
        args = [*args, "--db", filled_db]
    code, output = run(*args)
    assert code != 0 and message in output and "Traceback" not in output


def test_not_a_database_is_reported(tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite " * 100)
    code, output = run("stories", "--db", str(bogus))
    assert code == 4 and "is not a babelwire database" in output  # README: exit 4


def test_settings_print_as_json():
    settings = json.loads(run("settings")[1])
    assert "threshold" in settings and "weights" in settings


def test_json_output_never_holds_bare_nan():
    import json
    import math

    from babelwire.cli.common import json_safe

    data = {"pearson": math.nan, "by_pair": [1.0, math.nan], "nested": {"f1": 0.5}}
    text = json.dumps(json_safe(data), allow_nan=False)
    assert json.loads(text) == {"pearson": None, "by_pair": [1.0, None], "nested": {"f1": 0.5}}
