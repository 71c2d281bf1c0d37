"""Retrying a step while the database stays unavailable (a server restart, a lost connection;
SQLite's lock held too long, disk full, file replaced): each try is one transaction, rolled
back whole when it fails, and the store reopens its connection. Used by the
pipeline and by its worker processes alike, so it lives below both."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from babelwire.errors import StoreUnavailable

# An unavailable database (a server restart, a full disk) is retried after these pauses (about 30 s
# in all) before the run gives up with exit status 4.
RECONNECT_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
log = logging.getLogger("babelwire.pipeline")
_T = TypeVar("_T")


def with_reconnects(step: Callable[[], _T]) -> _T:
    """`step`, run again after a pause while the database stays unavailable (each try is
    one transaction, rolled back whole when it fails; the store reconnects)."""
    for delay in (*RECONNECT_DELAYS, None):
        try:
            return step()
        except StoreUnavailable as error:
            if delay is None:
                raise
            log.warning("%s; trying again in %g s", error, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
