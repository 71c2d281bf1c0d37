"""Shared text helpers: sentences, lexicon look-ups, name words, name forms and name keys.

Spelling keys of name tokens are in :mod:`babelwire.analyse.spelling`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from babelwire.analyse.frequency_tables import (
    NO_TABLE,
    FrequencyTable,
    frequency_table,
    wordfreq_languages,
)
from babelwire.analyse.lexicons import LOOKUP

# --- sentences ---------------------------------------------------------------------------------

# Candidate boundary: end punctuation (plus closing quotes) and space, or any line break, or
# a full stop of Chinese and Japanese ("。", "！", "？"), which ends a sentence without a space
# or a capital after it; not inside a quotation ("。」と述べた", "。”他说": the sentence goes on).
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*[ \t\u00a0]+|[ \t\u00a0]*\n\s*"
                       r"|(?<=[。！？])(?![」』”’）)\]])[ \t\u00a0]*")
_FULL_WIDTH_STOPS = "。！？"
_OPENING = "\"'“„«([–—- "
_NO_BREAK_BEFORE = re.compile(
    r"(?:^|\s)(?:\d{1,2}|[^\W\d_]|dr|mr|mrs|ms|st|nr|prof|gen|ca|vs)[.]\W*$", re.IGNORECASE
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split text into (start offset, sentence) pairs.

    A sentence ends at a line break, at 。！？ (Chinese, Japanese), or at . ! ? … before a
    capital letter or digit, except after an ordinal or initial ("9. August", "A. Lukashenko")
    or a short abbreviation.
    """
    return list(_sentences(text))  # a list of its own: the caller may change it


@lru_cache(maxsize=4)  # one article's text is split five times (entities twice, facts, claims,
# event): the last few texts are remembered
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    sentences: list[tuple[int, str]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        head = text[start : boundary.start()]
        full_width = text[boundary.start() - 1] in _FULL_WIDTH_STOPS
        if "\n" not in boundary.group() and not full_width:
            following = text[boundary.end() : boundary.end() + 4].lstrip(_OPENING)
            if not following or not (following[0].isupper() or following[0].isdigit()):
                continue
            if _NO_BREAK_BEFORE.search(head[-12:]):
                continue
        if head.strip():
            sentences.append((start, head))
        start = boundary.end()
    if text[start:].strip():
        sentences.append((start, text[start:]))
    return tuple(sentences)


# --- lexicon look-ups (cached: the same words recur in every article) ---------------------------

_WORDFREQ_LANGS = wordfreq_languages()
_WORDFREQ_ALIASES = {"nn": "nb", "no": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "be": "ru"}
_SIMPLEMMA_LANGS = SUPPORTED_LANGUAGES
_SIMPLEMMA_ALIASES = {"no": "nb", "hr": "hbs", "sr": "hbs", "bs": "hbs", "be": "ru"}


def _wordfreq_lang(lang: str) -> str | None:
    lang = _WORDFREQ_ALIASES.get(lang, lang)
    return lang if lang in _WORDFREQ_LANGS else None


def _simplemma_lang(lang: str) -> str | None:
    lang = _SIMPLEMMA_ALIASES.get(lang, lang)
    return lang if lang in _SIMPLEMMA_LANGS else None


def has_lexicon(lang: str) -> bool:
    """Whether frequency or dictionary data exists for lang (else only generic rules apply)."""
    return _wordfreq_lang(lang) is not None or _simplemma_lang(lang) is not None


@lru_cache(maxsize=64)
def _frequencies(lang: str) -> FrequencyTable:
    wf_lang = _wordfreq_lang(lang)
    return frequency_table(wf_lang) if wf_lang else NO_TABLE


@lru_cache(maxsize=200_000)
def frequency(word: str, lang: str) -> float:
    """Word frequency of the lowercase word in lang (0 when unknown or no list exists).

    Reads wordfreq's table directly (zipf_frequency() re-tokenises every call, ~40 µs), as a
    table cached on disk (analyse.frequency_tables): opening a language costs milliseconds.
    """
    return _frequencies(lang).get(word.lower(), 0.0)


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of the lowercase word; 0 when unknown."""
    freq = frequency(word, lang)
    return max(0.0, math.log10(freq) + 9.0) if freq > 0 else 0.0


# The stream-backed dictionaries (analyse.lexicons, shared with the claim code); our lru_cache
# hides their ~30 µs look-ups.
_DICTIONARY = LOOKUP


@lru_cache(maxsize=200_000)
def dictionary_lemma(word: str, lang: str) -> str | None:
    """Lemma of a word the dictionary knows (tried as written, then in the other case).

    The lemma keeps the dictionary's case, so a capitalised lemma marks a name except in
    German and Luxembourgish, where every noun is capitalised. None for unknown words.
    """
    sm_lang = _simplemma_lang(lang)
    if sm_lang is None or not word:
        return None
    return _DICTIONARY.get_lemma(word, sm_lang)


# --- inflection of names -------------------------------------------------------------------------

# Case endings a name can carry, per language; tried on the word and chosen by word frequency.
_CYRILLIC = "ого его ому ему ыми ими ами ями ой ей ом ем ём ым им ую ою ею ых их ові а я у ю е ы і"
_NAME_ENDINGS: dict[str, tuple[str, ...]] = {
    lang: tuple(sorted(endings.split(), key=len, reverse=True))
    for lang, endings in {
        "ru": _CYRILLIC, "uk": _CYRILLIC, "be": _CYRILLIC, "bg": "а я та ът", "mk": "а от та",
        "pl": "owi iem em ego emu ie ą ę y i a u",
        "cs": "ovi em ého ému ým ou a u e y i", "sk": "ovi om ého ému ým ou a u e y i",
        # -og, -oj: adjectives inside names ("Ujedinjenog Kraljevstva")
        "hr": "og oj om em ima a u e i", "sr": "og oj om em ima a u e i",
        "bs": "og oj om em ima a u e i",
        "sl": "om em a u e i",
        # plurals: "Sočos"; -em: the dative of a foreign name in -e ("Fosem", "Gētem")
        "lv": "am ām ai ei im iem ēm em as es is us os ās ēs īs u a ā s š ē ī",
        # -os, -ės: genitives of -a and -ė ("Liepojos", "Grybauskaitės")
        "lt": "iui ams ui ai oje as is ys us os ės o ą u e ę į ų",
        "fi": "issä issa ssä ssa stä sta ille lla llä lle lta ltä ksi iin in ia iä ta tä n a ä",
        "et": "ile iga ist ilt il is ga ks le lt se st sse s i l d",
        "hu": "nak nek val vel hoz hez ban ben ból ből ról ről nál nél tól től ért ot et t",
        "ro": "ului ul ei", "el": "ου ς",
        "nb": "s", "nn": "s", "da": "s", "sv": "s", "is": "s", "de": "s", "nl": "s",
    }.items()
}
# Languages whose only name ending is the genitive -s ("Merkels", "Putins").
GENITIVE_S_LANGS = frozenset(lang for lang, endings in _NAME_ENDINGS.items() if endings == ("s",))
# Endings of the base (nominative) form, to pick the display form from a stem.
_NOMINATIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk"), ("", "а", "я", "ий", "ый", "ая", "ия")),
    "pl": ("", "a", "y", "i"), "cs": ("", "a", "ý", "á"), "sk": ("", "a", "ý", "á"),
    **dict.fromkeys(("hr", "sr", "bs", "sl"), ("", "a", "o")),  # neuter: "Kraljevstvo"
    "lv": ("s", "š", "a", "e", "is", "us", ""), "lt": ("as", "is", "ys", "us", "a", "ė", ""),
}
_POLISH_ADJECTIVE_INSTRUMENTAL = re.compile(r"(?:sk|ck|dzk)im$")
_STRIP_MARGIN = 1.5  # a one-letter ending goes only if the stem explains clearly more text
_APOSTROPHE_TAIL = re.compile(r"^(\w{2,}?)['’]\w{0,4}$")  # Putin's, Erdoğan'ın


def acronym_length(word: str) -> int:
    """Length of the acronym a word is ("NATO" 4, "FNs" 2, "EU:n" 2), or 0 if not one."""
    capitals = 0
    while capitals < len(word) and word[capitals].isupper():
        capitals += 1
    tail = word[capitals:].lstrip(":'’")
    if capitals >= 2 and (not tail or (len(tail) <= 3 and tail.islower())):
        return capitals
    return 0


_MIXED_CASE_ACRONYM = re.compile(r"[A-Z][a-z][A-Z][a-z]?")


def is_mixed_case_acronym(word: str) -> bool:
    """"VfB", "AfD": an acronym with a small letter inside, no given name or word."""
    return _MIXED_CASE_ACRONYM.fullmatch(word) is not None


def _match_case(word: str, model: str) -> str:
    if model[:1].isupper() and not word[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Latvian and Lithuanian nominal lemmas never end so; their verbs' infinitives do.
_INFINITIVE_ENDINGS = {"lv": ("t", "ties"), "lt": ("ti", "tis")}


@lru_cache(maxsize=100_000)
def name_forms(word: str, lang: str) -> tuple[str, str]:
    """(display form, stem) of one name token: "Putinam" (lv) -> ("Putins", "Putin").

    The stem is the candidate (the word, or the word less one case ending of lang) whose
    paradigm - stem plus every ending - is most frequent in lang; the display form is the most
    frequent base (nominative) form of that stem, so it is the form readers of lang know (in
    Latvian that is "Putins"). A dictionary lemma is used first when the dictionary knows the
    word as a name or as a form of the same stem. Unknown words keep their spelling for
    display and lose their longest case ending for the stem (name_key drops final vowels).
    """
    if match := _APOSTROPHE_TAIL.match(word):
        word = match.group(1)  # Putin's, Erdoğan'ın
    if acronym_length(word):
        word = word[: acronym_length(word)]  # "FNs", "NATOn", "EU:n"
    if len(word) <= 3 or word.isupper():
        return word, word  # acronyms and short names do not inflect in a way we can undo
    if lang == "pl" and _POLISH_ADJECTIVE_INSTRUMENTAL.search(word):
        word = word[:-1]  # "Zełenskim" is the instrumental of "Zełenski" ("-im" alone is
        # no name ending: "Joachim", "Ibrahim")
    lemma = dictionary_lemma(word, lang)
    # where names do not inflect, an ordinary word's lemma is no form of the name: Portuguese
    # "Carris" (the Lisbon tram company) is not the plural of "carril", nor "Ramos" of "ramo"
    inflects = lang in _NAME_ENDINGS or (lemma is not None and lemma[:1].isupper())
    if lemma and inflects and lemma.lower() != word.lower() and not lemma.endswith(
        _INFINITIVE_ENDINGS.get(lang, ())
    ) and not (lemma[:1].islower() and len(lemma) > len(word)):
        # "Putinu" is no form of the verb "putināt", "Modi" no plural of the noun "modus"
        shared = len(_common_prefix(lemma.lower(), word.lower()))
        if lemma[:1].isupper() or shared >= len(word) - 2:
            word = _match_case(lemma, word)
    endings = _NAME_ENDINGS.get(lang, ())
    stems = [word] + [
        word[: -len(ending)]
        for ending in endings
        if word.endswith(ending) and len(word) - len(ending) >= 3
    ]
    if len(stems) == 1:
        return word, word
    weights = [frequency(stem, lang) + sum(frequency(stem + e, lang) for e in endings)
               for stem in stems]
    best = max(range(len(stems)), key=weights.__getitem__)
    if weights[best] == 0.0:
        return word, stems[1]  # unknown name: drop the longest ending for the stem
    if best == 0:
        return word, word
    stem = stems[best]
    if len(word) - len(stem) == 1 and weights[best] < _STRIP_MARGIN * weights[0]:
        return word, word  # one letter is weak evidence: "Paris" is not the genitive of "Pari"
    nominatives = [stem + ending for ending in _NOMINATIVE_ENDINGS.get(lang, ("",))]
    display = max(nominatives, key=lambda form: frequency(form, lang))
    return (display if frequency(display, lang) > 0 else word), stem


def case_stems(word: str, lang: str) -> list[str]:
    """The word less each case ending of lang it ends in ("Kaļiņingradas" -> "Kaļiņingrad",
    "Kaļiņingrada"), however frequent the word itself is."""
    return [word[: -len(ending)] for ending in _NAME_ENDINGS.get(lang, ())
            if word.endswith(ending) and len(word) - len(ending) >= 3]


def nominative_forms(stem: str, lang: str) -> list[str]:
    """The stem with each nominative ending of lang ("Baltkrievij" lv -> "Baltkrievija"...)."""
    return [stem + ending for ending in _NOMINATIVE_ENDINGS.get(lang, ()) if ending]


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def strip_accents(text: str) -> str:
    """Remove combining marks (Greek tonos, Latin acutes): "Πούτιν" -> "Πουτιν"."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# --- names or ordinary words ----------------------------------------------------------------

NAME, PLAIN, UNKNOWN, UNSURE = "name", "plain", "unknown", "unsure"
NOUN_CAPITALISING_LANGS = frozenset(("de", "lb"))  # every noun is capitalised
GERMAN_PLURAL_ENDINGS = ("e", "en", "n", "er", "es", "nen", "ern")
INTERNATIONAL_ZIPF = 3.0  # a word this frequent in English (French for English) travels


@lru_cache(maxsize=200_000)
def word_kind(word: str, lang: str) -> str:
    """What a capitalised word is in lang: NAME, PLAIN (an ordinary word), UNKNOWN to the
    dictionary, or UNSURE (German nouns and names that only take a genitive -s)."""
    if acronym_length(word):
        return NAME
    if lang in NOUN_CAPITALISING_LANGS:
        return _german_word_kind(word)
    lemma = dictionary_lemma(word, lang)
    if lemma is None:
        return UNKNOWN
    # Some dictionaries list names in lowercase (Turkish "putin"): names travel, words do not.
    # Not for English: other languages' text is full of English words ("president").
    return NAME if lemma[:1].isupper() or (lang != "en" and _travels(word, lang)) else PLAIN


def _travels(word: str, lang: str) -> bool:
    """Frequent in another big language that does not know it as an ordinary word.

    Names are about as frequent abroad as at home; a word that only looks like a foreign name
    ("Mannen" -> "Mann") is far more frequent at home.
    """
    reference = "fr" if lang == "en" else "en"
    stem = name_forms(word, lang)[1]
    abroad = zipf(stem, reference)
    if abroad < INTERNATIONAL_ZIPF or abroad < zipf(stem, lang) - 1.0:
        return False
    lemma = dictionary_lemma(stem.lower(), reference)
    return lemma is None or lemma[:1].isupper()


def _german_word_kind(word: str) -> str:
    lemma = dictionary_lemma(word, "de")
    if lemma is None:
        return PLAIN if is_german_compound(word, 6) else NAME
    if lemma[:1].islower():
        return PLAIN  # an adjective or verb, capitalised as part of a name or a sentence start
    if lemma != word and lemma + "s" != word:
        return PLAIN  # an inflected noun: "Menschen", "Wochen" (names only take a genitive -s)
    english = dictionary_lemma(word, "en")
    if (english is not None and english[:1].isupper()) or _travels(word, "de"):
        return NAME  # "Berlin", "Riga", "Merkel"
    if any(dictionary_lemma(word + ending, "de") == word for ending in GERMAN_PLURAL_ENDINGS):
        return PLAIN  # has plural forms: "Regierungen"
    return UNSURE  # only a genitive -s, like names and some nouns ("Sotschis", "Erdbebens")


def is_german_compound(word: str, min_tail: int) -> bool:
    """"Wahlfälschungsvorwürfe": ends in a known noun of at least min_tail letters."""
    for cut in range(3, len(word) - min_tail + 1):
        tail = word[cut].upper() + word[cut + 1 :]
        lemma = dictionary_lemma(tail, "de")
        if lemma is not None and lemma[:1].isupper() and zipf(tail, "de") >= 3.0:
            return True
    return False
