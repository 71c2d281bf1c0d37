"""A polite, fault-tolerant HTTP fetcher on httpx.

`Fetcher.fetch(url)` never raises for network faults: it returns a `FetchResult` whose `error`
is a short reason code ("timeout", "network", "http-500", "too-large", "bad-encoding",
"redirect-loop", "too-many-redirects", "robots", "bad-url", "internal-address") with a
one-sentence `detail`. Content-Encoding layers are inflated within `max_bytes` (decoding.py).
It refuses loopback, private and link-local targets (each redirect hop, and the address the
connection actually reached, see `addresses.py`) unless allowed, and puts one deadline on each
request, headers included, so a server trickling bytes cannot hold it. It retries timeouts,
connection errors, 5xx and 429 with exponential backoff, sends a descriptive User-Agent and
conditional-GET headers, streams bodies and aborts past `max_bytes`, follows redirects itself
(detecting loops), limits concurrent requests per host and honours robots.txt, with its
Crawl-delay (cached per host; an unreachable robots.txt means "disallow all" for a few
minutes, as RFC 9309 asks).
The fetcher is thread-safe: one instance serves all worker threads of a watcher.
What a fetch returns is in `fetch_result.py`; the per-request watchdog in `fetch_guard.py`.
"""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from babelwire import __version__
from babelwire.ingest.addresses import internal_url
from babelwire.ingest.decoding import ACCEPT_ENCODING, BoundedDecoder, DecodingRefused
from babelwire.ingest.fetch_guard import FetchFailure, Watchdog
from babelwire.ingest.fetch_result import FetchResult
from babelwire.ingest.urls import canonical_url, host_of

PROJECT_URL = "https://pypi.org/project/babelwire/"
USER_AGENT = f"babelwire/{__version__} (+{PROJECT_URL})"


def user_agent_with_contact(contact: str | None) -> str:
    """The User-Agent with the operator's contact (an e-mail or URL), so that a site owner
    can reach whoever runs the crawler, as polite crawlers do."""
    contact = " ".join((contact or "").split()).replace("(", "").replace(")", "")
    return f"babelwire/{__version__} (+{PROJECT_URL}; {contact})" if contact else USER_AGENT
ROBOTS_AGENT = "babelwire"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class Fetcher:
    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = 10.0,
                 total_timeout: float | None = None, retries: int = 2, backoff: float = 1.0,
                 max_bytes: int = 5_000_000, max_redirects: int = 5, per_host: int = 2,
                 respect_robots: bool = True, robots_ttl: float = 3600.0,
                 robots_error_ttl: float = 300.0, max_crawl_delay: float = 30.0,
                 trust_env: bool = True, allow_internal: bool = False,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.user_agent = user_agent
        self.total_timeout = total_timeout if total_timeout is not None else 3 * timeout
        self.retries, self.backoff, self.max_bytes = retries, backoff, max_bytes
        self.max_redirects, self.per_host = max_redirects, per_host
        self.respect_robots, self.robots_ttl = respect_robots, robots_ttl
        self.robots_error_ttl, self.max_crawl_delay = robots_error_ttl, max_crawl_delay
        self._sleep = sleep
        self.allow_internal = allow_internal  # the default for fetch(allow_internal=None)
        # Behind a proxy the connection's peer is the proxy: then target names are resolved
        # and checked here instead.
        self._proxied = trust_env and bool(urllib.request.getproxies())
        # No keep-alive: every request opens its own connection, which the deadline watchdog
        # and the peer-address check see.
        headers = {"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                                    trust_env=trust_env, headers=headers,
                                    limits=httpx.Limits(max_keepalive_connections=0))
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, tuple[float, RobotFileParser | None, str]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._crawl_delay: dict[str, float] = {}  # host -> seconds between requests (robots.txt)
        self._next_request: dict[str, float] = {}  # host -> monotonic time of its next turn

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str | None = None, allow_internal: bool | None = None,
              internal_hosts: Collection[str] = ()) -> FetchResult:
        """GET `url` with retries; never raises for network faults. Internal targets
        (loopback, private, link-local) are refused unless `allow_internal` (default: the
        fetcher's own setting) or their host[:port] is one of `internal_hosts`."""
        internal_ok = self.allow_internal if allow_internal is None else allow_internal
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            result = self._fetch_following(url, headers, self.max_bytes, robots=True,
                                           internal_ok=internal_ok,
                                           internal_hosts=internal_hosts)
            result.attempts = attempt
            if not result.transient or attempt > self.retries or result.deadline_expired:
                break  # a server that trickled past the deadline would only do it again
            self._sleep(self._retry_delay(result, attempt))
        result.elapsed = time.monotonic() - started
        return result

    def robots_allows(self, url: str, internal_ok: bool = True) -> tuple[bool, str]:
        """(allowed, reason when not) for `url` under its host's robots.txt."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{host_of(url)}"
        with self._lock:
            host_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with host_lock:
            cached = self._robots.get(origin)
            if cached is None or cached[0] < time.monotonic():
                cached = self._load_robots(origin, internal_ok)
                self._robots[origin] = cached
        _, parser, problem = cached
        if parser is None:
            return False, problem
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self._crawl_delay[host_of(url)] = min(float(delay), self.max_crawl_delay)
        if parser.can_fetch(ROBOTS_AGENT, url):
            return True, ""
        return False, f"robots.txt of {host_of(url)} disallows {parts.path or '/'}"

    # -- internals ------------------------------------------------------------------------------

    def _retry_delay(self, result: FetchResult, attempt: int) -> float:
        delay = self.backoff * 2 ** (attempt - 1)
        retry_after = result.headers.get("retry-after", "")
        if retry_after.isdigit():
            delay = max(delay, min(float(retry_after), 30.0))
        return delay

    def _load_robots(self, origin: str,
                     internal_ok: bool) -> tuple[float, RobotFileParser | None, str]:
        result = self._fetch_following(origin + "/robots.txt", {}, 512_000, robots=False,
                                       internal_ok=internal_ok)
        now = time.monotonic()
        parser = RobotFileParser()
        if result.ok:
            parser.parse(result.text().splitlines())
            return now + self.robots_ttl, parser, ""
        if result.status is not None and 400 <= result.status < 500 and result.status != 429:
            parser.parse([])  # no robots.txt: everything is allowed
            return now + self.robots_ttl, parser, ""
        return (now + self.robots_error_ttl, None,
                f"robots.txt of {host_of(origin)} is unreachable ({result.reason}); "
                "treated as disallow-all for now")

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        """At most `per_host` requests at once to a host, spaced by its robots.txt Crawl-delay
        (capped at `max_crawl_delay`): each request reserves the next turn before it waits."""
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with slot:
            delay = self._crawl_delay.get(host, 0.0)
            if delay > 0:
                with self._lock:
                    now = time.monotonic()
                    turn = max(now, self._next_request.get(host, now))
                    self._next_request[host] = turn + delay
                if turn > now:
                    self._sleep(turn - now)
            yield

    def _fetch_following(self, url: str, headers: dict[str, str], max_bytes: int,
                         robots: bool, internal_ok: bool = False,
                         internal_hosts: Collection[str] = ()) -> FetchResult:
        result = FetchResult(url=url, final_url=url)
        current = url
        seen = {canonical_url(url)}
        try:
            for _hop in range(self.max_redirects + 1):
                scheme = urlsplit(current).scheme.lower()
                if scheme not in ("http", "https") or not host_of(current):
                    raise FetchFailure("bad-url", f"not an http(s) URL: {current[:200]}")
                hop_ok = internal_ok or host_of(current) in internal_hosts
                if not hop_ok and internal_url(current, resolve=self._proxied):
                    raise FetchFailure("internal-address", f"{host_of(current)} is a loopback, "
                                       "private or link-local address; refused (a source may "
                                       "allow it with allow_private = true)")
                if robots and self.respect_robots:
                    allowed, why = self.robots_allows(current, hop_ok)
                    if not allowed:
                        raise FetchFailure("robots", why)
                status, response_headers, content = self._get(current, headers, max_bytes,
                                                              hop_ok)
                result.status, result.headers, result.final_url = status, response_headers, current
                location = response_headers.get("location")
                if status in REDIRECT_STATUSES and location:
                    target = urljoin(current, location.strip())
                    result.redirects.append(target)
                    if canonical_url(target) in seen:
                        chain = " -> ".join([url, *result.redirects])
                        raise FetchFailure("redirect-loop", f"redirect loop: {chain[:300]}", status)
                    seen.add(canonical_url(target))
                    current = target
                    continue
                result.content = content
                if status >= 400:
                    result.error = f"http-{status}"
                    result.detail = f"the server answered HTTP {status}"
                return result
            raise FetchFailure("too-many-redirects",
                               f"more than {self.max_redirects} redirects starting at {url}")
        except FetchFailure as failure:
            result.error, result.detail = failure.error, failure.detail
            result.deadline_expired = failure.deadline
            if failure.status is not None:
                result.status = failure.status
        except ValueError as error:  # a URL that cannot even be split
            result.error, result.detail = "bad-url", f"{error}: {current[:200]}"
        except Exception as error:  # never raise to the caller
            result.error, result.detail = "error", f"{type(error).__name__}: {error}"[:300]
        return result

    def _get(self, url: str, headers: dict[str, str], max_bytes: int,
             internal_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
        with self._slot(host_of(url)):
            watchdog = Watchdog(time.monotonic() + self.total_timeout,
                                 check_peer=not internal_ok and not self._proxied)
            watchdog.timer.start()
            try:
                return self._get_within(url, headers, max_bytes, watchdog)
            except FetchFailure as failure:
                if watchdog.expired and failure.error != "internal-address":
                    raise FetchFailure("timeout", "the response did not complete within "
                                                  f"{self.total_timeout:g} s", failure.status,
                                       deadline=True) from None
                raise
            finally:
                watchdog.timer.cancel()

    def _get_within(self, url: str, headers: dict[str, str], max_bytes: int,
                    watchdog: Watchdog) -> tuple[int, dict[str, str], bytes]:
        deadline = watchdog.deadline
        try:
            with self._client.stream("GET", url, headers=headers,
                                     extensions={"trace": watchdog.trace}) as response:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if status in REDIRECT_STATUSES or status == 304:
                    return status, response_headers, b""
                declared = response_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchFailure("too-large", f"the response declares {int(declared):,} "
                                       f"bytes, more than the {max_bytes:,}-byte limit", status)
                chunks, size = [], 0
                # Raw bytes, inflated here within max_bytes (httpx would inflate each chunk
                # whole: a decompression bomb); see decoding.py.
                decoder = BoundedDecoder(response_headers.get("content-encoding"), max_bytes)
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchFailure("too-large", f"the response exceeded the "
                                           f"{max_bytes:,}-byte limit; download aborted", status)
                    if time.monotonic() > deadline:
                        raise FetchFailure("timeout", "the response did not complete within "
                                                      f"{self.total_timeout:g} s", status,
                                           deadline=True)
                    chunks.append(decoder.feed(chunk))
                chunks.append(decoder.finish())
                return status, response_headers, b"".join(chunks)
        except DecodingRefused as refused:
            raise FetchFailure(refused.reason, refused.detail) from None
        except httpx.TimeoutException as error:
            raise FetchFailure("timeout", f"{type(error).__name__} after "
                                          f"{self._client.timeout.read or 0:g} s") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            raise FetchFailure("bad-url", str(error) or type(error).__name__) from None
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise FetchFailure("network", f"{type(error).__name__}: {error}"[:300]) from None
        except (ValueError, OSError) as error:  # malformed headers, odd sockets
            raise FetchFailure("network", f"{type(error).__name__}: {error}"[:300]) from None
