"""The watcher is bounded, deterministic and not a proxy into the network it runs in: internal
targets are refused, one deadline holds the whole request, the feed's language is a prior."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from babelwire.ingest.addresses import internal_host, internal_url
from babelwire.ingest.fetch import Fetcher
from babelwire.ingest.round_order import arrival_order, language_prior
from babelwire.ingest.sources import SourceConfig, parse_sources
from babelwire.ingest.watch import FeedState, Watcher
from babelwire.models import RawDocument, Rejection
from feedserver import RSS_TYPE, STORIES, FeedServer, Story, article_page, rss

SECRET = "Internal dashboard: the admin password is hunter2 and the database is open to all."


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def internal() -> Iterator[FeedServer]:
    """Another service on this machine (another port on 127.0.0.1) that must stay private."""
    with FeedServer() as running:
        running.route("/secret.html", article_page(Story(
            "secret", "en", "Admin", SECRET, (SECRET, SECRET, SECRET))))
        yield running


def fetcher() -> Fetcher:
    return Fetcher(timeout=2, retries=0, trust_env=False, respect_robots=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "127.1", "0x7f000001",
                                  "[::1]", "10.1.2.3", "192.168.0.10", "169.254.169.254",
                                  "[::ffff:127.0.0.1]", "0.0.0.0", "foo.localhost"])
def test_internal_spellings_are_recognised(host: str) -> None:
    assert internal_url(f"http://{host}:6379/x", resolve=False)


@pytest.mark.parametrize("host", ["93.184.216.34", "news.example", "[2606:4700::1111]"])
def test_public_hosts_are_not_internal(host: str) -> None:
    assert not internal_host(host.strip("[]"), resolve=False)


def test_fetcher_refuses_internal_targets_by_default(internal: FeedServer) -> None:
    port = internal.base.rsplit(":", 1)[1]
    with fetcher() as fetch:
        results = [fetch.fetch(f"http://{host}:{port}/secret.html")
                   for host in ("127.0.0.1", "localhost", "2130706433", "[::1]")]
    assert [r.error for r in results] == ["internal-address"] * 4
    assert internal.hits("/secret.html") == 0


def feed_pointing_inward(feeds: FeedServer, internal: FeedServer) -> None:
    port = internal.base.rsplit(":", 1)[1]
    feeds.redirect("/moved.html", internal.url("/secret.html"))
    links = [f"http://127.0.0.1:{port}/secret.html", f"http://localhost:{port}/secret.html",
             f"http://2130706433:{port}/secret.html", feeds.url("/moved.html"),
             feeds.url("/articles/harbour-en.html")]
    stories = [replace(STORIES["harbour-en"], slug=f"item{i}") for i in range(len(links))]
    body = rss(stories, "", link_path="{slug}")
    for i, link in enumerate(links):
        body = body.replace(f"<link>item{i}</link>", f"<link>{link}</link>")
    feeds.route("/rss.xml", body, content_type=RSS_TYPE)
    feeds.route("/articles/harbour-en.html", article_page(STORIES["harbour-en"]))


def run_round(source: SourceConfig, tmp_path: Path) -> list[RawDocument | Rejection]:
    got: list[RawDocument | Rejection] = []
    with fetcher() as fetch:
        Watcher([source], got.extend, FeedState(tmp_path / "w.db"), fetch).run_once()
    return got


def test_items_and_redirects_pointing_inward_are_not_fetched(feeds: FeedServer,
                                                             internal: FeedServer,
                                                             tmp_path: Path) -> None:
    feed_pointing_inward(feeds, internal)
    got = run_round(SourceConfig("Local", feeds.url("/rss.xml")), tmp_path)
    assert internal.hits("/secret.html") == 0
    assert not any(SECRET in item.text for item in got if isinstance(item, RawDocument))
    # The feed's own host is internal (a feed on the local network), so its pages are read.
    assert feeds.hits("/articles/harbour-en.html") == 1


def test_allow_private_lets_a_source_reach_its_network(feeds: FeedServer, internal: FeedServer,
                                                       tmp_path: Path) -> None:
    feed_pointing_inward(feeds, internal)
    source = parse_sources({"source": [{"name": "Lab", "url": feeds.url("/rss.xml"),
                                        "allow_private": True}]})[0]
    got = run_round(source, tmp_path)
    assert internal.hits("/secret.html") >= 1
    assert any(SECRET in item.text for item in got if isinstance(item, RawDocument))


def test_allow_private_must_be_a_boolean() -> None:
    with pytest.raises(Exception, match="allow_private"):
        parse_sources({"source": [{"name": "x", "url": "http://a.example/", "allow_private": 1}]})


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """Sends its status line one byte at a time, forever, never finishing the headers."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    def trickle(connection: socket.socket) -> None:
        with connection:
            for byte in (b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000):
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"
    stop.set()
    thread.join()
    listener.close()


def test_a_server_trickling_its_headers_cannot_hold_a_request(trickling_server: str) -> None:
    results = []
    fetch = Fetcher(timeout=1.0, total_timeout=2.0, retries=3, trust_env=False,
                    respect_robots=False, allow_internal=True, sleep=lambda _: None)
    worker = threading.Thread(target=lambda: results.append(fetch.fetch(trickling_server)),
                              daemon=True)
    worker.start()
    worker.join(60)  # a guard against hanging the suite, not a measurement
    fetch.close()
    assert results, "the request was still running after 60 s"
    assert results[0].error == "timeout" and "did not complete" in results[0].detail
    assert results[0].attempts == 1  # cut off by the deadline: trickling again is pointless


def test_watch_once_ends_on_a_trickling_feed(trickling_server: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "Slow"\nurl = "{trickling_server}"\n')
    command = [sys.executable, "-m", "babelwire.cli.main", "watch", str(sources), "--once",
               "--db", str(tmp_path / "w.db"), "--timeout", "1"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 1 and "FAIL" in finished.stdout, finished.stderr


ENGLISH = ("The port authority of the northern harbour said on Tuesday that it will replace four "
           "container cranes that were damaged during last week's storm.")


def test_a_feed_language_is_a_prior_not_a_force() -> None:
    assert language_prior("nb", "Harbour cranes replaced", ENGLISH) is None  # clearly English
    assert language_prior("nb", "", "Oslo 2-1") == "nb"  # too short to tell: the hint stands
    danish = "Regeringen har besluttet at bygge en ny bro over fjorden inden udgangen af året."
    assert language_prior("nb", "", danish) == "nb"  # a close language: the hint stands
    assert language_prior(None, "", ENGLISH) is None


def test_english_item_in_a_norwegian_feed_is_not_forced_to_norwegian(
        feeds: FeedServer, tmp_path: Path) -> None:
    feeds.route("/rss.xml", rss([STORIES["harbour-en"], STORIES["bibliotek-nb"]], feeds.base),
                content_type=RSS_TYPE)
    for slug in ("harbour-en", "bibliotek-nb"):
        feeds.route(f"/articles/{slug}.html", article_page(STORIES[slug]))
    got = run_round(SourceConfig("NRK", feeds.url("/rss.xml"), language="nb"), tmp_path)
    hints = {item.title: item.lang_hint for item in got if isinstance(item, RawDocument)}
    assert hints == {STORIES["harbour-en"].title: None, STORIES["bibliotek-nb"].title: "nb"}


def test_a_round_reaches_the_sink_once_in_published_then_url_order(
        feeds: FeedServer, tmp_path: Path) -> None:
    base = STORIES["harbour-en"].published
    picked = [replace(STORIES[slug], published=base + timedelta(hours=hours))
              for slug, hours in (("radweg-de", 2), ("marche-fr", 0), ("sequia-es", 2),
                                  ("most-ru", 1))]
    slow = {"radweg-de", "marche-fr"}  # finish last, so download order differs from ours
    for story in picked:
        feeds.route(f"/articles/{story.slug}.html", article_page(story),
                    delay=0.3 if story.slug in slow else 0.0)
    feeds.route("/a.xml", rss(picked[:2], feeds.base), content_type=RSS_TYPE)
    feeds.route("/b.xml", rss(picked[2:], feeds.base), content_type=RSS_TYPE)
    calls: list[list[RawDocument | Rejection]] = []
    sources = [SourceConfig("A", feeds.url("/a.xml")), SourceConfig("B", feeds.url("/b.xml"))]
    with fetcher() as fetch:
        report = Watcher(sources, calls.append, FeedState(tmp_path / "w.db"), fetch,
                         workers=4).run_once()
    assert len(calls) == 1
    batch = calls[0]
    assert batch == sorted(batch, key=arrival_order)
    assert [d.url.rsplit("/", 1)[1] for d in batch if isinstance(d, RawDocument) and d.url] == [
        "marche-fr.html", "most-ru.html", "radweg-de.html", "sequia-es.html"]
    assert sorted(s.name for s in report.sources) == ["A", "B"]
    assert all(s.new == 2 for s in report.sources)


@pytest.mark.slow  # many watch rounds against delayed downloads
def test_the_grouping_does_not_depend_on_which_download_finishes_first(
        feeds: FeedServer, tmp_path: Path) -> None:
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.pipeline import Pipeline
    from babelwire.store.sqlite import SQLiteStore

    picked = [replace(STORIES[slug], published=STORIES[slug].published + timedelta(minutes=n))
              for n, slug in enumerate(STORIES)]
    feeds.route("/a.xml", rss(picked[:3], feeds.base), content_type=RSS_TYPE)
    feeds.route("/b.xml", rss(picked[3:], feeds.base), content_type=RSS_TYPE)
    groupings = []
    for slow in (set(list(STORIES)[:3]), set(list(STORIES)[3:])):
        for story in picked:
            feeds.route(f"/articles/{story.slug}.html", article_page(story),
                        delay=0.3 if story.slug in slow else 0.0)
        path = tmp_path / f"run{len(groupings)}.db"
        with SQLiteStore(path) as store, fetcher() as fetch:
            pipeline = Pipeline(store, HashingEncoder())
            sources = [SourceConfig("A", feeds.url("/a.xml")),
                       SourceConfig("B", feeds.url("/b.xml"))]
            Watcher(sources, pipeline.ingest, FeedState(tmp_path / f"w{len(groupings)}.db"),
                    fetch, workers=4).run_once()
            groupings.append([tuple(row) for row in store.connection.execute(
                "SELECT url, story_id, id FROM articles ORDER BY url")])
    assert len(groupings[0]) == 6 and groupings[0] == groupings[1]
