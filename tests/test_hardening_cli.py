"""The CLI says what happened: ingest exit statuses, `rejections`, bad dates refused, a demo
that does not replace a database, and "nothing matched" instead of "no stories yet"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli.main import EXIT_NOTHING_INGESTED, EXIT_REJECTED_STRICT, cli, rejection_place

ARTICLE = ("Latvijas premjerministrs Aivars Kalniņš pirmdien Rīgā tikās ar Norvēģijas premjeru, "
           "lai apspriestu enerģētikas sadarbību un jaunu starpsavienojumu Baltijas jūrā.")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "good").mkdir()
    (folder / "good" / "a.txt").write_text(" date 2020-09\n" + ARTICLE * 2, encoding="utf-8")
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.txt").write_text("")
    (folder / "bad" / "records.jsonl").write_text(
        '{"text": "x", "published": 1e20}\n{not json\n', encoding="utf-8")
    return folder


def test_exit_statuses(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert run("ingest", str(inputs / "bad"), "--db", db)[0] == EXIT_NOTHING_INGESTED
    assert run("ingest", str(inputs), "--db", db)[0] == 0  # some rejected, the run completed
    assert run("ingest", str(inputs), "--db", db, "--strict")[0] == EXIT_REJECTED_STRICT
    assert run("ingest", str(inputs / "good"), "--db", db, "--strict")[0] == 0  # a duplicate
    empty = tmp_path / "nothing"
    empty.mkdir()
    code, output = run("ingest", str(empty), "--db", db)
    assert code == EXIT_NOTHING_INGESTED and "no inputs" in output


def test_rejections_lists_what_why_and_where(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    for _ in range(3):
        run("ingest", str(inputs), "--db", db)
    code, output = run("rejections", "--db", db, "--json")
    rows = json.loads(output)
    assert code == 0 and len(rows) == 3  # three runs, still one row per bad input
    where = {(Path(r["origin"]).name, r["reason"]) for r in rows}
    assert where == {("empty.txt", "empty"), ("records.jsonl:1", "bad-date"),
                     ("records.jsonl:2", "malformed-json")}
    places = sorted((Path(r["file"]).name, r["line"] or 0, r["index"]) for r in rows)
    assert places == [("empty.txt", 0, None), ("records.jsonl", 1, None),
                      ("records.jsonl", 2, None)]
    code, output = run("rejections", "--db", db)
    assert code == 0 and "records.jsonl:2" in output and "malformed-json" in output
    assert json.loads(run("rejections", "--db", db, "--json", "--since", "2999-01-01")[1]) == []
    code, output = run("rejections", "--db", db, "--since", "yesterday")
    assert code == 2 and "not a date" in output


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["yesterday", "2026-13-45", "9999-12-31T23:59:59-05:00"])
def test_export_rejects_bad_dates(inputs: Path, tmp_path: Path, option: str, value: str) -> None:
    db = str(tmp_path / "e.db")
    run("ingest", str(inputs / "good"), "--db", db)
    code, output = run("export", "--db", db, option, value)
    assert code == 2 and "not a date" in output


def test_export_until(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    run("ingest", str(inputs / "good"), "--db", db)
    before = run("export", "--what", "articles", "--db", db, "--until", "2020-08-31")[1]
    after = run("export", "--what", "articles", "--db", db, "--until", "2020-09-30")[1]
    assert before.strip() == "" and json.loads(after)["published"].startswith("2020-09-01")


def test_demo_does_not_replace_a_database(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    db.write_bytes(b"precious")
    code, output = run("demo", "--db", str(db))
    assert code == 2 and "--force" in output and db.read_bytes() == b"precious"


@pytest.mark.slow  # the whole demo corpus through the real encoder
def test_demo_rebuilds_its_own_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               ) -> None:
    """The README's first command can be run twice: the default file is the demo's own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "babelwire-demo.db").write_bytes(b"an older demo")
    code, output = run("demo", "--json")
    assert code == 0, output
    assert json.loads(output)["quality"]["articles"] > 0


def test_stories_says_when_nothing_matched(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    run("ingest", str(inputs / "good"), "--db", db)
    code, output = run("stories", "--db", db, "-q", "zzzyyyxxx")
    assert code == 0 and "No stories match these filters." in output
    assert "No stories yet" not in output


def test_a_partial_date_is_shown_as_such(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    run("ingest", str(inputs / "good"), "--db", db)
    (story,) = json.loads(run("stories", "--db", db, "--json")[1])
    code, output = run("story", str(story["id"]), "--db", db)
    assert code == 0 and "2020-09 " in output and "2020-09-01 00:00" not in output


@pytest.mark.parametrize(("origin", "detail", "place"), [
    ("in/a.jsonl:3", "bad", ("in/a.jsonl", 3, None)),
    ("in/b.json[2]", "line 7: nested too deeply", ("in/b.json", 7, 2)),
    ("in/c.txt", "", ("in/c.txt", None, None)),
    ("C:/x/d.json", "line 1: Expecting value", ("C:/x/d.json", 1, None)),
])
def test_rejection_places(origin: str, detail: str, place: tuple) -> None:
    found = rejection_place(origin, detail)
    assert (found["file"], found["line"], found["index"]) == place
