"""JSON records -> RawDocument | Rejection, and the limits every input is held to.

A record is checked field by field: a value of the wrong type is a `malformed-record`, not a
string spelling of a list; a date that cannot be placed in time (NaN, 1e20, year 9999 with an
offset) is a `bad-date`; text over `MAX_ARTICLE_CHARS` is `too-large`. Strings are cleaned
once here, so that nothing downstream (the store, the web app) meets a NUL or a lone surrogate.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from babelwire.analyse.invisible import strip_invisible
from babelwire.models import RawDocument, Rejection

# One article: a text file, one JSON record or JSONL line, or the text of a POSTed record.
# News articles are a few thousand characters; the limit leaves room for long reads and keeps
# the analysis of one input from needing gigabytes.
MAX_ARTICLE_CHARS = 1_000_000
MAX_ARTICLE_BYTES = 4 * MAX_ARTICLE_CHARS  # what a record of that many characters may take
MAX_PAGE_BYTES = 5_000_000  # an HTML file (markup is bulky); the same as watch downloads
MAX_JSON_DEPTH = 64  # deeper nesting is no article record
# Publication years outside this range are typos or sentinel values, not news.
MIN_YEAR, MAX_YEAR = 1800, 2200

# C0 controls but tab, newline and carriage return, and lone UTF-16 surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$")
TEXT_FIELDS = ("text", "body", "content")
# the publication time under the names exports and scrapers give it (first one present)
DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "pubDate", "pub_date",
                "publish_date", "datePublished", "date_published")
_STRING_FIELDS = ("title", "url", "source", "lang")
_RecordItem = RawDocument | Rejection


def clean_string(value: str) -> str:
    """`value` without NULs and other control characters; lone surrogates become U+FFFD."""
    value = _CONTROL.sub("", value)
    return _SURROGATE.sub("\ufffd", value)


def safe_origin(origin: str) -> str:
    """An origin (a path may hold undecodable bytes) that any UTF-8 store accepts."""
    return clean_string(origin.encode("utf-8", "backslashreplace").decode("utf-8"))


HEADLINE_CHARS = 100  # a first sentence longer than this is cut at a clause, as headlines are
_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[–—-]\s")


def derive_title(text: str, max_chars: int = 140) -> str:
    """The first line when it reads like a headline, else the first sentence as a headline:
    without its full stop, and cut at a clause (a comma, a dash) when long."""
    first_line = text.split("\n", 1)[0].strip()
    if len(first_line) <= max_chars and not first_line.endswith((".", "!", "?")):
        return first_line
    sentence = re.split(r"(?<=[.!?])\s", first_line, maxsplit=1)[0]
    if re.search(r"[^.\s]{3}\.$", sentence):  # not an ellipsis nor "U.S."
        sentence = sentence[:-1]
    if len(sentence) > HEADLINE_CHARS:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, 0, max_chars)
                  if m.start() >= HEADLINE_CHARS // 3]
        within = [b for b in breaks if b <= HEADLINE_CHARS]
        if breaks:
            return sentence[:within[-1] if within else breaks[0]]
    if len(sentence) <= max_chars:
        return sentence
    return sentence[: max_chars - 1].rsplit(" ", 1)[0] + "…"


def document_from_record(record: Any, origin: str) -> _RecordItem:
    """One JSON record with `text` (or `body`/`content`) and optional metadata fields."""
    origin = safe_origin(origin)
    if not isinstance(record, dict):
        kind = type(record).__name__
        return Rejection(origin, "malformed-record", f"expected an object, got {kind}")
    text_field = next((f for f in TEXT_FIELDS if record.get(f) not in (None, "")), None)
    if text_field is None:
        return Rejection(origin, "missing-text", "the record has no non-empty 'text' field")
    if not isinstance(record[text_field], str):
        return Rejection(origin, "missing-text", f"'{text_field}' must be a non-empty string, "
                         f"got {_kind(record[text_field])}")
    wrong = [f"'{name}' must be a string, got {_kind(record[name])}" for name in _STRING_FIELDS
             if record.get(name) is not None and not isinstance(record[name], str)]
    external_id = record.get("id")
    if external_id is not None and (isinstance(external_id, bool)
                                    or not isinstance(external_id, str | int)):
        wrong.append(f"'id' must be a string or an integer, got {_kind(external_id)}")
    elif isinstance(external_id, str):
        external_id = clean_string(strip_invisible(external_id)).strip()
        if not external_id:  # was stored as no id at all
            wrong.append("'id' must not be empty (leave it out for no id)")
    if wrong:
        return Rejection(origin, "malformed-record", "; ".join(wrong))
    text = clean_string(record[text_field]).strip()
    if not text:
        return Rejection(origin, "missing-text", "the record has no non-empty 'text' field")
    if len(text) > MAX_ARTICLE_CHARS:
        return Rejection(origin, "too-large", f"{len(text):,} characters of text; at most "
                         f"{MAX_ARTICLE_CHARS:,} per article")
    published: datetime | None = None
    precision: str | None = None
    date_field = next((f for f in DATE_FIELDS if record.get(f) not in (None, "")), None)
    raw_date = record.get(date_field) if date_field else None
    if isinstance(raw_date, bool):
        return Rejection(origin, "malformed-record", f"'{date_field}' must be a date string or "
                         f"a Unix timestamp, got {raw_date!r}")
    if raw_date not in (None, ""):
        parsed = parse_published(raw_date)
        if isinstance(parsed, str):
            return Rejection(origin, "bad-date", parsed.replace("'published'", f"'{date_field}'"))
        published, precision = parsed
    title = _field(record, "title")
    return RawDocument(
        origin=origin, text=text, title=title or derive_title(text), url=_field(record, "url"),
        source=_field(record, "source"), published=published,
        lang_hint=_field(record, "lang"),
        external_id=None if external_id is None else str(external_id),
        published_precision=precision,
    )


def parse_published(value: Any) -> tuple[datetime, str | None] | str:
    """(a timezone-aware UTC-representable datetime, its precision), or why it is no date.

    Precision is None for an exact time, "day" for "2020-09-14", "month" for "2020-09" and
    "year" for "2020"."""
    precision: str | None = None
    if isinstance(value, bool):
        return f"'published' must be a date, got {value!r}"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return f"'published' is not a finite timestamp: {value!r}"
        try:
            parsed = datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return f"'published' timestamp {value!r} is out of range"
    elif isinstance(value, str):
        value = clean_string(value).strip()
        partial = _PARTIAL_DATE.match(value)
        try:
            if partial:
                year, month, day = (int(g) if g else 1 for g in partial.groups())
                parsed = datetime(year, month, day, tzinfo=UTC)
                precision = ("day" if partial.group(3) else "month" if partial.group(2)
                             else "year")
            else:
                parsed, precision = _parse_date_text(value)
        except ValueError as error:
            return (f"'published' is not a date (ISO 8601, RFC 2822 or \"14.09.2020, 19:40\"): "
                    f"{value[:40]!r} ({error})")
    else:
        return f"'published' must be an ISO 8601 string, got {_kind(value)}"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return f"'published' {str(value)[:40]!r} cannot be expressed in UTC"
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return f"'published' year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}"
    return parsed, precision


def _parse_date_text(value: str) -> tuple[datetime, str | None]:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")), None
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value), None
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    from babelwire.ingest.date_lines import date_of_line  # "14.09.2020, 19:40", "14 May 2020"

    stated = date_of_line(value)
    if stated is None:
        raise ValueError("unrecognised date")
    return stated


def _field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if not isinstance(value, str):
        return None
    value = clean_string(value).strip()
    return value or None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)
