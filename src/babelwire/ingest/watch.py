"""Live ingestion: poll feeds and pages on a schedule and send new articles to a sink.

Per due source: fetch the feed (conditional GET) -> parse -> keep items not seen before (by
guid and canonical URL) -> fetch each linked page -> extract the article text with trafilatura
(the feed's own content or summary when extraction fails or is too short) -> `RawDocument`
(source = the source's name, lang_hint = its language unless the text is clearly in another,
published = the item's date) -> sink.
Network work runs in a thread pool; extraction, the sink and all database writes run in the
calling thread. The round's new items reach the sink together once every download is done, in
one order (published time, then URL), so the stories do not depend on which download finished
first. Every fault is one logged line; a failing source backs off exponentially while the
others keep going. Items may not reach loopback, private or link-local addresses unless the
source's own host is one or the source says `allow_private = true`.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace

from babelwire.durations import human_duration
from babelwire.errors import StoreError
from babelwire.ingest.addresses import internal_url
from babelwire.ingest.feeds import FeedError, FeedItem, parse_feed
from babelwire.ingest.fetch import FEED_ACCEPT, HTML_ACCEPT, Fetcher, FetchResult
from babelwire.ingest.files import derive_title
from babelwire.ingest.htmlbound import TOO_COMPLEX, BoundedExtractor
from babelwire.ingest.round_order import arrival_order, language_prior, outlet_of, share_of
from babelwire.ingest.sources import SourceConfig
from babelwire.ingest.urls import canonical_url, host_of
from babelwire.ingest.watch_jobs import RoundProgress, WatchEntry, WatchJob, round_progress
from babelwire.ingest.watch_state import FeedState, RoundReport, SourceReport, SourceState
from babelwire.models import RawDocument, Rejection

__all__ = ["FeedState", "RoundReport", "Sink", "SourceReport", "Watcher"]

log = logging.getLogger("babelwire.ingest.watch")
Sink = Callable[[list[RawDocument | Rejection]], object]
MAX_BACKOFF = 6 * 3600.0


class Watcher:
    def __init__(self, sources: Sequence[SourceConfig], sink: Sink, state: FeedState,
                 fetcher: Fetcher | None = None, *, workers: int = 4,
                 min_text_chars: int = 200, max_items_per_source: int = 100,
                 max_attempts: int = 3, seen_ttl: float = 90 * 86400.0,
                 on_source: Callable[[SourceReport], None] | None = None,
                 clock: Callable[[], float] = time.time,
                 extractor: BoundedExtractor | None = None,
                 on_progress: Callable[[RoundProgress], None] | None = None) -> None:
        self.sources = list(sources)
        self.sink, self.state = sink, state
        self.fetcher = fetcher or Fetcher()
        self.workers, self.min_text_chars = workers, min_text_chars
        self.max_items, self.max_attempts, self.seen_ttl = (max_items_per_source, max_attempts,
                                                            seen_ttl)
        self.on_source, self.clock, self.on_progress = on_source, clock, on_progress
        # Pages are parsed here unless given an extractor with a time budget (`watch` gives
        # one); the markup scan refuses pathological pages either way.
        self.extractor = extractor or BoundedExtractor(seconds=None)
        self._internal_hosts: dict[str, tuple[str, ...]] = {}
        state.register(self.sources)

    def close(self) -> None:
        """Stop the page parser's worker process, if one was started."""
        self.extractor.close()

    def internal_hosts(self, source: SourceConfig) -> tuple[str, ...]:
        """The internal host[:port] this source may reach: its own, when it is internal (a
        feed served on the local network); any other internal target is refused."""
        if source.name not in self._internal_hosts:
            own = host_of(source.url)
            self._internal_hosts[source.name] = (own,) if internal_url(source.url) else ()
        return self._internal_hosts[source.name]

    # -- scheduling ------------------------------------------------------------------------------

    def due(self, now: float | None = None) -> list[SourceConfig]:
        now = self.clock() if now is None else now
        return [s for s in self.sources if self.state.source(s.name).next_poll <= now]

    def run_once(self, force: bool = False, stop: threading.Event | None = None) -> RoundReport:
        """Poll every due source (every source with force=True) once."""
        started = time.monotonic()
        report = RoundReport()
        jobs = [WatchJob(s, self.state.source(s.name), time.monotonic())
                for s in (self.sources if force else self.due())]
        pending: dict[Future[FetchResult], tuple[WatchJob, WatchEntry | None]] = {}
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="watch") as pool:

            def submit(job: WatchJob, entry: WatchEntry | None, url: str,
                       **kwargs: str | None) -> None:
                future = pool.submit(self.fetcher.fetch, url, **kwargs,
                                     allow_internal=job.source.allow_private,
                                     internal_hosts=self.internal_hosts(job.source))
                pending[future] = (job, entry)

            for job in jobs:
                if job.source.kind == "page":
                    self._start_page_source(job, submit)
                else:
                    submit(job, None, job.source.url, etag=job.state.etag,
                           last_modified=job.state.last_modified, accept=FEED_ACCEPT)
            ready: list[WatchJob] = []
            self._finish_ready(jobs, ready)
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    job, entry = pending.pop(future)
                    if job.delivered:
                        continue  # failed while its pages were in flight
                    try:
                        result = future.result()
                        if entry is not None:
                            entry.page = result
                            job.outstanding -= 1
                        elif job.source.kind == "page":
                            self._on_page_source(job, result)
                        else:
                            self._on_feed(job, result, submit)
                    except Exception as error:  # a bug with one source must not stop the rest
                        log.exception("%s: internal error", job.source.name)
                        self._fail(job, f"internal-error: {error!r}")
                if stop is not None and stop.is_set():
                    for future in pending:
                        future.cancel()
                    pending.clear()
                self._finish_ready(jobs, ready)
        self._deliver_round(ready, report)
        report.elapsed = time.monotonic() - started
        if report.sources:
            removed = self.state.prune(self.clock() - self.seen_ttl)
            if removed:
                log.info("forgot %d item keys not listed in any feed for a while", removed)
        return report

    def run_forever(self, stop: threading.Event,
                    on_round: Callable[[RoundReport], None] | None = None,
                    max_sleep: float = 60.0, first_retry: float = 1.0) -> None:
        """Poll on schedule until `stop` is set; a finished source is never redone. A broken
        round (database restarting, locked, full) is retried after `first_retry` s, doubling
        up to `max_sleep`; the store reconnects on next use, and what was not committed is
        fetched again."""
        failures = 0
        while not stop.is_set():
            try:
                report = self.run_once(stop=stop)
                if on_round is not None and report.sources:
                    on_round(report)
                polls = [self.state.source(s.name).next_poll for s in self.sources]
                wait_s = min(polls, default=self.clock() + max_sleep) - self.clock()
                failures = 0
            except Exception as error:  # tried again, with backoff
                failures += 1
                wait_s = min(max_sleep, first_retry * 2 ** min(failures - 1, 30))
                if isinstance(error, StoreError):  # expected: no traceback, one line
                    log.error("the round failed (%s); trying again in %s", error,
                              human_duration(wait_s))
                else:
                    log.exception("the round failed; trying again in %s", human_duration(wait_s))
            stop.wait(min(max(wait_s, 0.2), max_sleep))

    # -- per-source steps ------------------------------------------------------------------------

    def _keys(self, source: str, item: FeedItem) -> list[str]:
        keys = []
        if item.id:
            keys.append(f"id:{source}:{item.id}")
        if item.link:
            keys.append(f"url:{canonical_url(item.link)}")
        if not keys:
            digest = hashlib.sha1(f"{item.title}\n{item.content or item.summary}".encode())
            keys.append(f"id:{source}:sha1:{digest.hexdigest()}")
        return keys

    def _new_entries(self, source: SourceConfig, items: Iterable[FeedItem]) -> list[WatchEntry]:
        entries: list[WatchEntry] = []
        claimed: set[str] = set()
        candidates = [(item, self._keys(source.name, item)) for item in items]
        seen = self.state.seen(k for _, keys in candidates for k in keys)
        for item, keys in candidates:
            if claimed.intersection(keys):
                continue  # the same item twice in one feed
            claimed.update(keys)
            states = [seen[k] for k in keys if k in seen]
            if any(status != "retry" for status, _ in states):
                continue
            attempts = max((a for _, a in states), default=0)
            entries.append(WatchEntry(item, keys, attempts))
        return entries

    def _on_feed(self, job: WatchJob, result: FetchResult,
                 submit: Callable[..., None]) -> None:
        job.fetched = result
        if result.not_modified:
            job.report = SourceReport(job.source.name, status="not-modified")
            return
        if result.error:
            self._fail(job, result.reason)
            return
        try:
            feed = parse_feed(result.content, result.final_url, result.content_type)
        except FeedError as error:
            self._fail(job, str(error))
            return
        job.report = SourceReport(job.source.name, warnings=list(feed.warnings))
        for warning in feed.warnings:
            log.warning("%s: %s", job.source.name, warning)
        job.entries = self._new_entries(job.source, feed.items)
        job.listed = [k for item in feed.items for k in self._keys(job.source.name, item)]
        if len(job.entries) > self.max_items:
            job.entries, job.complete = job.entries[: self.max_items], False
        for entry in job.entries:
            if entry.item.link:
                job.outstanding += 1
                submit(job, entry, entry.item.link, accept=HTML_ACCEPT)

    def _start_page_source(self, job: WatchJob, submit: Callable[..., None]) -> None:
        key = f"url:{canonical_url(job.source.url)}"
        if key in self.state.seen([key]):
            job.report = SourceReport(job.source.name, status="not-modified")
        else:
            submit(job, None, job.source.url, accept=HTML_ACCEPT)

    def _on_page_source(self, job: WatchJob, result: FetchResult) -> None:
        job.fetched = result
        if result.error:
            self._fail(job, result.reason)
            return
        item = FeedItem(title="", link=job.source.url)
        keys = [f"url:{canonical_url(job.source.url)}"]
        job.entries = [WatchEntry(item, keys, 0, page=result)]
        job.report = SourceReport(job.source.name)

    def _fail(self, job: WatchJob, reason: str) -> None:
        failures = job.state.failures + 1
        delay = min(max(job.source.interval * 2 ** min(failures, 10), job.source.interval),
                    max(MAX_BACKOFF, job.source.interval))
        job.report = SourceReport(job.source.name, status="failed", error=reason,
                                  retry_in=delay)
        job.entries, job.outstanding = [], 0
        log.warning("%s: %s (failure %d; next try in %s)", job.source.name, reason, failures,
                    human_duration(delay), extra={"source_failure": True})

    def _finish_ready(self, jobs: list[WatchJob], ready: list[WatchJob]) -> None:
        """Turn each source whose downloads are all done into its documents and marks."""
        finished = len(ready)
        for job in jobs:
            if job.report is not None and job.outstanding == 0 and not job.delivered:
                job.delivered = True
                try:
                    self._prepare(job)
                except Exception as error:  # e.g. the database is gone: say so, go on
                    log.exception("%s: could not record the results", job.source.name)
                    job.report.status, job.report.error = "failed", f"state-error: {error!r}"
                    job.batch, job.marks = [], []
                ready.append(job)
        if self.on_progress is not None:  # after every download: "3/7 sources, 12/40 pages"
            self.on_progress(round_progress(jobs, finished=tuple(
                job.source.name for job in ready[finished:])))

    # -- building documents and committing -------------------------------------------------------

    def _document(self, job: WatchJob, entry: WatchEntry) -> RawDocument | Rejection | None:
        """A document, a rejection, or None to try the item again next round."""
        item, page, source = entry.item, entry.page, job.source
        origin = page.final_url if page else item.link
        url = canonical_url(origin) if origin else None
        origin = origin or f"{source.url}#{entry.keys[0]}"  # an item with no link of its own
        extracted: RawDocument | None = None
        refused: Rejection | None = None  # the page's markup is too complex to parse
        problem = page.reason if page is not None and not page.ok else ""
        content_type = page.content_type.lower() if page is not None else ""
        if page is not None and page.ok and content_type and "html" not in content_type:
            problem = f"not-html ({page.content_type})"
        elif page is not None and page.ok:
            try:
                doc = self.extractor.extract(page.text(), origin, url)
            except Exception as error:  # the extractor choking on one page must not stop us
                doc = Rejection(origin, "extraction-error", repr(error)[:200])
            extracted = doc if isinstance(doc, RawDocument) else None
            problem = doc.reason if isinstance(doc, Rejection) else ""
            if isinstance(doc, Rejection) and doc.reason == TOO_COMPLEX:
                refused, problem = doc, f"{doc.reason}: {doc.detail}"
                if job.report is not None:
                    job.report.too_complex += 1
        fallback = max((item.content, item.summary), key=len)
        if extracted is not None and len(extracted.text) >= min(self.min_text_chars,
                                                                len(fallback)):
            text, title = extracted.text, item.title or extracted.title
        elif fallback.strip():
            text, title = fallback, item.title
            if problem:
                log.warning("%s: %s: %s; using the feed's text", source.name, origin, problem)
        elif page is not None and page.transient and entry.attempts + 1 < self.max_attempts:
            log.warning("%s: %s: %s; will retry", source.name, origin, problem)
            return None
        elif refused is not None:
            return refused
        else:
            return Rejection(origin, "no-article-text", problem or "no text in page or feed")
        title = title or derive_title(text)
        return RawDocument(origin=origin, text=text, title=title, url=url,
                           source=outlet_of(source.name, source.url, extracted, origin),
                           lang_hint=language_prior(source.language, title, text),
                           published=item.published or (extracted.published if extracted
                                                        else None), external_id=item.id or None)

    def _prepare(self, job: WatchJob) -> None:
        report = job.report
        assert report is not None
        in_batch: set[str] = set()
        for entry in job.entries:
            if entry.page is not None and entry.page.ok:
                final = f"url:{canonical_url(entry.page.final_url)}"
                status = self.state.seen([final]).get(final, ("retry", 0))[0]
                if final in in_batch or (final not in entry.keys and status != "retry"):
                    report.duplicates += 1  # reached an article handled before via another link
                    job.marks.append((entry.keys, "done", 0))
                    continue
                in_batch.add(final)
                entry.keys.append(final)
            document = self._document(job, entry)
            if document is None:
                job.complete = False
                job.marks.append((entry.keys, "retry", entry.attempts + 1))
                continue
            job.batch.append(document)
            if isinstance(document, RawDocument):  # -v: each item as it is read
                log.info("%s: %s <%s>", job.source.name, document.title[:80], document.origin)
            status = "done" if isinstance(document, RawDocument) else "rejected"
            job.marks.append((entry.keys, status, 0))

    def _deliver_round(self, jobs: list[WatchJob], report: RoundReport) -> None:
        """One sink call for the round's items in `arrival_order`, then every source's marks."""
        now = self.clock()
        position = {source.name: index for index, source in enumerate(self.sources)}
        jobs = sorted(jobs, key=lambda job: position.get(job.source.name, len(position)))
        batch = sorted((item for job in jobs for item in job.batch), key=arrival_order)
        if self.on_progress is not None and batch:
            self.on_progress(round_progress(jobs, analysing=len(batch)))
        try:
            if self.state.shared:
                with self.state.transaction():
                    result = self.sink(batch) if batch else None
                    for job in jobs:
                        self._commit(job, job.marks, now)
            else:
                result = self.sink(batch) if batch else None
                with self.state.transaction():
                    for job in jobs:
                        self._commit(job, job.marks, now)
        except Exception as error:
            log.exception("the sink failed")
            result = None
            for job in jobs:
                if job.batch:
                    self._fail(job, f"sink-error: {error!r}")
            try:
                with self.state.transaction():
                    for job in jobs:
                        self._commit(job, [] if job.batch else job.marks, now)
            except Exception:  # the state is unreachable too: the next round redoes all
                log.exception("could not record the round")
        for job in jobs:
            assert job.report is not None
            if job.report.status != "failed":
                job.report.count(job.batch, share_of(job.batch, result))
                job.report.elapsed = time.monotonic() - job.started
            report.sources.append(job.report)
            if self.on_source is not None:
                self.on_source(job.report)

    def _commit(self, job: WatchJob, marks: list[tuple[list[str], str, int]], now: float) -> None:
        report, old = job.report, job.state
        assert report is not None
        self.state.touch(job.listed, now)
        for keys, status, attempts in marks:
            self.state.mark(job.source.name, keys, status, now, attempts)
        if report.status == "failed":
            failures = old.failures + 1
            new = replace(old, failures=failures, next_poll=now + (report.retry_in or 0),
                          last_error=report.error)
        else:
            # Keep validators only when every listed item was handled: a 304 next time must
            # not hide items left for later.
            fetched, etag, modified = job.fetched, old.etag, old.last_modified
            if not job.complete:
                etag = modified = None
            elif fetched is not None and fetched.ok:
                etag, modified = fetched.etag, fetched.last_modified
            new = SourceState(etag, modified, failures=0, next_poll=now + job.source.interval)
            report.retry_in = job.source.interval
        self.state.update_source(job.source.name, new, now, ok=report.status != "failed")

