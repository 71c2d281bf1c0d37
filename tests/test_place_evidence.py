"""Issue 23, names: a city's name is the city or a person by the words around it.

Cases come from tests/data/place_evidence_probe.json (sentences written for this test before
the fix) and from the classes' edges: a capital "said" is its government, a person's given
name that is a city ("Paris Hilton") or a saint named after her town ("Teresa of Avila") does
not make the city a person, and the GeoNames table builder's choice between cities of a name.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from babelwire.analyse.entities import extract_mentions
from babelwire.models import Mention

PROBE = json.loads((Path(__file__).parent / "data" / "place_evidence_probe.json").read_text(
    encoding="utf-8"))


def mention_of(name: str, text: str, lang: str) -> Mention:
    found = [m for m in extract_mentions(text, lang) if name in m.surface]
    assert found, (name, extract_mentions(text, lang))
    return found[-1]


@pytest.mark.parametrize("city", sorted(PROBE["exonyms"]))
def test_a_big_citys_names_are_one_place_without_a_preposition(city: str) -> None:
    found = {lang: mention_of(name, PROBE["templates"][lang].format(name), lang)
             for lang, name in PROBE["exonyms"][city].items()}
    assert all(m.kind == "place" for m in found.values()), found
    assert len({m.key for m in found.values()}) == 1, found


@pytest.mark.parametrize(("lang", "name", "text"), PROBE["sentence_initial"])
def test_a_big_city_first_in_a_sentence_is_the_city(lang: str, name: str, text: str) -> None:
    assert mention_of(name, text, lang).kind == "place"


@pytest.mark.parametrize(("lang", "name", "text"),
                         PROBE["person_towns"] + PROBE["person_in_article"])
def test_a_town_named_after_a_person_is_no_place_beside_a_persons_words(
        lang: str, name: str, text: str) -> None:
    assert mention_of(name, text, lang).kind != "place"  # a person (or "other": Pouchkine)


@pytest.mark.parametrize(("lang", "name", "text"), PROBE["town_context"])
def test_the_same_town_after_a_locative_is_the_place(lang: str, name: str, text: str) -> None:
    assert mention_of(name, text, lang).kind == "place"


@pytest.mark.parametrize(("lang", "name", "text"), [
    *PROBE["word_controls"],
    ("en", "Split", "Split the dough into four balls."),
    ("de", "Halle", "Die Halle war voll."),
])
def test_an_ordinary_word_stays_no_place(lang: str, name: str, text: str) -> None:
    assert all(m.kind != "place" for m in extract_mentions(text, lang) if name in m.surface)


@pytest.mark.parametrize(("lang", "name", "text"), [
    ("en", "Nice", "The summit opened in Nice on Friday."),
    ("de", "Essen", "Die Feuerwehr in Essen war die ganze Nacht im Einsatz."),
    ("en", "Washington", "Washington said it would answer the sanctions."),  # a government
    ("en", "Bologna", "Officials in Bologna and Modena closed the schools."),
])
def test_evidence_of_the_city_keeps_it(lang: str, name: str, text: str) -> None:
    for m in extract_mentions(text, lang):
        assert m.kind == "place", m


@pytest.mark.parametrize(("text", "lone"), [
    ("George Washington crossed the river. Washington later became president.", "person"),
    ("Kirov was assassinated in December 1934.", "person"),
    ("Paris Hilton flew in. Paris was cold and wet.", "place"),  # her given name
    ("Teresa of Avila was born near Avila. Avila lies in Castile.", "place"),  # her town
    ("Fixtures: Düsseldorf Darmstadt. Darmstadt won.", "place"),  # no person at all
])
def test_a_lone_city_name_is_a_person_only_by_that_persons_surname(text: str,
                                                                   lone: str) -> None:
    last = extract_mentions(text, "en")
    lone_mentions = [m for m in last if " " not in m.surface and m.surface in text.split(". ")[
        -1]]
    assert lone_mentions and lone_mentions[0].kind == lone, last


def _builder():  # type: ignore[no-untyped-def]
    path = Path(__file__).parents[1] / "scripts" / "build_city_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_city_gazetteer", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("holders", "chosen"), [
    # Zaragoza: Tijuana is also called so, but has fewer names in other languages
    ([(1922523, "Tijuana", True, False, 37), (686986, "Zaragoza", True, True, 53),
      (53090, "Zaragoza", False, True, 2)], "Zaragoza"),
    # Venice: GeoNames counts the centre only; its names lead Venice, Florida's
    ([(135512, "Dayton", True, False, 27), (51298, "Venice", True, True, 66),
      (40885, "Venice", False, True, 15)], "Venice"),
    # Shevchenko (a district of Kyiv): Aktau, once so named, is better known
    ([(220077, "Shevchenkivskyi", True, False, 10), (147600, "Shevchenko", True, True, 5),
      (147443, "Aktau", False, False, 39)], None),
    ([(198292, "Parma", True, True, 13), (79937, "Parma", True, True, 11)], None),
])
def test_the_gazetteer_builder_gives_a_name_to_one_city_or_none(holders: list[tuple],
                                                                 chosen: str | None) -> None:
    builder = _builder()
    found = builder._holder_of([builder._Holder(*holder) for holder in holders])
    assert (found.english if found and found.kept else None) == chosen
