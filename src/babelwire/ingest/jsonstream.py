"""Split a JSON file into its records as a stream, without holding the file in memory.

A `.json` file is either one list of records (`[{...}, {...}]`) or one or more top-level
values (`{...}` or JSON lines). `split_json` finds where each record starts and ends with a
small scanner that only tracks strings and brackets, so a 50 MB file costs one record's worth
of memory, a record larger than the limit is skipped (not read into memory) and reported, and
a broken record does not take the ones after it down with it. Each record's text is then parsed
by `json.loads` on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_IN_STRING = re.compile(r'["\\]')
_STRUCTURE = re.compile(r'["\[\]{},]')
_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Piece:
    """One top-level record of a JSON file: its text, or why there is none."""

    index: int  # position among the records of the file
    line: int  # line where it starts (1-based)
    in_list: bool  # an item of a top-level list (origin "file[3]") or a top-level value
    text: str | None  # the record's JSON text; None when `problem` is set
    problem: str = ""  # "too-large" or a malformed-json message


class _Splitter:
    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.mode: str | None = None  # None: nothing read yet; "list" or "values"
        self.active = False  # inside a record
        self.kind = ""  # the record's first character class: "container", "string", "scalar"
        self.depth = 0  # bracket depth inside the record
        self.in_string = self.escape = False
        self.parts: list[str] = []
        self.size = 0
        self.too_big = False
        self.line = self.start_line = 1
        self.index = 0
        self.after_comma = False
        self.out: list[Piece] = []

    # -- bookkeeping ------------------------------------------------------------------------

    def _take(self, segment: str) -> None:
        self.line += segment.count("\n")
        if not self.active or self.too_big:
            return
        self.size += len(segment)
        if self.size > self.max_chars:
            self.too_big, self.parts = True, []
        else:
            self.parts.append(segment)

    def _start(self, char: str) -> None:
        self.active, self.start_line = True, self.line
        self.kind = "container" if char in "[{" else "string" if char == '"' else "scalar"
        self.after_comma = False

    def _end(self, problem: str = "") -> None:
        text = "".join(self.parts).strip()
        in_list = self.mode == "list"
        if self.too_big:
            piece = Piece(self.index, self.start_line, in_list, None, "too-large")
        elif problem:
            piece = Piece(self.index, self.start_line, in_list, None, problem)
        elif not text:
            piece = Piece(self.index, self.start_line, in_list, None, "an empty list item")
        else:
            piece = Piece(self.index, self.start_line, in_list, text)
        self.out.append(piece)
        self.index += 1
        self.active, self.depth, self.parts, self.size, self.too_big = False, 0, [], 0, False

    # -- scanning ---------------------------------------------------------------------------

    def feed(self, chunk: str) -> list[Piece]:
        i, n = 0, len(chunk)
        while i < n:
            if self.in_string:
                i = self._string(chunk, i)
            elif not self.active:
                i = self._between(chunk, i)
            elif self.kind == "scalar" and self.mode == "values":
                match = _SPACE.search(chunk, i)
                end = match.start() if match else n
                self._take(chunk[i:end])
                if match:
                    self._end()
                i = end
            else:
                i = self._structure(chunk, i)
        out, self.out = self.out, []
        return out

    def _string(self, chunk: str, i: int) -> int:
        if self.escape:
            self.escape = False
            self._take(chunk[i])
            return i + 1
        match = _IN_STRING.search(chunk, i)
        if match is None:
            self._take(chunk[i:])
            return len(chunk)
        j = match.start()
        if chunk[j] == "\\":
            if j + 1 < len(chunk):
                self._take(chunk[i:j + 2])
                return j + 2
            self.escape = True
            self._take(chunk[i:])
            return len(chunk)
        self.in_string = False
        self._take(chunk[i:j + 1])
        if self.kind == "string" and self.depth == 0 and self.mode == "values":
            self._end()
        return j + 1

    def _between(self, chunk: str, i: int) -> int:
        match = _NON_SPACE.search(chunk, i)
        if match is None:
            self._take(chunk[i:])
            return len(chunk)
        j = match.start()
        self._take(chunk[i:j])
        char = chunk[j]
        if self.mode is None:
            self.mode = "list" if char == "[" else "values"
            if char == "[":
                return j + 1
        if self.mode == "list" and char in ",]":
            if char == "]":
                if self.after_comma:
                    self._end("a trailing comma before ']'")
                self.mode = "values"  # anything after the list is more top-level values
            else:
                self._end("an empty list item")
                self.after_comma = True
            return j + 1
        self._start(char)
        return j

    def _structure(self, chunk: str, i: int) -> int:
        match = _STRUCTURE.search(chunk, i)
        if match is None:
            self._take(chunk[i:])
            return len(chunk)
        j = match.start()
        char = chunk[j]
        if char == '"':
            self.in_string = True
        elif char in "[{":
            self.depth += 1
        elif char in "]}":
            if self.depth == 0:  # only a list item can meet the list's own ']'
                self._take(chunk[i:j])
                self._end()
                self.mode = "values"
                return j + 1
            self.depth -= 1
            if self.depth == 0 and self.mode == "values":
                self._take(chunk[i:j + 1])
                self._end()
                return j + 1
        elif self.depth == 0 and self.mode == "list":  # a comma between list items
            self._take(chunk[i:j])
            self._end()
            self.after_comma = True
            return j + 1
        self._take(chunk[i:j + 1])
        return j + 1

    def finish(self) -> list[Piece]:
        if self.active:
            if self.kind == "scalar" and self.mode == "values" and not self.in_string:
                self._end()
            else:
                self._end("the file ends inside a record (unterminated string or bracket)")
        elif self.mode == "list":
            self._end("the top-level list is not closed with ']'")
        out, self.out = self.out, []
        return out


def split_json(chunks: Iterable[str], max_chars: int) -> Iterator[Piece]:
    """The records of a JSON document given as text chunks, in order."""
    splitter = _Splitter(max_chars)
    for chunk in chunks:
        yield from splitter.feed(chunk)
    yield from splitter.finish()
