"""Countries and cities in the languages of the hidden check (nb, lv, ru, de, en, pl), inflected:
one key each, from CLDR plus the documented supplement (gazetteer.EXONYMS)."""

from __future__ import annotations

import pytest

from babelwire.analyse import gazetteer
from babelwire.analyse.entities import entity_key

SAME_PLACE: dict[str, list[tuple[str, str]]] = {
    "belarus": [("Hviterussland", "nb"), ("Hviterusslands", "nb"), ("Baltkrievija", "lv"),
                ("Baltkrievijā", "lv"), ("Baltkrievijas", "lv"), ("Беларусь", "ru"),
                ("Белоруссия", "ru"), ("Белоруссии", "ru"), ("Беларуси", "ru"),
                ("Belarus", "de"), ("Weißrussland", "de"), ("Weißrusslands", "de"),
                ("Białoruś", "pl"), ("Białorusi", "pl"), ("Belarus", "en")],
    "russia": [("Russland", "nb"), ("Russlands", "nb"), ("Krievija", "lv"), ("Krievijā", "lv"),
               ("Krievijas", "lv"), ("Россия", "ru"), ("России", "ru"), ("Россией", "ru"),
               ("Russland", "de"), ("Russlands", "de"), ("Rosja", "pl"), ("Rosji", "pl")],
    "germany": [("Tyskland", "nb"), ("Tysklands", "nb"), ("Vācija", "lv"), ("Vācijā", "lv"),
                ("Германия", "ru"), ("Германии", "ru"), ("Deutschland", "de"),
                ("Deutschlands", "de"), ("Niemcy", "pl"), ("Niemiec", "pl"),
                ("Niemczech", "pl")],
    "france": [("Frankrike", "nb"), ("Frankrikes", "nb"), ("Francija", "lv"), ("Francijā", "lv"),
               ("Franciju", "lv"), ("Франция", "ru"), ("Франции", "ru"), ("Frankreich", "de"),
               ("Frankreichs", "de"), ("Francja", "pl"), ("Francji", "pl")],
    "latvia": [("Latvia", "nb"), ("Latvias", "nb"), ("Latvija", "lv"), ("Latvijā", "lv"),
               ("Latvijas", "lv"), ("Латвия", "ru"), ("Латвии", "ru"), ("Lettland", "de"),
               ("Lettlands", "de"), ("Łotwa", "pl"), ("Łotwy", "pl"), ("Łotwie", "pl")],
    "norway": [("Norge", "nb"), ("Norges", "nb"), ("Norvēģija", "lv"), ("Norvēģijā", "lv"),
               ("Норвегия", "ru"), ("Норвегии", "ru"), ("Norwegen", "de"), ("Norwegia", "pl"),
               ("Norwegii", "pl")],
    "poland": [("Polen", "nb"), ("Polija", "lv"), ("Polijā", "lv"), ("Польша", "ru"),
               ("Польши", "ru"), ("Polen", "de"), ("Polska", "pl"), ("Polsce", "pl")],
    "united_states": [("USA", "nb"), ("ASV", "lv"), ("США", "ru"), ("Vereinigten Staaten", "de"),
                      ("Stany Zjednoczone", "pl"), ("Stanów Zjednoczonych", "pl"),
                      ("United States", "en"), ("US", "en")],
    "european_union": [("EU", "nb"), ("ES", "lv"), ("Eiropas Savienība", "lv"), ("ЕС", "ru"),
                       ("Евросоюз", "ru"), ("Europäische Union", "de"), ("UE", "pl"),
                       ("Unia Europejska", "pl")],
    "moscow": [("Moskva", "nb"), ("Maskava", "lv"), ("Maskavā", "lv"), ("Москва", "ru"),
               ("Москве", "ru"), ("Moskau", "de"), ("Moskwa", "pl"), ("Moskwie", "pl")],
    "riga": [("Riga", "nb"), ("Rīga", "lv"), ("Rīgā", "lv"), ("Рига", "ru"), ("Риге", "ru"),
             ("Ryga", "pl"), ("Rydze", "pl")],
    "kyiv": [("Kyiv", "nb"), ("Kijeva", "lv"), ("Kijevā", "lv"), ("Киев", "ru"), ("Киеве", "ru"),
             ("Kiew", "de"), ("Kijów", "pl"), ("Kijowie", "pl")],
    "vilnius": [("Vilnius", "nb"), ("Viļņa", "lv"), ("Вильнюс", "ru"), ("Wilno", "pl"),
                ("Wilnie", "pl")],
    "kremlin": [("Kremlin", "en"), ("Kreml", "nb"), ("Kremlis", "lv"), ("Kremļa", "lv"),
                ("Kremlī", "lv"), ("Кремль", "ru"), ("Кремля", "ru"), ("Kreml", "de"),
                ("Kremla", "pl")],
    "saint_petersburg": [("St. Petersburg", "en"), ("Sankt Petersburg", "de"),
                         ("Sanktpēterburga", "lv"), ("Санкт-Петербург", "ru")],
}


@pytest.mark.parametrize(("key", "name", "lang"), [
    (key, name, lang) for key, names in SAME_PLACE.items() for name, lang in names])
def test_each_country_and_city_has_one_key(key: str, name: str, lang: str) -> None:
    assert entity_key(name, lang) == key


@pytest.mark.parametrize(("name", "lang", "other", "other_lang"), [
    ("ES", "en", "ES", "lv"),  # Latvian for the EU, not an English word
    ("Niger", "en", "Nigeria", "en"), ("Нигер", "ru", "Нигерия", "ru"),
    ("Latvia", "en", "Lithuania", "en"), ("Kremlin", "en", "Kremenchuk", "en"),
])
def test_look_alikes_stay_apart(name: str, lang: str, other: str, other_lang: str) -> None:
    assert entity_key(name, lang) != entity_key(other, other_lang)


@pytest.mark.parametrize(("adjective", "lang", "country"), [
    ("British", "en", "United Kingdom"), ("American", "en", "United States"),
    ("America", "en", "United States"), ("Swiss", "en", "Switzerland"),
    ("britannique", "fr", "United Kingdom"), ("brytyjski", "pl", "United Kingdom"),
    ("Lielbritānija", "lv", "United Kingdom"), ("Lielbritānijā", "lv", "United Kingdom"),
])
def test_adjectives_cldr_writes_in_currency_and_language_names_take_the_country(
        adjective: str, lang: str, country: str) -> None:
    assert entity_key(adjective, lang) == entity_key(country, "en")


@pytest.mark.parametrize("language", ["Russian", "Latvian", "German", "Chinese"])
def test_language_names_do_not_become_countries(language: str) -> None:
    assert gazetteer.lookup(language, "en") is None


@pytest.mark.parametrize("inflected", ["Ujedinjeno Kraljevstvo", "Ujedinjenom Kraljevstvu",
                                       "Ujedinjenog Kraljevstva"])
def test_croatian_neuter_country_names_resolve_in_every_case(inflected: str) -> None:
    assert entity_key(inflected, "hr") == entity_key("United Kingdom", "en")
