"""Cutting a run of capitalised words into names: at connectors and at case-marked places."""

from __future__ import annotations

from typing import Protocol, TypeVar

from babelwire.analyse.entity_words import CONNECTORS, NOT_CONNECTORS
from babelwire.analyse.gazetteer import lookup
from babelwire.analyse.keys import ORGANISATION_MARKERS, place_of
from babelwire.analyse.place_evidence import place_context


class _Word(Protocol):
    @property
    def text(self) -> str: ...


class _PlacedWord(_Word, Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Word)
P = TypeVar("P", bound=_PlacedWord)

LOCATIVE_CASE_LANGS = frozenset(("lv", "lt", "et", "fi", "hu"))
# endings that only the locative has (a long vowel in Latvian: "Sočos", "Daugavpilī")
LOCATIVE_ENDINGS = {"lv": ("ā", "ē", "ī", "ū", "os", "ās", "ēs", "īs"),
                    "lt": ("oje", "uje", "yje", "ėje")}


def split_locative_places(pieces: list[list[T]], lang: str) -> list[list[T]]:
    """"Aleksandrs Lukašenko Sočos", "Krišjāni Kariņu Rīgā": in languages whose locative is a
    case ending, not a preposition, an inflected place after a name is where, not a part of it
    (their names built on a place put it first, in the genitive: "Latvijas Banka")."""
    if lang not in LOCATIVE_CASE_LANGS:
        return pieces
    result: list[list[T]] = []
    for piece in pieces:
        last = piece[-1].text if len(piece) >= 2 else ""
        inflected = last.endswith(LOCATIVE_ENDINGS.get(lang, ())) or (
            bool(place_of(last, lang)) and lookup(last, lang) is None)
        if last and inflected and not place_of(
            " ".join(token.text for token in piece), lang
        ):
            result.extend((piece[:-1], piece[-1:]))
        else:
            result.append(piece)
    return result


def split_place_after_locative(pieces: list[list[P]], sentence: str, lang: str
                               ) -> list[list[P]]:
    """"w Soczi Alaksandra Łukaszenkę", "in Moskau Wladimir Putin": after a locative
    preposition, a known place followed by two or more name words is where, and the rest a
    name of its own (the run is no place as a whole: "w Nowym Jorku" stays)."""
    result: list[list[P]] = []
    for piece in pieces:
        cut = None
        if len(piece) >= 3 and place_context(sentence[: piece[0].start], lang) and not place_of(
                " ".join(token.text for token in piece), lang):
            cut = next((at for at in range(len(piece) - 2, 0, -1) if place_of(
                " ".join(token.text for token in piece[:at]), lang, fuzzy=False)), None)
        result.extend((piece[:cut], piece[cut:]) if cut else (piece,))
    return result


def split_at_connectors(pieces: list[list[T]], lang: str) -> list[list[T]]:
    """"Janus de Max Ernst": a connector followed by two or more name words joins two names
    ("Michael von Ungern-Sternberg", "Bank of America" stay whole)."""
    result: list[list[T]] = []
    for piece in pieces:
        cut = next((at for at in range(1, len(piece) - 2) if is_connector(piece[at].text, lang)
                    and not any(is_connector(t.text, lang) for t in piece[at + 1 :])), None)
        if cut is None:
            result.append(piece)
        else:
            result.extend(part for part in (strip_connectors(piece[:cut], lang),
                                            piece[cut + 1 :]) if part)
    return result


def is_connector(word: str, lang: str) -> bool:
    return word in CONNECTORS and word not in NOT_CONNECTORS.get(lang, ())


def strip_connectors(piece: list[T], lang: str) -> list[T]:
    while piece and is_connector(piece[0].text, lang):
        piece = piece[1:]
    while piece and is_connector(piece[-1].text, lang):
        piece = piece[:-1]
    return piece




# Slavic languages write "title + country in the genitive + name": "Kanclerz Niemiec Angela
# Merkel", "Президент России Владимир Путин"; the title may be capitalised at a sentence start.
GENITIVE_AFTER_LANGS = frozenset(("pl", "cs", "sk", "ru", "uk", "be", "bg", "hr", "sr", "bs", "sl"))


def split_title_of_place(pieces: list[list[T]], lang: str) -> list[list[T]]:
    """Cut "Kanclerz Niemiec Angela Merkel" into "Niemiec" and "Angela Merkel" (the title
    goes): a place inside a run, after a word and before two or more."""
    if lang not in GENITIVE_AFTER_LANGS:
        return pieces
    result: list[list[T]] = []
    for piece in pieces:
        at = next((position for position in range(1, len(piece) - 2)
                   if place_of(piece[position].text, lang)), None)
        if at is None or place_of(" ".join(token.text for token in piece), lang):
            result.append(piece)
        elif any(token.text.lower() in ORGANISATION_MARKERS for token in piece[:at]):
            result.extend((piece[: at + 1], piece[at + 1 :]))  # "Narodowy Bank Polski" stays
        else:
            result.extend((piece[at : at + 1], piece[at + 1 :]))
    return result
