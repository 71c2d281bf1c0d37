"""One word that is a name (issue 23): "Перу" (Russian) and "Łotwa" (Polish) find the stories
whose articles name Peru and Latvia, though no article here is Russian or Polish and none
holds the word: the entity keys of `stories --entity` match the name in any spelling or script.
An ordinary word matches no entity. Real stores (SQLite and PostgreSQL), demo articles through
the pipeline, so the mentions and their keys are the extractor's."""

from __future__ import annotations

import pytest

from babelwire.read.bulk import find_entity_key
from babelwire.read.search import search
from babelwire.read.word_evidence import named_entity_articles, word_hits
from babelwire.store import open_store
from builders import demo_slice_database

pytestmark = pytest.mark.slow
SLICE = ("e04-arequipa-earthquake", "e01-riga-wind-deal", "e02-oslo-cod-quota-talks",
         "e03-izmir-earthquake", "e09-piedmont-floods", "e05-poland-rail-strike",
         "e11-norway-spain-qualifier")
LEFT_OUT = {"ru", "pl", "uk"}  # no article writes "Перу" or "Łotwa"
PER_STORY = 4


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo_slice(request, encoder, tmp_path_factory) -> tuple[str, dict[str, set[int]]]:
    path = (str(tmp_path_factory.mktemp("names") / "slice.db") if request.param == "sqlite"
            else request.getfixturevalue("postgres_server").database())
    return path, demo_slice_database(encoder, path, SLICE, LEFT_OUT, PER_STORY)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "about"), [
    ("Перу", {"e04-arequipa-earthquake"}),  # ru, Cyrillic; the articles write Peru, Pérou
    ("Łotwa", {"e01-riga-wind-deal", "e02-oslo-cod-quota-talks"}),  # pl; Latvija, Lettland
])
def test_a_name_finds_the_stories_that_name_it_in_other_languages(demo_slice, encoder, name,
                                                                   about):
    path, stories = demo_slice
    gold = set().union(*(stories[label] for label in about))
    with open_store(path) as store:
        assert word_hits(store, name) == {}  # no article holds the word in any form
        naming = set(named_entity_articles(store, name).values())
        hits = search(store, encoder, name)
    assert naming & gold
    found = [hit.story.id for hit in hits]
    assert found and found[0] in gold, found
    assert gold <= set(found), found


@pytest.mark.parametrize("word", ["tribunal", "powódź", "jordskjelv", "Erdbeben", "Regen",
                                  "Cup"])
def test_an_ordinary_word_names_no_entity(demo_slice, word):
    path, _ = demo_slice
    with open_store(path) as store:
        assert named_entity_articles(store, word) == {}


def test_a_name_among_ordinary_words_finds_only_its_articles(demo_slice):
    path, _ = demo_slice
    with open_store(path) as store:
        italy = named_entity_articles(store, "Italy")
        assert italy and named_entity_articles(store, "flood in Italy") == italy


def test_a_common_noun_the_extractor_keyed_is_no_name(demo_slice):
    """The German "Regen" (rain) and "Cup" are stored as entities of the kind "other" (the
    extractor took them for names); search must not read them as one."""
    path, _ = demo_slice
    with open_store(path) as store:
        for word in ("Regen", "Cup"):
            assert find_entity_key(store, word) is not None, word
            assert named_entity_articles(store, word) == {}, word
