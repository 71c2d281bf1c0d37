"""English given names that the dictionary also lists as ordinary words ("Angela", "Lutz")."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import entity_key, extract_mentions


def keys(text: str, lang: str = "en") -> dict[str, str]:
    return {mention.surface: mention.key for mention in extract_mentions(text, lang)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("German Chancellor Angela Merkel met the press in Berlin.", "Angela Merkel"),
        ("Angela Merkel said on Monday that talks would go on.", "Angela Merkel"),
        ("Former German goalkeeper Lutz Pfannenstiel may join the staff.", "Lutz Pfannenstiel"),
    ],
)
def test_a_given_name_before_a_surname_is_kept(text: str, name: str) -> None:
    found = keys(text)
    assert name in found
    assert found[name] == entity_key(name, "de")  # the German article writes the same key


def test_the_lone_surname_takes_the_full_name_s_key_in_english_too() -> None:
    found = extract_mentions(
        "Chancellor Angela Merkel arrived late. Merkel then spoke for an hour.", "en")
    assert [mention.key for mention in found] == [entity_key("Angela Merkel", "de")] * 2


@pytest.mark.parametrize(
    ("text", "surface", "key_of"),
    [  # titles stay titles, common words stay words, organisations stay whole
        ("Prime Minister Boris Johnson spoke.", "Boris Johnson", "Boris Johnson"),
        ("On Tuesday, Chancellor Merkel spoke.", "Merkel", "Merkel"),
        ("Talks with President Putin ended.", "Putin", "Putin"),
    ],
)
def test_titles_and_common_words_are_not_given_names(text: str, surface: str, key_of: str) -> None:
    found = keys(text)
    assert surface in found, found
    assert found[surface] == keys(f"They met {key_of} there.")[key_of]


@pytest.mark.parametrize("text", ["He said that Fox Cricket will show the match live.",
                                  "The letter came by Royal Mail yesterday.",
                                  "They flew over Lake Baikal and Mount Elbrus."])
def test_no_person_is_made_of_common_words(text: str) -> None:
    found = keys(text)
    assert found and all("." not in key for key in found.values()), found
