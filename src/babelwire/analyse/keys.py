"""Keys of whole names: places from the gazetteer, people by initial and surname, others whole.

Precision first (a false merge corrupts every view built on a key, a missed one only loses a
signal):

* A place the CLDR gazetteer knows takes the place's key in every language and script; the
  written form is tried as it is, as the dictionary lemma, and as the stem of the language's
  case paradigm with each nominative ending ("Baltkrievijā" -> "Baltkrievija", "Минске" ->
  "Минск"); a German word in -er names its city ("Brüsseler", "Berliner": Brussels, Berlin).
* "Osaka Prefecture" is Osaka: a Japanese prefecture is named after its capital and Japanese
  text writes both alike (大阪).
* A multi-word name never takes the key of one of its words: "Air Berlin", "Financial Times"
  and "North Korea" keep all their words. A name that looks like a person's (two or three
  name words, none an ordinary word, an acronym or a place) is keyed by the initial of the
  first word and the rest: "Aleksandr Lukasjenko" and "Александр Лукашенко" give
  "a.lukasenk", while Digvijaya and Manmohan Singh stay apart. A surname alone keeps its own
  key; ``entities.extract_mentions`` links it to the full name only inside one article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice, product

from anyascii import anyascii

from babelwire.analyse import gazetteer
from babelwire.analyse.entity_words import CONNECTORS, SAINT_PREFIXES, TITLES_BEFORE_NAMES
from babelwire.analyse.more_places import is_supplementary
from babelwire.analyse.names import (
    NOUN_CAPITALISING_LANGS,
    PLAIN,
    acronym_length,
    case_stems,
    dictionary_lemma,
    is_mixed_case_acronym,
    name_forms,
    nominative_forms,
    word_kind,
)
from babelwire.analyse.spelling import name_key
from babelwire.analyse.table_cache import cached_table

PERSON, PLACE, ORGANISATION, OTHER = "person", "place", "organisation", "other"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_PERSON_WORDS = 3
JAPANESE_PREFECTURE = frozenset(("prefecture", "präfektur", "préfecture", "prefektura"))
_CYRILLIC_CASES = dict.fromkeys(  # plurals too: "Соединённых Штатах"
    ("ru", "uk", "be"), ("ая", "ий", "ый", "ия", "я", "а", "ь", "", "ые", "ие", "ы", "и"))
# What those adjective and noun candidates may cut: a case ending ("Зеландии", "Кореи"),
# never a stem's consonant ("Франциск" is no form of "Франция").
_CYRILLIC_CASE_TAILS = frozenset((
    "ой", "ей", "ую", "юю", "ом", "ем", "ым", "им", "ых", "их", "ая", "яя", "ое", "ее", "ии",
    "ые", "ие", "ах", "ях", "ам", "ям", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и", "й"))
# Places named in the plural ("Soči", "Atēnas", "Vilniai"): their case forms' nominatives
_PLURAL_NOMINATIVES = {"lv": ("i", "as", "es"), "lt": ("ai", "os", "ės")}
INTERNATIONAL_BODIES = frozenset(("EU", "UN", "EZ"))  # CLDR lists them among territories
_DOUBLED = re.compile(r"(.)\1")
_CONSONANTS = re.compile(r"[^bcdfghklmnpqrstvwxz]+")  # j and y are glides here
_VOWEL_GROUPS = re.compile(r"[aeiouyj]+")  # syllables: "Melanes" is not "Melanesia"
_ITALIAN_SOFT_G = re.compile(r"Gi[aou]")
MIN_SPELLING_MATCH = 3  # with the same first letter and not an ordinary word
SURNAME_PARTICLES = _words("le la de da di du del della van von der den ter al el bin ben "
                           "ле ла де ди дель ван фон дер бен бин аль")  # "Марин Ле Пен"
# Legal forms and words that only organisations carry; a name holding one is an organisation.
ORGANISATION_MARKERS = _words(
    "as asa ab oy oyj gmbh ag kg se sa sas sarl spa srl bv nv ltd plc llc inc corp co "
    "bank banka banque bund union party partei university universität universitet "
    "université airlines airways air news times post press tv fc cf sc afc united city "
    "institute institut ministry council agency association group holding "
    "museum musée museo muzeum muzejs"
)

# Words that only names of places carry ("Uttar Pradesh", "Volgograd Oblast"): never a person,
# so "Andhra Pradesh" and "Arunachal Pradesh" do not both become "a.prad".
PLACE_MARKERS = _words(
    "pradesh oblast oblasti krai kray okrug province provincia prefecture county region "
    "island islands isle river lake mount mountains bay valley district governorate "
    # seas and coasts: "Baltic Sea" and "Barents Sea" are no people "B. Sea" (one false merge)
    "sea ocean gulf strait straits channel canal peninsula desert coast cape fjord lagoon "
    "archipelago"
)

# Ordinary words that end names of teams, broadcasters, contests and offices but no person's
# ("Sankei Sports", "Ocean Cup", "Nakagyo Police Station"). Not organisation markers: those
# also keep a word inside a name when entities.py cuts titles off, which these must not do
# ("US Department of Homeland Security" would lose "Homeland Security").
NON_PERSON_WORDS = _words(
    "television sports cup league club police station department series"
)
_NEVER_IN_PERSON_NAMES = ORGANISATION_MARKERS | PLACE_MARKERS | NON_PERSON_WORDS


@lru_cache(maxsize=100_000)
def place_of(name: str, lang: str, fuzzy: bool = True) -> gazetteer.Place | None:
    """The gazetteer place a name as written denotes, trying its uninflected forms; with
    ``fuzzy``, a lone word also by a spelling like one place's ("Kiev" for "Kyiv"), which
    is no test for a word inside a longer name ("Keir Starmer" is not Cairo, "Kair")."""
    place = gazetteer.lookup(name, lang)
    if place is not None or not name[:1].isalpha():
        return place
    words = name.split()
    candidates: Iterable[str]
    if len(words) == 1:
        candidates = _single_word_forms(name, lang)
    else:  # inflected adjectives and nouns: "Vereinigten Arabischen Emirate", "Новой Зеландии"
        forms = [_single_word_forms(word, lang) for word in words]
        # made as they are tried: the first place found ends the search
        candidates = (" ".join(choice) for choice in _product(forms, 400))
    for candidate in candidates:
        if len(words) == 1 and _lengthened(name, candidate):
            continue  # "Лиепа" (a surname) is no case form of "Лиепая", "Liepa" of "Liepāja"
        place = gazetteer.lookup(candidate, lang)
        if place is not None:
            return place
    if lang in NOUN_CAPITALISING_LANGS and len(name) >= 6 and name.endswith("er"):
        # German names a city's people and things by the city and -er, never inflected:
        # "Brüsseler", "Berliner", "Kölner"
        place = gazetteer.lookup(name[:-2], lang)
        if place is not None:
            return place
    if fuzzy and len(words) == 1 and word_kind(name, lang) != PLAIN:
        # "Kiev", "Kyjiv": spelt like exactly one place ("Kyiv") and not an ordinary word
        stem = name_forms(name, lang)[1]
        found = _places_by_spelling(lang).get(name_key(stem, lang))
        if found is not None and _alike(stem, name_forms(found[1].title(), lang)[1]):
            return found[0]  # "Kijeva" for Kyiv, but not "Tsipras" for Cyprus
    return None


def _lengthened(word: str, candidate: str) -> bool:
    """A candidate that is the word with letters added: a case ending replaces letters or
    goes, it never leaves the whole word in place and adds more."""
    return len(candidate) > len(word) and candidate.lower().startswith(word.lower())


@lru_cache(maxsize=64)
def _places_by_spelling(lang: str) -> dict[str, tuple[gazetteer.Place, str]]:
    """Spelling key -> the one single-word place named so in lang itself with that key.

    Only the language's own names: "Cipras" (Lithuanian for Tsipras) is spelt like the English
    "Cyprus", but not like the Lithuanian "Kipras". Kept on disk once built (a few hundred
    milliseconds a language; analyse.table_cache).
    """
    return cached_table(
        f"places-by-spelling-{lang}", lambda: _build_places_by_spelling(lang),
        lambda table: {key: (place.key, place.name, place.code, name)
                       for key, (place, name) in table.items()},
        lambda data: {key: (gazetteer.Place(*row[:3]), row[3])
                      for key, row in data.items()})


def _build_places_by_spelling(lang: str) -> dict[str, tuple[gazetteer.Place, str]]:
    found: dict[str, dict[str, tuple[gazetteer.Place, str]]] = {}
    for name, place in gazetteer.local_names(lang).items():
        if " " not in name and name.isalpha() and len(name) >= MIN_SPELLING_MATCH + 1:
            spelling = name_key(name_forms(name.title(), lang)[1], lang)
            found.setdefault(spelling, {})[place.key] = (place, name)
    return {key: next(iter(places.values())) for key, places in found.items()
            if len(places) == 1 and len(key) >= MIN_SPELLING_MATCH}


@lru_cache(maxsize=100_000)
def _alike(word: str, name: str) -> bool:
    """Stems with the same first letter, about the same length, the same consonants as
    written, the same doubled letters and about as many syllables: "Kiev" and "Kyiv", "Kijev"
    and "Kijiv"; not "Masayoshi" and "Maceió" (spelling keys both "mas"), "Cameron" and
    "Cameroon", the Icelandic "Melanes" and "Melanesia", nor the Polish "Ross", "Markus",
    "Hollande" and "Rosj(a)", "Markiz(y)", "Holandi(a)"."""
    word, name = anyascii(word).casefold(), anyascii(name).casefold()
    longer = abs(len(word) - len(name))
    # one more syllable only with one more letter: "Israeli" and "Israel"
    more_syllables = abs(len(_VOWEL_GROUPS.findall(word)) - len(_VOWEL_GROUPS.findall(name)))
    return word[:1] == name[:1] and longer <= 2 and more_syllables <= (longer <= 1) and (
        _CONSONANTS.sub("", word) == _CONSONANTS.sub("", name)) and (
        _DOUBLED.findall(word) == _DOUBLED.findall(name))


@lru_cache(maxsize=100_000)  # each word of a longer name asks again: 3 calls in 4 repeat one
def _single_word_forms(word: str, lang: str) -> tuple[str, ...]:
    forms = [word]
    lemma = dictionary_lemma(word, lang)
    if lemma and lemma.lower() != word.lower():
        forms.append(lemma)
    display, stem = name_forms(word, lang)
    # the bare stem first: "Нигере" is Нигер, although "Нигерия" is the commoner nominative
    forms.extend((stem, *nominative_forms(stem, lang)))
    forms.extend(stem + ending for ending in _PLURAL_NOMINATIVES.get(lang, ()))  # "Sočos": Soči
    for other in case_stems(word, lang):  # a name the word list knows uninflected too:
        forms.extend(nominative_forms(other, lang))  # "Kaļiņingradas" -> "Kaļiņingrada"
    if lang in _CYRILLIC_CASES:  # adjectives of names too: "Новой Зеландии", "Южной Кореи";
        # right after the stem, so the combinations of a two-word name try them in the limit
        at = forms.index(stem) + 1
        forms[at:at] = [word[:-cut] + ending for cut in (2, 1) for ending in _CYRILLIC_CASES[lang]
                      if len(word) - cut >= 3 and word[-cut:].lower() in _CYRILLIC_CASE_TAILS]
    forms.append(display)
    return tuple(dict.fromkeys(forms))


def _product(options: list[tuple[str, ...]], limit: int) -> Iterator[tuple[str, ...]]:
    """The first `limit` combinations, in order (the first form of each word first). Each
    word has a form, so these are the combinations of the first `limit` shorter ones: the
    same as cutting the product at every word, without building what is cut."""
    return islice(product(*options), limit)


def word_key(word: str, lang: str, as_written: frozenset[str] = frozenset(),
             alone: bool = True) -> str:
    """Key of one name word: its place key when the gazetteer knows it, else its spelling.
    A word inside a longer name (not ``alone``) takes a place key only as the place is written."""
    place = place_of(word, lang, fuzzy=alone)
    if place is not None:
        return place.key
    return spelling_key(word, lang, as_written)


def spelling_key(word: str, lang: str, as_written: frozenset[str] = frozenset()) -> str:
    """Spelling key of a word that is no known place; never equal to a place key, so "Nigéria"
    (not the French CLDR spelling) cannot take the key of Niger."""
    key = name_key(stem_of(word, lang, as_written), lang)
    return key + "~" if key in gazetteer.place_keys() else key


def initial(word: str, lang: str) -> str:
    """Initial sound of a given name: "Joe", "Джо" and "Dž..." -> "i", "Władimir" -> "v"."""
    if len(word) <= 2 and word.isupper():
        return name_key(word[0], "en")[:1] or word[0].lower()
    # the letter as English reads it: French "Jean" and English "John" both begin with "i"
    key = name_key(name_forms(word, lang)[1], "en")
    if key.startswith(("ds", "dz")) or _ITALIAN_SOFT_G.match(word):
        return "i"  # дж, dž, dzh and Italian gi: the English j ("Giorgia", "Джорджа")
    return "i" if key[:1] == "e" else key[:1]


def is_initial(word: str) -> bool:
    """"G", "FW": an initial or two standing for given names."""
    return 1 <= len(word) <= 2 and word.isupper() and word.isalpha()


def looks_like_person(words: list[str], lang: str, is_plain: Callable[[str], bool]) -> bool:
    """Two or three name words: a given name (or initial) that is no ordinary word, and no
    acronym, place or organisation word anywhere."""
    if not 2 <= len(words) <= MAX_PERSON_WORDS:
        return False
    first, rest = words[0], words[1:]
    if not is_initial(first) and (acronym_length(first) or is_plain(first)):
        return False
    if first.lower() in TITLES_BEFORE_NAMES | SAINT_PREFIXES or is_mixed_case_acronym(first):
        return False  # "Prince Haakon", "Pope Francis"; "VfB Stuttgart"; "Santa Maria"
    # The surname may be an ordinary word ("López Obrador", "Peter Green"): only the given
    # name decides, so the same name gets the same kind of key in every language.
    for word in rest:
        if acronym_length(word) or len(word) < 2:
            return False
    if any(word.lower() in _NEVER_IN_PERSON_NAMES for word in words):
        return False
    # a city or region from the supplement is a surname here: "Abraham Lincoln"
    return not any((place := place_of(word, lang, fuzzy=False)) is not None
                   and not is_supplementary(place.code) for word in words)


def name_kind(words: list[str], lang: str, person: bool) -> str:
    if person:
        return PERSON
    if any(word.lower().strip(".") in ORGANISATION_MARKERS for word in words):
        return ORGANISATION
    if len(words) == 1 and acronym_length(words[0]) >= 3:
        return ORGANISATION  # "NATO", "FIFA", "TASS"
    if len(words) > 1 and words[-1].lower() in PLACE_MARKERS:
        return PLACE
    return OTHER


def stem_of(word: str, lang: str, as_written: frozenset[str] = frozenset()) -> str:
    """The word less its case ending, unless the article shows it has none (``as_written``)."""
    return word if word in as_written else name_forms(word, lang)[1]


def span_key(
    words: list[str], lang: str, is_plain: Callable[[str], bool] | None = None,
    as_written: frozenset[str] = frozenset(),
) -> tuple[str, str]:
    """(key, kind) of a name given as its words, connectors removed; words in ``as_written``
    carry no case ending to strip (:func:`stem_of`)."""
    if not words:
        return "", OTHER
    is_plain = is_plain or (lambda word: False)
    place = place_of(" ".join(words), lang)
    if place is not None:
        return place.key, ORGANISATION if place.code in INTERNATIONAL_BODIES else PLACE
    if len(words) == 1:
        return word_key(words[0], lang, as_written), name_kind(words, lang, False)
    if len(words) == 2 and words[1].lower() in JAPANESE_PREFECTURE:
        # a Japanese prefecture is named after its capital, and Japanese text writes both
        # alike ("大阪"): "Osaka Prefecture" takes the key of Osaka
        return word_key(words[0], lang, as_written), PLACE
    if looks_like_person(words, lang, is_plain):
        key = person_key(words, lang, as_written)
        if key:
            return key, PERSON
    return joined_key(words, lang, as_written), name_kind(words, lang, False)


def joined_key(words: list[str], lang: str, as_written: frozenset[str] = frozenset()) -> str:
    """The key of a name of several words that is no known place and no person."""
    keys = [word_key(word, lang, as_written, alone=False) for word in words]
    return "_".join(key for key in keys if key)


def person_key(words: list[str], lang: str, as_written: frozenset[str] = frozenset()) -> str:
    """Initial of the given name right before the surname, and the surname with its particles.

    "Wladimir Putin" and "Kremlchef Wladimir Putin" give "v.putin"; "Marine Le Pen" gives
    "m.lepen" (as Latvian "Marina Lepēna") while "Jean-Marie Le Pen" gives "i.lepen".
    """
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in SURNAME_PARTICLES:
        start -= 1
    # particles that are connectors when written in lowercase go, capitalised or not ("Van
    # Rompuy" as "van Rompuy"); the others belong to the surname ("Le Pen" as "Lepēna")
    surname = "".join(
        key for key in (name_key(stem_of(word, lang, as_written), lang) for word in words[start:]
                        if word.lower() not in CONNECTORS)
        if key
    )
    return f"{initial(words[start - 1], lang)}.{surname}" if surname else ""


def surname_key(key: str) -> str:
    """The part of a person key after the initial: "a.lukasenk" -> "lukasenk"."""
    return key.split(".", 1)[1] if "." in key else ""
