"""A language filter as a user types it ("lv", "LV", "pt-BR", "latvian", "latviešu") -> the
ISO 639-1 code articles are stored under; anything else is refused with a clear message, so a
filter never silently matches nothing because of how it was spelled."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babelwire.errors import InputError

_CODE = re.compile(r"[a-z]{2,3}")
_TAG = re.compile(r"([a-z]{2,3})[-_][a-z0-9-_]+")  # "pt-BR", "zh_Hans": the language part
# Codes that detection never gives but people type for the language articles are stored under.
_SAME_LANGUAGE = {"no": "nb", "nob": "nb", "nno": "nn"}


class UnknownLanguage(InputError):
    code = "bad-language"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Folded language name (English and the language's own) -> ISO 639-1 code, from Babel's
    CLDR data (a dependency already: no download)."""
    from babel import Locale, UnknownLocaleError

    english = Locale("en").languages
    names: dict[str, str] = {}
    for code, name in english.items():
        if len(code) != 2:
            continue
        names.setdefault(_fold(name), code)
        try:
            own = Locale(code).languages.get(code)
        except (UnknownLocaleError, ValueError):
            continue
        if own:
            names.setdefault(_fold(own), code)
    names["norwegian"] = "nb"  # what "Norwegian" news is written in
    return names


@lru_cache(maxsize=256)
def _three_letter(code: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        language = Locale.parse(code).language
    except (UnknownLocaleError, ValueError):
        return None
    return language if len(language) == 2 else None


def language_code(value: str) -> str:
    """The ISO 639-1 code for `value`: a code in any case ("LV"), a tag ("pt-BR"), a
    three-letter code ("lav"), or the language's name in English or in itself ("latvian",
    "Latviešu"). Raises `UnknownLanguage` for anything else."""
    typed = " ".join(value.split())
    folded = _fold(typed)
    tag = _TAG.fullmatch(folded)
    if tag:
        folded = tag.group(1)
    if folded in _SAME_LANGUAGE:
        return _SAME_LANGUAGE[folded]
    if _CODE.fullmatch(folded):
        if len(folded) == 2 and folded in _names().values():
            return folded
        if len(folded) == 3 and (two := _three_letter(folded)):
            return _SAME_LANGUAGE.get(two, two)
    found = _names().get(folded)
    if found is not None:
        return _SAME_LANGUAGE.get(found, found)
    raise UnknownLanguage(f"{value!r} is not a language: give an ISO 639-1 code such as 'lv', "
                          "'nb' or 'en', or a language's name such as 'latvian'")
