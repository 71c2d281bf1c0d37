"""Issue 23: `watch` shows progress while a round runs (downloads, then the analysis of the
new articles): a live line on a terminal, lines of their own with -v elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli import watch_progress
from babelwire.cli.watch import SinkBinding, make_watch_command
from babelwire.cli.watch_progress import ProgressPrinter
from babelwire.ingest.fetch import Fetcher
from babelwire.ingest.sources import load_sources
from babelwire.ingest.watch import FeedState, Watcher
from babelwire.ingest.watch_jobs import RoundProgress
from babelwire.models import RawDocument, Rejection
from feedserver import FeedServer
from test_cli_watch import _no_proxies_and_clean_logging, server  # noqa: F401  (fixtures)


def sources_file(server: FeedServer, folder: Path) -> Path:  # noqa: F811
    path = folder / "sources.toml"
    path.write_text(f"""
[[source]]
name = "Wire"
url = "{server.url('/rss.xml')}"

[[source]]
name = "Broken"
url = "{server.url('/broken.xml')}"
""", encoding="utf-8")
    return path


def test_the_watcher_reports_each_download_and_the_analysis_before_the_sink(
        server: FeedServer, tmp_path: Path) -> None:  # noqa: F811
    events: list[object] = []
    watcher = Watcher(load_sources(sources_file(server, tmp_path)),
                      lambda batch: events.append(("sink", len(batch))),
                      FeedState(tmp_path / "state.db"), Fetcher(timeout=2),
                      on_progress=events.append)
    try:
        watcher.run_once()
    finally:
        watcher.close()
    progress = [e for e in events if isinstance(e, RoundProgress)]
    assert progress[-1].analysing == 2 and events[-1] == ("sink", 2)
    fetching = [p for p in progress if not p.analysing]
    assert [p.sources_done for p in fetching] == sorted(p.sources_done for p in fetching)
    assert fetching[-1].sources_done == fetching[-1].sources == 2
    assert fetching[-1].pages_done == fetching[-1].pages == 2  # the two linked articles
    assert {name for p in fetching for name in p.finished} == {"Wire", "Broken"}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_live_line_is_rewritten_and_wiped() -> None:
    stream = Terminal()
    printer = ProgressPrinter(stream, live=True, verbose=False)
    printer(RoundProgress(1, 3, 4, 10))
    printer(RoundProgress(3, 3, 10, 10, finished=("Wire",)))
    printer(RoundProgress(3, 3, 10, 10, analysing=7))
    lines: list[str] = []
    printer.before(lines.append)("  ok    Wire")
    text = stream.getvalue()
    assert text.count("\r\x1b[K") == 4 and "\n" not in text  # one line, rewritten, then wiped
    assert "1/3 sources fetched, 4/10 pages" in text and "analysing 7 new articles" in text
    assert lines == ["  ok    Wire"] and not printer.shown


def run_watch(server: FeedServer, folder: Path, *options: str):  # noqa: F811
    received: list[RawDocument | Rejection] = []
    command = make_watch_command(lambda db_path: SinkBinding(received.extend))
    return CliRunner().invoke(command, [str(sources_file(server, folder)), "--once", "--db",
                                        str(folder / "watch.db"), "--timeout", "2", *options])


def test_verbose_shows_each_source_done_and_the_analysis(
        server: FeedServer, tmp_path: Path) -> None:  # noqa: F811
    result = run_watch(server, tmp_path, "-v")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    done = [line for line in lines if "downloads done" in line]
    assert {line.split(":")[0].strip(" …") for line in done} == {"Wire", "Broken"}
    analysing = next(i for i, line in enumerate(lines) if "analysing 2 new articles" in line)
    assert analysing < next(i for i, line in enumerate(lines) if line.startswith("  ok"))
    assert "\r" not in result.output  # no live line where stderr is no terminal


def test_a_terminal_gets_the_live_line(server: FeedServer, tmp_path: Path,  # noqa: F811
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_progress, "stderr_is_terminal", lambda: True)
    result = run_watch(server, tmp_path)
    assert result.exit_code == 0, result.output
    assert "\r\x1b[K  … " in result.stderr and "2/2 sources fetched" in result.stderr
    assert "analysing 2 new articles" in result.stderr
    assert "downloads done" not in result.output  # without -v no extra lines
