"""Readers that turn public gold sets into plain records: articles with a story label, or pairs.

Every reader returns a :class:`GoldStream`, an iterator over the records that also collects what it
skipped. A malformed record raises :class:`GoldFormatError` (file, line or record, reason); with
``strict=False`` it is appended to ``stream.skipped`` instead and reading goes on, so nothing is ever
dropped silently: check ``stream.skipped`` after the loop. Problems that make a whole file unusable
(unreadable CSV, missing columns, a JSON file that is not a list) always raise. Articles of the
SemEval-2022 layout that the downloader could not fetch are never a format error: those pairs always
go to ``skipped``, because a partial scrape is the normal case for that data set.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

try:  # ftfy arrives with wordfreq; it repairs mixed texts that a whole-text round trip cannot
    from ftfy import fix_encoding as _ftfy_fix_encoding
except ImportError:  # pragma: no cover - exercised only without ftfy
    _ftfy_fix_encoding = None

T = TypeVar("T")
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
        self.where = where  # line number for line-based files, else a record description
        self.reason = reason
        super().__init__(f"{self.path}:{where}: {reason}")


class GoldStream(Iterator[T], Generic[T]):
    """The records of one gold file, read lazily, with the records skipped so far."""

    def __init__(self, records: Callable[[GoldStream[T]], Iterator[T]], strict: bool) -> None:
        self.strict = strict
        self.skipped: list[GoldFormatError] = []
        self._records = records(self)

    def malformed(self, error: GoldFormatError) -> None:
        """A record that breaks the format: raise, or skip it when not strict."""
        if self.strict:
            raise error
        self.skipped.append(error)

    def skip(self, error: GoldFormatError) -> None:
        """A record that cannot be used although the file is well formed: always skip it."""
        self.skipped.append(error)

    def __iter__(self) -> GoldStream[T]:
        return self

    def __next__(self) -> T:
        return next(self._records)


class _Malformed(Exception):
    """Raised by field parsers; the reader adds the file and line and decides raise or skip."""


def _string(record: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = record.get(name)
    if value is None:
        if required:
            raise _Malformed(f"missing field {name!r}")
        return ""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and name in ("id", "story", "cluster")
    ):
        return str(value)  # numeric ids and labels are common in third-party files
    if not isinstance(value, str):
        raise _Malformed(f"field {name!r} should be a string, not {type(value).__name__}")
    if required and name != "text" and not value.strip():
        raise _Malformed(f"field {name!r} is empty")
    return value


def _optional(record: dict[str, Any], name: str) -> str | None:
    return _string(record, name, required=False) or None


def _date(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            try:  # month-first form found in some copies of the Miranda et al. data
                return datetime.strptime(value.strip(), "%m/%d/%Y %H:%M")
            except ValueError:
                pass
    raise _Malformed(f"unreadable date {value!r} (expected ISO 8601)")


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | _Malformed]]:
    """(line number, object or the reason it is not one) for each non-blank line."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            try:
                line = raw.decode("utf-8").lstrip("\ufeff")
                if not line.strip():
                    continue  # blank lines (often a trailing one) carry no record
                value = json.loads(line)
            except UnicodeDecodeError as error:
                yield number, _Malformed(f"not UTF-8: {error.reason}")
                continue
            except json.JSONDecodeError as error:
                yield number, _Malformed(f"not JSON: {error.msg}")
                continue
            yield number, value if isinstance(value, dict) else _Malformed("not a JSON object")


def read_babelwire_jsonl(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """Our own format: one JSON object a line with ``id``, ``text``, ``story`` and optionally
    ``title``, ``lang``, ``published`` (ISO 8601), ``source``, ``url``. Yielded in file order (the
    format asks for ``published`` order); blank lines are ignored; an id seen twice is malformed."""
    path = Path(path)

    def records(stream: GoldStream[GoldArticle]) -> Iterator[GoldArticle]:
        seen: set[str] = set()
        for number, record in _json_lines(path):
            try:
                if isinstance(record, _Malformed):
                    raise record
                article = GoldArticle(
                    id=_string(record, "id"),
                    text=_string(record, "text"),
                    story=_string(record, "story"),
                    title=_string(record, "title", required=False),
                    lang=_optional(record, "lang"),
                    published=_date(record.get("published")),
                    source=_optional(record, "source"),
                    url=_optional(record, "url"),
                )
                _claim(article.id, seen)
            except _Malformed as error:
                stream.malformed(GoldFormatError(path, number, str(error)))
                continue
            yield article

    return GoldStream(records, strict)


def _claim(identifier: str, seen: set[str]) -> None:
    if identifier in seen:
        raise _Malformed(f"duplicate id {identifier!r}")
    seen.add(identifier)


_TITLE_MAX_CHARS = 200


def _split_title(text: str) -> tuple[str, str]:
    """(title, body): the first line is the title when more lines follow and it is short."""
    first, newline, rest = text.partition("\n")
    if newline and first.strip() and len(first) <= _TITLE_MAX_CHARS:
        return first.strip(), rest.lstrip("\n")
    return "", text


def read_wmt_docs(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """WMT news documents with their human translations (``wmt-news-docs.jsonl``).

    Each line gives two articles, ids ``"{story}:src"`` and ``"{story}:ref"``, sharing the story
    ``"{testset}:{pair}:{doc_id}"``. A short first line followed by more text becomes the title (and
    leaves the text); most documents keep their title inside a single line and get none. The data
    has no dates, so ``published`` is None and the articles are yielded sorted by id: the stream
    order is then by id, the same on every run. Empty texts (one en-hr document) are kept.
    """
    path = Path(path)

    def records(stream: GoldStream[GoldArticle]) -> Iterator[GoldArticle]:
        articles: list[GoldArticle] = []
        seen: set[str] = set()
        for number, record in _json_lines(path):
            try:
                if isinstance(record, _Malformed):
                    raise record
                story = ":".join(_string(record, key) for key in ("testset", "pair", "doc_id"))
                _claim(story, seen)
                for side in ("src", "ref"):
                    title, body = _split_title(_string(record, f"{side}_text"))
                    lang = _string(record, f"{side}_lang")
                    articles.append(GoldArticle(f"{story}:{side}", body, story, title, lang))
            except _Malformed as error:
                stream.malformed(GoldFormatError(path, number, str(error)))
        yield from sorted(articles, key=lambda article: article.id)

    return GoldStream(records, strict)


# Miranda et al. use ISO 639-2 codes; the rest of babelwire speaks ISO 639-1.
_THREE_LETTER_LANGS = {
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "fra": "fr",
    "fre": "fr",
    "ita": "it",
    "por": "pt",
    "rus": "ru",
    "lav": "lv",
    "ukr": "uk",
    "ara": "ar",
}


def read_miranda_json(path: PathLike, *, strict: bool = True) -> GoldStream[GoldArticle]:
    """The SUMMA multilingual clustering set of Miranda et al. 2018 (``dataset.{dev,test}.json``).

    The file is one JSON list of documents with ``id``, ``date`` (``"%Y-%m-%d %H:%M:%S"``),
    ``lang`` (``eng``/``deu``/``spa``, mapped here to ``en``/``de``/``es``), ``title``, ``text`` and
    ``cluster``, the gold story. Yielded in date order, then id, as Priberam's code streams them.
    """
    path = Path(path)

    def records(stream: GoldStream[GoldArticle]) -> Iterator[GoldArticle]:
        try:
            documents = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise GoldFormatError(path, "file", f"not a UTF-8 JSON file: {error}") from error
        if not isinstance(documents, list):
            raise GoldFormatError(path, "file", "expected a JSON list of documents")
        articles: list[GoldArticle] = []
        seen: set[str] = set()
        for index, document in enumerate(documents):
            try:
                if not isinstance(document, dict):
                    raise _Malformed("not a JSON object")
                lang = _optional(document, "lang")
                articles.append(
                    GoldArticle(
                        id=_string(document, "id"),
                        text=_string(document, "text"),
                        story=_string(document, "cluster"),
                        title=_string(document, "title", required=False),
                        lang=_THREE_LETTER_LANGS.get(lang.lower(), lang.lower()) if lang else None,
                        published=_date(document.get("date")),
                        source=_miranda_source(document.get("source")),
                        url=_optional(document, "url"),
                    )
                )
                _claim(articles[-1].id, seen)
            except _Malformed as error:
                where = f"document {index}" + (
                    f" (id {document.get('id')!r})" if isinstance(document, dict) else ""
                )
                stream.malformed(GoldFormatError(path, where, str(error)))
        # Undated documents (none in the published files) go last rather than failing the sort.
        articles.sort(key=lambda a: (a.published is None, a.published or datetime.min, a.id))
        yield from articles

    return GoldStream(records, strict)


def _miranda_source(value: object) -> str | None:
    if isinstance(value, dict):  # Event Registry style: {"title": ..., "uri": ...}
        value = value.get("title") or value.get("uri")
    return value if isinstance(value, str) and value else None


# A lead byte of a 2-4 byte UTF-8 sequence shown as cp1252/latin-1, followed by a continuation byte
# shown the same way: how UTF-8 looks when decoded as cp1252 ("Ã¼" for "ü").
_CONTINUATION_CHARS = "".join(
    sorted(
        {chr(b) for b in range(0x80, 0xC0)}
        | {bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} - {""}
    )
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION_CHARS)}]")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/latin-1, where that is detectable.

    Texts without the telltale character pairs are returned untouched. With ftfy (installed with
    wordfreq) mixed texts are repaired piecewise; without it, the whole text is re-decoded and
    kept only if that leaves fewer telltale pairs.
    """
    markers = len(_MOJIBAKE.findall(text))
    if not markers:
        return text
    if _ftfy_fix_encoding is not None:
        return str(_ftfy_fix_encoding(text))
    for encoding in ("cp1252", "latin-1"):
        try:
            candidate = text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if len(_MOJIBAKE.findall(candidate)) < markers:
            return candidate
    return text


def _csv_rows(
    path: Path, delimiter: str, required: Iterable[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row keyed by lower-cased column name); missing columns fail the whole file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        columns = {name.strip().lower() for name in reader.fieldnames or []}
        missing = [name for name in required if name.lower() not in columns]
        if missing:
            raise GoldFormatError(path, "header", f"missing columns {missing}")
        try:
            for row in reader:
                yield (
                    reader.line_num,
                    {(key or "").strip().lower(): (value or "") for key, value in row.items()},
                )
        except csv.Error as error:
            raise GoldFormatError(path, reader.line_num, f"unreadable CSV: {error}") from error


def _first_column(columns: Iterable[str], *candidates: str) -> str | None:
    present = set(columns)
    return next((name for name in candidates if name in present), None)


def read_semeval2022_pairs(
    csv_path: PathLike, articles_dir: PathLike | None = None, *, strict: bool = True
) -> GoldStream[GoldPair]:
    """SemEval-2022 Task 8 pairs, scored 1 (very similar) to 4 (very dissimilar) in ``Overall``.

    Without ``articles_dir`` the CSV holds the texts (``text1``, ``text2``, as in HFL's release).
    With it, the CSV is the official one (``url1_lang``, ``url2_lang``, links, scores) and each
    article is ``<articles_dir>/<last two digits of id>/<id>.json`` with ``title`` and ``text``, as
    the task's downloader writes them; pairs with an article missing or empty go to ``skipped``.
    similarity = (4 - Overall) / 3; same_story is True for Overall <= 1.5, False for >= 3.5, else
    None; an empty Overall (unscored data) leaves both None. Mojibake is repaired.
    """
    path = Path(csv_path)
    folder = Path(articles_dir) if articles_dir is not None else None

    def records(stream: GoldStream[GoldPair]) -> Iterator[GoldPair]:
        required = ["pair_id"] + (["text1", "text2"] if folder is None else [])
        for number, row in _csv_rows(path, ",", required):
            try:
                pair_id = row["pair_id"].strip()
                first_id, underscore, second_id = pair_id.partition("_")
                if not (underscore and first_id and second_id):
                    raise _Malformed(f"pair_id {pair_id!r} is not 'id1_id2'")
                similarity, same_story = _overall(row.get("overall", ""))
                if folder is None:
                    first = (row.get("title1", ""), row["text1"])
                    second = (row.get("title2", ""), row["text2"])
                else:
                    first = _downloaded(folder, first_id)
                    second = _downloaded(folder, second_id)
            except _Malformed as error:
                stream.malformed(GoldFormatError(path, number, str(error)))
                continue
            except _NotDownloaded as error:
                stream.skip(GoldFormatError(path, number, str(error)))
                continue
            yield GoldPair(
                id=pair_id,
                text1=fix_mojibake(first[1]),
                text2=fix_mojibake(second[1]),
                lang1=_cell(row, "lang1", "url1_lang"),
                lang2=_cell(row, "lang2", "url2_lang"),
                title1=fix_mojibake(first[0]),
                title2=fix_mojibake(second[0]),
                similarity=similarity,
                same_story=same_story,
            )

    return GoldStream(records, strict)


def _cell(row: dict[str, str], *columns: str) -> str | None:
    """The first non-empty value among ``columns``, stripped and lower-cased (language codes)."""
    return next((row[c].strip().lower() for c in columns if row.get(c, "").strip()), None)


def _overall(value: str) -> tuple[float | None, bool | None]:
    if not value.strip():
        return None, None
    try:
        overall = float(value)
    except ValueError:
        raise _Malformed(f"Overall {value!r} is not a number") from None
    if not 1.0 <= overall <= 4.0:
        raise _Malformed(f"Overall {overall} is outside 1..4")
    same_story = True if overall <= 1.5 else False if overall >= 3.5 else None
    return (4.0 - overall) / 3.0, same_story


class _NotDownloaded(Exception):
    """An article that the SemEval downloader did not fetch, or fetched without text."""


def _downloaded(folder: Path, article_id: str) -> tuple[str, str]:
    """(title, text) of one article as the SemEval-2022 downloader stores it."""
    path = folder / article_id[-2:] / f"{article_id}.json"
    if not path.is_file():
        raise _NotDownloaded(f"article {article_id} not downloaded ({path})")
    try:
        article = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _Malformed(f"{path} is not a UTF-8 JSON file: {error}") from None
    if not isinstance(article, dict):
        raise _Malformed(f"{path} is not a JSON object")
    text = _string(article, "text", required=False)
    if not text.strip():
        raise _NotDownloaded(f"article {article_id} has no text ({path})")
    return _string(article, "title", required=False), text


_TGCONTEST_COLUMNS = (
    "INPUT:first_title",
    "INPUT:second_title",
    "INPUT:first_text",
    "INPUT:second_text",
    "GOLDEN:quality",
)


def read_tgcontest_pairs(
    tsv_path: PathLike, lang: str | None = None, *, strict: bool = True
) -> GoldStream[GoldPair]:
    """A Telegram Data Clustering contest pool: title, text, URL of two articles and
    ``GOLDEN:quality`` (OK = same story, BAD = not, empty = unlabelled, same_story None).

    Both articles are in ``lang``, by default the file name's prefix (``ru_honey_pool.tsv`` -> ru).
    Pair ids are ``"{file stem}:{line}"``. There is no graded score, so similarity is None.
    """
    path = Path(tsv_path)
    prefix = path.name.split("_", 1)[0].lower()
    language = lang or (
        prefix if len(prefix) == 2 and prefix.isalpha() and "_" in path.name else None
    )

    def records(stream: GoldStream[GoldPair]) -> Iterator[GoldPair]:
        for number, row in _csv_rows(path, "\t", _TGCONTEST_COLUMNS):
            quality = row["golden:quality"].strip().upper()
            if quality not in ("OK", "BAD", ""):
                reason = f"GOLDEN:quality {row['golden:quality']!r} is not OK, BAD or empty"
                stream.malformed(GoldFormatError(path, number, reason))
                continue
            yield GoldPair(
                id=f"{path.stem}:{number}",
                text1=row["input:first_text"],
                text2=row["input:second_text"],
                lang1=language,
                lang2=language,
                title1=row["input:first_title"],
                title2=row["input:second_title"],
                same_story={"OK": True, "BAD": False}.get(quality),
            )

    return GoldStream(records, strict)


HOLDOUT_SEED = "babelwire-holdout-v1"


def split_holdout(
    items: Iterable[T],
    fraction: float = 0.3,
    seed: str = HOLDOUT_SEED,
    key: Callable[[T], str] | None = None,
) -> tuple[list[T], list[T]]:
    """(development, held_out), each in input order.

    An item is held out when the SHA-256 of ``seed`` and its key, read as a number in [0, 1), is
    below ``fraction``. The decision depends on nothing else (not on order, not on the other items),
    so the held-out split never changes: files can grow or be reordered and no item ever moves.
    The key is the item's ``id`` (or the item itself for strings); to keep stories whole in a
    clustering set, pass ``key=lambda article: article.story``.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must lie in [0, 1], not {fraction}")
    key_of = key or _item_id
    development: list[T] = []
    held_out: list[T] = []
    for item in items:
        digest = hashlib.sha256(f"{seed}\0{key_of(item)}".encode()).digest()
        share = int.from_bytes(digest[:8], "big") / 2**64
        (held_out if share < fraction else development).append(item)
    return development, held_out


def _item_id(item: object) -> str:
    if isinstance(item, str):
        return item
    identifier = getattr(item, "id", None)
    if not isinstance(identifier, str):
        raise TypeError(f"cannot split {type(item).__name__} items without a key function")
    return identifier
