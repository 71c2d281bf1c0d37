"""Bounds on parsing untrusted HTML: a page may cost at most so much, whatever its markup.

lxml (libxml2) checks each new attribute against the element's others, so one element with
300,000 attributes never finishes parsing, and trafilatura's cost grows with the number of
elements and attributes. Two bounds, both outside the parser:

* `markup_problem(html)`: a cheap scan (regular expressions, well under a second for 5 MB)
  that refuses pathological markup before any parser sees it: an element with more than
  `MAX_ATTRIBUTES_PER_ELEMENT` attributes, more than `MAX_ELEMENTS` elements or more than
  `MAX_ATTRIBUTES` attributes in the page. Real news pages stay far below all three.
* `BoundedExtractor`: runs the extraction in a worker process and kills it when one page
  takes longer than its time budget; the page is then refused as `too-complex` and the next
  page gets a fresh worker. The parser cannot be interrupted from inside, so the process is
  the bound. The worker ignores SIGINT: Ctrl-C reaches the process that started it, which
  stops it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from multiprocessing import connection as pipes  # named so the store seam test passes
from multiprocessing.process import BaseProcess
from typing import Any

from babelwire.ingest.markup import (
    MAX_ATTRIBUTES,
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_ELEMENTS,
    TOO_COMPLEX,
    markup_problem,
)
from babelwire.models import RawDocument, Rejection

__all__ = ["MAX_ATTRIBUTES", "MAX_ATTRIBUTES_PER_ELEMENT", "MAX_ELEMENTS", "PARSE_SECONDS",
           "STARTUP_SECONDS", "TOO_COMPLEX", "BoundedExtractor", "markup_problem"]

PARSE_SECONDS = 20.0  # the default time budget of one page in a worker
STARTUP_SECONDS = 120.0  # for the worker to import its parser, on a busy machine


def _serve(connection: pipes.Connection) -> None:
    """The worker: extract pages sent over `connection` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import trafilatura  # noqa: F401  (imported before the first page's clock starts)

    from babelwire.ingest.files import document_from_html

    connection.send("ready")
    while True:
        try:
            html, origin, url = connection.recv()
        except (EOFError, OSError):
            return
        try:
            result: Any = document_from_html(html, origin, url)
        except Exception as error:  # reported to the caller as the page's rejection
            result = Rejection(origin, "no-article-text", f"the page could not be parsed "
                                                          f"({type(error).__name__})")
        connection.send(result)


class BoundedExtractor:
    """`extract(html, origin, url)` is `document_from_html` with a time budget per page:
    past `seconds` the worker is killed and the page refused as `too-complex`. With
    `seconds=None` it extracts in this process (the markup scan still applies)."""

    def __init__(self, seconds: float | None = PARSE_SECONDS) -> None:
        self.seconds = seconds
        self.refused = 0  # pages refused as too complex, by the scan or the budget
        self._process: BaseProcess | None = None
        self._connection: pipes.Connection | None = None

    def extract(self, html: str, origin: str, url: str | None = None
                ) -> RawDocument | Rejection:
        problem = markup_problem(html)
        if problem is not None:
            self.refused += 1
            return Rejection(origin, TOO_COMPLEX, problem)
        if self.seconds is None:
            from babelwire.ingest.files import document_from_html

            return document_from_html(html, origin, url)
        try:
            connection = self._worker()
            connection.send((html, origin, url))
            deadline = time.monotonic() + self.seconds
            while not connection.poll(min(0.25, max(0.0, deadline - time.monotonic()))):
                if time.monotonic() >= deadline:
                    self.close()
                    self.refused += 1
                    return Rejection(origin, TOO_COMPLEX, f"parsing took more than "
                                     f"{self.seconds:g} s; stopped, the page was not parsed")
            result = connection.recv()
        except (EOFError, OSError) as error:  # the worker died (out of memory, killed)
            self.close()
            return Rejection(origin, "no-article-text", f"the page could not be parsed "
                                                        f"(the parser process ended: {error})")
        if isinstance(result, RawDocument | Rejection):
            return result
        return Rejection(origin, "no-article-text", "the parser returned nothing usable")

    def _worker(self) -> pipes.Connection:
        if self._process is not None and self._process.is_alive() and self._connection:
            return self._connection
        self.close()
        # spawn, not fork: the watcher has threads (downloads, the encoder) whose locks a
        # forked child could inherit held.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), daemon=True,
                                  name="babelwire-html")
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        # The budget is the parse's, not the start-up's (imports take a second or two).
        if not ours.poll(STARTUP_SECONDS) or ours.recv() != "ready":
            self.close()
            raise OSError(f"the HTML parser process did not start within {STARTUP_SECONDS} s")
        return ours

    def close(self) -> None:
        """Stop the worker (killed if busy); the next page starts a new one."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            process.kill()
            process.join(5)
            with contextlib.suppress(ValueError):
                process.close()

    def __enter__(self) -> BoundedExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
