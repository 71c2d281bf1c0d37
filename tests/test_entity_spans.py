"""Runs of capitalised words cut into names: places in a locative case or after a locative
preposition, and unknown names after "in"."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import entity_key, extract_mentions


def keys(text: str, lang: str) -> dict[str, str]:
    return {mention.surface: mention.key for mention in extract_mentions(text, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "person", "place", "place_in_english"),
    [
        ("Vakar Aleksandrs Lukašenko Sočos tikās ar Putinu.", "lv",
         "Aleksandrs Lukašenko", "Sočos", "Sochi"),
        ("Premjers tikās ar Krišjāni Kariņu Rīgā.", "lv", "Krišjāni Kariņu", "Rīgā", "Riga"),
        ("Jis susitiko su Gitanu Nausėda Vilniuje.", "lt", "Gitanu Nausėda", "Vilniuje", "Vilnius"),
        ("Sauli Niinistö Helsingissä tapasi ministerin.", "fi", "Sauli Niinistö", "Helsingissä",
         "Helsinki"),
        # after a locative preposition, a place before a name: "Soczi Alaksandra Łukaszenkę"
        # and "Сочи Александра Лукашенко" were one person, keyed "a.lukasenk"
        ("Władimir Putin przyjął w poniedziałek w Soczi Alaksandra Łukaszenkę.", "pl",
         "Alaksandra Łukaszenkę", "Soczi", "Sochi"),
        ("Gestern traf in Moskau Wladimir Putin den Präsidenten aus Minsk.", "de",
         "Wladimir Putin", "Moskau", "Moscow"),
        ("Путин принял в Сочи Александра Лукашенко в понедельник.", "ru",
         "Александра Лукашенко", "Сочи", "Sochi"),
    ],
)
def test_a_place_in_the_locative_is_a_mention_of_its_own(
    text: str, lang: str, person: str, place: str, place_in_english: str
) -> None:
    found = keys(text, lang)
    assert found.get(place) == entity_key(place_in_english, "en"), found
    assert "." in found[person]  # a person key, not one built on the place ("l.sok" before)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [  # a place first, in the genitive, builds a name; so does a place in the nominative
        ("Latvijas Banka paziņoja par procentu likmēm.", "lv", "Latvijas Banka"),
        ("Air Berlin flew to Riga.", "en", "Air Berlin"),
        ("Президент России Владимир Путин прилетел.", "ru", "Владимир Путин"),
    ],
)
def test_names_built_on_a_place_stay_whole(text: str, lang: str, name: str) -> None:
    assert name in keys(text, lang)


def test_a_latvian_name_is_no_form_of_a_verb() -> None:
    # simplemma reads "Putinu" as a form of the verb "putināt"
    assert entity_key("Putinu", "lv") == entity_key("Putins", "lv") == entity_key("Putin", "en")


@pytest.mark.parametrize(
    ("text", "lang", "place", "person", "organisation"),
    [
        ("Kanclerz Niemiec Angela Merkel spotkała się z premierem.", "pl", "Niemiec",
         "Angela Merkel", None),
        ("Prezident Ruska Vladimir Putin přiletěl.", "cs", "Ruska", "Vladimir Putin", None),
        ("Narodowy Bank Polski Adam Glapiński podał dane.", "pl", None, "Adam Glapiński",
         "Bank Polski"),
    ],
)
def test_a_title_of_a_country_before_a_name_is_cut(
    text: str, lang: str, place: str | None, person: str, organisation: str | None
) -> None:
    found = keys(text, lang)
    assert found.get(person) == entity_key(person, "en" if lang == "cs" else "de"), found
    if place:
        assert place in found
    if organisation:
        assert organisation in found


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [  # a place that is the whole run, or followed by one word only, stays as it was
        ("Spotkanie odbyło się w Nowym Jorku w czwartek po południu.", "pl", "Nowym Jorku"),
        ("He read it in New York Times columns and in Los Angeles Lakers news.", "en",
         "Los Angeles Lakers"),
    ],
)
def test_a_place_run_without_a_name_after_it_is_not_cut(text: str, lang: str, name: str
                                                         ) -> None:
    assert name in keys(text, lang)


def kinds(text: str, lang: str) -> dict[str, str]:
    return {mention.surface: mention.kind for mention in extract_mentions(text, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [  # no gazetteer place, and no given name first: after "in" it is where, not who
        ("Die beiden Politiker fuhren gemeinsam Ski in Krasnaja Poljana und sprachen lange.",
         "de", "Krasnaja Poljana"),
        ("Пожар произошел ночью в Сальске Ростовской области, сообщили спасатели.", "ru",
         "Сальске Ростовской"),
    ],
)
def test_an_unknown_name_right_after_in_is_a_place(text: str, lang: str, name: str) -> None:
    assert kinds(text, lang).get(name) == "place", kinds(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [  # a given name first keeps a person a person
        ("Der Kanzler sprach in Angela Merkels Namen, sagte der Sprecher in Berlin.", "de",
         "Angela Merkels"),
        ("Nothing moved in Vladimir Putin's Russia that year, the report said.", "en",
         "Vladimir Putin's"),
    ],
)
def test_a_person_after_in_stays_a_person(text: str, lang: str, name: str) -> None:
    assert kinds(text, lang).get(name) == "person", kinds(text, lang)
