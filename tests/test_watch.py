"""The watcher end to end against a real local server: rounds, changes, faults, restarts."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.fetch import Fetcher
from babelwire.ingest.sources import SourceConfig
from babelwire.ingest.watch import FeedState, Watcher
from babelwire.models import RawDocument, Rejection
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.store.sqlite import SQLiteStore
from feedserver import (
    ATOM_TYPE,
    HTML_TYPE,
    JSON_TYPE,
    RSS_TYPE,
    STORIES,
    FeedServer,
    Story,
    article_page,
    atom,
    json_feed,
    rss,
)

T0 = 1_700_000_000.0
REPO = Path(__file__).resolve().parents[1]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for story in STORIES.values():
            running.route(f"/articles/{story.slug}.html", article_page(story))
        yield running


def fetcher(**options: object) -> Fetcher:
    settings: dict[str, object] = {"timeout": 0.5, "retries": 1, "backoff": 0.01,
                                   "max_bytes": 200_000, "trust_env": False}
    settings.update(options)
    return Fetcher(**settings)  # type: ignore[arg-type]


def watcher(sources: list[SourceConfig], sink: object, db: Path | sqlite3.Connection,
            clock: Clock | None = None, **options: object) -> Watcher:
    return Watcher(sources, sink, FeedState(db), fetcher(),  # type: ignore[arg-type]
                   clock=clock or Clock(), **options)  # type: ignore[arg-type]


def stories(*slugs: str) -> list[Story]:
    return [STORIES[slug] for slug in slugs]


def documents(items: list[RawDocument | Rejection]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def test_first_round_reads_rss_atom_and_json_feeds(server: FeedServer, tmp_path: Path) -> None:
    base = server.base
    server.route("/rss.xml", rss(stories("harbour-en", "bibliotek-nb"), base),
                 content_type=RSS_TYPE)
    server.route("/atom.xml", atom(stories("radweg-de", "marche-fr"), base),
                 content_type=ATOM_TYPE)
    server.route("/feed.json", json_feed(stories("sequia-es", "most-ru"), base),
                 content_type=JSON_TYPE)
    sources = [SourceConfig("Wire RSS", server.url("/rss.xml"), country="GB", language="en"),
               SourceConfig("Atom Zeitung", server.url("/atom.xml"), language="de"),
               SourceConfig("JSON Diario", server.url("/feed.json"), language="es",
                            homepage="https://diario.example/")]
    got: list[RawDocument | Rejection] = []
    report = watcher(sources, got.extend, tmp_path / "w.db").run_once()
    assert {(s.name, s.status, s.new) for s in report.sources} == {
        (s.name, "ok", 2) for s in sources}
    assert report.new == 6 and report.rejected == 0 and not report.failed
    by_title = {d.title: d for d in documents(got)}
    assert len(by_title) == 6
    for story in STORIES.values():
        doc = by_title[story.title]
        assert story.paragraphs[-1] in doc.text  # from the page, not the feed summary
        assert doc.published == story.published
        assert doc.url == server.url(f"/articles/{story.slug}.html") == doc.origin
    # The feed's language is a prior: a Norwegian item in an English feed keeps no "en" hint.
    nb = by_title[STORIES["bibliotek-nb"].title]
    assert (nb.source, nb.lang_hint, nb.external_id) == ("Wire RSS", None, "bibliotek-nb")
    ru = by_title[STORIES["most-ru"].title]
    assert (ru.source, ru.lang_hint, ru.external_id) == ("JSON Diario", None, "most-ru")
    en = by_title[STORIES["harbour-en"].title]
    assert en.lang_hint == "en"
    rows = sqlite3.connect(tmp_path / "w.db").execute(
        "SELECT name, country, language, homepage FROM watch_sources ORDER BY name").fetchall()
    assert rows[0] == ("Atom Zeitung", None, "de", f"{base}/")
    assert rows[1] == ("JSON Diario", None, "es", "https://diario.example/")
    assert rows[2] == ("Wire RSS", "GB", "en", f"{base}/")


def test_changes_between_rounds_and_conditional_get(server: FeedServer, tmp_path: Path) -> None:
    base, clock = server.base, Clock()
    server.route("/rss.xml", rss(stories("harbour-en", "bibliotek-nb"), base),
                 content_type=RSS_TYPE, etag='"v1"')
    got: list[RawDocument | Rejection] = []
    source = SourceConfig("Feed", server.url("/rss.xml"), interval=60)
    watch = watcher([source], got.extend, tmp_path / "w.db", clock)
    assert watch.run_once().new == 2

    clock.now += 30  # not due yet
    assert watch.run_once().sources == []
    clock.now += 31
    second = watch.run_once()
    assert second.sources[0].status == "not-modified" and second.new == 0
    assert server.requests[-1][1]["if-none-match"] == '"v1"'

    # An old item disappears, a new one appears, the ETag changes.
    server.route("/rss.xml", rss(stories("bibliotek-nb", "radweg-de"), base),
                 content_type=RSS_TYPE, etag='"v2"')
    clock.now += 61
    third = watch.run_once()
    assert third.new == 1 and documents(got)[-1].title == STORIES["radweg-de"].title

    # The old item comes back: still not new. The ETag sent is the latest one.
    server.route("/rss.xml", rss(stories("harbour-en", "bibliotek-nb", "radweg-de"), base),
                 content_type=RSS_TYPE, etag='"v3"')
    clock.now += 61
    assert watch.run_once().new == 0
    assert server.requests[-1][1]["if-none-match"] == '"v2"'
    assert len(got) == 3 and server.hits("/articles/harbour-en.html") == 1


def fault_routes(server: FeedServer) -> dict[str, str]:
    """Feeds with every fault, by source name -> expected reason code."""
    base = server.base
    server.route("/feeds/good.xml", rss(stories("harbour-en", "bibliotek-nb"), base),
                 content_type=RSS_TYPE)
    server.route("/feeds/slow.xml", rss(stories("radweg-de"), base), delay=1.2)
    server.route("/feeds/500.xml", "Internal Server Error", status=500)
    server.route("/feeds/invalid.xml", "<?xml version='1.0'?><rss><channel><item>"
                 "<title>Unclosed</channel></rss>", content_type=RSS_TYPE)
    server.route("/feeds/huge.xml", stream_bytes=1_000_000, content_type=RSS_TYPE)
    undecodable = (b"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>t</title><item>"
                   b"<title>") + bytes(range(0x80, 0xA0)) * 3 + b"</title></item></rss>"
    server.route("/feeds/undecodable.xml", undecodable, content_type=RSS_TYPE)
    server.redirect("/loop/a", "/loop/b")
    server.redirect("/loop/b", "/loop/a")
    server.route("/feeds/front.html", "<!DOCTYPE html><html><body><h1>Front page</h1>"
                 "<p>News</p></body></html>", content_type=HTML_TYPE)
    server.route("/private/feed.xml", rss(stories("marche-fr"), base), content_type=RSS_TYPE)
    return {"Slow": "timeout", "Broken server": "http-500", "Invalid XML": "invalid-xml",
            "Huge": "too-large", "Undecodable": "encoding", "Loop": "redirect-loop",
            "HTML page": "html-not-feed", "Robots": "robots"}


def test_every_fault_is_logged_backs_off_and_spares_the_others(
        server: FeedServer, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    expected = fault_routes(server)
    paths = {"Slow": "/feeds/slow.xml", "Broken server": "/feeds/500.xml",
             "Invalid XML": "/feeds/invalid.xml", "Huge": "/feeds/huge.xml",
             "Undecodable": "/feeds/undecodable.xml", "Loop": "/loop/a",
             "HTML page": "/feeds/front.html", "Robots": "/private/feed.xml"}
    sources = [SourceConfig("Good", server.url("/feeds/good.xml"), interval=100)] + [
        SourceConfig(name, server.url(path), interval=100) for name, path in paths.items()]
    got: list[RawDocument | Rejection] = []
    clock = Clock()
    watch = watcher(sources, got.extend, tmp_path / "w.db", clock, workers=4)
    caplog.set_level(logging.WARNING, logger="babelwire.ingest.watch")
    started = time.monotonic()
    report = watch.run_once()
    assert time.monotonic() - started < 10
    by_name = {s.name: s for s in report.sources}
    assert by_name["Good"].status == "ok" and by_name["Good"].new == 2 and len(got) == 2
    for name, reason in expected.items():
        assert by_name[name].status == "failed", name
        assert (by_name[name].error or "").startswith(reason), by_name[name]
        lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith(name + ":")]
        assert len(lines) == 1 and reason in lines[0] and "\n" not in lines[0], (name, lines)
        state = watch.state.source(name)
        assert state.failures == 1 and state.next_poll == T0 + 200  # backoff: 2 x interval
    assert server.hits("/feeds/500.xml") == 2  # retried once

    clock.now += 150  # only the good source is due
    assert [s.name for s in watch.run_once().sources] == ["Good"]
    clock.now += 100  # the failed ones again: a second failure doubles the wait
    server.route("/feeds/500.xml", rss(stories("radweg-de"), server.base), content_type=RSS_TYPE)
    again = {s.name: s for s in watch.run_once().sources}
    assert again["Broken server"].status == "ok" and again["Broken server"].new == 1
    assert watch.state.source("Broken server").failures == 0
    assert watch.state.source("Invalid XML").failures == 2
    assert watch.state.source("Invalid XML").next_poll == clock.now + 400


def test_wrong_declared_encoding_is_repaired_with_a_warning(server: FeedServer,
                                                           tmp_path: Path) -> None:
    story = STORIES["marche-fr"]
    server.route("/latin1.xml", rss([story], server.base).encode("utf-8").decode("utf-8")
                 .encode("latin-1"), content_type="application/rss+xml")
    got: list[RawDocument | Rejection] = []
    report = watcher([SourceConfig("Latin", server.url("/latin1.xml"))], got.extend,
                     tmp_path / "w.db").run_once()
    assert report.sources[0].status == "ok" and report.sources[0].warnings
    assert documents(got)[0].title == story.title  # "é" intact


def test_page_faults_fall_back_to_the_feed_text(server: FeedServer, tmp_path: Path) -> None:
    base = server.base
    summaries = {
        "robots": ("/private/story.html", "A summary the robots rule forces us to use."),
        "gone": ("/articles/gone.html", "The page is gone but the summary survives."),
        "slow": ("/articles/slow.html", "Slow page, quick summary."),
        "pdf": ("/articles/report.pdf", "A report published as PDF."),
        "nothing": ("/articles/nothing.html", ""),
        "flaky": ("/articles/flaky.html", ""),
    }
    items = [Story(slug, "en", f"Title {slug}", summary, ("",)) for slug, (_, summary)
             in summaries.items()]
    feed = rss(items, base, link_path="/{slug}")
    for slug, (path, _) in summaries.items():
        feed = feed.replace(f"{base}/{slug}<", f"{base}{path}<")
    server.route("/rss.xml", feed, content_type=RSS_TYPE)
    server.route("/private/story.html", article_page(STORIES["harbour-en"]))
    server.route("/articles/slow.html", article_page(STORIES["radweg-de"]), delay=1.0)
    server.route("/articles/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    server.route("/articles/flaky.html", "busy", status=503)
    got: list[RawDocument | Rejection] = []
    clock = Clock()
    watch = watcher([SourceConfig("Feed", server.url("/rss.xml"), interval=10)], got.extend,
                    tmp_path / "w.db", clock, max_attempts=3)
    report = watch.run_once()
    texts = {d.title: d.text for d in documents(got)}
    for slug in ("robots", "gone", "slow", "pdf"):
        assert texts[f"Title {slug}"] == summaries[slug][1]
    assert server.hits("/private/story.html") == 0
    rejected = [r for r in got if isinstance(r, Rejection)]
    assert [r.reason for r in rejected] == ["no-article-text"]
    assert "404" in rejected[0].detail
    assert (report.new, report.rejected) == (4, 1)

    # The item whose page answered 503 is retried next round (the feed is re-read in full),
    # and given up on (rejected) when max_attempts is reached.
    clock.now += 11
    assert watch.run_once().new == 0 and len(got) == 5
    clock.now += 11
    last = watch.run_once()
    assert last.rejected == 1 and isinstance(got[-1], Rejection)
    assert got[-1].origin.endswith("/articles/flaky.html") and "503" in got[-1].detail
    clock.now += 11
    assert watch.run_once().rejected == 0 and len(got) == 6


def test_same_article_through_tracking_links_and_redirects(server: FeedServer,
                                                          tmp_path: Path) -> None:
    base = server.base
    story = STORIES["harbour-en"]
    server.route("/a.xml", rss([story, story], base,
                               link_path="/articles/{slug}.html?utm_source=rss"),
                 content_type=RSS_TYPE)
    server.redirect("/go/harbour", "/articles/harbour-en.html?fbclid=x")
    server.route("/b.xml", rss([replace(story, slug="other-guid")], base,
                               link_path="/go/harbour"), content_type=RSS_TYPE)
    got: list[RawDocument | Rejection] = []
    db = tmp_path / "w.db"
    first = watcher([SourceConfig("A", server.url("/a.xml"))], got.extend, db).run_once()
    second = watcher([SourceConfig("B", server.url("/b.xml"))], got.extend, db).run_once()
    assert (first.new, first.duplicates) == (1, 0)
    assert (second.new, second.duplicates) == (0, 1)
    assert len(got) == 1 and documents(got)[0].url == server.url("/articles/harbour-en.html")


def test_page_sources_are_ingested_once(server: FeedServer, tmp_path: Path) -> None:
    got: list[RawDocument | Rejection] = []
    source = SourceConfig("One page", server.url("/articles/most-ru.html?utm_medium=x"),
                          kind="page", language="ru")
    watch = watcher([source], got.extend, tmp_path / "w.db")
    assert watch.run_once().new == 1
    assert watch.run_once(force=True).new == 0
    doc = documents(got)[0]
    assert doc.title == STORIES["most-ru"].title and doc.lang_hint == "ru"
    assert server.hits("/articles/most-ru.html") == 1


def test_a_failing_sink_keeps_the_items_for_the_next_round(server: FeedServer,
                                                          tmp_path: Path) -> None:
    server.route("/rss.xml", rss(stories("harbour-en"), server.base), content_type=RSS_TYPE)
    got: list[RawDocument | Rejection] = []
    calls = 0

    def flaky_sink(items: list[RawDocument | Rejection]) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database is locked")
        got.extend(items)

    clock = Clock()
    watch = watcher([SourceConfig("F", server.url("/rss.xml"), interval=10)], flaky_sink,
                    tmp_path / "w.db", clock)
    first = watch.run_once()
    assert first.sources[0].status == "failed" and "sink-error" in (first.sources[0].error or "")
    clock.now += 21
    assert watch.run_once().new == 1 and len(got) == 1


def test_shared_connection_makes_sink_and_state_one_transaction(server: FeedServer,
                                                               tmp_path: Path) -> None:
    server.route("/rss.xml", rss(stories("harbour-en"), server.base), content_type=RSS_TYPE)
    db = sqlite3.connect(tmp_path / "w.db", isolation_level=None, check_same_thread=False)
    db.execute("CREATE TABLE stored (url TEXT)")

    def sink_that_dies_after_writing(items: list[RawDocument | Rejection]) -> None:
        for item in items:
            db.execute("INSERT INTO stored VALUES (?)", (item.origin,))
        raise RuntimeError("crash after the write")

    watch = watcher([SourceConfig("F", server.url("/rss.xml"))], sink_that_dies_after_writing,
                    db)
    assert watch.run_once().sources[0].status == "failed"
    assert db.execute("SELECT COUNT(*) FROM stored").fetchone()[0] == 0  # rolled back together
    assert db.execute("SELECT COUNT(*) FROM watch_seen").fetchone()[0] == 0


def test_run_forever_until_stopped(server: FeedServer, tmp_path: Path) -> None:
    import threading

    server.route("/rss.xml", rss(stories("harbour-en"), server.base), content_type=RSS_TYPE)
    got: list[RawDocument | Rejection] = []
    stop = threading.Event()
    rounds = []
    watch = Watcher([SourceConfig("F", server.url("/rss.xml"), interval=1)], got.extend,
                    FeedState(tmp_path / "w.db"), fetcher())

    def on_round(report: object) -> None:
        rounds.append(report)
        if len(rounds) == 2:
            stop.set()

    worker = threading.Thread(target=watch.run_forever, args=(stop,),
                              kwargs={"on_round": on_round})
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive() and len(rounds) == 2 and len(got) == 1


KILL_SCRIPT = textwrap.dedent("""
    import sqlite3, sys
    from babelwire.ingest.fetch import Fetcher
    from babelwire.ingest.sources import SourceConfig
    from babelwire.ingest.watch import FeedState, Watcher

    db_path, base = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS stored (url TEXT)")

    def sink(items):
        for item in items:
            db.execute("INSERT INTO stored VALUES (?)", (item.url,))

    sources = [SourceConfig(f"s{n}", f"{base}/kill/{n}.xml", interval=3600) for n in range(4)]
    fetcher = Fetcher(timeout=5, retries=0, trust_env=False)
    Watcher(sources, sink, FeedState(db), fetcher, workers=1).run_once()
    print("finished")
""")


def test_killed_mid_round_loses_and_duplicates_nothing(server: FeedServer,
                                                      tmp_path: Path) -> None:
    slugs = list(STORIES)
    expected = set()
    for n in range(4):
        items = [replace(STORIES[slugs[(n + k) % 6]], slug=f"k{n}-{k}") for k in range(3)]
        server.route(f"/kill/{n}.xml", rss(items, server.base), content_type=RSS_TYPE)
        for item in items:
            server.route(f"/articles/{item.slug}.html", article_page(item), delay=0.2)
            expected.add(server.url(f"/articles/{item.slug}.html"))
    db_path = tmp_path / "kill.db"
    script = tmp_path / "run_watch.py"
    script.write_text(KILL_SCRIPT)
    command = [sys.executable, str(script), str(db_path), server.base]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)

    def stored() -> int:
        try:
            with sqlite3.connect(db_path, timeout=5) as reader:
                return int(reader.execute("SELECT COUNT(*) FROM stored").fetchone()[0])
        except sqlite3.OperationalError:  # not created yet
            return 0

    def pages_served() -> int:
        return sum(server.hits(f"/articles/k{n}-{k}.html") for n in range(4) for k in range(3))

    # A round reaches the sink once all its downloads are done (in one deterministic order),
    # so the kill lands mid-round while pages are still being fetched.
    deadline = time.monotonic() + 30
    while pages_served() < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.kill()
    process.wait()
    assert process.returncode != 0 and stored() < 12, "the kill did not land mid-round"

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0 and "finished" in rerun.stdout, rerun.stderr
    with sqlite3.connect(db_path) as reader:
        urls = [row[0] for row in reader.execute("SELECT url FROM stored")]
    assert sorted(urls) == sorted(expected)  # every item exactly once


@pytest.mark.slow  # the real encoder
def test_with_the_real_pipeline(server: FeedServer, tmp_path: Path) -> None:
    base = server.base
    server.route("/rss.xml", rss(stories("harbour-en", "bibliotek-nb", "radweg-de"), base),
                 content_type=RSS_TYPE)
    with SQLiteStore(tmp_path / "store.db") as store:
        pipeline = Pipeline(store, HashingEncoder())
        clock = Clock()
        watch = Watcher([SourceConfig("Wire", server.url("/rss.xml"), country="NO",
                                      language="nb", interval=10,
                                      homepage="https://wire.example/")],
                        pipeline.ingest, FeedState(store.connection), fetcher(), clock=clock)
        first = watch.run_once()
        assert (first.new, first.duplicates, first.rejected) == (3, 0, 0)
        # The same text republished under another URL: the pipeline's exact-hash dedup.
        server.route("/articles/copy.html", article_page(STORIES["harbour-en"]))
        server.route("/rss.xml", rss([replace(STORIES["harbour-en"], slug="copy")], base),
                     content_type=RSS_TYPE)
        clock.now += 11
        second = watch.run_once()
        assert (second.new, second.duplicates) == (0, 1)
        rows = store.connection.execute(
            "SELECT a.source, a.url, w.country, w.homepage FROM articles a"
            " JOIN watch_sources w ON w.name = a.source ORDER BY a.id").fetchall()
        # The stories show each article's source with its country and homepage.
        story_id = store.connection.execute("SELECT story_id FROM articles").fetchone()[0]
        detail = views.get_story(store, story_id)
    assert len(rows) == 3
    assert all(tuple(r)[0::2] == ("Wire", "NO") for r in rows)
    assert rows[0][1].startswith(base + "/articles/")
    assert detail is not None
    shown = [a for articles in detail.articles_by_language.values() for a in articles]
    assert shown and all((a.source, a.source_country, a.source_homepage)
                         == ("Wire", "NO", "https://wire.example/") for a in shown)
    from fastapi.testclient import TestClient

    from babelwire.web.app import create_app

    with TestClient(create_app(tmp_path / "store.db", encoder=HashingEncoder())) as client:
        page = client.get(f"/stories/{story_id}").text
    assert '<a class="source" href="https://wire.example/"' in page and ">NO</span>" in page
