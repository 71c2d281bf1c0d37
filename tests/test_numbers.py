"""Quantities as newsrooms write them: approximations, vague words, number words, displays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.analyse.numbers import (
    date_text,
    find_quantities,
    number_word_value,
    quantity_text,
)


def only(sentence: str, lang: str):
    found = find_quantities(sentence, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("lang", "sentence", "value", "approx", "unit"),
    [
        ("nb", "fikk over 80 prosent av stemmene", 80, "more", "%"),
        ("lv", "ieguvis 80,1% balsu", 80.1, "exact", "%"),
        ("lv", "izgāja vairāk nekā 150 000 cilvēku", 150000, "more", "people"),
        ("de", "über 150.000 Menschen demonstrierten", 150000, "more", "people"),
        ("ru", "более 100 тысяч человек вышли", 100000, "more", "people"),
        ("en", "nearly 2,000 people", 2000, "less", "people"),
        ("de", "fast 300 Menschen", 300, "less", "people"),
        ("en", "about 30km from the city", 30, "about", "km"),
        ("fr", "une dizaine de kilomètres de profondeur", 10, "about", "km"),
        ("lv", "3,4 miljardi eiro", 3.4e9, "exact", "EUR"),
        ("lt", "1,5 mlrd. eurų", 1.5e9, "exact", "EUR"),
        ("en", "Putin promised a $1.5 billion loan", 1.5e9, "exact", "USD"),
        ("es", "120 litros por metro cuadrado", 120, "exact", "mm"),
    ],
)
def test_numbers_with_their_approximation_and_unit(lang: str, sentence: str, value: float,
                                                   approx: str, unit: str) -> None:
    quantity = only(sentence, lang)
    assert quantity.value == pytest.approx(value)
    assert (quantity.approx, quantity.unit) == (approx, unit)


@pytest.mark.parametrize(
    ("lang", "sentence", "low", "high"),
    [
        ("nb", "Tusenvis av regimekritikere er pågrepet", 1000, 9999),
        ("en", "thousands of people", 1000, 9999),
        ("en", "tens of thousands marched", 10000, 99999),
        ("ru", "десятки тысяч человек", 10000, 99999),
        ("de", "Hunderte Menschen", 100, 999),
        ("en", "several hundred jobs", 100, 999),
    ],
)
def test_vague_quantities_are_marked_vague_ranges(lang: str, sentence: str, low: float,
                                                  high: float) -> None:
    quantity = only(sentence, lang)
    assert quantity.vague and quantity.approx == "range"
    assert (quantity.value, quantity.upper) == (low, high)


@pytest.mark.parametrize(
    ("lang", "sentence", "value", "unit"),
    [
        ("lv", "protesti nerimst jau piecas nedēļas", 5, "weeks"),
        ("en", "the package runs for three years", 3, "years"),
        ("nb", "styrt landet de siste 26 årene", 26, "years"),
        ("en", "nearly two dozen were hurt", 24, ""),
        ("ru", "погибли двое рабочих", 2, ""),
        ("es", "Al menos doce personas", 12, "people"),
    ],
)
def test_number_words_and_durations(lang: str, sentence: str, value: float, unit: str) -> None:
    quantity = only(sentence, lang)
    assert (quantity.value, quantity.unit) == (value, unit)
    assert not quantity.vague


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("nb", "da hun åpnet den 45. sesjonen i rådet"),  # an ordinal
        ("en", "the 45th session"),
        ("en", "The quake hit at 4:17am local time"),  # times of day
        ("de", "um 4.17 Uhr Ortszeit"),
        ("en", "There was one survivor"),  # "one" is left out: it is an article elsewhere
    ],
)
def test_ranks_and_times_are_not_quantities(lang: str, sentence: str) -> None:
    assert find_quantities(sentence, lang) == []


def test_dates_in_several_languages_are_one_day() -> None:
    values = {only(s, lang).value for lang, s in [
        ("nb", "i valget 9. august"), ("lv", "kopš 9.augustā"), ("en", "on August 9"),
        ("ru", "выборы 9 августа"), ("de", "am 9. August"), ("fr", "le 9 août")]}
    assert values == {809}


def test_a_month_stem_does_not_swallow_other_words() -> None:
    # "травмовані" (injured, uk) starts like "травня" (May)
    assert [q.unit for q in find_quantities("ще 14 травмовані", "uk")] == [""]


@pytest.mark.parametrize("word", ["kaksi", "два", "deux", "zwei"])
def test_number_words_of_other_languages_are_not_guessed(word: str) -> None:
    assert number_word_value(word, "en") is None


def test_dates_and_years_are_never_shown_as_plain_numbers() -> None:
    assert date_text(809) == "9 Aug"
    assert date_text(20200914) == "2020-09-14"
    assert quantity_text(2028, "year") == "2028"
    assert quantity_text(809, "date") == "9 Aug"
    assert quantity_text(150000, "people") == "150,000 people"
    assert quantity_text(80, "%", "more") == "over 80 %"
    assert quantity_text(1.5e9, "USD") == "1.5 billion USD"


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28),
       st.integers(min_value=1900, max_value=2100))
def test_date_text_is_iso_for_every_day(month: int, day: int, year: int) -> None:
    text = date_text(year * 10000 + month * 100 + day)
    assert text == f"{year:04d}-{month:02d}-{day:02d}"
    assert "," not in date_text(month * 100 + day)


@given(st.integers(min_value=10, max_value=10**8))
def test_grouped_digits_read_back_whatever_the_separator(number: int) -> None:
    grouped = f"{number:,}"
    for lang, separator, people in (("en", ",", "people"), ("nb", " ", "mennesker"),
                                    ("lv", "\u00a0", "cilvēku"), ("de", ".", "Menschen")):
        written = grouped.replace(",", separator)
        found = find_quantities(f"Es {written} {people} dort", lang)
        assert [(q.value, q.unit) for q in found] == [(number, "people")]
