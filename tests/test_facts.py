"""Numbers and dates with units across languages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.analyse.facts import extract_facts, parse_number
from babelwire.analyse.months import month_number
from babelwire.analyse.names import split_sentences
from builders import LV_SEED, NB_SEED, needs_shared

KINDS = {"percent", "money", "people", "votes", "measure", "date", "year", "count"}


def facts_of(text: str, lang: str) -> set[tuple[str, float, str]]:
    return {(fact.kind, fact.value, fact.unit) for fact in extract_facts(text, lang)}


@needs_shared
def test_seed_articles_give_the_vote_share_and_the_election_day() -> None:
    norwegian = extract_facts(NB_SEED.read_text(encoding="utf-8"), "nb")
    latvian = extract_facts(LV_SEED.read_text(encoding="utf-8"), "lv")
    assert ("percent", 80.0, "%", "over 80 prosent") in {
        (f.kind, f.value, f.unit, f.surface) for f in norwegian
    }
    assert ("percent", 80.1, "%", "80,1%") in {(f.kind, f.value, f.unit, f.surface) for f in latvian}
    # "9. august" and "9.augustā": the same day, without a year
    assert ("date", 809.0) in {(f.kind, f.value) for f in norwegian}
    assert ("date", 809.0) in {(f.kind, f.value) for f in latvian}
    assert {("people", 150000.0), ("people", 774.0), ("year", 1994.0)} <= {
        (f.kind, f.value) for f in latvian
    }


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value", "unit"),
    [
        # percentages
        ("lv", "ieguvis 80,1% balsu", "percent", 80.1, "%"),
        ("en", "won 80.1 % of the vote", "percent", 80.1, "%"),
        ("nb", "fikk over 80 prosent av stemmene", "percent", 80, "%"),
        ("sv", "fick 80 procent", "percent", 80, "%"),
        ("ru", "набрал 80 процентов голосов", "percent", 80, "%"),
        ("uk", "80 відсотків виборців", "percent", 80, "%"),
        ("de", "erhielt 80 Prozent", "percent", 80, "%"),
        ("fr", "80 pour cent des voix", "percent", 80, "%"),
        ("es", "el 80 por ciento", "percent", 80, "%"),
        ("fi", "noin 80 prosenttia", "percent", 80, "%"),
        ("lt", "80 proc. balsų", "percent", 80, "%"),
        ("tr", "yüzde 80 oy aldı", "percent", 80, "%"),
        ("el", "80 τοις εκατό", "percent", 80, "%"),
        # people and votes
        ("lv", "aizturēti 774 cilvēki", "people", 774, "people"),
        ("lv", "izgāja 150 000 cilvēku", "people", 150000, "people"),
        ("en", "774 people were detained", "people", 774, "people"),
        ("en", "some 150,000 marchers", "people", 150000, "people"),
        ("ru", "задержаны 774 человека", "people", 774, "people"),
        ("de", "150.000 Menschen demonstrierten", "people", 150000, "people"),
        ("pl", "ponad 100 tys. osób", "people", 100000, "people"),
        ("fr", "plus de 100 000 personnes", "people", 100000, "people"),
        ("en", "with 1,234 votes", "votes", 1234, "votes"),
        ("de", "mit 4.500 Stimmen", "votes", 4500, "votes"),
        # money
        ("en", "a loan of EUR 3.4 billion", "money", 3.4e9, "EUR"),
        ("lv", "3,4 miljardi eiro", "money", 3.4e9, "EUR"),
        ("en", "the EU pledged €1.2bn", "money", 1.2e9, "EUR"),
        ("de", "1,2 Milliarden Euro", "money", 1.2e9, "EUR"),
        ("pl", "2 mln zł", "money", 2e6, "PLN"),
        ("en", "a $5 million grant", "money", 5e6, "USD"),
        ("ru", "кредит 1,5 млрд долларов", "money", 1.5e9, "USD"),
        ("fr", "1,5 milliard de dollars", "money", 1.5e9, "USD"),
        ("es", "1.500 millones de dólares", "money", 1.5e9, "USD"),
        ("nb", "500 000 kr i året", "money", 500000, "NOK"),
        # measures
        ("en", "a 450 MW plant", "measure", 450, "MW"),
        ("en", "12 km away", "measure", 12, "km"),
        ("nb", "200 hektar skog", "measure", 200, "ha"),
        # dates: YYYYMMDD with a year, MMDD without
        ("nb", "valget 9. august", "date", 809, ""),
        ("lv", "kopš 9.augustā notikušajām", "date", 809, ""),
        ("en", "on 14 September 2020", "date", 20200914, ""),
        ("en", "on September 14, 2020", "date", 20200914, ""),
        ("ru", "14 сентября", "date", 914, ""),
        ("ru", "14 сентября 2020 года", "date", 20200914, ""),
        ("en", "2020-09-14", "date", 20200914, ""),
        ("de", "am 14.09.2020", "date", 20200914, ""),
        ("fr", "le 9 août 2020", "date", 20200809, ""),
        ("es", "el 9 de agosto de 2020", "date", 20200809, ""),
        ("pl", "9 sierpnia 2020", "date", 20200809, ""),
        ("lv", "2020. gada 9. augustā", "date", 20200809, ""),
        ("hu", "2020. augusztus 9-én", "date", 20200809, ""),
        ("fi", "9. elokuuta 2020", "date", 20200809, ""),
        ("uk", "14 вересня", "date", 914, ""),
        ("el", "9 Αυγούστου 2020", "date", 20200809, ""),
        # years and bare counts
        ("lv", "pie varas kopš 1994.gada", "year", 1994, ""),
        ("en", "in power since 1994", "year", 1994, ""),
        ("nb", "25 av 47 land", "count", 47, ""),
        ("en", "about 5 million", "count", 5e6, ""),
    ],
)
def test_facts_across_languages(lang: str, text: str, kind: str, value: float, unit: str) -> None:
    assert (kind, float(value), unit) in facts_of(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("150 000", "lv", 150000), ("150\u00a0000", "fr", 150000), ("150.000", "de", 150000),
     ("150,000", "en", 150000), ("80,1", "lv", 80.1), ("3.4", "en", 3.4), ("3.4", "de", 3.4),
     ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5), ("1.234.567", "es", 1234567),
     ("1,5", "en", 1.5), ("12", "nb", 12)],
)
def test_number_formats(text: str, lang: str, value: float) -> None:
    assert parse_number(text, lang) == pytest.approx(value)


def test_small_numbers_ordinals_and_english_may_are_not_facts() -> None:
    assert facts_of("He may 5 times say no, on 3 days.", "en") == set()
    assert facts_of("Den 45. sesjonen.", "nb") == {("count", 45.0, "")}


def test_date_numbers_are_not_counted_again() -> None:
    assert facts_of("On 14 September 2020 it rained.", "en") == {("date", 20200914.0, "")}


@pytest.mark.parametrize(
    ("word", "lang", "month"),
    [("augustā", "lv", 8), ("сентября", "ru", 9), ("sierpnia", "pl", 8), ("června", "cs", 6),
     ("července", "cs", 7), ("Αυγούστου", "el", 8), ("mayor", "en", None), ("August", "xx", 8)],
)
def test_month_names(word: str, lang: str, month: int | None) -> None:
    assert month_number(word, lang) == month


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("0123456789 .,%€$-/\n9ab augustā  million")),
                 max_size=120) | st.text(max_size=200),
    lang=st.sampled_from(["nb", "lv", "en", "de", "ru", "xx", ""]),
)
def test_extraction_never_fails_and_stays_in_range(text: str, lang: str) -> None:
    facts = extract_facts(text, lang)
    sentence_count = len(split_sentences(text))
    for fact in facts:
        assert fact.kind in KINDS
        assert math.isfinite(fact.value)
        assert 0 <= fact.sentence < sentence_count
        assert fact.surface and fact.surface in text


def test_a_run_of_hundreds_of_digits_is_no_figure() -> None:
    """A 400-digit number parses to infinity; it must neither crash nor become a fact or claim."""
    from babelwire.analyse.claims import extract_claims

    text = "The authorities said that " + "9" * 400 + " people were evacuated on Monday."
    assert all(math.isfinite(fact.value) for fact in extract_facts(text, "en"))
    assert all(math.isfinite(claim.value) for claim in extract_claims(text, "en"))
