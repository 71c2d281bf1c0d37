"""Webhook delivery from the alerts outbox: delivered once, retried with backoff after a
failure, refused for an internal address unless allowed, taken by one process only, and a
claim left by a process that died is retried after its lease."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from babelwire.alerts.delivery import FIRST_BACKOFF_S, LEASE_S, deliver_due, http_post
from babelwire.cli.main import cli
from babelwire.service import Service


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def service_with_alerts(tmp_path: Path, webhook: str, allow_internal: bool = True,
                        stories: int = 2) -> Service:
    service = Service(tmp_path / "d.db")
    added = service.add_watchlist("hook", langs=["en"], webhook=webhook,
                                  allow_internal=allow_internal)
    assert added.id is not None
    with service.store.transaction():
        for story in range(1, stories + 1):
            service.store.open_story(story, f"Story {story}", "en")
        service.store.add_alerts([(added.id, s, "new-story", "", "pending")
                                  for s in range(1, stories + 1)])
    return service


def test_delivered_once_retried_with_backoff_refused_when_internal(tmp_path: Path):
    sent: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    answers = [500, 200, 200]

    def post(url: str, body: bytes, headers: dict[str, str]) -> int:
        sent.append((url, json.loads(body), headers))
        return answers.pop(0)

    clock = Clock()
    with service_with_alerts(tmp_path, "https://hooks.example/babelwire") as service:
        first = service.deliver_alerts(post, clock)
        assert (first.delivered, first.retrying) == (1, 1)
        assert service.deliver_alerts(post, clock).as_dict()["delivered"] == 0  # not due yet
        clock.now += FIRST_BACKOFF_S
        assert service.deliver_alerts(post, clock).delivered == 1
        assert service.deliver_alerts(post, clock).delivered == 0  # nothing left
        assert sorted(body["story_id"] for _, body, _ in sent) == [1, 1, 2]
        assert {body["reason"] for _, body, _ in sent} == {"new-story"}
        assert all(h["Idempotency-Key"] == f"babelwire-alert-{b['id']}" for _, b, h in sent)
        states = {a["story_id"]: (a["delivery"], a["attempts"]) for a in service.alerts()}
    assert states == {1: ("delivered", 2), 2: ("delivered", 1)}

    refused_path = tmp_path / "internal"
    refused_path.mkdir()
    with service_with_alerts(refused_path, "http://127.0.0.1:9/hook",
                             allow_internal=False) as service:
        report = service.deliver_alerts(post, clock)
        assert report.refused == 2 and len(sent) == 3  # never POSTed
        assert {a["delivery"] for a in service.alerts()} == {"refused"}


def test_a_claim_is_taken_once_and_retried_after_its_lease(tmp_path: Path):
    clock = Clock()
    with service_with_alerts(tmp_path, "https://hooks.example/x", stories=1) as service:
        (due,) = service.store.due_deliveries(clock())
        assert service.store.claim_delivery(int(due["id"]), 0, clock() + LEASE_S)
        # A second process saw the same row: its claim fails, so it does not POST.
        assert not service.store.claim_delivery(int(due["id"]), 0, clock() + LEASE_S)
        # The first process died before finishing: nothing is due until the lease passes.
        posted: list[bytes] = []
        assert deliver_due(service.store, lambda u, b, h: posted.append(b) or 200,
                           clock).delivered == 0
        clock.now += LEASE_S + 1
        assert deliver_due(service.store, lambda u, b, h: posted.append(b) or 200,
                           clock).delivered == 1
        assert len(posted) == 1


def test_a_real_post_to_a_loopback_receiver_and_the_cli(tmp_path: Path):
    received: list[bytes] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        assert http_post(url, b"{}", {"Content-Type": "application/json"}) == 204
        with service_with_alerts(tmp_path, url):
            pass
        shown = CliRunner().invoke(cli, ["alerts", "--deliver", "--db",
                                         str(tmp_path / "d.db"), "--json"])
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.output)["delivered"] == 2
        again = CliRunner().invoke(cli, ["alerts", "--deliver", "--db", str(tmp_path / "d.db")])
        assert again.output.startswith("0 delivered")
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert len(received) == 3 and {json.loads(b).get("story_id") for b in received[1:]} == {1, 2}
