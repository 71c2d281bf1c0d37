"""Progress of a `watch` round while it runs: downloads can take half a minute and analysing
the new articles longer, and the per-source lines only come at the end of the round.

On a terminal, one status line on stderr is rewritten as downloads finish ("3/7 sources
fetched, 12/40 pages") and while the new articles are analysed; it is wiped before the round's
own lines. Elsewhere (a log file, a pipe) nothing is rewritten: with -v each source whose
downloads ended and the analysis step get a line of their own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from babelwire.cli.format import plural
from babelwire.ingest.watch_jobs import RoundProgress

_WIPE = "\r\x1b[K"  # back to the line's start, clear to its end


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def progress_text(progress: RoundProgress) -> str:
    if progress.analysing:
        return f"analysing {plural(progress.analysing, 'new article')}…"
    pages = f", {progress.pages_done}/{progress.pages} pages" if progress.pages else ""
    return f"{progress.sources_done}/{progress.sources} sources fetched{pages}"


class ProgressPrinter:
    """`Watcher(on_progress=...)`: the live line on a terminal, -v lines elsewhere."""

    def __init__(self, stream: TextIO, live: bool, verbose: bool) -> None:
        self.stream, self.live, self.verbose = stream, live, verbose
        self.shown = False

    def __call__(self, progress: RoundProgress) -> None:
        if not progress.sources:
            return  # nothing due: the round says so itself
        if self.live:
            self.stream.write(f"{_WIPE}  … {progress_text(progress)}")
            self.shown = True
        elif self.verbose:
            for name in progress.finished:
                self.stream.write(f"  … {name}: downloads done ({progress_text(progress)})\n")
            if progress.analysing:
                self.stream.write(f"  … {progress_text(progress)}\n")
        self.stream.flush()

    def wipe(self) -> None:
        """Clear the live line before a line of the round's own."""
        if self.shown:
            self.stream.write(_WIPE)
            self.stream.flush()
            self.shown = False

    def before(self, echo: Callable[[str], None]) -> Callable[[str], None]:
        def wiped(line: str) -> None:
            self.wipe()
            echo(line)
        return wiped


def progress_printer(verbose: bool) -> ProgressPrinter:
    return ProgressPrinter(sys.stderr, stderr_is_terminal(), verbose)
