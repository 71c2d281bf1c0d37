"""Countries, territories and major cities in every language, from CLDR (the `babel` package).

CLDR names each territory in every locale ("Baltkrievija", "Hviterussland", "Беларусь",
"ベラルーシ", "白俄罗斯") and its time-zone data names the major cities ("Москва", "Parīze",
"東京"). A name found here takes the key of the place, shared by all languages, so spelling
keys no longer have to meet across scripts and exonyms (Frankrike/Francija/Франция).

Adjectives of territories that CLDR writes inside currency and regional language names
("British Pound", "American English", "anglais britannique") name the territory too
(:func:`demonyms`): "British" is the United Kingdom, "American" and "America" the United States.

Place keys are the English CLDR name folded to ASCII *without* the ending cuts of spelling
keys ("nigeria", "niger"), so two places never share a key and a place key only meets a
spelling key when the English name is written as it is. Loaded lazily, one language at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from babelwire.analyse.more_places import Row, known_names, supplementary_name, word_city
from babelwire.analyse.names import zipf
from babelwire.analyse.place_text import normalise
from babelwire.analyse.table_cache import cached_table

PLACE_KEY_PREFIX = ""  # place keys are plain folds of the English name, see the docstring
_NON_LETTER = re.compile(r"[^a-z]+")
# CLDR also names world regions by number ("150" Europe, "419" Latin America): kept; "001"
# (world) and the unknown region are not places a story is about.
_SKIPPED_CODES = frozenset(("001", "ZZ", "QO", "XA", "XB"))
_SKIPPED_ZONES = ("Etc/", "Antarctica/")
# Babel locale names for languages whose codes differ from ours.
_ZONE_LOCALES = ("ru", "ja", "zh", "el", "uk")
_LOCALE_ALIASES = {"no": "nb", "zh-hant": "zh_Hant", "zh-tw": "zh_Hant", "zh-cn": "zh"}


# CLDR has no short forms of territory names; these acronyms stand for one territory in news
# of every language (written in capitals, so "US" is never the pronoun "us").
ACRONYMS = {
    "US": "US", "USA": "US", "UK": "GB", "UAE": "AE", "EU": "EU", "UN": "UN", "DRC": "CD",
    "США": "US", "ЕС": "EU", "ООН": "UN", "ОАЭ": "AE", "ЮАР": "ZA", "РФ": "RU", "КНДР": "KP",
}


# Acronyms that stand for one territory in one language only ("ES" is the EU in Latvian and
# Lithuanian, Spain's code elsewhere).
LOCAL_ACRONYMS: dict[str, dict[str, str]] = {
    "lv": {"ASV": "US", "ES": "EU", "ANO": "UN"},
    "lt": {"JAV": "US", "ES": "EU", "JT": "UN"},
    "pl": {"UE": "EU", "ONZ": "UN"}, "fr": {"UE": "EU", "ONU": "UN"},
    "nb": {"FN": "UN"}, "da": {"FN": "UN"}, "sv": {"FN": "UN"}, "de": {"UNO": "UN"},
    "ru": {"Евросоюз": "EU", "Евросоюза": "EU", "Евросоюзе": "EU"},
}
# Current names that CLDR lacks because it lists one form per locale: Norwegian CLDR says
# "Belarus", but Norwegian news write "Hviterussland"; German "Weißrussland", Russian
# "Белоруссия" likewise; Russian news say "Южная Корея" where CLDR has "Республика Корея".
# Polish "Niemiec" and "Stanów Zjednoczonych" are forms no paradigm rule derives (Niemcy is
# a plural; a two-word genitive). Checked against nb, lv, ru, de, en and pl news spellings
# of the neighbouring countries; everything else comes from CLDR.
EXONYMS: dict[str, dict[str, str]] = {
    "nb": {"Hviterussland": "BY", "Kviterussland": "BY"},
    "nn": {"Kviterussland": "BY"},
    "de": {"Weißrussland": "BY", "Weissrussland": "BY"},
    "ru": {"Белоруссия": "BY", "Южная Корея": "KR", "Северная Корея": "KP"},
    "pl": {"Niemiec": "DE", "Stanów Zjednoczonych": "US", "Stanach Zjednoczonych": "US",
           "Stanami Zjednoczonymi": "US", "Stanom Zjednoczonym": "US"},
}
# Places news name in every language that are neither territories nor time-zone cities.
_LANDMARK_NAMES: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "kremlin": ("Kremlin", {"en": ("Kremlin",), "nb": ("Kreml",), "de": ("Kreml",),
                            "pl": ("Kreml",), "lv": ("Kremlis",), "ru": ("Кремль",),
                            "fr": ("Kremlin",), "uk": ("Кремль",)}),
    "saint_petersburg": ("Saint Petersburg", {
        "en": ("St. Petersburg", "Saint Petersburg", "St Petersburg"),
        "nb": ("St. Petersburg", "Sankt Petersburg", "Sankt-Peterburg"),
        "de": ("Sankt Petersburg", "St. Petersburg"), "pl": ("Sankt Petersburg", "Petersburg"),
        "lv": ("Sanktpēterburga", "Pēterburga"), "ru": ("Санкт-Петербург", "Петербург")}),
}


@dataclass(frozen=True)
class Place:
    key: str  # shared by all languages: "belarus"
    name: str  # English CLDR name: "Belarus"
    code: str  # territory code ("BY", "150") or time zone ("Europe/Minsk")


def place_key(english: str) -> str:
    """ASCII fold of an English place name, words joined by "_": "South Korea" -> "south_korea"."""
    return _NON_LETTER.sub("_", anyascii(english).lower()).strip("_")


def _places_dump(table: dict[str, Place]) -> dict[str, tuple[str, str, str]]:
    return {name: (place.key, place.name, place.code) for name, place in table.items()}


def _places_load(data: dict[str, tuple[str, str, str]]) -> dict[str, Place]:
    shared: dict[tuple[str, str, str], Place] = {}  # one object per place, as when built
    return {name: shared.get(row) or shared.setdefault(row, Place(*row))
            for name, row in data.items()}


@lru_cache(maxsize=1)
def _territories() -> dict[str, Place]:
    """Territories by code, named in English. Kept on disk once built (analyse.table_cache)."""
    return cached_table("territories", _build_territories, _places_dump, _places_load)


def _build_territories() -> dict[str, Place]:
    from babel import Locale

    return {code: Place(place_key(name), name, code)
            for code, name in Locale.parse("en").territories.items()
            if code not in _SKIPPED_CODES}


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    """Every city time zone: locales in other scripts name them all (Latin ones only those
    whose name differs from English). Kept on disk once built (analyse.table_cache)."""
    return cached_table("zones", _build_zones, lambda zones: zones,
                        lambda data: tuple(map(str, data)))


def _build_zones() -> tuple[str, ...]:
    from babel import Locale

    zones: set[str] = set()
    for name in _ZONE_LOCALES:
        zones.update(Locale.parse(name).time_zones)
    return tuple(sorted(zone for zone in zones if _zone_place(zone) is not None))


@lru_cache(maxsize=1024)
def _zone_place(zone: str) -> Place | None:
    """The city a time zone is named after ("Europe/Minsk" -> Minsk), or None."""
    if zone.startswith(_SKIPPED_ZONES) or "/" not in zone:
        return None
    city = _zone_city(zone)
    key = place_key(city)
    # a city-state's zone names the territory ("Singapore", "Vatican" of "Vatican City")
    same = next((place for place in _territories().values()
                 if place.key in (key, key + "_city")), None)
    return same or Place(key, city, zone)


@lru_cache(maxsize=1024)
def _zone_city(zone: str) -> str:
    """The English name of a time zone's city ("Europe/Vatican" -> "Vatican")."""
    from babel import Locale

    overrides = Locale.parse("en").time_zones
    return (overrides[zone].get("city") if zone in overrides else None) or zone.rsplit(
        "/", 1)[1].replace("_", " ")


def _locale(lang: str) -> object | None:
    from babel import Locale, UnknownLocaleError

    name = _LOCALE_ALIASES.get(lang.lower(), lang.lower().replace("-", "_"))
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@lru_cache(maxsize=128)
def names(lang: str) -> dict[str, Place]:
    """Normalised place name in lang (and its English name) -> place. Kept on disk once built
    (analyse.table_cache): CLDR's locales take tens of milliseconds a language to read."""
    return cached_table(f"place-names-{lang}", lambda: _build_names(lang), _places_dump,
                        _places_load)


def _build_names(lang: str) -> dict[str, Place]:
    table: dict[str, Place] = {}
    for place in _territories().values():
        table.setdefault(normalise(place.name), place)
    for zone in _zones():
        city = _zone_place(zone)
        if city is not None:
            table.setdefault(normalise(_zone_city(zone)), city)
    # the language's own names win over English ones, and names over adjectives
    return {**demonyms(lang), **table, **local_names(lang)}


COMMON_STEM_ZIPF = 4.0
_BRACKETED = re.compile(r"\(([^()]{4,40})\)$")
_NO_SPACES = frozenset(("ja", "zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "th", "ko"))


@lru_cache(maxsize=128)
def demonyms(lang: str) -> dict[str, Place]:
    """Adjectives of territories that CLDR writes inside other names, in lang and English:
    the currency ("British Pound", "Swiss Franc") and the regional language ("British
    English", "American English"), less the word the name shares with its kind (the unit,
    the language), or the territory's name in brackets ("angļu (Lielbritānija)"). Language
    names stay out ("Russian" is a caption's language, not Russia),
    and an "-ican" adjective names its stem too ("American" -> "America", not the Americas)."""
    from babel.numbers import get_territory_currencies

    found: dict[str, set[str]] = {}
    current = {code: get_territory_currencies(code)[:1] for code in _territories()}
    for locale in {_locale(lang), _locale("en")} - {None}:
        if str(locale).split("_")[0] in _NO_SPACES:
            continue
        currencies = locale.currencies  # type: ignore[attr-defined]
        languages = locale.languages  # type: ignore[attr-defined]
        units = _shared_words(currencies.get(c, "") for codes in current.values() for c in codes)
        for code, currency in current.items():
            # a currency shared by several territories names its issuer (ISO 4217: GBP is GB's)
            phrases = [(currencies.get(c, ""), units) for c in currency if c[:2] == code]
            phrases += [(languages.get(f"{base}_{code}", ""),
                         frozenset(languages.get(base, "-").lower().split()))
                        for base in ("en", "fr", "es", "pt", "de")]
            for phrase, kind_words in phrases:
                if bracketed := _BRACKETED.search(phrase):  # "angļu (Lielbritānija)"
                    name = normalise(bracketed.group(1))
                    if name not in names_without_demonyms(lang):
                        found.setdefault(name, set()).add(code)
                    continue
                words = phrase.split()
                rest = [word for word in words if word.lower() not in kind_words]
                # two words, one the unit or language: "British Pound", "anglais britannique"
                if len(words) == 2 and len(rest) == 1 and rest[0].isalpha() and len(rest[0]) >= 4:
                    found.setdefault(normalise(rest[0]), set()).add(code)
    languages_here = language_names(lang)
    table: dict[str, Place] = {}
    for word, codes in found.items():
        if len(codes) == 1 and word not in languages_here:
            place = _territories()[next(iter(codes))]
            table[word] = place
            stem = word[:-1]  # a known word only: "America", not "Mexica"
            if word.endswith("ican") and stem not in names_without_demonyms(lang) and (
                    zipf(stem, "en") >= COMMON_STEM_ZIPF):
                table.setdefault(stem, place)
    return table


def _shared_words(phrases: object) -> frozenset[str]:
    """Words found in more than one phrase ("dollar", "pound"): the unit, not the adjective."""
    seen: dict[str, int] = {}
    for phrase in set(phrases):  # type: ignore[call-overload]
        for word in set(str(phrase).lower().split()):
            seen[word] = seen.get(word, 0) + 1
    return frozenset(word for word, count in seen.items() if count > 1)


def names_without_demonyms(lang: str) -> frozenset[str]:
    return frozenset(normalise(place.name) for place in _territories().values()) | frozenset(
        local_names(lang))


@lru_cache(maxsize=128)
def local_names(lang: str) -> dict[str, Place]:
    """Normalised place names in lang's own CLDR locale (English for "en" and unknown langs)."""
    locale = _locale(lang)
    if locale is None:
        return {}
    local: dict[str, Place] = {}
    for code, name in locale.territories.items():  # type: ignore[attr-defined]
        if code in _territories():
            local.setdefault(normalise(name), _territories()[code])
    for zone, data in locale.time_zones.items():  # type: ignore[attr-defined]
        place = _zone_place(zone)
        if place is not None and data.get("city"):
            local.setdefault(normalise(data["city"]), place)
    if lang.lower().startswith("en"):
        for place in _territories().values():
            local.setdefault(normalise(place.name), place)
        for zone in _zones():
            if (place := _zone_place(zone)) is not None:
                local.setdefault(normalise(_zone_city(zone)), place)
    for name, code in EXONYMS.get(lang.lower(), {}).items():
        local.setdefault(normalise(name), _territories()[code])
    for key, (english, by_lang) in _LANDMARK_NAMES.items():
        for name in by_lang.get(lang.lower(), ()):
            local.setdefault(normalise(name), Place(key, english, "landmark"))
    return local


@lru_cache(maxsize=128)
def language_names(lang: str) -> frozenset[str]:
    """Normalised names of languages in lang and in English ("Latvian", "Norwegian Bokmål"):
    captions such as "Translated from Latvian" write them capitalised, yet they name no entity.
    Kept on disk once built (analyse.table_cache): two CLDR locales to read a language."""
    return cached_table(f"language-names-{lang}", lambda: _build_language_names(lang),
                        lambda names: names, frozenset)


def _build_language_names(lang: str) -> frozenset[str]:
    found: set[str] = set()
    for locale in {_locale(lang), _locale("en")}:
        if locale is not None:
            found.update(map(normalise, locale.languages.values()))  # type: ignore[attr-defined]
    return frozenset(found)


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """The key of every place (to keep spelling keys of other names apart from them)."""
    return cached_table("place-keys", _build_place_keys, lambda keys: keys, frozenset)


@lru_cache(maxsize=1)
def territory_keys() -> frozenset[str]:
    """The keys of countries and larger regions ("belarus", "europe"), not of cities."""
    return frozenset(place.key for place in _territories().values())


def _build_place_keys() -> frozenset[str]:
    return frozenset((*(place.key for place in (*_territories().values(),
                                                *filter(None, map(_zone_place, _zones())))),
                      *_LANDMARK_NAMES))


@lru_cache(maxsize=1)
def _supplementary_names() -> dict[str, Row]:
    """:mod:`.more_places`' table by normalised name, asked before anything costlier."""
    return known_names()


@lru_cache(maxsize=200_000)  # half the look-ups of an article repeat one (place_of's forms)
def lookup(name: str, lang: str) -> Place | None:
    """The place a name as written denotes in lang, or None."""
    local = LOCAL_ACRONYMS.get(lang.lower(), {})
    code = (ACRONYMS.get(name) or ACRONYMS.get(name.replace(".", "")) or local.get(name)
            or local.get(name.replace(".", "")))
    if code is not None and code in _territories():
        return _territories()[code]
    normal = normalise(name)
    found = names(lang).get(normal)
    if found is not None or normal not in _supplementary_names():
        return found
    return _supplementary_place(name, lang)


@lru_cache(maxsize=100_000)
def _supplementary_place(name: str, lang: str) -> Place | None:
    """A city or region CLDR lacks (:mod:`.more_places`), as CLDR's place when CLDR knows
    it by its English name ("Viena" in Polish is CLDR's Vienna). Its key is the spelling key
    of its English name ("Sochi" -> "sok"), so a case form no rule undoes (Hungarian
    "Szocsiban") still meets it by spelling, as before the city was known."""
    found = supplementary_name(name, lang)
    return None if found is None else _place_of_row(*found)


def word_city_place(name: str, lang: str) -> Place | None:
    """The city a name denotes that is also an ordinary word of lang ("Bologna" in English),
    for a caller with evidence that the city is meant (:mod:`.place_evidence`)."""
    row = word_city(name, lang)
    return None if row is None else _place_of_row(row.english, row.code)


@lru_cache(maxsize=10_000)
def _place_of_row(english: str, code: str) -> Place:
    from babelwire.analyse.spelling import name_key

    key = "_".join(filter(None, (name_key(word, "en") for word in english.split())))
    return names("en").get(normalise(english)) or Place(key, english, code + english)


@lru_cache(maxsize=16)
def _scanner(lang: str) -> re.Pattern[str] | None:
    """Longest-first alternation of the lang's place names, for text without spaces."""
    table = names(lang)
    local = [name for name in table if len(name) >= 2 and not name.isascii()]
    if not local:
        return None
    return re.compile("|".join(map(re.escape, sorted(local, key=len, reverse=True))))


def scan(text: str, lang: str) -> list[tuple[int, int, Place]]:
    """Place names written in text (Japanese, Chinese: no spaces between words)."""
    scanner = _scanner(lang)
    if scanner is None:
        return []
    table = names(lang)
    return [(m.start(), m.end(), table[m.group()]) for m in scanner.finditer(text)]
