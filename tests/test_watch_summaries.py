"""Issue 23, `babelwire watch` as a new user reads it: a near-duplicate counts as a duplicate
in the round summary, -v prints each item, a second --once says when the next poll is and how
to force one, and a page from another site keeps its own site name as its source."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from babelwire.cli.watch import SinkBinding, make_watch_command, round_line
from babelwire.ingest.round_order import outlet_of, share_of
from babelwire.ingest.watch_state import RoundReport, SourceReport
from babelwire.models import RawDocument, Rejection
from feedserver import FeedServer
from test_cli_watch import _no_proxies_and_clean_logging, server  # noqa: F401  (fixtures)


def doc(origin: str) -> RawDocument:
    return RawDocument(origin=origin, text="x" * 200)


def test_a_near_duplicate_is_counted_as_a_duplicate_not_as_new():
    batch = [doc("a"), doc("b"), doc("c"), doc("d")]
    result = SimpleNamespace(ingested=4, duplicates=0, rejected=0, rejections=[],
                             duplicate_origins=[], near_duplicate_origins=["c"],
                             near_duplicates=1)
    report = SourceReport("Wire")
    report.count(batch, share_of(batch, result))
    assert (report.new, report.duplicates, report.near_duplicates) == (3, 1, 1)
    line = round_line(RoundReport([report], 1.0))
    assert "3 new, 1 duplicate (1 near-duplicate)" in line


def test_another_sites_page_keeps_its_site_name():
    page = RawDocument(origin="x", text="t", source="Kieler Blatt")
    feed = "http://127.0.0.1:8000/rss.xml"
    assert outlet_of("Local test feed", feed, page, "http://kieler.example/a.html") == (
        "Kieler Blatt")
    # the source's own pages keep its configured name (its country and homepage hang on it)
    assert outlet_of("NRK", "https://www.nrk.no/rss", page, "https://nrk.no/a") == "NRK"
    assert outlet_of("NRK", "https://www.nrk.no/rss", None, "https://x.example/a") == "NRK"


def test_verbose_items_and_the_next_poll(server: FeedServer, tmp_path: Path):  # noqa: F811
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[[source]]
name = "Wire"
url = "{server.url('/rss.xml')}"
interval = 900
""", encoding="utf-8")
    received: list[RawDocument | Rejection] = []
    command = make_watch_command(lambda db_path: SinkBinding(received.extend))
    db = tmp_path / "watch.db"
    first = CliRunner().invoke(command, [str(sources), "--once", "--db", str(db), "-v",
                                         "--timeout", "2"])
    assert first.exit_code == 0, first.output
    items = [line for line in first.output.splitlines() if line.strip().startswith("! Wire:")]
    assert len(items) == 2, first.output  # -v: one line per item read
    again = CliRunner().invoke(command, [str(sources), "--once", "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "nothing due" in again.output and "next poll is Wire in" in again.output
    assert "--force" in again.output
