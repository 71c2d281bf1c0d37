"""Issue 24.1: a page whose markup would make the HTML parser run for minutes is refused as
`too-complex` within a bound, and never holds up the other sources of a `watch` round."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from babelwire.ingest.fetch import Fetcher
from babelwire.ingest.htmlbound import (
    MAX_ATTRIBUTES_PER_ELEMENT,
    BoundedExtractor,
    markup_problem,
)
from babelwire.ingest.sources import SourceConfig
from babelwire.ingest.watch import FeedState, Watcher
from babelwire.models import RawDocument, Rejection
from feedserver import RSS_TYPE, STORIES, FeedServer, article_page, rss

REPO = Path(__file__).resolve().parents[1]


def many_attributes_page(count: int, quote: str = "x") -> str:
    """One element with `count` attributes, the rest a normal article (4.9 MB at 300,000)."""
    attributes = " ".join(f'data-a{i}="{quote}"' for i in range(count))
    return (f"<html><head><title>Bad page</title></head><body><div {attributes}>x</div>"
            f"<article><p>{'A sentence of an ordinary article. ' * 40}</p></article>"
            "</body></html>")


def slow_but_plausible_page() -> str:
    """Within every bound of the markup scan, yet trafilatura needs many seconds for it."""
    element = "<span " + " ".join(f'd{i}="v"' for i in range(MAX_ATTRIBUTES_PER_ELEMENT - 1))
    return ("<html><body>" + (element + ">w</span>") * 350
            + f"<article><p>{'Plain words of an article. ' * 40}</p></article></body></html>")


def test_an_element_with_300k_attributes_is_refused_before_parsing() -> None:
    # In a child process with a deadline: before the fix this never finished.
    code = textwrap.dedent("""
        import time
        from babelwire.ingest.files import document_from_html
        attributes = " ".join(f'data-a{i}="x"' for i in range(300_000))
        page = f"<html><body><div {attributes}>x</div><p>{'Words. ' * 200}</p></body></html>"
        started = time.monotonic()
        result = document_from_html(page, "bad.html")
        print(type(result).__name__, result.reason, len(page), time.monotonic() - started)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    kind, reason, size, seconds = done.stdout.split()
    assert (kind, reason) == ("Rejection", "too-complex")
    assert 4_000_000 < int(size) < 5_000_000  # under the 5 MB page limit
    assert float(seconds) < 10


@pytest.mark.parametrize("quote", ["x", "<", ">"])  # '<' and '>' inside quoted values
def test_the_scan_counts_attributes_as_the_parser_does(quote: str) -> None:
    assert "300,000 attributes" in (markup_problem(many_attributes_page(300_000, quote)) or "")
    assert markup_problem(many_attributes_page(MAX_ATTRIBUTES_PER_ELEMENT, quote)) is None


def test_ordinary_pages_pass_the_scan() -> None:
    for story in STORIES.values():
        assert markup_problem(article_page(story)) is None
    assert markup_problem("<p>" + "a = b, x=y " * 100_000 + "</p>") is None  # text, not tags


def test_a_parse_past_its_time_budget_is_stopped_and_the_next_page_parses() -> None:
    page = slow_but_plausible_page()
    assert markup_problem(page) is None
    with BoundedExtractor(seconds=1.0) as extractor:
        started = time.monotonic()
        refused = extractor.extract(page, "slow.html")
        assert isinstance(refused, Rejection) and refused.reason == "too-complex"
        assert "more than 1 s" in refused.detail
        assert time.monotonic() - started < 30  # 1 s budget + starting the worker
        good = extractor.extract(article_page(STORIES["harbour-en"]), "good.html")
        assert isinstance(good, RawDocument)
        assert STORIES["harbour-en"].paragraphs[-1] in good.text
        assert extractor.refused == 1


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for story in STORIES.values():
            running.route(f"/articles/{story.slug}.html", article_page(story))
        running.route("/rss.xml", rss([STORIES["harbour-en"]], running.base),
                      content_type=RSS_TYPE)
        running.route("/bad.html", many_attributes_page(300_000))
        running.route("/slow.html", slow_but_plausible_page())
        yield running


def test_one_bad_page_does_not_hold_up_the_round(server: FeedServer, tmp_path: Path) -> None:
    sources = [SourceConfig("Bad", server.url("/bad.html"), kind="page"),
               SourceConfig("Slow", server.url("/slow.html"), kind="page"),
               SourceConfig("Wire", server.url("/rss.xml"))]
    got: list[RawDocument | Rejection] = []
    fetcher = Fetcher(timeout=5, retries=0, trust_env=False, allow_internal=True)
    watcher = Watcher(sources, got.extend, FeedState(tmp_path / "w.db"), fetcher,
                      extractor=BoundedExtractor(seconds=1.0))
    reports = []
    thread = threading.Thread(target=lambda: reports.append(watcher.run_once()), daemon=True)
    thread.start()
    thread.join(90)  # the round ends: it used to stall on the bad page forever
    watcher.close()
    fetcher.close()
    assert not thread.is_alive() and reports
    by_name = {s.name: s for s in reports[0].sources}
    assert by_name["Wire"].new == 1
    assert (by_name["Bad"].rejected, by_name["Bad"].too_complex) == (1, 1)
    assert (by_name["Slow"].rejected, by_name["Slow"].too_complex) == (1, 1)
    reasons = {item.origin.rsplit("/", 1)[-1]: item.reason for item in got
               if isinstance(item, Rejection)}
    assert reasons == {"bad.html": "too-complex", "slow.html": "too-complex"}
