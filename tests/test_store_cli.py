"""The store from the command line: `--db` takes a file or a postgresql:// URL (and
$BABELWIRE_DB), errors keep one shape (JSON with --json), and two real `babelwire ingest`
processes at once on one store lose nothing, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli.main import cli
from builders import REPO
from test_concurrency import write_articles

HARD_NEGATIVES = REPO / "tests" / "data" / "hard_negatives.jsonl"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_errors_have_one_shape_and_honour_json(tmp_path: Path):
    missing = str(tmp_path / "none.db")
    code, output = run("stories", "--db", missing, "--json")
    error = json.loads(output)["error"]
    assert code == error["exit_status"] != 0 and error["code"] == "not-found"
    assert missing in error["message"]
    code, output = run("stories", "--db", missing)
    assert code != 0 and output.startswith("Error: no database at") and "{" not in output
    code, output = run("stories", "--db", "postgresql://nobody@127.0.0.1:1/none", "--json")
    error = json.loads(output)["error"]
    assert error["code"] == "store" and "cannot use the PostgreSQL database" in error["message"]
    code, output = run("stories", "--db", "mysql://x/y")
    assert code == 2 and "only postgresql:// URLs or file paths" in output


@pytest.mark.slow  # the real encoder, in the CLI
def test_the_url_works_from_db_and_from_the_environment(postgres_server):
    url = postgres_server.database("cli")
    code, output = run("ingest", str(HARD_NEGATIVES), "--db", url, "--json")
    assert code == 0 and json.loads(output)["ingested"] == 4, output
    code, output = run("stories", "--json", env={"BABELWIRE_DB": url})
    stories = json.loads(output)
    assert code == 0 and sum(s["article_count"] for s in stories) == 4
    code, output = run("story", str(stories[0]["id"]), "--db", url, "--json")
    assert code == 0 and json.loads(output)["story"]["id"] == stories[0]["id"]
    code, output = run("export", "--what", "articles", "--db", url)
    assert code == 0 and len(output.splitlines()) == 4


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_ingest_processes_at_once_count_every_article(backend: str, tmp_path: Path,
                                                           request):
    """The real CLI and encoder, two processes, 70 new articles each (two chunks each)."""
    if backend == "sqlite":
        location = str(tmp_path / "two.db")
    else:
        location = request.getfixturevalue("postgres_server").database("two")
    files = [tmp_path / f"in{n}.jsonl" for n in range(2)]
    for n, path in enumerate(files):
        write_articles(path, n, 70)
    command = [sys.executable, "-m", "babelwire.cli.main", "ingest", "--db", location, "--json"]
    processes = [subprocess.Popen([*command, str(path)], cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(REPO / "src")})
                 for path in files]
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, (out, err)
        assert json.loads(out)["ingested"] == 70
    code, output = run("stories", "--db", location, "--json", "--limit", "10000")
    assert code == 0 and sum(s["article_count"] for s in json.loads(output)) == 140
