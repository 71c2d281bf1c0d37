"""Whether a city's name is the city here: the words around it and the whole article decide.

The city tables are context free, which issue 23 showed wrong both ways:

* A city whose name is also an ordinary word of the language was never the city: "Bologna"
  and "Cologne" in English, "Liège" in French, "Colonia" in Italian and Spanish, "Gent" in
  Dutch (simplemma's dictionaries list many city names in lowercase, and some are words: cork,
  colony, fellow). Such a name is the city (:func:`word_city_here`) after a locative
  preposition ("in Liège"), or when the city is big (:data:`BIG_CITY_PEOPLE`) and the
  article never writes the word in lowercase: mid-sentence it is capitalised, hence a name;
  first in a sentence only when the word is rare (:data:`WORD_SENSE_ZIPF`: "Nice", "Split",
  "Reading" begin sentences as words). German capitalises every noun, so there ("Halle",
  "Essen") only a preposition tells.
* A town named after a person, or sharing a surname, was always the town: "Pushkin" (near St
  Petersburg) in a sentence about the poet. The name is a person (:func:`person_here`) with a
  person's title before it ("the poet Pushkin", "Писатель Чехов") or a person's verb after it
  ("wrote", "died", "написал"); a speech verb ("said") only for a town under
  :data:`BIG_CITY_PEOPLE` (a capital "said" is its government). A locative preposition, a
  case form or a place noun before it keep the place. Inside one article, a full name with the
  surname makes the lone name the person too (:mod:`.linking`).
"""

from __future__ import annotations

from babelwire.analyse.entity_words import (
    PLACE_NOUNS,
    TITLES_BEFORE_NAMES,
    reads_as_given_name,
    word_set,
)
from babelwire.analyse.evidence import ArticleEvidence
from babelwire.analyse.gazetteer import Place, word_city_place
from babelwire.analyse.keys import place_of
from babelwire.analyse.more_places import REGION_CODE, people_of, word_city
from babelwire.analyse.names import NOUN_CAPITALISING_LANGS, zipf

BIG_CITY_PEOPLE = 100_000
WORD_SENSE_ZIPF = 4.5  # "Colonia" 4.5, "Liège" 4.1 in their languages; "Split" 4.7, "Nice" 5.4

# Directly before a name: it is where something happens. Not "from", "à", "a", "de", "di",
# which also go before people ("a letter from Pushkin", "hommage à Pouchkine").
LOCATIVE_PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": word_set("in near outside around"), "de": word_set("in nahe nach"),
    "fr": word_set("en près"), "es": word_set("en"), "it": word_set("in"),
    "pt": word_set("em"), "nl": word_set("in nabij"), "nb": word_set("i"),
    "sv": word_set("i"), "da": word_set("i"), "pl": word_set("w we pod"),
    "ru": word_set("в во под"), "uk": word_set("в у під"), "lv": word_set("pie"),
    "lt": word_set("prie"),
}
# "in" itself: after it, a name of two or three words that the gazetteer lacks is a place
# unless it begins with a given name ("in Krasnaja Poljana"). Not "nach" (after Merkel),
# not Ukrainian "в"/"у" (at Zelensky's), which go before people too.
IN_PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": word_set("in"), "de": word_set("in"), "nl": word_set("in"), "it": word_set("in"),
    "nb": word_set("i"), "sv": word_set("i"), "da": word_set("i"), "pl": word_set("w we"),
    "ru": word_set("в во"), "es": word_set("en"), "fr": word_set("en"), "pt": word_set("em"),
}
_OF = word_set("of de di von del")  # "the town of Chekhov", "la ville de Liège"
# Lowercase words before a person's name that say what the person does.
PERSON_TITLES = TITLES_BEFORE_NAMES | word_set(
    "poet writer novelist author playwright composer painter cosmonaut astronaut general "
    "leader mr mrs ms dr professor dichter schriftsteller autor komponist maler kosmonaut "
    "präsident herr frau poète écrivain auteur compositeur peintre cosmonaute président "
    "monsieur madame poeta escritor compositor pintor presidente señor scrittore autore "
    "compositore pittore signor dichter schrijver поэт писатель автор композитор художник "
    "космонавт президент генерал поет письменник poeta pisarz")
# Words right after a name (or after an auxiliary verb) that only a person does: wrote, died.
PERSON_VERBS = word_set(
    "wrote writes written painted composed died married born assassinated assassiné asesinado "
    "assassinato ermordet "
    "schrieb starb komponierte malte heiratete geboren gestorben écrivit mourut écrit né mort "
    "escribió murió nació escrito scrisse morì nacque scritto nato morto schreef stierf "
    "geschreven написал писал умер родился погиб женился убит застрелен написав помер "
    "народився napisał zmarł urodził")
AUXILIARIES = word_set("was has had is ist war hat wurde a est était ha è fue había heeft был была")
SPEECH_VERBS = word_set(
    "said says told added sagte sagt erklärte déclaré dit dijo disse detto zei "
    "сказал заявил сказав заявив powiedział")


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!?«»\"“”„()").lower() for word in text.split()]


def place_context(before: str, lang: str) -> bool:
    """A locative preposition or a place noun ("town of") right before the name."""
    words = _words(before)[-3:]
    if words and words[-1] in LOCATIVE_PREPOSITIONS.get(lang, frozenset()):
        return True
    return bool(words) and (words[-1] in PLACE_NOUNS or (
        len(words) >= 2 and words[-1] in _OF and words[-2] in PLACE_NOUNS))


def unknown_place_here(words: list[str], before: str, lang: str) -> bool:
    """A name the gazetteer lacks, right after "in", that reads as a person only by its form."""
    last = _words(before)[-1:]
    return bool(last) and last[0] in IN_PREPOSITIONS.get(lang, frozenset()) and (
        2 <= len(words) <= 3) and not reads_as_given_name(words[0], lang)


def person_here(place: Place, before: str, after: str, lang: str) -> bool:
    """Whether a city's name (one word) stands for a person here (see the module docstring)."""
    if not is_city(place) or place_context(before, lang):
        return False
    previous, following = _words(before)[-1:], _words(after)[:2]
    if previous and previous[0] in PERSON_TITLES:
        return True
    verbs = PERSON_VERBS | (SPEECH_VERBS if (people_of(place.code) or BIG_CITY_PEOPLE
                                             ) < BIG_CITY_PEOPLE else frozenset())
    return any(word in verbs for word in following[:1]) or (len(following) == 2 and (
        following[0] in AUXILIARIES and following[1] in PERSON_VERBS))  # "was born", "a écrit"


def word_city_here(word: str, lang: str, before: str, initial: bool,
                   lowercase: frozenset[str]) -> Place | None:
    """The city a name that is also an ordinary word of lang denotes here, or None."""
    row = word_city(word, lang)
    if row is None or word.lower() in lowercase:
        return None
    if place_context(before, lang):
        return word_city_place(word, lang)
    if lang in NOUN_CAPITALISING_LANGS or (row.people or 0) < BIG_CITY_PEOPLE:
        return None
    if initial and zipf(word, lang) >= WORD_SENSE_ZIPF:
        return None
    return word_city_place(word, lang)


def is_city(place: Place | None) -> bool:
    """A city of CLDR's time zones or of the GeoNames table (no territory, no region)."""
    return place is not None and "/" in place.code and not place.code.startswith(REGION_CODE)


def big_city_even_first(place: Place, word: str, lang: str) -> bool:
    """A big city's name first in a sentence, when it is no frequent word ("Luik", Dutch for
    Liège, also a hatch; not "Split"): the city, as mid-sentence."""
    return is_city(place) and (people_of(place.code) or 0) >= BIG_CITY_PEOPLE and (
        lang not in NOUN_CAPITALISING_LANGS and zipf(word, lang) < WORD_SENSE_ZIPF)


def place_here(words: list[str], surface: str, before: str, initial: bool,
               evidence: ArticleEvidence) -> Place | None:
    """A place the look-up of a name's words (connectors left out) misses: a city whose name
    is also a word, with the evidence of :func:`word_city_here`, or a name with a connector
    inside ("Monaco di Baviera", Italian for Munich)."""
    if len(words) == 1:
        return word_city_here(words[0], evidence.lang, before, initial, evidence.lowercase)
    if len(surface.split()) > len(words):
        return place_of(surface, evidence.lang, fuzzy=False)
    return None
