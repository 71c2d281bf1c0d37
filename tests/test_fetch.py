"""The fetcher against a real local server: retries, limits, redirects, robots.txt."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from babelwire.ingest.fetch import USER_AGENT, Fetcher
from feedserver import RSS_TYPE, FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def make_fetcher(**options: object) -> Fetcher:
    # The test server is on 127.0.0.1: internal targets are allowed unless a test says not.
    settings: dict[str, object] = {"timeout": 0.5, "retries": 1, "backoff": 0.01,
                                   "trust_env": False, "allow_internal": True}
    settings.update(options)
    return Fetcher(**settings)  # type: ignore[arg-type]


def test_success_with_user_agent_and_conditional_get(server: FeedServer) -> None:
    server.route("/f.xml", "<rss/>", content_type=RSS_TYPE, etag='"v1"',
                 last_modified="Wed, 01 May 2024 08:00:00 GMT")
    with make_fetcher() as fetcher:
        first = fetcher.fetch(server.url("/f.xml"))
        assert first.ok and first.content == b"<rss/>" and first.etag == '"v1"'
        again = fetcher.fetch(server.url("/f.xml"), etag=first.etag,
                              last_modified=first.last_modified)
    assert again.not_modified and again.error is None and not again.ok
    path, headers = server.requests[-1]
    assert path == "/f.xml" and headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("babelwire/") and "(+http" in USER_AGENT
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Wed, 01 May 2024 08:00:00 GMT"


def test_500_is_retried_with_backoff_then_reported(server: FeedServer) -> None:
    server.route("/down", "oops", status=500)
    sleeps: list[float] = []
    with make_fetcher(retries=2, backoff=0.01, sleep=sleeps.append) as fetcher:
        result = fetcher.fetch(server.url("/down"))
    assert result.error == "http-500" and result.status == 500 and result.transient
    assert result.attempts == 3 and server.hits("/down") == 3
    assert sleeps == [0.01, 0.02]  # exponential


def test_404_is_not_retried(server: FeedServer) -> None:
    with make_fetcher(retries=3) as fetcher:
        result = fetcher.fetch(server.url("/missing"))
    assert result.error == "http-404" and not result.transient and result.attempts == 1


def test_timeout(server: FeedServer) -> None:
    server.route("/slow", "late", delay=1.5)
    with make_fetcher(retries=0) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(server.url("/slow"))
    assert result.error == "timeout" and result.transient
    assert time.monotonic() - started < 1.4


def test_huge_response_is_aborted(server: FeedServer) -> None:
    server.route("/huge", stream_bytes=3_000_000, content_type=RSS_TYPE)
    server.route("/declared", b"x" * 300_000)
    with make_fetcher(max_bytes=200_000) as fetcher:
        streamed = fetcher.fetch(server.url("/huge"))
        declared = fetcher.fetch(server.url("/declared"))
    assert streamed.error == "too-large" and "aborted" in streamed.detail
    assert len(streamed.content) == 0
    assert declared.error == "too-large" and "declares 300,000" in declared.detail


def test_redirects_followed_and_loops_detected(server: FeedServer) -> None:
    server.redirect("/old", "/new?utm_source=x", status=301)
    server.route("/new", "moved here")
    server.redirect("/loop/a", "/loop/b")
    server.redirect("/loop/b", "/loop/a")
    for hop in range(8):
        server.redirect(f"/chain/{hop}", f"/chain/{hop + 1}")
    with make_fetcher(max_redirects=5) as fetcher:
        moved = fetcher.fetch(server.url("/old"))
        loop = fetcher.fetch(server.url("/loop/a"))
        chain = fetcher.fetch(server.url("/chain/0"))
    assert moved.ok and moved.content == b"moved here"
    assert moved.final_url == server.url("/new?utm_source=x")
    assert loop.error == "redirect-loop" and "/loop/b" in loop.detail
    assert server.hits("/loop/a") == 1  # detected without going round again
    assert chain.error == "too-many-redirects"


def test_robots_txt_is_respected_and_cached(server: FeedServer) -> None:
    server.route("/private/feed.xml", "<rss/>")
    server.route("/public", "hello")
    with make_fetcher() as fetcher:
        blocked = fetcher.fetch(server.url("/private/feed.xml"))
        fine = fetcher.fetch(server.url("/public"))
        fetcher.fetch(server.url("/public"))
    assert blocked.error == "robots" and "disallows /private/feed.xml" in blocked.detail
    assert server.hits("/private/feed.xml") == 0
    assert fine.ok and server.hits("/robots.txt") == 1


def test_missing_robots_allows_and_broken_robots_disallows(server: FeedServer) -> None:
    server.remove("/robots.txt")
    server.route("/page", "hi")
    with make_fetcher() as fetcher:
        assert fetcher.fetch(server.url("/page")).ok
    server.route("/robots.txt", "boom", status=503)
    with make_fetcher() as fetcher:
        result = fetcher.fetch(server.url("/page"))
    assert result.error == "robots" and "unreachable" in result.detail


def test_network_faults_never_raise() -> None:
    with make_fetcher(retries=0, respect_robots=False) as fetcher:
        refused = fetcher.fetch("http://127.0.0.1:9/nothing-listens-here")
        bad = fetcher.fetch("ftp://127.0.0.1/file")
        garbage = fetcher.fetch("http://[::1")
    assert refused.error == "network" and refused.transient
    assert bad.error == "bad-url" and garbage.error == "bad-url"


def test_per_host_concurrency_limit(server: FeedServer) -> None:
    """Deterministic: each request holds the server until a second one is in (or 10 s pass),
    and leaves the count before its response is sent, so the server never counts a request
    whose client has already moved on to the next one."""
    active, peak = 0, 0
    paired = threading.Event()
    lock = threading.Lock()
    server.route("/work", "done")
    original = server._server.RequestHandlerClass.do_GET  # type: ignore[attr-defined]

    def counting(handler: object) -> None:
        nonlocal active, peak
        if getattr(handler, "path", "") != "/work":  # robots.txt comes first, alone
            original(handler)
            return
        with lock:
            active += 1
            peak = max(peak, active)
            if active >= 2:
                paired.set()
        paired.wait(10)
        time.sleep(0.05)  # room for a third request to arrive if the limit were broken
        with lock:
            active -= 1
        original(handler)

    server._server.RequestHandlerClass.do_GET = counting  # type: ignore[attr-defined]
    with make_fetcher(per_host=2, timeout=15) as fetcher:
        threads = [threading.Thread(target=fetcher.fetch, args=(server.url("/work"),))
                   for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert peak == 2


def test_text_decoding() -> None:
    from babelwire.ingest.fetch import FetchResult

    latin = FetchResult("u", "u", 200, "Olá Zürich".encode("latin-1"),
                        {"content-type": "text/html; charset=iso-8859-1"})
    meta = FetchResult("u", "u", 200, b'<meta charset="windows-1251"><p>' +
                       "Привет".encode("cp1251"), {"content-type": "text/html"})
    plain = FetchResult("u", "u", 200, "Grüße".encode(), {})
    assert latin.text() == "Olá Zürich"
    assert "Привет" in meta.text()
    assert plain.text() == "Grüße"


def test_operator_contact_goes_into_the_user_agent(server: FeedServer) -> None:
    from babelwire.ingest.fetch import user_agent_with_contact

    agent = user_agent_with_contact("  news-desk@example.org ")
    assert agent.startswith("babelwire/") and agent.endswith("; news-desk@example.org)")
    assert user_agent_with_contact(None) == user_agent_with_contact("") == USER_AGENT
    assert "((" not in user_agent_with_contact("(me)")
    server.route("/ua", "<rss/>", content_type=RSS_TYPE)
    with make_fetcher(user_agent=agent) as fetcher:
        assert fetcher.fetch(server.url("/ua")).ok
    assert server.requests[-1][1]["user-agent"] == agent


def test_crawl_delay_spaces_requests_to_a_host(server: FeedServer) -> None:
    server.route("/robots.txt", "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n",
                 content_type="text/plain")
    server.route("/a", "one")
    server.route("/b", "two")
    waits: list[float] = []
    with make_fetcher(sleep=waits.append) as fetcher:
        assert fetcher.fetch(server.url("/a")).ok
        assert fetcher.fetch(server.url("/b")).ok
        assert fetcher.fetch(server.url("/private/x")).error == "robots"
    assert len(waits) == 1 and 1.5 < waits[0] <= 2.0  # the second page waited for its turn
    waits.clear()
    server.route("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain")
    with make_fetcher(sleep=waits.append, max_crawl_delay=5.0) as fetcher:
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/b"))
    assert waits and max(waits) <= 5.0  # a huge Crawl-delay is capped
