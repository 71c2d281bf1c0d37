"""Articles in the other files people keep them in: CSV/TSV tables and saved RSS/Atom feeds.

A table is read like JSON records (`records.document_from_record`), one row a record, its
header naming the fields in any case ("Text", "Title", "Date"): a table without a text column
is refused once, with the columns it has. A saved feed gives one article per item, with the
item's full content or, failing that, its summary (`babelwire watch` fetches the pages).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from typing import IO

from babelwire.ingest.records import (
    DATE_FIELDS,
    MAX_ARTICLE_BYTES,
    TEXT_FIELDS,
    derive_title,
    document_from_record,
)
from babelwire.models import RawDocument, Rejection

_RecordItem = RawDocument | Rejection
_KNOWN_FIELDS = {name.casefold(): name
                 for name in (*TEXT_FIELDS, *DATE_FIELDS, "title", "url", "source", "lang", "id")}
_UNIX_TIME = re.compile(r"\d{9,11}(?:\.\d+)?")
# a cell may hold a whole article; the csv module's default limit is 128 KiB
csv.field_size_limit(min(sys.maxsize, max(csv.field_size_limit(), MAX_ARTICLE_BYTES)))


def table_records(handle: IO[str], origin: str, progress: list[int], delimiter: str
                  ) -> Iterator[_RecordItem]:
    """The rows of a CSV (`,`) or TSV (tab) file with a header row, as documents."""
    # strict: a quote never closed is an error, not a cell that swallows the rest of the file
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            yield Rejection(origin, "empty", "the file has no content")
            return
        progress[0] = reader.line_num  # the last line read whole
        fields = [_KNOWN_FIELDS.get(name.strip().casefold(), name.strip()) for name in header]
        if not any(name in fields for name in TEXT_FIELDS):
            yield Rejection(origin, "missing-text", "the header names no 'text', 'body' or "
                            f"'content' column (it has: {', '.join(header)[:200]})")
            return
        for row in reader:
            progress[0] = reader.line_num
            where = f"{origin}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(fields):
                yield Rejection(where, "malformed-record", f"{len(row)} cells in a row under a "
                                f"header of {len(fields)}")
                continue
            record: dict[str, object] = {name: cell for name, cell in zip(fields, row,
                                                                          strict=False) if cell}
            for name in DATE_FIELDS:  # "1600105500": a Unix time, as exports write it
                value = record.get(name)
                if isinstance(value, str) and _UNIX_TIME.fullmatch(value.strip()):
                    record[name] = float(value)
            yield document_from_record(record, where)
    except csv.Error as error:
        yield Rejection(f"{origin}:{progress[0] + 1}", "malformed-csv",
                        f"{error} (a quote opened after line {progress[0]} and never closed, or "
                        "text after a closing quote); the rest of the file is skipped")


def feed_file_documents(data: bytes, origin: str) -> Iterator[_RecordItem]:
    """One document per item of a saved RSS, Atom or JSON feed."""
    from babelwire.ingest.feeds import FeedError, parse_feed  # lxml: only for feeds

    try:
        feed = parse_feed(data)
    except FeedError as error:
        yield Rejection(origin, error.reason, error.detail)
        return
    if not feed.items:
        yield Rejection(origin, "empty", f"the {feed.kind} feed has no items")
    for number, item in enumerate(feed.items, start=1):
        where = item.link or f"{origin}#{number}"
        text = max(item.content, item.summary, key=len).strip()
        if not text:
            yield Rejection(where, "no-article-text", "the item has no text (a feed that gives "
                            "titles only: fetch its pages with `babelwire watch`)")
            continue
        yield RawDocument(origin=where, text=text, title=item.title or derive_title(text),
                          url=item.link, source=feed.title or None, published=item.published,
                          external_id=item.id)
