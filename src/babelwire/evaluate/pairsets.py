"""Readers of the labelled pair sets: SemEval-2022 Task 8 (graded) and the Telegram contest
(same story or not). Same contract as ``goldsets``: a :class:`GoldStream` of :class:`GoldPair`,
malformed rows raised or skipped with their reason, never dropped silently."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babelwire.evaluate.goldsets import (
    GoldFormatError,
    GoldPair,
    GoldStream,
    PathLike,
    _Malformed,
    _parsed,
    _string,
    _Unavailable,
)

_ftfy_fix_encoding: Callable[[str], str] | None
try:  # ftfy comes with wordfreq; it repairs mixed texts that a whole-text round trip cannot
    from ftfy import fix_encoding as _ftfy_fix_encoding
except ImportError:  # pragma: no cover - only without ftfy
    _ftfy_fix_encoding = None

_CONTINUATION = "".join(chr(b) + bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/latin-1, where that is detectable.

    Texts without telltale pairs such as "Ã¼" come back untouched. ftfy (a wordfreq dependency)
    repairs mixed texts piecewise; without it the whole text is re-decoded, kept if less garbled.
    """
    markers = len(_MOJIBAKE.findall(text))
    if not markers:
        return text
    if _ftfy_fix_encoding is not None:
        return _ftfy_fix_encoding(text)
    for encoding in ("cp1252", "latin-1"):
        try:
            candidate = text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if len(_MOJIBAKE.findall(candidate)) < markers:
            return candidate
    return text


def _csv_rows(path: Path, delimiter: str, required: list[str]) -> Iterator[tuple[int | str, Any]]:
    """(line number, row keyed by lower-cased column name); missing columns fail the whole file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        columns = {name.strip().lower() for name in reader.fieldnames or []}
        missing = [name for name in required if name.lower() not in columns]
        if missing:
            raise GoldFormatError(path, "header", f"missing columns {missing}")
        try:
            for row in reader:
                if None in row or None in row.values():
                    yield reader.line_num, ValueError(f"not {len(columns)} fields")
                    continue
                yield reader.line_num, {key.strip().lower(): value for key, value in row.items()}
        except csv.Error as error:
            raise GoldFormatError(path, reader.line_num, f"unreadable CSV: {error}") from error


def read_semeval2022_pairs(
    csv_path: PathLike, articles_dir: PathLike | None = None, *, strict: bool = True
) -> GoldStream[GoldPair]:
    """SemEval-2022 Task 8 pairs, rated 1 (very similar) to 4 (very dissimilar) in ``Overall``.

    Without ``articles_dir`` the CSV holds the texts (``text1``, ``text2``: HFL's release). With
    it, the CSV is the official one (``url1_lang``, ``url2_lang``, links, ratings) and article
    ``<id>`` is ``<articles_dir>/<id[-2:]>/<id>.json`` with ``title`` and ``text``, as the task's
    downloader writes it (an ``articles/`` folder beside a CSV without texts is found alone).
    similarity = (4 - Overall) / 3; same_story is True for Overall <= 1.5, False for >= 3.5,
    else None; both None when Overall is empty. Mojibake is repaired.
    """
    path = Path(csv_path)
    folder = Path(articles_dir) if articles_dir is not None else _downloader_folder(path)

    def parse(row: dict[str, str], _: int | str) -> list[GoldPair]:
        pair_id = row["pair_id"].strip()
        first_id, underscore, second_id = pair_id.partition("_")
        if not (underscore and first_id and second_id):
            raise _Malformed(f"pair_id {pair_id!r} is not 'id1_id2'")
        rating = _overall(row.get("overall", ""))  # (similarity, same_story)
        if folder is None:
            articles = [(row.get(f"title{n}", ""), row[f"text{n}"]) for n in "12"]
        else:
            articles = [_downloaded(folder, first_id), _downloaded(folder, second_id)]
        (title1, text1), (title2, text2) = [tuple(map(fix_mojibake, a)) for a in articles]
        # HFL's CSV says lang1, the official one url1_lang
        lang1, lang2 = (
            (row.get(f"lang{n}") or row.get(f"url{n}_lang") or "").strip().lower() or None
            for n in "12"
        )
        return [GoldPair(pair_id, text1, text2, lang1, lang2, title1, title2, *rating)]

    required = ["pair_id"] + (["text1", "text2"] if folder is None else [])
    return GoldStream(lambda s: _parsed(s, path, _csv_rows(path, ",", required), parse), strict)


def _downloader_folder(csv_path: Path) -> Path | None:
    """`articles/` beside an official pairs CSV that has no texts of its own, else None."""
    beside = csv_path.parent / "articles"
    if not beside.is_dir():
        return None
    try:
        with csv_path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader(handle), [])
    except OSError:
        return None
    return None if "text1" in {name.strip().lower() for name in header} else beside


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


def _downloaded(folder: Path, article_id: str) -> tuple[str, str]:
    """(title, text) of one article where the SemEval-2022 downloader stores it."""
    path = folder / article_id[-2:] / f"{article_id}.json"
    if not path.is_file():
        raise _Unavailable(f"article {article_id} not downloaded ({path})")
    try:
        article = json.loads(path.read_bytes())
    except ValueError as error:
        raise _Malformed(f"{path} is not a UTF-8 JSON file: {error}") from None
    if not isinstance(article, dict):
        raise _Malformed(f"{path} is not a JSON object")
    text = _string(article, "text", required=False)
    if not text.strip():
        raise _Unavailable(f"article {article_id} has no text ({path})")
    return _string(article, "title", required=False), text


def read_tgcontest_pairs(
    tsv_path: PathLike, lang: str | None = None, *, strict: bool = True
) -> GoldStream[GoldPair]:
    """A Telegram Data Clustering contest pool: titles, texts, URLs of two articles and
    ``GOLDEN:quality`` (OK = same story, BAD = not, empty = unlabelled: same_story None).

    Both articles are in ``lang``, by default the file name's prefix (``ru_honey_pool.tsv``: ru).
    Pair ids are ``"{file stem}:{line}"``. The pools have no graded score: similarity is None.
    """
    path = Path(tsv_path)
    prefix, underscore, _ = path.name.partition("_")
    lang = lang or (prefix.lower() if underscore and len(prefix) == 2 else None)
    columns = ["INPUT:first_title", "INPUT:first_text", "INPUT:second_title", "INPUT:second_text"]

    def parse(row: dict[str, str], line: int | str) -> list[GoldPair]:
        quality = row["golden:quality"].strip().upper()
        if quality not in ("OK", "BAD", ""):
            raise _Malformed(f"GOLDEN:quality {quality!r} is not OK, BAD or empty")
        title1, text1, title2, text2 = (row[column.lower()] for column in columns)
        same_story = {"OK": True, "BAD": False}.get(quality)
        pair_id = f"{path.stem}:{line}"
        return [GoldPair(pair_id, text1, text2, lang, lang, title1, title2, same_story=same_story)]

    rows = _csv_rows(path, "\t", [*columns, "GOLDEN:quality"])
    return GoldStream(lambda s: _parsed(s, path, rows, parse), strict)
