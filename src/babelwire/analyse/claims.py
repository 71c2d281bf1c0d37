"""Claims: each reported quantity with what it counts and the sentence that says it.

"Iekšlietu ministrija paziņojusi, ka ... tikuši aizturēti 774 cilvēki." ->
Claim(concept="detained", value=774, approx="exact", unit="people", as_written="774 cilvēki").

A quantity becomes a claim when the concept lexicon (`quantities.py`) says what it counts, or,
failing that, when it has a unit that says what it is (a percentage, people, money, a date, a
year, a duration): such claims keep a generic concept and can only agree with the same figure.
Bare numbers with neither ("20 Foto", "de to") are left out: nothing could be compared.
"""

from __future__ import annotations

import math
import re

from babelwire.analyse.names import split_sentences
from babelwire.analyse.numbers import PARTITIVE, Quantity, find_quantities, unit_family
from babelwire.analyse.quantities import (
    DATE_TABLE,
    EVENT_TABLE,
    NOUN_TABLE,
    OWN_NOUN,
    SentenceWords,
    generic_concept,
)
from babelwire.models import Claim


def _words(text: str) -> list[str]:
    return text.split()


# A noun this close after the number is what it counts ("450 ziņojumus", "47 padomes
# dalībvalstīm"), even when an event verb is as near on the other side; so is a noun right
# before it ("magnitude 6.1").
NOUN_DIRECTLY_AFTER = 1
# In a sentence about a vote, the number right next to one of these voted against.
TALLY_AGAINST = frozenset(_words("against imot mot emot dagegen contre contra contro przeciw "
                                 "против проти pret prieš proti vastaan vastu tegen"))
# A figure with a unit of measure or money says what it is; an event word further away ("12,000
# hectares, forces evacuations") is about something else.
MEASURE_EVENT_REACH = 1
GENERIC_UNITS_KEPT = frozenset(("%", "people", "votes", "date", "year"))


def extract_claims(text: str, lang: str) -> list[Claim]:
    """All claims of an article, in order; one claim per distinct figure and concept."""
    lang = lang.lower()
    claims: list[Claim] = []
    seen: dict[tuple[str, str, float, str, float | None], int] = {}
    for index, sentence in enumerate(sentences(text)):
        quantities = find_quantities(sentence, lang)
        if not quantities:
            continue
        words = SentenceWords(sentence, lang)
        spans = [(q.start, q.end) for q in quantities]
        for quantity in quantities:
            concept = claim_concept(quantity, sentence, words, spans)
            if concept is None:
                continue
            key = (concept, unit_family(quantity.unit), quantity.value, quantity.approx,
                   quantity.upper)
            claim = Claim(concept=concept, value=quantity.value, approx=quantity.approx,
                          unit=quantity.unit, as_written=quantity.as_written, sentence=index,
                          evidence=" ".join(sentence.split()), upper=quantity.upper)
            if key not in seen:
                seen[key] = len(claims)
                claims.append(claim)
            elif claims[seen[key]].evidence.endswith(("…", "...")):
                claims[seen[key]] = claim  # a shortened title: the body's sentence is evidence

    return [claim for claim in claims if _finite(claim)]


def _finite(claim: Claim) -> bool:
    # a run of hundreds of digits parses to infinity: no figure to compare
    return math.isfinite(claim.value) and (claim.upper is None or math.isfinite(claim.upper))


_MONTH_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$")


def sentences(text: str) -> list[str]:
    """The sentences of text, mended where a month abbreviation ended one: "the Aug. 9 vote"."""
    mended: list[str] = []
    for _, sentence in split_sentences(text):
        if mended and _MONTH_ABBREVIATION.search(mended[-1].rstrip()) and sentence[:1].isdigit():
            mended[-1] = f"{mended[-1].rstrip()} {sentence}"
        else:
            mended.append(sentence)
    return mended


def claim_concept(quantity: Quantity, sentence: str, words: SentenceWords,
                  spans: list[tuple[int, int]]) -> str | None:
    """The concept key of a quantity, a generic key from its unit, or None (leave it out)."""
    start, end = quantity.start, quantity.end
    if quantity.kind == "count" and sentence[max(0, start - 1):start] == "+":
        return None  # "+16": a gallery or score counter, not a reported figure
    if quantity.unit == "date":
        found = words.concept_near(start, end, (DATE_TABLE,), spans)
        return found[0] if found else "date"
    if quantity.unit == "year":  # "pie varas kopš 1994. gada", "has ruled since 1994"
        ruled = words.concept_near(start, end, (EVENT_TABLE,), spans)
        return "in_power" if ruled and ruled[0] == "in_power" else "year"
    if words.word_next_to(start, end, TALLY_AGAINST) and words.about_a_vote():
        return "voted_against"  # "187 against", "przeciw było 187"
    event = words.concept_near(start, end, (EVENT_TABLE,), spans)
    partitive = PARTITIVE.match(sentence, quantity.number_end)
    noun = words.concept_near(start, end, (NOUN_TABLE,), spans,
                              skip_after=partitive.start() if partitive else None)
    if quantity.unit == "%":  # a share of what the counting words count is another thing
        if noun and noun[0] == "turnout":
            return "turnout"
        return "vote_share" if words.has_vote_word(start, end) else "percent"
    if quantity.kind == "duration" and (event or noun or ("", 0, 0))[0] != "in_power":
        return generic_concept(quantity.unit)  # "71 años", "18 months of talks"
    if quantity.kind == "count" and not quantity.unit and not (
            noun and noun[2] > 0 and noun[1] <= NOUN_DIRECTLY_AFTER):
        counted = words.counted_noun(quantity.number_end, sentence)
        if counted and not counted.startswith(OWN_NOUN):
            return counted  # "14 water-dropping aircraft": the noun after its modifier
        if counted and noun and not event:
            # "40 homes were damaged, according to reports": a noun the lexicon lacks is
            # what is counted, not a lexicon noun further away (an event word stays: "1.200
            # vecinos evacuados" were evacuated)
            return counted
    if noun and (not event or (noun[2] > 0 and noun[1] <= NOUN_DIRECTLY_AFTER)
                 or noun[1] == 0 < event[1]):
        return noun[0]
    if event and (quantity.kind not in ("measure", "money") or event[1] <= MEASURE_EVENT_REACH):
        return event[0]
    if quantity.vague or (quantity.kind == "count" and quantity.unit not in GENERIC_UNITS_KEPT):
        return None
    return generic_concept(quantity.unit)
