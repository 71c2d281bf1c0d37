"""Quantities as newsrooms write them, with how exact they are: the input of claim extraction.

`facts.py` already reads digits, scales, units and dates ("150 000", "150.000", "1,5 mlrd.",
"80,1%", "9.augustā"); this module adds what a *claim* needs on top:

* the approximation a qualifier states: "over 80 prosent", "vairāk nekā 150 000", "более 100
  тысяч", "über 2000", "nearly 20", "fast 300" -> ``more`` / ``less`` / ``about``;
* vague quantities written without digits: "tusenvis", "thousands", "десятки тысяч",
  "hundreds", "two dozen" -> a range;
* number words: "five weeks", "piecas nedēļas", "zwanzig", "двадцать" -> a value;
* "25 av 47", "25 no 47", "25 of the 47": a part and its total;
* durations ("26 årene", "five weeks") and ordinals ("45. sesjonen", "45th"), which are not counts.

Every quantity keeps its span in the sentence so the concept lexicon can read the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babelwire.analyse import facts as fact_parser
from babelwire.analyse.number_words import (
    ABOUT_NOUNS,
    DOZEN,
    DURATION_UNITS,
    VAGUE_PATTERN,
    VAGUE_RANGE,
    number_word_value,
)


def _words(text: str) -> list[str]:
    return text.split()


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a sentence."""

    start: int  # span in the sentence, qualifier included
    end: int
    value: float  # lower bound for a range; dates YYYYMMDD (or MMDD without a year)
    upper: float | None
    approx: str  # "exact", "more", "less", "about" or "range"
    unit: str  # "%", "people", "votes", "EUR", "km", "date", "year", "years", "" ...
    kind: str  # the Fact kind, plus "duration"
    as_written: str
    number_start: int  # where the number itself starts (after the qualifier)
    number_end: int  # where the number and its unit end
    vague: bool = False  # written without digits ("tusenvis"): never evidence of a disagreement


# --- approximation qualifiers --------------------------------------------------------------------

_APPROX_WORDS = {
    "more": "over|more than|above|in excess of|at least|upwards of|mer enn|mer end|over|drøyt|"
            "minst|mindst|över|mer än|minst|über|mehr als|mindestens|plus de|au moins|"
            "más de|al menos|oltre|più di|almeno|mais de|pelo menos|ruim|meer dan|minstens|"
            "ponad|więcej niż|co najmniej|ponad|přes|více než|nejméně|yli|ainakin|üle|vähemalt|"
            "daugiau nei|daugiau kaip|mažiausiai|vairāk nekā|vairāk kā|vismaz|pāri par|"
            "более|больше|свыше|не менее|по меньшей мере|понад|більше|щонайменше|не менше",
    "less": "less than|fewer than|under|below|up to|nearly|almost|just under|mindre enn|under|"
            "nesten|opptil|knapt|mindre end|næsten|mindre än|nästan|upp till|weniger als|fast|"
            "knapp|bis zu|moins de|près de|presque|jusqu'à|menos de|casi|hasta|meno di|quasi|"
            "fino a|menos de|quase|até|minder dan|bijna|tot|mniej niż|prawie|niemal|do|méně než|"
            "téměř|skoro|až|alle|lähes|melkein|jopa|alla|peaaegu|kuni|mažiau nei|beveik|iki|"
            "mazāk nekā|mazāk kā|gandrīz|līdz|менее|меньше|почти|до|менше|майже|близько до",
    "about": "about|around|some|roughly|approximately|an estimated|estimated|rundt|cirka|ca.|"
             "omkring|anslagsvis|omtrent|ungefär|runt|etwa|rund|circa|ungefähr|environ|"
             "quelque|aux alentours de|unos|unas|alrededor de|aproximadamente|circa|intorno a|"
             "cerca de|cerca di|ongeveer|zo'n|około|blisko|asi|zhruba|přibližně|noin|umbes|"
             "apie|maždaug|ap|aptuveni|apmēram|около|примерно|приблизительно|порядка|близько|"
             "приблизно|близько|mintegy|körülbelül|yaklaşık|περίπου",
}
_APPROX_BEFORE = [
    (approx, re.compile(r"(?:^|(?<=[\s(«\"„“]))(?:" + "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words.split("|")),
               key=len, reverse=True)) + r")\s+$", re.I))
    for approx, words in _APPROX_WORDS.items()
]


def approximation_before(sentence: str, position: int) -> tuple[str, int]:
    """("more", start of "over ") when a qualifier ends right before position, else exact."""
    head = sentence[max(0, position - 28) : position]
    offset = position - len(head)
    for approx, pattern in _APPROX_BEFORE:
        found = pattern.search(head)
        if found:
            if _WORTH.search(sentence[: offset + found.end()]):
                break  # "ein Kredit über 1,5 Milliarden": a loan of, not more than
            return approx, offset + found.start()
    return "exact", position


_WORTH = re.compile(r"\S\s+[A-ZÄÖÜ]\w*\s+über\s+$")


_LINK = re.compile(r"\s*(?:de|d'|d’|di|du|des|del)?\s*", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)?")

# --- durations, ordinals, totals -----------------------------------------------------------------

_ORDINAL_DOT_LANGS = frozenset(_words("nb nn no da de lv lt cs sk pl fi et hu hr sl sr is"))
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|er|e|ème|º|ª|-?й|-?го|-?я)\b", re.I)
PARTITIVE = re.compile(r"\s+(?:av|of(?:\s+the)?|out\s+of|no|iš|из|з|з-поміж|von|"
                       r"de\s+(?:los|las|la|les)|dei|delle|degli|van|från|af|ud\s+af|z|ze|"
                       r"spośród|ze\s+všech|kopumā|/)\s+", re.I)  # "une vingtaine de X" counts X


def _is_ordinal(sentence: str, end: int, lang: str) -> bool:
    """"45. sesjonen" (nb), "45th session": a rank, not a count."""
    rest = sentence[end : end + 8]
    if lang in _ORDINAL_DOT_LANGS and re.match(r"\.\s*[^\W\d_]*[a-zæøåäöüõāēīūčšžņļķģ]", rest) \
            and not re.match(r"\.\s*(?:gad|g\.|m\.)", rest):
        return True
    return bool(_ORDINAL_SUFFIX.match(rest))


TIME_OF_DAY = re.compile(r"(?::\d\d|\s?(?:a\.?m\b\.?|p\.?\s?m\b\.?|uhr\b|hora\b|horas\b|ora\b|"
                         r"h\s?\d\d|h\b|godz|час|год\.|klokken|kl\.))", re.I)
PER_SQUARE_METRE = re.compile(r"\s+(?:pro|por|per|на|na|par)\s+(?:un\s+|one\s+)?(?:metro\s+)?"
                              r"(?:quadrat|cuadrad|square|квадрат|kwadrat|mètre carré)\w*", re.I)


# --- the scanner ---------------------------------------------------------------------------------


def find_quantities(sentence: str, lang: str) -> list[Quantity]:
    """All quantities in one sentence, in order: dates, numbers with units, words, vague ones."""
    lang = lang.lower()
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for (start, end), fact in fact_parser.find_dates(sentence, lang, 0):
        # "before 9 August" is no approximation: a date's qualifier is left out
        found.append(Quantity(start, end, fact.value, None, "exact", "date", "date",
                              sentence[start:end], start, end))
        taken.append((start, end))
    for match in fact_parser.NUMBER.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken):
            continue
        quantity = _digit_quantity(sentence, match, lang)
        if quantity is not None:
            found.append(quantity)
            taken.append((quantity.number_start, quantity.number_end))
    found.extend(_word_quantities(sentence, lang, taken))
    return sorted(found, key=lambda q: q.start)


def _digit_quantity(sentence: str, match: re.Match[str], lang: str) -> Quantity | None:
    if TIME_OF_DAY.match(sentence, match.end()) or re.search(r"\d[:.]$", sentence[:match.start()]):
        return None  # "4:17am", "4.17 Uhr", "à 4 h 17": a time of day
    fact = fact_parser._number_fact(sentence, match, lang, 0)
    if fact is None:  # a bare number under 10: kept only when a unit or a concept follows
        value = fact_parser.parse_number(match.group(), lang)
        fact = fact_parser.Fact("count", value, "", match.group(), 0)
    number_end = _surface_end(sentence, fact.surface, match)
    if fact.kind in ("count", "year") and _is_ordinal(sentence, match.end(), lang):
        return None
    kind, unit = fact.kind, fact.unit
    if unit == "l" and (per_area := PER_SQUARE_METRE.match(sentence, number_end)):
        unit, number_end = "mm", per_area.end()  # "120 Liter pro Quadratmeter" is 120 mm of rain
    if kind == "year":
        unit = "year"
    elif kind == "count":
        word = _WORD.match(sentence, _skip_space(sentence, number_end))
        if word and word.group().lower() in DURATION_UNITS:
            kind, unit = "duration", DURATION_UNITS[word.group().lower()]
            number_end = word.end()
    approx, start = approximation_before(sentence, match.start() - _currency_width(fact, match,
                                                                                    sentence))
    if kind == "year":
        approx, start = "exact", match.start()  # "since over 1994" does not occur
    upper = None
    range_end = re.match(r"\s?[–—-]\s?(\d+(?:[.,]\d+)?)", sentence[match.end():])
    if range_end and kind not in ("year", "date") and approx == "exact":
        high = fact_parser.parse_number(range_end.group(1), lang) * (
            fact.value / max(fact_parser.parse_number(match.group(), lang), 1e-9))
        if high > fact.value:
            upper, approx = high, "range"
            number_end = max(number_end, match.end() + range_end.end())
    return Quantity(start, number_end, fact.value, upper, approx, unit, kind,
                    sentence[start:number_end].strip(), match.start(), number_end)


def _surface_end(sentence: str, surface: str, match: re.Match[str]) -> int:
    """Where the Fact's surface (number, scale, unit) ends in the sentence."""
    head = surface.split()[-1] if surface.split() else match.group()
    position = sentence.find(head, max(0, match.start() - 16))
    return position + len(head) if position >= 0 and position - match.end() < 40 else match.end()


def _currency_width(fact: fact_parser.Fact, match: re.Match[str], sentence: str) -> int:
    """Characters of a currency sign written before the number ("$1.5 billion")."""
    if fact.kind != "money":
        return 0
    head = sentence[max(0, match.start() - 16) : match.start()]
    before = fact_parser.CURRENCY_BEFORE.search(head)
    return len(before.group()) if before else 0


def _skip_space(sentence: str, position: int) -> int:
    while position < len(sentence) and sentence[position] in " \u00a0\u202f":
        position += 1
    return position


def _word_quantities(sentence: str, lang: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found: list[Quantity] = []
    for match in VAGUE_PATTERN.finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        low, high = VAGUE_RANGE[match.group(1).lower()]
        found.append(Quantity(match.start(), match.end(), low, high, "range", "", "count",
                              match.group(), match.start(), match.end(), vague=True))
        taken.append((match.start(), match.end()))
    if not any(_number_word(word, lang) for word in _WORD.findall(sentence)):
        return found  # most sentences write no number in words: no match objects made
    for match in _WORD.finditer(sentence):
        named = _number_word(match.group(), lang)
        if named is None or any(s < match.end() and match.start() < e for s, e in taken):
            continue  # the common case first: most words are no number
        about, value = named
        if about or value is None:
            found.append(_about_noun(sentence, match, lang))
            continue
        end = match.end()
        after = _WORD.match(sentence, _skip_space(sentence, end))
        kind, unit = "count", ""
        if after and after.group().lower() in DOZEN:
            value, end = value * 12, after.end()
            after = _WORD.match(sentence, _skip_space(sentence, end))
        if after and after.group().lower() in fact_parser.SCALES:
            value, end = value * fact_parser.SCALES[after.group().lower()], after.end()
            after = _WORD.match(sentence, _skip_space(sentence, end))
        if after and after.group().lower() in DURATION_UNITS:
            kind, unit, end = "duration", DURATION_UNITS[after.group().lower()], after.end()
        elif written_unit := fact_parser._unit_after(sentence, end, lang):  # "doce personas"
            kind, unit, end = written_unit.kind, written_unit.unit, written_unit.end
        approx, start = approximation_before(sentence, match.start())
        found.append(Quantity(start, end, value, None, approx, unit, kind,
                              sentence[start:end], match.start(), end))
    return found


@lru_cache(maxsize=100_000)
def _number_word(word: str, lang: str) -> tuple[bool, float | None] | None:
    """(an "about" noun?, its value) of a word that names a number; None for the others, most
    words, answered from memory: every word of every sentence is asked."""
    about = word.lower() in ABOUT_NOUNS
    value = None if about else number_word_value(word, lang)
    return (about, value) if about or value is not None else None


def _about_noun(sentence: str, match: re.Match[str], lang: str) -> Quantity:
    """"une dizaine de kilomètres" -> about 10 km."""
    link = _LINK.match(sentence, match.end())
    unit = fact_parser._unit_after(sentence, link.end() - 1 if link else match.end(), lang)
    end = unit.end if unit else match.end()
    kind, unit_name = (unit.kind, unit.unit) if unit else ("count", "")
    return Quantity(match.start(), end, ABOUT_NOUNS[match.group().lower()], None, "about",
                    unit_name, kind, sentence[match.start():end], match.start(), end)


def unit_family(unit: str) -> str:
    """Units that are all plain counts: "774 cilvēki" (people) and "774 were detained" ("")."""
    return "count" if unit in ("", "people", "votes") else unit


# --- display -------------------------------------------------------------------------------------

_MONTHS = _words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")


def date_text(value: float) -> str:
    """20200809 -> "2020-08-09"; 809 (no year written) -> "9 Aug"; never a bare number."""
    number = int(value)
    year, month, day = number // 10000, number // 100 % 100, number % 100
    if not 1 <= month <= 12:
        return str(number)
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{day} {_MONTHS[month - 1]}"


def number_text(value: float) -> str:
    """150000 -> "150,000"; 80.1 -> "80.1"; 1.5e9 -> "1.5 billion"."""
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.3g} {name}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


_APPROX_TEXT = {"exact": "", "more": "over ", "less": "under ", "about": "about "}


def quantity_text(value: float, unit: str, approx: str = "exact", upper: float | None = None
                  ) -> str:
    """A claim's figure for people: "over 80 %", "150,000 people", "9 Aug", "1994"."""
    if unit == "date":
        return date_text(value)
    if unit == "year":
        return str(int(value))
    figure = number_text(value)
    if approx == "range" and upper is not None:
        figure = f"{figure}–{number_text(upper)}"
    else:
        figure = _APPROX_TEXT.get(approx, "") + figure
    return f"{figure} {unit}".rstrip() if unit else figure
