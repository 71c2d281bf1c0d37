"""`babelwire watch` through the store seam, on SQLite and PostgreSQL: the real pipeline
commits under its own lease, the watcher's state lives in the same store (its own short
transactions), and the stories show each source's metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.fetch import Fetcher
from babelwire.ingest.sources import SourceConfig
from babelwire.ingest.watch import FeedState, Watcher
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.store import open_store
from feedserver import RSS_TYPE, STORIES, FeedServer, article_page, rss


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for story in STORIES.values():
            running.route(f"/articles/{story.slug}.html", article_page(story))
        yield running


def test_watch_into_any_store(server: FeedServer, store_location: str) -> None:
    stories = [STORIES[s] for s in ("harbour-en", "bibliotek-nb", "radweg-de")]
    server.route("/rss.xml", rss(stories, server.base), content_type=RSS_TYPE)
    now = [1_700_000_000.0]
    fetcher = Fetcher(timeout=2, retries=0, trust_env=False)
    with open_store(store_location) as store:
        pipeline = Pipeline(store, HashingEncoder())
        state = FeedState(store, shared=False)
        watch = Watcher([SourceConfig("Wire", server.url("/rss.xml"), country="NO",
                                      language="nb", interval=10,
                                      homepage="https://wire.example/")],
                        pipeline.ingest, state, fetcher, clock=lambda: now[0])
        first = watch.run_once()
        assert (first.new, first.duplicates, first.rejected) == (3, 0, 0)
        assert watch.run_once().sources == []  # nothing due: the schedule is in the store
        server.route("/articles/copy.html", article_page(STORIES["harbour-en"]))
        server.route("/rss.xml", rss([replace(STORIES["harbour-en"], slug="copy")],
                                     server.base), content_type=RSS_TYPE)
        now[0] += 11
        second = watch.run_once()
        assert (second.new, second.duplicates) == (0, 1)
        listed = views.list_stories(store, limit=10)
        details = [views.get_story(store, s.id) for s in listed]
        shown = [a for d in details if d for group in d.articles_by_language.values()
                 for a in group]
        assert store.counts()["articles"] == 3
        assert {(a.source, a.source_country, a.source_homepage) for a in shown} == {
            ("Wire", "NO", "https://wire.example/")}
    fetcher.close()
