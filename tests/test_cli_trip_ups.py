"""Issue 23, the CLI as a new user meets it: `serve` with a mistyped --db or on a busy port
fails clearly before announcing anything; `export` takes --json and filters by language and
entity like `stories`."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.demo import demo_corpus_path
from babelwire.ingest.files import document_from_record
from babelwire.pipeline import Pipeline
from babelwire.store import open_store

PICKED = {"e01-lv-1", "e01-en-1", "e05-pl-1", "e05-en-1"}  # wind deal, rail strike


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    records = [json.loads(line) for line in
               demo_corpus_path().read_text(encoding="utf-8").splitlines()]
    path = tmp_path_factory.mktemp("cli") / "small.db"
    with open_store(path) as store:
        Pipeline(store, HashingEncoder()).ingest(
            [document_from_record(r, "demo") for r in records if r["id"] in PICKED])
    return path


def test_serve_refuses_a_missing_database(tmp_path: Path):
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(typo)])
    assert result.exit_code != 0
    assert "no database at" in result.output and "--create" in result.output
    assert "serving" not in result.output
    assert not typo.exists()  # no empty database left behind


def test_serve_on_a_busy_port_says_so_before_serving(db: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code != 0
    assert "already in use" in result.output and "--port" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output


def test_export_errors_are_json(tmp_path: Path):
    missing = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db"), "--json"])
    error = json.loads(missing.output)["error"]
    assert error["code"] == "not-found" and error["exit_status"] == missing.exit_code


def export(db: Path, *options: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_export_filters_by_language_and_entity(db: Path):
    everything = export(db, "--what", "articles")
    assert len(everything) == len(PICKED)
    latvian = export(db, "--what", "articles", "--lang", "Latvian")
    assert latvian and {a["lang"] for a in latvian} == {"lv"}
    assert export(db, "--what", "articles", "--lang", "LV") == latvian
    kalnins = export(db, "--what", "articles", "--entity", "kalnins")
    assert kalnins and all("Kalni" in a["text"] or "Кални" in a["text"] for a in kalnins)
    assert not any(a["lang"] == "pl" for a in kalnins)
    stories = export(db, "--lang", "pl")
    assert stories and all("pl" in s["languages"] for s in stories)
    assert len(export(db)) > len(stories)


def test_export_takes_json(db: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["what"] == "stories" and summary["wrote"] == len(
        out.read_text(encoding="utf-8").splitlines())
    refused = CliRunner().invoke(cli, ["export", "--db", str(db), "--json", "--lang", "latvia"])
    assert refused.exit_code == 2 and json.loads(refused.output)["error"]["code"] == "bad-language"
