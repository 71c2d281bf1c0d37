"""Japanese personal names in kanji, found and read with SudachiPy's dictionary when installed.

Kanji given names have many readings, and a general reader picks the word's: pykakasi reads
正義 as "seigi", where the name is Masayoshi. SudachiPy's core dictionary (Apache-2.0, in the
optional ``ja`` extra) tags family and given names (人名・姓, 人名・名) and reads them as names:
瓜生正義 is ウリュウ マサヨシ, 小山田久 is オヤマダ ヒサシ. Without it, names are read with pykakasi
as before, at a loss of Japanese recall only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any

FAMILY, GIVEN = ("人名", "姓"), ("人名", "名")

Reader = Callable[[str], str]  # katakana or kanji -> Hepburn romaji


@lru_cache(maxsize=1)
def _tokenizer() -> Any | None:
    try:
        from sudachipy import Dictionary
    except ImportError:
        return None
    try:
        dictionary = Dictionary(dict="core")
    except Exception:  # the dictionary package is missing or unreadable: read with pykakasi
        return None
    # SudachiPy 0.7 names it tokenizer(); older releases only have create()
    return (getattr(dictionary, "tokenizer", None) or dictionary.create)()


def available() -> bool:
    return _tokenizer() is not None


def name_parts(run: str, read: Reader) -> list[tuple[str, str]] | None:
    """(kanji, romaji) of each part of a name written as one kanji run, family name first, or
    None when SudachiPy is not installed or reads the run as no name."""
    tokenizer = _tokenizer()
    if tokenizer is None:
        return None
    tokens = list(tokenizer.tokenize(run))
    if len(tokens) < 2 or tuple(tokens[-1].part_of_speech()[2:4]) != GIVEN:
        return None
    return [(token.surface(), read(token.reading_form())) for token in tokens]


def full_names(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, surface) of each family name followed by a given name in text."""
    tokenizer = _tokenizer()
    if tokenizer is None:
        return
    tokens = list(tokenizer.tokenize(text))
    for first, second in pairwise(tokens):
        if tuple(first.part_of_speech()[2:4]) == FAMILY and (
                tuple(second.part_of_speech()[2:4]) == GIVEN):
            yield first.begin(), second.end(), text[first.begin():second.end()]
