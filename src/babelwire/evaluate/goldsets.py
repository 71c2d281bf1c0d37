"""Readers that turn public gold sets into plain records: articles with a story label, or pairs.

Each reader returns a :class:`GoldStream`, an iterator that also collects what it skipped. A
malformed record raises :class:`GoldFormatError` (file, line or record, reason); with
``strict=False`` it goes to ``stream.skipped`` and reading goes on: nothing is dropped silently.
Whole-file problems (bad CSV, missing columns, JSON that is not a list) always raise. SemEval-2022
pairs with articles never downloaded always go to ``skipped`` (partial scrapes are the norm).
The pair sets' readers (SemEval-2022, Telegram contest) are in ``pairsets``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
_ISO_639_1 = {"eng": "en", "deu": "de", "ger": "de", "spa": "es", "fra": "fr", "rus": "ru"}
_Parser = Callable[[dict[str, Any], Any], list[T]]  # (raw record, its place) -> records
PathLike = str | Path


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    story: str
    title: str = ""
    lang: str | None = None
    published: datetime | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class GoldPair:
    id: str
    text1: str
    text2: str
    lang1: str | None
    lang2: str | None
    title1: str = ""
    title2: str = ""
    similarity: float | None = None  # gold graded score, higher = more similar, scaled to [0,1]
    same_story: bool | None = None  # gold binary decision when the set has one


class GoldFormatError(ValueError):
    """A record (or a whole file) that does not follow its gold set's format."""

    def __init__(self, path: PathLike, where: int | str, reason: str) -> None:
        self.path = str(path)
        self.where = where  # line number in line-based files, else a description of the record
        self.reason = reason
        super().__init__(f"{self.path}:{where}: {reason}")


class GoldStream(Iterator[T], Generic[T]):
    """The records of one gold file, read lazily, and the records skipped so far."""

    def __init__(self, records: Callable[[GoldStream[T]], Iterator[T]], strict: bool) -> None:
        self.strict = strict
        self.skipped: list[GoldFormatError] = []
        self._records = records(self)

    def malformed(self, error: GoldFormatError) -> None:
        if self.strict:
            raise error
        self.skipped.append(error)

    def __next__(self) -> T:
        return next(self._records)


class _Malformed(Exception):
    """A record breaks its format; the reader adds file and place and raises or skips it."""


class _Unavailable(Exception):
    """A well-formed record that cannot be used (an article not downloaded): always skipped."""


def _parsed(
    stream: GoldStream[T], path: Path, numbered: Iterable[tuple[Any, Any]], parse: _Parser[T]
) -> Iterator[T]:
    """The records that ``parse`` makes of each raw record (and its place), reporting rejects."""
    for where, raw in numbered:
        try:
            if isinstance(raw, ValueError):  # the raw record could not even be decoded
                raise _Malformed(str(raw))
            if not isinstance(raw, dict):
                raise _Malformed("not a JSON object")
            records = parse(raw, where)
        except (_Malformed, _Unavailable) as error:
            report = stream.malformed if isinstance(error, _Malformed) else stream.skipped.append
            report(GoldFormatError(path, where, str(error)))
            continue
        yield from records


def _json_lines(path: Path) -> Iterator[tuple[int | str, Any]]:
    """(line number, decoded object or the decoding error) for each non-blank line."""
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():  # blank lines (a trailing one, typically) carry no record
                try:
                    yield number, json.loads(line)  # bytes: json detects UTF-8 and a BOM
                except ValueError as error:
                    yield number, ValueError(f"not UTF-8 JSON: {error}")


def _string(record: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = record.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # numeric ids and labels are common in third-party files
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Malformed(f"field {name!r} is missing or not a string")
    if required and not value.strip() and not name.endswith("text"):  # empty texts are data
        raise _Malformed(f"field {name!r} is empty")
    return value


def _date(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    # ISO 8601 covers Miranda's "%Y-%m-%d %H:%M:%S"; some copies of that data are month-first.
    for parse in (datetime.fromisoformat, lambda s: datetime.strptime(s, "%m/%d/%Y %H:%M")):
        try:
            return parse(str(value).strip())
        except ValueError:
            pass
    raise _Malformed(f"unreadable date {value!r} (expected ISO 8601)")


def _claim(identifier: str, seen: set[str]) -> None:
    if identifier in seen:
        raise _Malformed(f"duplicate id {identifier!r}")
    seen.add(identifier)


def read_babelwire_jsonl(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """Our own format: one JSON object a line with ``id``, ``text``, ``story`` and optionally
    ``title``, ``lang``, ``published`` (ISO 8601), ``source``, ``url``. Yielded in file order (the
    format asks for ``published`` order); blank lines are ignored; a repeated id is malformed."""
    parse = partial(_article, story="story", published="published", seen=set())
    return GoldStream(lambda s: _parsed(s, Path(path), _json_lines(Path(path)), parse), strict)


def _article(
    record: dict[str, Any], _: object, *, story: str, published: str, seen: set[str]
) -> list[GoldArticle]:
    """The article in a JSON object; ``story`` and ``published`` name the fields that vary."""
    lang = _string(record, "lang", required=False).strip().lower()
    source = record.get("source")
    if isinstance(source, dict):  # Event Registry style, {"title": ..., "uri": ...}
        source = source.get("title") or source.get("uri")
    article = GoldArticle(
        id=_string(record, "id"),
        text=_string(record, "text"),
        story=_string(record, story),
        title=_string(record, "title", required=False),
        lang=_ISO_639_1.get(lang, lang) or None,  # Miranda et al. write ISO 639-2 codes
        published=_date(record.get(published)),
        source=source if isinstance(source, str) and source else None,
        url=_string(record, "url", required=False) or None,
    )
    _claim(article.id, seen)
    return [article]


def read_wmt_docs(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """WMT news documents with their human translations (``wmt-news-docs.jsonl``).

    The gold story is the source document, ``"{testset}:{doc_id}"``: one English source
    translated into Icelandic and into Japanese is one story of three articles, not two stories
    (its English text, repeated on both lines, is one article). Articles are
    ``"{story}:{lang}"``. A short first line followed by more becomes the title (most documents
    have their title inside one line, and get none). There are no dates: ``published`` is None
    and articles come sorted by id, so the stream order is by id. Empty texts are kept. A
    repeated (document, language) with a different text is malformed.
    """
    seen: dict[str, str] = {}  # article id -> its text
    pairs_seen: set[str] = set()

    def parse(record: dict[str, Any], _: int | str) -> list[GoldArticle]:
        story = ":".join(_string(record, key) for key in ("testset", "doc_id"))
        _claim(f"{story}:{_string(record, 'pair')}", pairs_seen)
        articles: list[GoldArticle] = []
        texts: dict[str, str] = {}
        for side in ("src", "ref"):
            text, lang = _string(record, f"{side}_text"), _string(record, f"{side}_lang")
            article_id = f"{story}:{lang.strip().lower()}"
            if article_id in texts:
                raise _Malformed(f"document {story!r} is in {lang!r} on both sides")
            texts[article_id] = text
            if article_id in seen:
                if seen[article_id] != text:
                    raise _Malformed(f"document {story!r} has two different {lang!r} texts")
                continue  # the shared source of two translation directions
            first, newline, rest = text.partition("\n")
            title = first.strip() if newline and len(first) <= 200 else ""
            body = rest.lstrip("\n") if title else text
            articles.append(GoldArticle(article_id, body, story, title, lang))
        seen.update(texts)  # only once the whole record is known to be good
        return articles

    def records(stream: GoldStream[GoldArticle]) -> Iterator[GoldArticle]:
        articles = _parsed(stream, Path(path), _json_lines(Path(path)), parse)
        yield from sorted(articles, key=lambda article: article.id)

    return GoldStream(records, strict)


def read_miranda_json(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """The SUMMA multilingual clustering set of Miranda et al. 2018 (``dataset.{dev,test}.json``).

    One JSON list of documents with ``id``, ``date`` (``"%Y-%m-%d %H:%M:%S"``), ``lang``
    (``eng``/``deu``/``spa``, mapped to ``en``/``de``/``es``), ``title``, ``text`` and ``cluster``,
    the gold story. Yielded in date order, then id, as Priberam's code streams them.
    """
    path = Path(path)
    parse = partial(_article, story="cluster", published="date", seen=set())

    def records(stream: GoldStream[GoldArticle]) -> Iterator[GoldArticle]:
        try:
            documents = json.loads(path.read_bytes())
        except ValueError as error:  # bad UTF-8 or bad JSON
            raise GoldFormatError(path, "file", f"not a UTF-8 JSON file: {error}") from error
        if not isinstance(documents, list):
            raise GoldFormatError(path, "file", "expected a JSON list of documents")
        numbered = ((f"document {index}", doc) for index, doc in enumerate(documents))
        # Undated documents (none in the published files) go last rather than failing the sort.
        order = lambda a: (a.published is None, a.published or datetime.min, a.id)  # noqa: E731
        yield from sorted(_parsed(stream, path, numbered, parse), key=order)

    return GoldStream(records, strict)


# A UTF-8 lead byte then a continuation byte, both shown as cp1252 or latin-1 characters: what
# UTF-8 looks like when decoded as cp1252 ("Ã¼" for "ü").
def split_holdout(
    items: Iterable[T],
    fraction: float = 0.3,
    seed: str = "babelwire-holdout-v1",
    key: Callable[[T], str] | None = None,
) -> tuple[list[T], list[T]]:
    """(development, held_out), each in input order.

    An item is held out when SHA-256 of ``seed`` and its key, read as a number in [0, 1), is below
    ``fraction``. Nothing else (order, other items) plays a part, so the split never changes: a
    file can grow or be reordered and no item moves. The key is the item's ``id`` (or the string
    itself); pass ``key=lambda article: article.story`` to keep stories whole.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must lie in [0, 1], not {fraction}")
    development: list[T] = []
    held_out: list[T] = []
    for item in items:
        item_key = key(item) if key else item if isinstance(item, str) else cast(Any, item).id
        digest = hashlib.sha256(f"{seed}\0{item_key}".encode()).digest()
        share = int.from_bytes(digest[:8], "big") / 2**64
        (held_out if share < fraction else development).append(item)
    return development, held_out
