"""Retrying a step while the database connection keeps being lost (a server restart): each
try is one transaction, rolled back whole when it fails, and the store reconnects. Used by the
pipeline and by its worker processes alike, so it lives below both."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from babelwire.errors import ConnectionLost

# A lost database connection (a server restart) is retried after these pauses (about 30 s
# in all) before the run gives up with exit status 4.
RECONNECT_DELAYS = (1.0, 2.0, 4.0, 8.0, 16.0)
log = logging.getLogger("babelwire.pipeline")
_T = TypeVar("_T")


def with_reconnects(step: Callable[[], _T]) -> _T:
    """`step`, run again after a pause while the database connection keeps being lost
    (each try is one transaction, rolled back whole when it fails; the store reconnects)."""
    for delay in (*RECONNECT_DELAYS, None):
        try:
            return step()
        except ConnectionLost as error:
            if delay is None:
                raise
            log.warning("%s; trying again in %g s", error, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
