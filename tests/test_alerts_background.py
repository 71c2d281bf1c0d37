"""Webhook delivery in the background (`Service.start_deliveries`, used by `serve` and
`watch`), against a real HTTP receiver on loopback: alerts of an ingest go out as its chunks
commit, each once (with two loops on one database too), a failure is retried after its
backoff, an internal address is refused unless allowed, and stopping lets the POST in flight
finish. The app starts and stops the loop with the server; `watch --once` drains it."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from babelwire.alerts.delivery import FIRST_BACKOFF_S
from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.watch import pipeline_sink
from babelwire.ingest.files import read_inputs
from babelwire.service import Service
from babelwire.web import create_app
from builders import REPO
from webserver import LiveServer

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
LANGS = ["de", "en", "es", "fr", "lv", "nb", "pl", "ru"]  # every language of ARTICLES


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST body; `statuses` are the
    answers to give in turn (then 204), `hold` delays each answer."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.hold = 0.0
        self.started = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.started.set()
                time.sleep(receiver.hold)
                receiver.bodies.append(body)
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def ids(self) -> list[int]:
        return sorted(int(b["id"]) for b in self.bodies)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    found.thread.start()
    yield found
    found.server.shutdown()
    found.thread.join(timeout=10)


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def watched(path: Path, webhook: str, allow_internal: bool = True) -> Service:
    service = Service(path, encoder=HashingEncoder())
    service.add_watchlist("any", langs=LANGS, webhook=webhook,
                          allow_internal=allow_internal)
    return service


def alert_states(service: Service) -> dict[int, str]:
    return {int(a["id"]): a["delivery"] for a in service.alerts(limit=1000)}


def test_an_ingest_s_alerts_are_posted_once_as_chunks_commit(tmp_path: Path, receiver):
    with watched(tmp_path / "a.db", receiver.url) as service:
        # A long interval: only the chunk's commit can have woken the loop in time.
        loop = service.start_deliveries(interval_s=600)
        assert service.start_deliveries() is loop  # one per process
        service.ingest(read_inputs([ARTICLES]))
        alerts = alert_states(service)
        assert alerts, "the ingest made no alerts to deliver"
        assert wait_for(lambda: len(receiver.bodies) >= len(alerts))
        time.sleep(0.3)  # nothing more comes
        assert receiver.ids() == sorted(alerts)
        assert wait_for(lambda: set(alert_states(service).values()) == {"delivered"})
        assert {b["watchlist"] for b in receiver.bodies} == {"any"}
    assert not loop.running  # closing the service stopped it


def test_two_loops_on_one_database_deliver_each_alert_once(tmp_path: Path, receiver):
    path = tmp_path / "two.db"
    with watched(path, receiver.url) as writer, Service(path) as other:
        other.start_deliveries(interval_s=0.02)  # a second process's loop, polling hard
        writer.start_deliveries(interval_s=0.02)
        writer.ingest(read_inputs([ARTICLES]))
        alerts = alert_states(writer)
        assert wait_for(lambda: set(alert_states(writer).values()) == {"delivered"})
        time.sleep(0.3)
    assert receiver.ids() == sorted(alerts)  # none twice


def test_a_failure_waits_for_its_backoff_and_internal_needs_allowing(tmp_path: Path,
                                                                    receiver):
    clock = [1_000_000.0]
    receiver.statuses = [500]
    with watched(tmp_path / "b.db", receiver.url) as service:
        loop = service.start_deliveries(interval_s=0.02, now=lambda: clock[0])
        service.ingest(read_inputs([ARTICLES]))
        alerts = alert_states(service)
        assert wait_for(lambda: len(receiver.bodies) == len(alerts))
        time.sleep(0.3)  # polled fifteen times meanwhile: the failed one is not due yet
        assert len(receiver.bodies) == len(alerts)
        assert wait_for(lambda: sorted(alert_states(service).values()).count("pending") == 1)
        clock[0] += FIRST_BACKOFF_S
        loop.wake()
        assert wait_for(lambda: set(alert_states(service).values()) == {"delivered"})
        assert len(receiver.bodies) == len(alerts) + 1
    with watched(tmp_path / "c.db", receiver.url, allow_internal=False) as service:
        service.start_deliveries(interval_s=0.02)
        service.ingest(read_inputs([ARTICLES]))
        assert wait_for(lambda: set(alert_states(service).values()) == {"refused"})
    assert len(receiver.bodies) == len(alerts) + 1  # nothing POSTed to the internal one


def test_stop_lets_the_post_in_flight_finish(tmp_path: Path, receiver):
    receiver.hold = 0.5
    with watched(tmp_path / "d.db", receiver.url) as service:
        loop = service.start_deliveries(interval_s=600)
        service.ingest(read_inputs([ARTICLES]))
        assert receiver.started.wait(20)
        service.stop_deliveries()
        assert not loop.running
        states = alert_states(service)
        assert list(states.values()).count("delivered") == len(receiver.bodies) == 1
        assert set(states.values()) == {"delivered", "pending"}  # the rest wait, unclaimed


def test_the_app_runs_the_loop_from_startup_to_shutdown(tmp_path: Path, receiver):
    with watched(tmp_path / "e.db", receiver.url) as service:
        assert service.deliveries is None
        with LiveServer(create_app(service=service, deliver_webhooks=True), lifespan="on"):
            loop = service.deliveries  # started by the app
            assert loop is not None and loop.running
            service.ingest(read_inputs([ARTICLES]))
            assert wait_for(lambda: set(alert_states(service).values()) == {"delivered"})
        assert not loop.running


def test_watch_once_drains_the_outbox_before_it_exits(tmp_path: Path, receiver):
    path = tmp_path / "f.db"
    with watched(path, receiver.url) as service:
        service.ingest(read_inputs([ARTICLES]))  # alerts written, nobody delivering
        alerts = alert_states(service)
    binding = pipeline_sink(path, deliver=True, drain=True)
    binding.close()
    assert receiver.ids() == sorted(alerts)


def test_a_failing_store_is_retried_with_a_growing_wait(tmp_path: Path, receiver):
    from babelwire.alerts.delivery import http_post
    from babelwire.alerts.outbox import DeliveryLoop
    from babelwire.store import open_store

    path = tmp_path / "g.db"
    with watched(path, receiver.url) as service:
        service.ingest(read_inputs([ARTICLES]))
        alerts = alert_states(service)
    attempts: list[float] = []
    opened: list[Any] = []

    def flaky_open() -> Any:  # the database is away for the first four tries
        attempts.append(time.monotonic())
        if len(attempts) <= 4:
            raise OSError("database unreachable")
        opened.append(open_store(path))
        return opened[-1]

    loop = DeliveryLoop(flaky_open, http_post, time.time, interval_s=0.05).start()
    try:
        # failures goes back to 0 when the pass that posted them has recorded the results,
        # a moment after the receiver has the last body
        assert wait_for(lambda: len(receiver.bodies) == len(alerts) and loop.failures == 0)
        assert loop.running  # it went on after the failures
        waits = [b - a for a, b in itertools.pairwise(attempts)]
        assert waits[3] >= 0.75  # 0.1 s, 0.2 s, 0.4 s, then 0.8 s (a wait is never shorter)
    finally:
        loop.stop()
        for store in opened:
            store.close()
    assert not loop.running and receiver.ids() == sorted(alerts)
