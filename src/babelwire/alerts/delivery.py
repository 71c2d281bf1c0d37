"""Webhook delivery from the alerts outbox. An alert of a watchlist with a webhook is written
`pending` in the transaction of the chunk that causes it; `deliver_due` POSTs it afterwards:

- one process takes it (`claim_delivery` bumps `attempts` only if nobody else did), with a
  lease: a process that dies mid-POST leaves it to be retried once the lease has passed;
- 2xx: `delivered`; an error or another status: retried with exponential backoff (30 s,
  1 min, 2 min ... at most 1 h), `failed` after MAX_ATTEMPTS;
- a webhook whose host is loopback, private or link-local is `refused` unless the watchlist
  allows internal addresses (the watcher's address rules, `ingest.addresses`); redirects are
  not followed.

So each alert is delivered at least once and, short of a crash between the receiver's answer
and the COMMIT that records it, exactly once; its `id` in the body (and the
`Idempotency-Key` header) lets the receiver drop such a repeat."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babelwire.ingest.addresses import internal_url

MAX_ATTEMPTS = 8
FIRST_BACKOFF_S = 30.0
MAX_BACKOFF_S = 3600.0
LEASE_S = 60.0  # how long a claimed delivery is left to its process before a retry
TIMEOUT_S = 10.0

Post = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> HTTP status


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    import httpx

    with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False, trust_env=False) as client:
        return client.post(url, content=body, headers=headers).status_code


def backoff(attempts: int) -> float:
    return min(MAX_BACKOFF_S, FIRST_BACKOFF_S * 2 ** max(0, attempts - 1))


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"delivered": self.delivered, "retrying": self.retrying, "failed": self.failed,
                "refused": self.refused, "errors": self.errors}


def payload(row: dict[str, Any]) -> bytes:
    return json.dumps({key: row[key] for key in (
        "id", "watchlist", "story_id", "reason", "detail", "created", "story_title",
        "story_article_count")}, ensure_ascii=False).encode("utf-8")


def deliver_due(store: Any, post: Post = http_post, now: Callable[[], float] = time.time,
                limit: int = 50, stopping: Callable[[], bool] = lambda: False
                ) -> DeliveryReport:
    """POST the pending alerts whose time has come (see the module docstring); when
    `stopping()` turns true, the rest are left unclaimed for the next run."""
    report = DeliveryReport()
    for row in store.due_deliveries(now(), limit):
        if stopping():
            break
        attempts = int(row["attempts"])
        if not store.claim_delivery(int(row["id"]), attempts, now() + LEASE_S):
            continue  # another process took it
        attempts += 1
        url = str(row["webhook"])
        if not row["allow_internal"] and internal_url(url):
            store.finish_delivery(int(row["id"]), "refused", None,
                                  "internal address (allow it on the watchlist)")
            report.refused += 1
            continue
        try:
            status = post(url, payload(row), {"Content-Type": "application/json",
                                              "Idempotency-Key": f"babelwire-alert-{row['id']}"})
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except Exception as failure:  # any network failure is retried
            error = f"{type(failure).__name__}: {failure}"[:300]
        if error is None:
            store.finish_delivery(int(row["id"]), "delivered", None, None)
            report.delivered += 1
        elif attempts >= MAX_ATTEMPTS:
            store.finish_delivery(int(row["id"]), "failed", None, error)
            report.failed += 1
            report.errors.append(f"alert {row['id']}: {error}")
        else:
            store.finish_delivery(int(row["id"]), "pending", now() + backoff(attempts), error)
            report.retrying += 1
            report.errors.append(f"alert {row['id']}: {error}")
    return report
