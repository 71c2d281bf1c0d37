"""The outbox drained in the background (`serve` and `watch`): a thread that runs
`delivery.deliver_due` when a chunk commits (the service wakes it) and every `interval_s`
otherwise, so webhooks go out without a cron job.

Everything `deliver_due` promises holds: each alert is claimed by one process (several
`serve` workers and watchers may run loops on one database), retried with its own backoff,
never POSTed to an internal address unless its watchlist allows it. The loop adds its own
backoff for a store that fails (the database away): it waits longer after each failed pass,
up to MAX_IDLE_S, and goes on. `stop()` lets the POST in flight finish (a claimed delivery
left unfinished is retried after its lease anyway) and, with `drain=True`, makes one last
pass first (`watch --once`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from babelwire.alerts.delivery import TIMEOUT_S, DeliveryReport, Post, deliver_due

log = logging.getLogger("babelwire.alerts")
INTERVAL_S = 5.0
MAX_IDLE_S = 300.0
BATCH = 50


class DeliveryLoop:
    """See the module docstring. `open_store()` is called once, in the loop's thread: the
    loop writes (claims, results) on a connection of its own."""

    def __init__(self, open_store: Callable[[], Any], post: Post,
                 now: Callable[[], float], interval_s: float = INTERVAL_S) -> None:
        self._open_store = open_store
        self._post = post
        self._now = now
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._drain = False
        self._thread = threading.Thread(target=self._run, name="babelwire-deliveries",
                                        daemon=True)
        self.totals = DeliveryReport()
        self.passes = 0
        self.failures = 0  # passes in a row that failed (the store)

    def start(self) -> DeliveryLoop:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wake(self) -> None:
        """Deliver now (a chunk committed: it may have written alerts)."""
        self._wake.set()

    def stop(self, drain: bool = False, timeout: float = TIMEOUT_S + 5) -> None:
        self._drain = drain
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        store = None
        while True:
            stopping = self._stop.is_set()
            if stopping and not self._drain:
                return
            try:
                if store is None:
                    store = self._open_store()
                self._deliver_all(store)
                self.failures = 0
            except Exception as error:  # the store failed: try again later, never die
                self.failures += 1
                log.warning("webhook deliveries: %s: %s (trying again in %.0f s)",
                            type(error).__name__, error, self._delay())
            if stopping:
                return
            self._wake.wait(self._delay())
            self._wake.clear()

    def _delay(self) -> float:
        return min(MAX_IDLE_S, self.interval_s * 2 ** self.failures)

    def _deliver_all(self, store: Any) -> None:
        """Batches until the due ones are done (or a stop without drain is asked)."""
        while True:
            report = deliver_due(store, self._post, self._now, BATCH, self._halting)
            self.passes += 1
            handled = report.delivered + report.retrying + report.failed + report.refused
            for name in ("delivered", "retrying", "failed", "refused"):
                setattr(self.totals, name, getattr(self.totals, name) + getattr(report, name))
            for error in report.errors:
                log.warning("webhook delivery: %s", error)
            if handled < BATCH or self._halting():
                return

    def _halting(self) -> bool:
        """A stop without drain was asked: leave the deliveries not yet claimed."""
        return self._stop.is_set() and not self._drain
