"""Claims: what each number counts, across languages, with its evidence sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.analyse.claims import extract_claims
from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument
from builders import LV_SEED, NB_SEED, needs_shared


def seed_text(path: Path) -> str:
    """The text as ingest reads it (photo caption and date line removed)."""
    document = next(iter(read_inputs([path])))
    assert isinstance(document, RawDocument)
    return document.text


def claims_of(text: str, lang: str) -> set[tuple[str, float, str]]:
    return {(c.concept, c.value, c.approx) for c in extract_claims(text, lang)}


@needs_shared
def test_latvian_seed_counts_what_the_issue_lists() -> None:
    claims = claims_of(seed_text(LV_SEED), "lv")
    assert {("detained", 774, "exact"), ("protesters", 150000, "exact"),
            ("voted_for", 25, "exact"), ("abstained", 20, "exact"), ("members", 47, "exact"),
            ("reports", 450, "exact"), ("vote_share", 80.1, "exact"),
            ("election", 809, "exact")} <= claims
    assert not any(value == 16 for _, value, _ in claims)  # "+16 Skatīties vairāk"


@needs_shared
def test_norwegian_seed_counts_the_same_vote_in_other_words() -> None:
    claims = claims_of(seed_text(NB_SEED), "nb")
    assert {("vote_share", 80, "more"), ("voted_for", 25, "exact"),
            ("abstained", 20, "exact"), ("election", 809, "exact")} <= claims
    assert ("detained", 1000, "range") in claims  # "Tusenvis ... er pågrepet"
    assert not any(value == 45 for _, value, _ in claims)  # "den 45. sesjonen": a rank


@needs_shared
def test_every_claim_carries_its_sentence_as_evidence() -> None:
    text = seed_text(LV_SEED)
    for claim in extract_claims(text, "lv"):
        assert claim.as_written in claim.evidence
        assert " ".join(claim.evidence.split()) in " ".join(text.split())


@pytest.mark.parametrize(
    ("lang", "sentence", "concept", "value"),
    [
        ("en", "The interior ministry said 774 people were detained.", "detained", 774),
        ("ru", "МВД сообщило, что задержаны 774 человека.", "detained", 774),
        ("de", "Die Polizei nahm 774 Menschen fest, 150.000 demonstrierten.", "protesters",
         150000),
        ("es", "Al menos doce personas han muerto y 240 han resultado heridas.", "injured", 240),
        ("es", "Al menos doce personas han muerto y 240 han resultado heridas.", "killed", 12),
        ("fr", "Trois personnes ont été tuées et 45 autres blessées.", "injured", 45),
        ("pl", "Za ustawą głosowało 231 posłów, przeciw było 187.", "voted_against", 187),
        ("en", "It passed with 231 votes in favour, 187 against and 12 abstentions.",
         "abstained", 12),
        ("en", "A magnitude 6.1 earthquake struck western Turkey.", "magnitude", 6.1),
        ("en", "Putin promised Belarus a $1.5 billion loan.", "loan", 1.5e9),
        ("uk", "Унаслідок вибуху загинули 9 гірників, ще 14 травмовані.", "injured", 14),
        ("de", "Es war das erste Treffen seit der Präsidentenwahl am 9. August.", "election",
         809),  # a compound ends with the lexicon's word
        ("pl", "Rosja udzieli Białorusi kredytu w wysokości 1,5 mld dolarów.", "loan", 1.5e9),
        ("en", "Lukashenko won the Aug. 9 election with 80.1% of the vote.", "election", 809),
    ],
)
def test_concepts_across_languages(lang: str, sentence: str, concept: str, value: float) -> None:
    assert concept in {c.concept for c in extract_claims(sentence, lang) if c.value == value}


def test_numbers_that_count_nothing_known_are_left_out() -> None:
    assert extract_claims("Se 20 Foto fra Minsk. Bussen kjørte linje 42 i går kveld.", "nb") == []


def test_a_repeated_figure_is_one_claim_with_the_body_sentence_as_evidence() -> None:
    text = ("774 aizturēti pēc protestiem Minskā…\n"
            "Iekšlietu ministrija paziņojusi, ka tikuši aizturēti 774 cilvēki.")
    claims = [c for c in extract_claims(text, "lv") if c.value == 774]
    assert len(claims) == 1
    assert claims[0].evidence.startswith("Iekšlietu ministrija")


def test_a_loan_of_is_not_a_loan_of_more_than() -> None:
    (loan,) = [c for c in extract_claims("Putin sagte Minsk einen Kredit über 1,5 Milliarden "
                                         "Dollar zu. Über 100.000 Menschen demonstrierten.", "de")
               if c.concept == "loan"]
    assert (loan.value, loan.approx, loan.unit) == (1.5e9, "exact", "USD")
    crowd = [c for c in extract_claims("Am Sonntag demonstrierten über 100.000 Menschen.", "de")]
    assert [(c.value, c.approx) for c in crowd] == [(100000, "more")]
