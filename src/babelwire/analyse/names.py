"""Shared text helpers: sentences, lexicon look-ups, name words, name forms and name keys.

Name keys
---------
``name_key(token, lang)`` turns one name token, in any script and any case form, into a short
ASCII *spelling key* that transliteration variants share. The steps, in order:

1. language pre-map on the lowercase original, so each language's letters for a Russian sound
   become the English-style digraph: de ``tsch->ch sch->sh ch->kh w->v``, pl ``sz->sh cz->ch
   ch->kh w->v c->ts``, cs/sk/lt ``ch->kh c->ts``, fr ``tch->ch ch->sh ou->u j->zh``, nl
   ``oe->u sj->sh tsj->ch``, nb/da/sv ``tsj/tj->ch sj->sh``, hu ``cs->ch ty->t gy->d``, be
   ``ці->ти ў->в``, el ``ου->u μπ->b γι->y``; everywhere ``č ć tš -> ch``.
2. ``anyascii``, lowercase, letters only.
3. fold sound classes: ``sh sch shch zh sz ts tz z -> s``; ``ch kh h ck q -> k`` (Russian ч
   and х both become k, which also lets German "ch" and Latvian "h" meet English "kh");
   ``c`` -> s before e/i/y, else k; ``w f ph -> v``, ``th -> t``, ``x -> ks``, ``j y -> i``,
   ``ou -> u``; doubled letters collapse; then ``ai ie -> i`` ("Байден"/"Biden", "Kiev"/"Kyiv").
4. strip the ending: final vowels, then one final ``s``, then final vowels again, never
   below three letters (Baltic nominatives, genitive -s, -a/-o/-e name endings).

So Lukasjenko, Lukašenko, Lukashenko, Лукашенко, Łukaszenka, Lukaschenko and Loukachenko all
give ``lukasenk`` while Lukashuk gives ``lukasuk``. Known misses are listed in the tests.
Keys are deliberately lossy: they are a blocking and matching signal, not an identity.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import wordfreq
from anyascii import anyascii
from simplemma.strategies import DictionaryLookupStrategy, StreamDictionaryFactory
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

# --- sentences ---------------------------------------------------------------------------------

# Candidate boundary: end punctuation (plus closing quotes) and space, or any line break.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*[ \t\u00a0]+|[ \t\u00a0]*\n\s*")
_OPENING = "\"'“„«([–—- "
_NO_BREAK_BEFORE = re.compile(
    r"(?:^|\s)(?:\d{1,2}|[^\W\d_]|dr|mr|mrs|ms|st|nr|prof|gen|ca|vs)[.]\W*$", re.IGNORECASE
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split text into (start offset, sentence) pairs.

    A sentence ends at a line break, or at . ! ? … before a capital letter or digit, except
    after an ordinal or initial ("9. August", "A. Lukashenko") or a short abbreviation.
    """
    sentences: list[tuple[int, str]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        head = text[start : boundary.start()]
        if "\n" not in boundary.group():
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
    return sentences


# --- lexicon look-ups (cached: the same words recur in every article) ---------------------------

_WORDFREQ_LANGS = frozenset(wordfreq.available_languages())
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
def _frequencies(lang: str) -> dict[str, float]:
    wf_lang = _wordfreq_lang(lang)
    return wordfreq.get_frequency_dict(wf_lang) if wf_lang else {}


def frequency(word: str, lang: str) -> float:
    """Word frequency of the lowercase word in lang (0 when unknown or no list exists).

    Reads wordfreq's table directly: zipf_frequency() re-tokenises every call (~40 µs).
    """
    return _frequencies(lang).get(word.lower(), 0.0)


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of the lowercase word; 0 when unknown."""
    freq = frequency(word, lang)
    return max(0.0, math.log10(freq) + 9.0) if freq > 0 else 0.0


# The stream-backed dictionaries keep a few MB per language instead of hundreds (Polish alone
# is ~450 MB in the default factory); our lru_cache hides their ~30 µs look-ups. simplemma's
# shared factory keeps 8 languages, too few for a multilingual stream: reloading one costs
# up to 3 s, so ours keeps every language it has loaded.
_DICTIONARY = DictionaryLookupStrategy(StreamDictionaryFactory(cache_max_size=128))


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
        "hr": "om em ima a u e i", "sr": "om em ima a u e i", "bs": "om em ima a u e i",
        "sl": "om em a u e i",
        "lv": "am ām ai ei im iem as es is us u a ā s š ē ī",
        "lt": "iui ams ui ai oje as is ys us o ą u e ę į ų",
        "fi": "issä issa ssä ssa stä sta ille lla llä lle lta ltä ksi iin in ia iä ta tä n a ä",
        "et": "ile iga ist ilt il is ga ks le lt se st sse s i l d",
        "hu": "nak nek val vel hoz hez ban ben ból ből ról ről nál nél tól től ért ot et t",
        "ro": "ului ul ei", "el": "ου ς",
        "nb": "s", "nn": "s", "da": "s", "sv": "s", "is": "s", "de": "s", "nl": "s",
    }.items()
}
# Endings of the base (nominative) form, to pick the display form from a stem.
_NOMINATIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk"), ("", "а", "я", "ий", "ый", "ая", "ия")),
    "pl": ("", "a", "y", "i"), "cs": ("", "a", "ý", "á"), "sk": ("", "a", "ý", "á"),
    **dict.fromkeys(("hr", "sr", "bs", "sl"), ("", "a")),
    "lv": ("s", "š", "a", "e", "is", "us", ""), "lt": ("as", "is", "ys", "us", "a", "ė", ""),
}
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


def _match_case(word: str, model: str) -> str:
    if model[:1].isupper() and not word[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


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
    lemma = dictionary_lemma(word, lang)
    if lemma and lemma.lower() != word.lower():
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


# --- spelling keys --------------------------------------------------------------------------------


def _mapper(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))


def _table(spec: str) -> dict[str, str]:
    """"a>b c>d" -> {"a": "b", "c": "d"} (an empty right side deletes)."""
    return dict(pair.split(">") for pair in spec.split())


_CZ_C = "ch>kh c>ts"
_PRE_MAPS: dict[str, dict[str, str]] = {
    lang: _table(spec)
    for lang, spec in {
        "de": "tsch>ch sch>sh ch>kh w>v ß>ss", "lb": "tsch>ch sch>sh ch>kh w>v",
        "pl": "szcz>shch sz>sh cz>ch rz>zh ch>kh w>v c>ts ć>ch",
        "cs": _CZ_C, "sk": _CZ_C, "lt": _CZ_C,
        "lv": "c>ts", "hr": "c>ts", "sr": "c>ts", "bs": "c>ts", "sl": "c>ts", "et": "c>ts",
        "hu": "cs>ch sz>s zs>zh ty>t gy>d ny>n ly>l c>ts",
        "fr": "tch>ch ch>sh ou>u dj>dzh j>zh",
        "nl": "tsj>ch sj>sh oe>u ch>kh j>y w>v",
        "nb": "tsj>ch skj>sh sj>sh", "nn": "tsj>ch skj>sh sj>sh", "da": "tsj>ch tj>ch sj>sh",
        "sv": "tj>ch sj>sh ch>kh",
        "tr": "ç>ch",
        "be": "ці>ти ць>ть ў>в",
        "el": "ου>u μπ>b ντ>d γκ>g γγ>ng γι>y τζ>dzh χ>kh",
    }.items()
}
_HACEK = _table("tš>ch č>ch ć>ch")  # everywhere: anyascii would fold č into c
_PRE_MAPS = {lang: _HACEK | table for lang, table in _PRE_MAPS.items()}
# These languages respell Slavic names (c for ц: "Cipras") but keep Western ones as written
# ("Chirac", "Common"): a c before a, o, u, l, r or in ck/ch (not Czech, Slovak, Lithuanian ch)
# is read as in the source language.
_KEEPS_FOREIGN_SPELLING = frozenset(("hr", "sr", "bs", "sl", "et", "cs", "sk", "lt"))
_FOREIGN_C = re.compile(r"c(?=[aoulr])|ck|(?<![sz])ch")
_PRE_MAPS |= {
    "_foreign_" + lang: {src: dst for src, dst in _PRE_MAPS[lang].items() if src != "c"}
    for lang in _KEEPS_FOREIGN_SPELLING
}
_PRE_PATTERNS = {lang: _mapper(table) for lang, table in _PRE_MAPS.items()}

_FOLD = _table(
    "shch>s sch>s sh>s zh>s sz>s ts>s tz>s z>s "
    "tch>k ch>k kh>k ck>k q>k h>k gh>g ph>v th>t f>v w>v x>ks j>i y>i ou>u"
)
_FOLD_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, _FOLD), key=len, reverse=True)) + "|c(?=[eiy])|c"
)
_HACEK_PATTERN = _mapper(_HACEK)
_NON_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"(.)\1+")
_TRAILING_VOWELS = re.compile(r"[aeiou]+$")
MIN_KEY_LENGTH = 3
# A final s goes (Baltic nominatives, genitives: "Kaunas", "Putins") only from six letters on:
# on shorter words it is more often part of the name ("Paris" is not "Paras", "Virus" not "Vier").
MIN_S_STRIP_LENGTH = 5


def _fold_match(match: re.Match[str]) -> str:
    text = match.group()
    if text == "c":
        return "s" if match.string[match.end() : match.end() + 1] in ("e", "i", "y") else "k"
    return _FOLD[text]


def _strip_ending(key: str) -> str:
    """Drop final vowels, one final s, then final vowels again, keeping three letters."""
    key = _strip_vowels(key)
    if key.endswith("s") and len(key) > MIN_S_STRIP_LENGTH:
        key = _strip_vowels(key[:-1])
    return key


def _strip_vowels(key: str) -> str:
    vowels = _TRAILING_VOWELS.search(key)
    if vowels is None:
        return key
    return key[: max(vowels.start(), MIN_KEY_LENGTH)]


@lru_cache(maxsize=200_000)
def name_key(token: str, lang: str) -> str:
    """Spelling key of one name token (hyphenated parts keyed separately, joined by "-")."""
    parts = [part for part in re.split(r"[-‐‑]", token) if part]
    if len(parts) > 1 and parts[0].lower() in ("al", "el", "ad", "as", "ash", "ar"):
        parts = parts[1:]  # al-Assad, as written by some and not others
    keys = [_part_key(part, lang) for part in parts]
    return "-".join(key for key in keys if key)


def _part_key(part: str, lang: str) -> str:
    text = part.lower()
    if lang == "el":  # Greek accents would hide the ου digraph
        text = strip_accents(text)
    if lang in _KEEPS_FOREIGN_SPELLING and _FOREIGN_C.search(text):
        lang = "_foreign_" + lang  # "Chirac", "Chrysler" in Croatian: c is not ts here
    pre_map = _PRE_MAPS.get(lang, _HACEK)
    text = _PRE_PATTERNS.get(lang, _HACEK_PATTERN).sub(lambda m: pre_map[m.group()], text)
    text = _NON_LETTER.sub("", anyascii(text).lower())
    text = _FOLD_PATTERN.sub(_fold_match, text)
    text = _DOUBLE.sub(r"\1", _DOUBLE.sub(r"\1", text).replace("ai", "i").replace("ie", "i"))
    return _strip_ending(text)
