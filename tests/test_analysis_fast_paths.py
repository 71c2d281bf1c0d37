"""Shortcuts on the analysis's hottest small functions give what the general code gives."""

from __future__ import annotations

import re
import sys
import unicodedata

from babelwire.analyse import gazetteer
from babelwire.analyse.entity_words import HYPHEN_PREFIXES, is_capitalised
from babelwire.analyse.invisible import strip_invisible
from babelwire.analyse.place_text import normalise

# every character Python's \s matches: the shortcut must not miss one
WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code))]


def _normalise_in_full(name: str) -> str:
    text = unicodedata.normalize("NFC", strip_invisible(name))
    text = text.replace("’", "'").casefold().replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip()


def test_normalise_collapses_every_kind_of_space_as_before() -> None:
    assert len(WHITESPACE) > 20
    names = ["New York", " Sankt  Petersburg ", "Соединённые Штаты", "Côte d’Ivoire", "ЮАР",
             "東京", "Saint\u00adPetersburg", "Ñuñoa", "İstanbul", "Straße"]
    names += [f"{a}{space}{b}" for space in WHITESPACE for a, b in (("Rio", "de"), ("", "X"))]
    names += [f"Los{space}{space}Angeles{space}" for space in WHITESPACE]
    for lang in ("de", "ru", "ja", "lv"):
        names += list(gazetteer._build_names(lang))
    for name in names:
        assert normalise(name) == _normalise_in_full(name), repr(name)


def test_is_capitalised_without_a_hyphen_is_the_first_letter() -> None:
    def in_full(word: str) -> bool:
        parts = re.split(r"[-‐‑]", word)
        return word[:1].isupper() or (len(parts) > 1 and parts[0].lower() in HYPHEN_PREFIXES
                                      and parts[1][:1].isupper())

    words = ["Merkel", "merkel", "al-Assad", "al‐Assad", "el‑Sisi", "bin-Laden", "anti-EU",
             "x", "", "ölpreis", "Ölpreis", "de-facto", "ad-Dawla", *sorted(HYPHEN_PREFIXES)]
    for word in words:
        assert is_capitalised(word) == in_full(word), word
