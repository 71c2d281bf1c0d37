"""Issue 23, names: places CLDR lacks (GeoNames cities, islands and regions), a person's surname
never taken for a place or a place for a surname, everyday words that are also place names
first in a sentence, and Latvian and Lithuanian surnames shown in their bearer's gender."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import entity_key, extract_mentions
from babelwire.analyse.more_places import supplementary_name
from babelwire.analyse.story_linking import link_to_story


def mentions(text: str, lang: str) -> dict[str, tuple[str, str, str]]:
    """surface -> (display form, key, kind)"""
    return {m.surface: (m.normal, m.key, m.kind) for m in extract_mentions(text, lang)}


SENTENCES = {"en": "Floods hit {} yesterday.", "de": "Das Hochwasser traf gestern {}.",
             "fr": "Les inondations ont frappé {} hier.", "it": "L'alluvione ha colpito {} ieri.",
             "lv": "Plūdi vakar bija {}.", "et": "Üleujutus tabas eile {}.",
             "pl": "Powódź dotknęła wczoraj {}.", "ru": "Наводнение вчера в {}."}


@pytest.mark.parametrize(("name", "lang"), [
    ("Turin", "en"), ("Izmir", "en"), ("Dnipro", "de"), ("Genève", "fr"), ("Torino", "it"),
    ("Liepājā", "lv"), ("Seville", "en"), ("Thessaloniki", "en"), ("Kaunas", "en"),
    ("Tartu", "et"), ("Gdańsk", "pl"), ("Харькове", "ru"),
])
def test_cities_beyond_cldrs_time_zones_are_places(name: str, lang: str) -> None:
    found = mentions(SENTENCES[lang].format(name), lang)
    assert found.get(name, ("", "", ""))[2] == "place", found


@pytest.mark.parametrize(("group", "spellings"), [
    ("Euboea", [("Evia", "en"), ("Euboea", "en"), ("Euböa", "de"), ("Eubée", "fr"),
                ("Εύβοια", "el"), ("Эвбея", "ru")]),
    ("Crete", [("Crete", "en"), ("Kreta", "de"), ("Crète", "fr"), ("Kretā", "lv"),
               ("Крите", "ru")]),
    ("Geneva", [("Geneva", "en"), ("Genf", "de"), ("Genève", "fr"), ("Ginevra", "it"),
                ("Женеве", "ru")]),
    ("Turin", [("Turin", "en"), ("Torino", "it"), ("Turyn", "pl"), ("Turīnā", "lv")]),
    ("Kharkiv", [("Kharkiv", "en"), ("Kharkov", "en"), ("Харькове", "ru")]),
    # inflected forms of words elsewhere ("львов", of lions; "gênes", of "gêner")
    ("Lviv", [("Lviv", "en"), ("Lwów", "pl"), ("Львов", "ru"), ("Lemberg", "de")]),
    ("Genoa", [("Genoa", "en"), ("Gênes", "fr"), ("Genua", "de"), ("Genova", "it")]),
    ("Saint Petersburg", [("St. Petersburg", "en"), ("Petersburg", "de")]),
])
def test_exonyms_of_one_place_share_its_key(group: str, spellings: list[tuple[str, str]]
                                            ) -> None:
    keys = {(name, lang): entity_key(name, lang) for name, lang in spellings}
    assert len(set(keys.values())) == 1, keys


def test_a_surname_is_no_place_and_a_place_no_surname() -> None:
    text = {
        "lv": "Analītiķe Marta Liepa sacīja, ka Liepājas osta ir gatava. Liepa piebilda, ka "
              "Liepājā ir mierīgi.",
        "lt": "Analitikė Marta Liepa sakė, kad Liepojos uostas pasiruošęs. Liepa pridūrė.",
        "ru": "Аналитик Марта Лиепа сказала, что порт Лиепаи готов. Лиепа добавила, что в "
              "Лиепае тихо.",
    }
    for lang, article in text.items():
        found = extract_mentions(article, lang)
        person = {m.key for m in found if m.surface.endswith(("Liepa", "Лиепа"))}
        places = {m.key for m in found if m.kind == "place"}
        assert len(person) == 1 and len(places) == 1 and not person & places, (lang, found)
        assert entity_key("Liepāja", "lv") in places
    # across a story: the Lithuanian "Liepojos" does not take the analyst's key
    story = {m.key for m in extract_mentions(text["lv"], "lv")}
    linked = link_to_story(extract_mentions("Uostas Liepojos mieste.", "lt"), story)
    assert all(m.kind == "place" and "." not in m.key for m in linked if "Liepoj" in m.surface)


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("Abraham Lincoln was elected.", "en", "Abraham Lincoln"),
    ("Whitney Houston sang.", "en", "Whitney Houston"),
    ("Sauli Niinistö Helsingissä tapasi ministerin.", "fi", "Sauli Niinistö"),
])
def test_a_city_name_inside_a_persons_name_leaves_a_person(text: str, lang: str,
                                                            name: str) -> None:
    found = mentions(text, lang)
    assert found[name][2] == "person", found


@pytest.mark.parametrize(("word", "lang"), [
    ("Nice", "en"), ("Split", "en"), ("Reading", "en"), ("Bergen", "de"), ("Mobile", "en"),
    ("Halle", "de"), ("Essen", "de"),
])
def test_an_everyday_word_of_the_language_is_no_geonames_city(word: str, lang: str) -> None:
    assert supplementary_name(word, lang) is None


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("Lietuvos ekspertai vertina dvejopai. Viena vertus, gamyba auga.", "lt", "Viena"),
    ("Viena Lietuvos gyventoja žuvo per potvynį.", "lt", "Viena"),
])
def test_an_everyday_word_first_in_a_sentence_is_no_place(text: str, lang: str,
                                                          word: str) -> None:
    found = mentions(text, lang)
    assert not any(surface.startswith(word) for surface in found), found


def test_the_same_word_mid_sentence_is_the_place() -> None:
    found = mentions("Konferencija vyks Vienoje, o Viena pasiruošusi.", "lt")
    assert any(key == entity_key("Vienna", "en") for _, key, _ in found.values()), found


@pytest.mark.parametrize(("text", "shown"), [
    ("Vakar ministrs Jānis Ozoliņš ieradās Rīgā.", "Jānis Ozoliņš"),
    ("Ostas pārvaldnieks Ivars Ozoliņš aprēķinājis izmaksas.", "Ivars Ozoliņš"),
    ("Vakar Inese Bērziņa ieradās Rīgā.", "Inese Bērziņa"),
    ("Mēs runājām ar Ivaru Ozoliņu.", "Ivars Ozoliņš"),
    ("Tā bija Jāņa Bērziņa vēstule.", "Jānis Bērziņš"),
    ("Mēs runājām ar Anitu Kalniņu.", "Anita Kalniņa"),
])
def test_latvian_surnames_keep_their_bearers_gender(text: str, shown: str) -> None:
    assert shown in {normal for normal, _, _ in mentions(text, "lv").values()}, mentions(text,
                                                                                        "lv")


def test_a_lone_latvian_surname_keeps_its_own_base_form() -> None:
    found = mentions("Valdība sanāca. Vakar Ozoliņš paziņoja, ka Ozoliņam nav laika.", "lv")
    assert {normal for normal, _, _ in found.values()} == {"Ozoliņš"}, found


@pytest.mark.parametrize(("text", "shown"), [
    ("Vakar premjerės Ingridos Šimonytės kalba nuskambėjo.", "Ingrida Šimonytė"),
    ("Ministrė Rasa Kalninienė kalbėjo. Vėliau Kalninienės žodžius kartojo visi.",
     "Kalninienė"),
    ("Ministro Eiriko Hauglando vizitas truko dvi dienas.", "Eirikas Hauglandas"),
])
def test_lithuanian_names_no_word_list_knows_are_shown_in_their_base_form(text: str,
                                                                           shown: str) -> None:
    assert shown in {normal for normal, _, _ in mentions(text, "lt").values()}, mentions(text,
                                                                                        "lt")


@pytest.mark.parametrize(("text", "lang", "place"), [
    ("Das Beben traf die Millionenstadt Izmir am Morgen.", "de", "Izmir"),
    ("Auf der Ferieninsel Euböa brennt es seit Tagen.", "de", "Euböa"),
    ("Auf der Insel Kreta brennt es.", "de", "Kreta"),
    ("Город Лиепая ждёт гостей.", "ru", "Лиепая"),
])
def test_a_noun_for_the_kind_of_place_is_no_part_of_its_name(text: str, lang: str,
                                                              place: str) -> None:
    found = mentions(text, lang)
    assert found.get(place, ("", "", ""))[2] == "place", found
