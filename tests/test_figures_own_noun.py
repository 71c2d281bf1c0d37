"""Issue 23: a figure keeps its own noun. "at least 40 homes" counts homes (not the "reports"
later in the sentence), "14 water-dropping aircraft" counts aircraft (not "voted for" from
"backed"), and the 40 vs 45 homes of two articles are compared as one figure."""

from __future__ import annotations

import pytest

from babelwire.analyse.claims import extract_claims
from babelwire.analyse.quantities import concept_label
from babelwire.read.compare import Report, compare_reports


def concepts(text: str, lang: str) -> dict[float, str]:
    return {claim.value: claim.concept for claim in extract_claims(text, lang)}


@pytest.mark.parametrize(("text", "lang", "value", "concept"), [
    ("At least 40 homes were damaged, according to reports from the region.", "en", 40, "homes"),
    ("Mindestens 45 Häuser beschädigt, drei Menschen wurden verletzt.", "de", 45, "homes"),
    ("The government backed the operation with 14 water-dropping aircraft.", "en", 14,
     "aircraft"),
    ("Die Feuerwehr setzte 14 Löschflugzeuge ein.", "de", 14, "aircraft"),
    ("Rundt 120 000 husstander er uten strøm.", "nb", 120000, "homes"),
])
def test_a_figure_counts_its_own_noun(text, lang, value, concept):
    assert concepts(text, lang)[value] == concept


def test_a_noun_the_lexicon_lacks_is_kept_as_written():
    found = concepts("Firefighters said 12 survivors were found, according to reports.", "en")
    assert found[12] == "noun:survivors" and concept_label(found[12]) == "survivors"


def test_event_words_still_say_what_happened():
    assert concepts("Twelve people were killed and 240 were injured.", "en") == {
        12: "killed", 240: "injured"}
    assert concepts("In Peru kamen drei Menschen ums Leben, 45 wurden verletzt.", "de")[45] == (
        "injured")


def test_the_planted_homes_disagreement_is_found():
    english = extract_claims("Officials said 40 homes were damaged in the quake.", "en")
    german = extract_claims("45 Häuser wurden bei dem Beben beschädigt.", "de")
    rows = compare_reports([Report(1, "en", "A", c) for c in english]
                           + [Report(2, "de", "B", c) for c in german])
    (row,) = [r for r in rows if r.concept == "homes"]
    assert row.status == "differ" and row.figures == ["40", "45"]
