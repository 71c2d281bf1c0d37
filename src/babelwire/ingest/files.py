"""Ingest stage: files, folders, JSON(L) records and HTML pages -> RawDocument | Rejection.

Nothing is dropped: every input that cannot become a document yields a Rejection with a
one-line reason, so a batch never stops on bad input and the user can see what was left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from babelwire.models import RawDocument, Rejection

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# A leading " date 2020-09" line, as in scraped corpora that carry a date stamp before the text.
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*", re.IGNORECASE)
# Photo captions end with a credit line ("Foto: NTB Scanpix", "Фото: ТАСС").
_CAPTION_CREDIT = re.compile(r"\b(foto|photo|фото|bild|kuva|zdjęcie|fotó)\s*:", re.IGNORECASE)
_RecordItem = RawDocument | Rejection


def read_inputs(paths: Iterable[str | Path]) -> Iterator[_RecordItem]:
    """Yield a document or a rejection for every article found under `paths`."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from read_file(child)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Rejection(str(path), "not-found", "no such file or folder")


def read_file(path: Path) -> Iterator[_RecordItem]:
    suffix = path.suffix.lower()
    origin = str(path)
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(origin, "unsupported-type", f"'{suffix or path.name}' is not .txt/.md, "
                        ".json, .jsonl or .html")
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Rejection(origin, "unreadable", error.strerror or str(error))
        return
    text_or_rejection = decode_bytes(data, origin)
    if isinstance(text_or_rejection, Rejection):
        yield text_or_rejection
        return
    text = text_or_rejection
    if suffix in TEXT_SUFFIXES:
        yield document_from_plain_text(text, origin)
    elif suffix in HTML_SUFFIXES:
        yield document_from_html(text, origin)
    elif suffix in JSON_SUFFIXES:
        yield from _documents_from_json(text, origin)
    else:
        yield from documents_from_jsonl(text.splitlines(), origin)


def decode_bytes(data: bytes, origin: str) -> str | Rejection:
    """UTF-8 first (with or without BOM); otherwise the most plausible legacy encoding."""
    if not data.strip():
        return Rejection(origin, "empty", "the file has no content")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Rejection(origin, "binary", "the file looks binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.25:
        return Rejection(origin, "encoding", "not UTF-8 and no other encoding fits")
    return str(best)


def document_from_plain_text(text: str, origin: str) -> RawDocument:
    published = None
    match = _DATE_LINE.match(text)
    if match:
        # Month-only stamps are too coarse to place an article in time, so only full dates count.
        if len(match.group(1)) == 10:
            published = datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)
        text = text[match.end():]
    lines = [line.strip() for line in text.strip().splitlines()]
    while len(lines) > 1 and _CAPTION_CREDIT.search(lines[0]):
        lines.pop(0)
    body = "\n".join(line for line in lines if line)
    return RawDocument(origin=origin, text=body, title=derive_title(body), published=published)


def derive_title(text: str, max_chars: int = 140) -> str:
    """The first line when it reads like a headline, else the first sentence, shortened."""
    first_line = text.split("\n", 1)[0].strip()
    if len(first_line) <= max_chars and not first_line.endswith((".", "!", "?")):
        return first_line
    first_sentence = re.split(r"(?<=[.!?])\s", first_line, maxsplit=1)[0]
    if len(first_sentence) <= max_chars:
        return first_sentence
    return first_sentence[: max_chars - 1].rsplit(" ", 1)[0] + "…"


def document_from_html(html: str, origin: str, url: str | None = None) -> RawDocument | Rejection:
    """Main text, title, date and site name of a web page, extracted with trafilatura."""
    import trafilatura  # slow to import; only pages need it

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=True)
    if not isinstance(extracted, dict) or not (extracted.get("text") or "").strip():
        return Rejection(origin, "no-article-text", "no main text could be extracted from the page")
    title = (extracted.get("title") or "").strip()
    text = str(extracted["text"]).strip()
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    published = parse_published(extracted["date"]) if extracted.get("date") else None
    return RawDocument(
        origin=origin,
        text=text,
        title=title or derive_title(text),
        url=url or extracted.get("url"),
        source=extracted.get("sitename") or extracted.get("hostname"),
        published=published if isinstance(published, datetime) else None,
    )


def _documents_from_json(text: str, origin: str) -> Iterator[_RecordItem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # A .json file holding JSON lines is common enough to accept.
        if error.msg == "Extra data":
            yield from documents_from_jsonl(text.splitlines(), origin)
        else:
            yield Rejection(origin, "malformed-json", f"line {error.lineno}: {error.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        where = f"{origin}[{index}]" if isinstance(data, list) else origin
        yield document_from_record(record, where)


def documents_from_jsonl(lines: Iterable[str], origin: str) -> Iterator[_RecordItem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(where, "malformed-json", error.msg)
            continue
        yield document_from_record(record, where)


def document_from_record(record: Any, origin: str) -> _RecordItem:
    """One JSON record with `text` (or `body`/`content`) and optional metadata fields."""
    if not isinstance(record, dict):
        kind = type(record).__name__
        return Rejection(origin, "malformed-record", f"expected an object, got {kind}")
    text = record.get("text") or record.get("body") or record.get("content")
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "missing-text", "the record has no non-empty 'text' field")
    published = None
    if record.get("published") not in (None, ""):
        parsed = parse_published(record["published"])
        if isinstance(parsed, str):
            return Rejection(origin, "bad-date", parsed)
        published = parsed
    title = record.get("title")
    return RawDocument(
        origin=origin,
        text=text.strip(),
        title=title.strip() if isinstance(title, str) and title.strip() else derive_title(text),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        published=published,
        lang_hint=_optional_str(record.get("lang")),
        external_id=_optional_str(record.get("id")),
    )


def parse_published(value: Any) -> datetime | str:
    """A timezone-aware datetime, or an error message saying why the value is not a date."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if not isinstance(value, str):
        return f"'published' must be an ISO 8601 string, got {type(value).__name__}"
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return f"'published' is not an ISO 8601 or RFC 2822 date: {value[:40]!r}"
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
