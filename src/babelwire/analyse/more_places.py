"""Places CLDR does not name: cities beyond its time zones, and islands and regions.

CLDR (:mod:`.gazetteer`) knows territories and the cities its time zones are named after, so
Turin, Izmir, Dnipro, Geneva and Liepāja were no places ("other", and "Liepojos" took the key
of the analyst Marta Liepa). Two supplements, tried only after CLDR's names:

* ``data/cities.tsv.gz``: GeoNames cities (European ones from 50,000 people, others from
  300,000; no Chinese or Japanese ones, which cjk.py keys by reading) with their names in
  Latin, Cyrillic and Greek letters, built by scripts/build_city_gazetteer.py. GeoNames does
  not say which language a name belongs to, so a name that is an ordinary word of the
  article's language is no city there ("Nice" in English, "Bergen" in German). Their keys
  are spelling keys (:func:`.gazetteer._supplementary_place`).
* :data:`REGIONS`: islands and regions news name in every language with exonyms of their own
  (Evia, Euböa, Eubée), checked by hand; GeoNames' city list has none of them.

Neither stops a word from being a person's name inside a longer name ("Abraham Lincoln",
"Whitney Houston"): :func:`is_supplementary` lets :mod:`.keys` ignore them there. Each city
row carries its population, and :func:`word_city` gives the cities refused as ordinary words
("Bologna", "Cologne" in English): :mod:`.place_evidence` weighs both against the words around
a name (a big city's name is the city without a preposition; a town named after a person is
the person beside a person's title or verb).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from babelwire.analyse.names import (
    NOUN_CAPITALISING_LANGS,
    PLAIN,
    dictionary_lemma,
    word_kind,
    zipf,
)
from babelwire.analyse.place_text import normalise
from babelwire.analyse.table_cache import cached_table

_CITIES = Path(__file__).with_name("data") / "cities.tsv.gz"
CITY_CODE, REGION_CODE = "GeoNames/", "region/"
_STRICT_LANGS = NOUN_CAPITALISING_LANGS | {"en"}  # a "/" in a code marks a city-like place

# English name -> its names elsewhere (nominatives; keys.place_of undoes case endings).
REGIONS: dict[str, tuple[str, ...]] = {
    "Euboea": ("Evia", "Euboea", "Euböa", "Eubée", "Eubea", "Eubėja", "Eiboja", "Εύβοια",
               "Эвбея", "Евбея"),
    "Crete": ("Crete", "Kreta", "Crète", "Creta", "Krēta", "Κρήτη", "Крит"),
    "Rhodes": ("Rhodos", "Rodos", "Rodi", "Rodas", "Ρόδος", "Родос"),
    "Corfu": ("Corfu", "Korfu", "Corfou", "Kerkyra", "Κέρκυρα", "Корфу"),
    "Lesbos": ("Lesbos", "Lesvos", "Lesbo", "Λέσβος", "Лесбос"),
    "Attica": ("Attica", "Attika", "Attique", "Attyka", "Atika", "Αττική", "Аттика"),
    "Peloponnese": ("Peloponnese", "Peloponnes", "Péloponnèse", "Peloponneso", "Peloponez",
                    "Peloponēsa", "Peloponesas", "Πελοπόννησος", "Пелопоннес"),
    "Sicily": ("Sicily", "Sizilien", "Sicile", "Sicilia", "Sycylia", "Sicīlija", "Sicilija",
               "Сицилия", "Сицилія"),
    "Sardinia": ("Sardinia", "Sardinien", "Sardaigne", "Sardegna", "Cerdeña", "Sardynia",
                 "Sardīnija", "Sardinija", "Сардиния"),
    "Corsica": ("Corsica", "Korsika", "Córcega", "Korsyka", "Корсика"),
    "Mallorca": ("Mallorca", "Majorca", "Majorque", "Maiorca", "Majorka", "Maljorka",
                 "Майорка"),
    "Tuscany": ("Tuscany", "Toskana", "Toscane", "Toscana", "Toskania", "Toskāna", "Тоскана"),
    "Lombardy": ("Lombardy", "Lombardei", "Lombardie", "Lombardia", "Lombardija",
                 "Ломбардия"),
    "Catalonia": ("Catalonia", "Katalonien", "Catalogne", "Catalunya", "Cataluña",
                  "Catalogna", "Katalonia", "Katalonija", "Каталония"),
    "Andalusia": ("Andalusia", "Andalusien", "Andalousie", "Andalucía", "Andaluzja",
                  "Andalūzija", "Andalūzija", "Андалусия"),
    "Bavaria": ("Bavaria", "Bayern", "Bavière", "Baviera", "Bawaria", "Bavārija", "Bavarija",
                "Бавария"),
    "Normandy": ("Normandy", "Normandie", "Normandia", "Normandija", "Нормандия"),
    "Silesia": ("Silesia", "Schlesien", "Silésie", "Śląsk", "Silēzija", "Silezija",
                "Силезия"),
    "Transylvania": ("Transylvania", "Siebenbürgen", "Transylvanie", "Transilvania",
                     "Transylwania", "Transilvānija", "Transilvanija", "Трансильвания"),
    "Crimea": ("Crimea", "Krim", "Crimée", "Krym", "Krima", "Krymas", "Crimée", "Крым",
               "Крим"),
    "Donbas": ("Donbas", "Donbass", "Donbasas", "Донбасс", "Донбас"),
    "Siberia": ("Siberia", "Sibirien", "Sibérie", "Sibir", "Syberia", "Sibīrija", "Sibiras",
                "Сибирь"),
    "Lapland": ("Lapland", "Lappland", "Laponie", "Lapponia", "Laponia", "Lappi", "Lapzeme",
                "Laplandija", "Лапландия"),
    "Kurzeme": ("Kurzeme", "Courland", "Kurland", "Kurlandia", "Kuršas", "Курземе"),
    "Latgale": ("Latgale", "Latgalia", "Latgalija", "Lettgallen", "Латгалия"),
}


class Row(NamedTuple):
    english: str
    code: str  # CITY_CODE or REGION_CODE
    people: int | None  # a city's population; None for a region (checked by hand)


@lru_cache(maxsize=1)
def _table() -> dict[str, Row]:
    """Normalised name -> its row; regions win over cities. Kept on disk once built
    (analyse.table_cache): normalising 90,000 names took half a second of every cold start."""
    return cached_table("more-places", _build_table,
                        lambda table: {name: tuple(row) for name, row in table.items()},
                        lambda data: dict(zip(data, map(Row._make, data.values()), strict=True)))


def _build_table() -> dict[str, Row]:
    table: dict[str, Row] = {}
    with gzip.open(_CITIES, "rt", encoding="utf-8") as rows:
        for row in rows:
            if not row.startswith("#") and "\t" in row:
                name, english, people = row.rstrip("\n").split("\t")
                table[normalise(name)] = Row(english, CITY_CODE, int(people))
    for english, written in REGIONS.items():
        for name in written:
            table[normalise(name)] = Row(english, REGION_CODE, None)
    return table


@lru_cache(maxsize=1)
def _people() -> dict[str, int]:
    """Place code ("GeoNames/Pushkin") -> the city's population."""
    return {row.code + row.english: row.people for row in _table().values()
            if row.people is not None}


def people_of(code: str) -> int | None:
    """Population of a GeoNames city by its place code; None for any other place."""
    return _people().get(code)


def known_names() -> dict[str, Row]:
    """Every normalised name of the table (the gazetteer asks before anything costlier)."""
    return _table()


def supplementary_name(name: str, lang: str) -> tuple[str, str] | None:
    """(English name, code prefix) of the city or region a name as written denotes, or None;
    never an ordinary word of lang ("Nice", "Split" in English): :func:`word_city` gives
    those to callers that hold evidence of the city (:mod:`.place_evidence`)."""
    found = _table().get(normalise(name))
    if found is None or _is_word_here(name, lang):
        return None  # German "Halle" (a hall) has plural forms: a noun, not Halle (Saale)
    return found.english, found.code


def word_city(name: str, lang: str) -> Row | None:
    """The city row of a name that :func:`supplementary_name` refuses as an ordinary word of
    lang ("Bologna", "Cologne" in English, "Liège" in French, "Colonia" in Italian)."""
    found = _table().get(normalise(name))
    if found is None or found.people is None or not _is_word_here(name, lang):
        return None
    return found


def _is_word_here(name: str, lang: str) -> bool:
    return " " not in name and (_is_ordinary_word(name.lower(), lang) or (
        lang in NOUN_CAPITALISING_LANGS and word_kind(name, lang) == PLAIN))


def _is_ordinary_word(word: str, lang: str) -> bool:
    """A base form of a dictionary word of lang: "nice", "split", "cologne" in English. Not
    an inflected form ("Львов" is also the genitive plural of "лев", "Gênes" a form of
    "gêner", "Сочи" of "сочить"): capitalised mid-sentence it is the city, and first in a
    sentence the entity rules judge it. In German, which capitalises every noun, and in
    English, whose dictionary is asked about every language's names, a form less frequent
    than its lemma is a word too ("Bergen", to rescue; "Paras", a plural, is no Paris)."""
    lemma = dictionary_lemma(word, lang)
    return lemma is not None and lemma[:1].islower() and (lemma == word or (
        lang in _STRICT_LANGS and zipf(lemma, lang) >= zipf(word, lang)))


def is_supplementary(code: str) -> bool:
    return code.startswith((CITY_CODE, REGION_CODE))
