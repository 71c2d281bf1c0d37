"""Issue 23, names a new user saw wrong: titles written as the head of a compound stay out of
display names; German nouns after an article, a number or an article and its adjectives are
no entities; seas and other geographic features are places, never people "B. Sea"."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import entity_key, extract_mentions
from babelwire.analyse.entity_words import is_compound_title


def surfaces(text: str, lang: str) -> list[str]:
    return [m.surface for m in extract_mentions(text, lang)]


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("Der norwegische Regierungschef Eirik Haugland reiste am Montag nach Riga.", "de",
     "Eirik Haugland"),
    ("Gewerkschaftschef Tomasz Wróblewski sagte, der Streik gehe weiter.", "de",
     "Tomasz Wróblewski"),
    ("Infrastruktuuriminister Kadri Tamm ütles, et tunnel valmib 2035. aastaks.", "et",
     "Kadri Tamm"),
    ("Auch Wirtschaftsministerin Katharina Lindholm äußerte sich am Abend.", "de",
     "Katharina Lindholm"),
    ("Fiskeriminister Jonas Lindqvist møtte pressen i Oslo tirsdag.", "nb", "Jonas Lindqvist"),
])
def test_a_compound_title_is_no_part_of_the_name(text, lang, name):
    found = surfaces(text, lang)
    assert name in found, found
    assert not any(s.endswith(name) and s != name for s in found), found


def test_compound_titles():
    assert is_compound_title("Regierungschef") and is_compound_title("Infrastruktuuriminister")
    assert not is_compound_title("Chef") and not is_compound_title("Haugland")
    assert not is_compound_title("regierungschef")


@pytest.mark.parametrize(("text", "noun"), [
    ("Bei dem Erdbeben sind mindestens zwölf Menschen ums Leben gekommen.", "Leben"),
    ("Erdbeben in der Region Izmir: zwölf Tote und viele Verletzte.", "Tote"),
    ("Zuletzt hatte im Jahr 2001 ein sehr starkes Beben den Süden Perus getroffen.", "Beben"),
    ("Geplant ist eine Anlage mit einer Leistung von 1.200 Megawatt vor Kurzeme.", "Megawatt"),
    ("In Peru kamen drei Menschen ums Leben, 45 wurden verletzt.", "Leben"),
])
def test_german_nouns_are_no_entities(text, noun):
    found = surfaces(text, "de")
    assert noun not in found, found


def test_names_after_articles_and_numbers_stay():
    found = surfaces("Die Regierung in Berlin und die EU berieten am 3. März mit Merkel.", "de")
    assert "Berlin" in found and "Merkel" in found, found


def test_seas_are_places_and_stay_apart():
    text = ("The wind farm in the Baltic Sea will be built by a Norwegian firm that also "
            "drills in the Barents Sea.")
    found = {m.surface: m for m in extract_mentions(text, "en")}
    baltic, barents = found["Baltic Sea"], found["Barents Sea"]
    assert baltic.key != barents.key
    assert baltic.kind == barents.kind == "place"
    assert "." not in entity_key("Baltic Sea", "en")  # no person key "b.sea"
