"""Ingest stage: files, folders, JSON(L) and CSV records, pages, feeds -> RawDocument | Rejection.

Nothing is dropped and nothing stops the batch: every input that cannot become a document
yields a Rejection with a one-line reason (hidden files, FIFOs, broken or looping links
included), and an unexpected error while reading one file becomes that file's rejection.
Big files are read as streams: a text or HTML file only up to its size limit, JSON, JSONL and
CSV record by record, so memory stays flat however large the input.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from babelwire.ingest.date_lines import leading_date_line
from babelwire.ingest.jsonstream import split_json
from babelwire.ingest.markdown import front_matter, is_folder_documentation, markdown_to_text
from babelwire.ingest.markup import TOO_COMPLEX, markup_problem
from babelwire.ingest.page_dates import with_stated_time
from babelwire.ingest.records import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_CHARS,
    MAX_PAGE_BYTES,
    clean_string,
    derive_title,
    document_from_record,
    parse_published,
    safe_origin,
)
from babelwire.ingest.saved_formats import feed_file_documents, table_records
from babelwire.models import RawDocument, Rejection

__all__ = ["decode_bytes", "derive_title", "document_from_html", "document_from_plain_text",
           "document_from_record", "read_file", "read_inputs"]

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text", *MARKDOWN_SUFFIXES}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}  # and the cell delimiter
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
RECORD_SUFFIXES = JSON_SUFFIXES | JSONL_SUFFIXES | set(TABLE_SUFFIXES)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | FEED_SUFFIXES
_SUPPORTED_LIST = ".txt/.md, .html, .json, .jsonl, .csv/.tsv or a saved feed (.xml/.rss/.atom)"
SNIFF_BYTES = 65536  # what the encoding of a streamed file is guessed from

# A leading " date 2020-09" line, as in scraped corpora that carry a date stamp before the text.
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*", re.IGNORECASE)
# Photo captions end with a credit line ("Foto: NTB Scanpix", "Фото: ТАСС").
_CAPTION_CREDIT = re.compile(r"\b(foto|photo|фото|bild|kuva|zdjęcie|fotó)\s*:", re.IGNORECASE)
_RecordItem = RawDocument | Rejection


def read_inputs(paths: Iterable[str | Path], source: str | None = None
                ) -> Iterator[_RecordItem]:
    """Yield a document or a rejection for every article found under `paths`. A document that
    names no source of its own gets `source` (`ingest --source NAME`)."""
    for path in map(Path, paths):
        for item in _read_entry(path, set(), named=True, source=source):
            if source and isinstance(item, RawDocument) and not item.source:
                item = replace(item, source=source)
            yield item


def _read_entry(path: Path, ancestors: set[tuple[int, int]], named: bool,
                source: str | None = None) -> Iterator[_RecordItem]:
    origin = safe_origin(str(path))
    try:
        info = path.stat()
    except OSError as error:
        yield _missing(path, origin, error, named)
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield Rejection(origin, "link-loop", "a symbolic link leads back into a folder "
                            "that contains it; not read twice")
            return
        yield from _read_folder(path, origin, ancestors | {key}, source)
    elif stat.S_ISREG(info.st_mode):
        yield from _read_file_safely(path, origin, source)
    else:
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket"
                if stat.S_ISSOCK(info.st_mode) else "a device")
        yield Rejection(origin, "not-a-file", f"{kind}, not a regular file; not read")


def _missing(path: Path, origin: str, error: OSError, named: bool) -> Rejection:
    if path.is_symlink():
        if error.errno == errno.ELOOP:
            return Rejection(origin, "link-loop", "the symbolic link points (through other "
                             "links) back at itself")
        target = safe_origin(os.readlink(path))
        return Rejection(origin, "broken-link", f"the symbolic link points at {target}, "
                         "which does not exist")
    if error.errno == errno.ENOENT and named:
        return Rejection(origin, "not-found", "no such file or folder")
    return Rejection(origin, "unreadable", error.strerror or str(error))


def _read_folder(folder: Path, origin: str, ancestors: set[tuple[int, int]],
                 source: str | None = None) -> Iterator[_RecordItem]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as error:
        yield Rejection(origin, "unreadable", error.strerror or str(error))
        return
    for name in names:
        child = folder / name
        if name.startswith("."):
            yield Rejection(safe_origin(str(child)), "hidden", "hidden files and folders "
                            "inside a folder are skipped; name one directly to read it")
            continue
        if is_folder_documentation(child) and not child.is_dir():
            yield Rejection(safe_origin(str(child)), "not-news", "a folder's README, LICENSE, "
                            "CHANGELOG and the like describe the folder, not the news; name "
                            "one directly to read it")
            continue
        yield from _read_entry(child, ancestors, named=False, source=source)


def _read_file_safely(path: Path, origin: str, source: str | None = None
                      ) -> Iterator[_RecordItem]:
    try:
        yield from read_file(path, source)
    except Exception as error:  # the last line of defence: one file never stops the batch
        yield Rejection(origin, "unreadable", f"{type(error).__name__}: {error}"[:200])


def read_file(path: Path, source: str | None = None) -> Iterator[_RecordItem]:
    """The documents of one file. A text, Markdown or HTML file that names no site gets
    `source`, else its folder's name, as its source."""
    suffix = path.suffix.lower()
    origin = safe_origin(str(path))
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(origin, "unsupported-type", f"'{suffix or path.name}' is not "
                        f"{_SUPPORTED_LIST}")
        return
    if suffix in RECORD_SUFFIXES:
        yield from _read_records(path, origin, suffix)
        return
    limit = MAX_PAGE_BYTES if suffix in HTML_SUFFIXES | FEED_SUFFIXES else MAX_ARTICLE_BYTES
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        yield Rejection(origin, "unreadable", error.strerror or str(error))
        return
    if len(data) > limit:
        yield Rejection(origin, "too-large", f"more than {limit:,} bytes; one article may have "
                        f"at most {MAX_ARTICLE_CHARS:,} characters")
        return
    if suffix in FEED_SUFFIXES:  # the feed parser reads the XML's own encoding
        yield from _with_source(feed_file_documents(data, origin), source, path)
        return
    text = decode_bytes(data, origin)
    if isinstance(text, Rejection):
        yield text
    else:
        document = (document_from_markdown(text, origin) if suffix in MARKDOWN_SUFFIXES
                    else document_from_plain_text(text, origin) if suffix in TEXT_SUFFIXES
                    else document_from_html(text, origin))
        yield from _with_source(iter([document]), source, path)


def folder_name(path: Path) -> str | None:
    try:
        return path.resolve().parent.name or None
    except (OSError, RuntimeError):  # a path that cannot be resolved: no source
        return None


def document_from_markdown(text: str, origin: str) -> _RecordItem:
    """A Markdown file read as Markdown (see :mod:`.markdown`): its first heading (or a front
    matter `title:`) is the title, a front matter `date:` the date."""
    fields, text = front_matter(text)
    title, body = markdown_to_text(text)
    if fields.get("date") and not _DATE_LINE.match(body):
        body = f"date {fields['date'][:10]}\n{body}"
    document = document_from_plain_text(body, origin)
    title = fields.get("title") or title
    if isinstance(document, RawDocument) and title:
        document = replace(document, title=title)
    return document


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in BOM-less UTF-16 text."""
    sample = sample[: len(sample) // 2 * 2][:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) >= 0.3 * half and even.count(0) <= 0.05 * half:
        return "utf-16-le"
    if even.count(0) >= 0.3 * half and odd.count(0) <= 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, origin: str) -> str | Rejection:
    """UTF-8 first (with or without BOM), UTF-16 (with or without BOM); otherwise the most
    plausible legacy encoding. NUL bytes anywhere else mean binary data."""
    if not data.strip():
        return Rejection(origin, "empty", "the file has no content")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return Rejection(origin, "encoding", f"looks like {utf16} but does not decode")
        if "\x00" not in text:
            return clean_string(text.lstrip("\ufeff"))
    if b"\x00" in data:
        return Rejection(origin, "binary", "the file looks binary (NUL bytes), not text")
    try:
        return clean_string(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.25:
        return Rejection(origin, "encoding", "not UTF-8 and no other encoding fits")
    return clean_string(str(best))


def _stream_encoding(head: bytes, origin: str) -> str | Rejection:
    """The encoding of a file to stream, judged from its first bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return utf16
    if b"\x00" in head:
        return Rejection(origin, "binary", "the file looks binary (NUL bytes), not text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(head).best()
    if best is None or best.chaos > 0.25:
        return Rejection(origin, "encoding", "not UTF-8 and no other encoding fits")
    return str(best.encoding)


def _with_source(items: Iterator[_RecordItem], source: str | None, path: Path
                 ) -> Iterator[_RecordItem]:
    """A file's source: the site a page or feed names, `--source`, else its folder ("seeds")."""
    for item in items:
        if isinstance(item, RawDocument) and not item.source:
            item = replace(item, source=source or folder_name(path))
        yield item


def _read_records(path: Path, origin: str, suffix: str) -> Iterator[_RecordItem]:
    try:
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
            if not head.strip() and not raw.read(1):
                yield Rejection(origin, "empty", "the file has no content")
                return
    except OSError as error:
        yield Rejection(origin, "unreadable", error.strerror or str(error))
        return
    encoding = _stream_encoding(head, origin)
    if isinstance(encoding, Rejection):
        yield encoding
        return
    progress = [0]  # the line reached, for the message when decoding fails midway
    try:
        # csv reads line ends itself (a cell may hold a newline)
        with path.open("r", encoding=encoding, errors="strict",
                       newline="" if suffix in TABLE_SUFFIXES else None) as handle:
            if suffix in TABLE_SUFFIXES:
                yield from table_records(handle, origin, progress, TABLE_SUFFIXES[suffix])
            elif suffix in JSONL_SUFFIXES:
                yield from _jsonl_records(handle, origin, progress)
            else:
                yield from _json_records(handle, origin, progress)
    except UnicodeDecodeError:
        yield Rejection(f"{origin}:{progress[0] + 1}", "encoding", f"the file stops being valid "
                        f"{encoding} after line {progress[0]}; the rest is skipped")


def _jsonl_records(handle: IO[str], origin: str, progress: list[int]) -> Iterator[_RecordItem]:
    limit = MAX_ARTICLE_BYTES
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        progress[0] = number - 1
        if len(line) > limit and not line.endswith("\n"):
            while (rest := handle.readline(limit)) and not rest.endswith("\n"):
                pass  # skip the rest of the line without holding it
            yield Rejection(f"{origin}:{number}", "too-large", f"the line is longer than "
                            f"{limit:,} characters; one article may have at most "
                            f"{MAX_ARTICLE_CHARS:,}")
            continue
        if line.strip():
            yield _record_from_json(line, f"{origin}:{number}", 1)


def _json_records(handle: IO[str], origin: str, progress: list[int]) -> Iterator[_RecordItem]:
    chunks = iter(lambda: handle.read(SNIFF_BYTES), "")
    for piece in split_json(chunks, MAX_ARTICLE_BYTES):
        progress[0] = piece.line
        where = (f"{origin}[{piece.index}]" if piece.in_list
                 else origin if piece.index == 0 else f"{origin}:{piece.line}")
        if piece.problem == "too-large":
            yield Rejection(where, "too-large", f"line {piece.line}: the record is longer than "
                            f"{MAX_ARTICLE_BYTES:,} characters")
        elif piece.text is None:
            yield Rejection(where, "malformed-json", f"line {piece.line}: {piece.problem}")
        else:
            yield _record_from_json(piece.text, where, piece.line)


def _record_from_json(text: str, where: str, first_line: int) -> _RecordItem:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return Rejection(where, "malformed-json", f"line {first_line + error.lineno - 1}: "
                         f"{error.msg}")
    except RecursionError:
        return Rejection(where, "malformed-json", f"line {first_line}: nested too deeply")
    except ValueError as error:  # e.g. a number with more digits than Python converts
        return Rejection(where, "malformed-json", f"line {first_line}: {error}"[:200])
    return document_from_record(record, where)


def document_from_plain_text(text: str, origin: str) -> _RecordItem:
    published = precision = None
    match = _DATE_LINE.match(text)
    if match:
        parsed = parse_published(match.group(1))
        if isinstance(parsed, str):
            return Rejection(origin, "bad-date", f"the leading date line: {parsed}")
        published, precision = parsed
        text = text[match.end():]
    elif (dated := leading_date_line(text)) is not None:  # "14.09.2020, 19:40" above the title
        (published, precision), text = dated
    lines = [line.strip() for line in text.strip().splitlines()]
    while len(lines) > 1 and _CAPTION_CREDIT.search(lines[0]):
        lines.pop(0)
    body = "\n".join(line for line in lines if line)
    if len(body) > MAX_ARTICLE_CHARS:
        return Rejection(origin, "too-large", f"{len(body):,} characters; at most "
                         f"{MAX_ARTICLE_CHARS:,} per article")
    return RawDocument(origin=origin, text=body, title=derive_title(body), published=published,
                       published_precision=precision)


def document_from_html(html: str, origin: str, url: str | None = None) -> RawDocument | Rejection:
    """Main text, title, date and site name of a web page, extracted with trafilatura."""
    import trafilatura  # slow to import; only pages need it

    origin = safe_origin(origin)
    problem = markup_problem(html)
    if problem is not None:  # lxml would not finish (or take minutes): refuse, not parse
        return Rejection(origin, TOO_COMPLEX, problem)
    try:
        found = trafilatura.bare_extraction(clean_string(html), url=url, with_metadata=True)
        extracted = found if found is None or isinstance(found, dict) else found.as_dict()
    except Exception as error:  # the extractor choking on one page must not stop the batch
        return Rejection(origin, "no-article-text", f"the page could not be parsed "
                         f"({type(error).__name__})")
    if not isinstance(extracted, dict) or not (extracted.get("text") or "").strip():
        return Rejection(origin, "no-article-text", "no main text could be extracted from the page")
    title = clean_string(str(extracted.get("title") or "")).strip()
    text = clean_string(str(extracted["text"])).strip()
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    if len(text) > MAX_ARTICLE_CHARS:
        return Rejection(origin, "too-large", f"{len(text):,} characters of text; at most "
                         f"{MAX_ARTICLE_CHARS:,} per article")
    parsed = with_stated_time(
        parse_published(extracted["date"]) if extracted.get("date") else None, html)
    site = extracted.get("sitename") or extracted.get("hostname")
    return RawDocument(
        origin=origin,
        text=text,
        title=title or derive_title(text),
        url=url or (clean_string(str(extracted["url"])) if extracted.get("url") else None),
        source=clean_string(str(site)) if site else None,
        published=parsed[0] if isinstance(parsed, tuple) else None,
        published_precision=parsed[1] if isinstance(parsed, tuple) else None,
    )
