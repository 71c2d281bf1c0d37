"""Japanese names inside one article, and English names of teams and offices that are no
person's (issue #10: "峰" after "峰竜太", "Sankei Sports" keyed as a person "s.sport")."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import entity_key, extract_mentions

BOAT_RACE = ("大接戦となった２着争いは峰竜太（佐賀＝３５ ） 、 桐生順平（埼玉＝３３ ）の２者が"
             "激しく競り合う展開から、２周２Ｍで峰が抜け出して２番手浮上。")


def _keys(text: str, lang: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for mention in extract_mentions(text, lang):
        found.setdefault(mention.surface, set()).add(mention.key)
    return found


def test_one_kanji_surname_before_a_particle_takes_the_full_name_key() -> None:
    keys = _keys(BOAT_RACE, "ja")
    assert keys["峰竜太"] == {"m.rut"}
    assert keys["峰"] == {"m.rut"}  # "峰が抜け出して": Mine, as "Mine Ryuta"


def test_one_kanji_word_without_a_subject_particle_stays_unlinked() -> None:
    # "峰の雪" is the peak's snow: a one-kanji surname links only before が/は/も/を
    keys = _keys("峰竜太（佐賀＝３５）が２着。山の峰の雪が解けた。", "ja")
    assert "峰" not in keys
    # and with no full name in the article, "峰が" is no name at all
    assert "峰" not in _keys("山の峰が見えた。", "ja")


def test_one_kanji_surname_of_two_full_names_links_to_neither() -> None:
    keys = _keys("峰竜太（佐賀＝３５）が２着。峰健太（福岡＝３０）は３着。峰が抜け出した。", "ja")
    assert keys["峰竜太"] == {"m.rut"} and keys["峰健太"] == {"m.kent"}
    assert "峰" not in keys


@pytest.mark.parametrize("name", [
    "Sankei Sports", "Ocean Cup", "Nakagyo Police Station", "Fukushima Central Television",
    "GP Series", "Bash League", "Kofu District Fire Department", "Hakata Yacht Club",
])
def test_team_broadcaster_and_office_names_are_no_person(name: str) -> None:
    key = entity_key(name, "en")
    assert key and "." not in key  # no person key "s.sport" that any S... Sport would share


@pytest.mark.parametrize(("name", "key"), [
    ("Bill Gates", "b.gates"), ("Joan Rivers", "i.river"), ("Sally Field", "s.vild"),
    ("Stephen King", "s.king"), ("Mine Ryuta", "m.rut"), ("Uryu Masayoshi", "u.mas"),
])
def test_people_with_ordinary_word_surnames_stay_people(name: str, key: str) -> None:
    assert entity_key(name, "en") == key


def test_non_person_words_do_not_split_names_in_running_text() -> None:
    # not organisation markers: "Central" stays inside the broadcaster's name
    text = "The Fukushima Central Television reported that the fire was out by noon."
    keys = _keys(text, "en")
    assert keys["Fukushima Central Television"] == {"vukusim_sentral_television"}


# --- given names read as names (SudachiPy, the optional "ja" extra) ---------------------------

ARREST = "警察は瓜生正義容疑者を逮捕した。瓜生容疑者は否認している。"


def test_kanji_given_names_are_read_as_names_with_sudachi() -> None:
    pytest.importorskip("sudachipy")
    keys = _keys(ARREST, "ja")
    # 正義 is the name Masayoshi here, not the word "seigi" (justice)
    assert keys["瓜生正義"] == {entity_key("Uryu Masayoshi", "en")}
    assert keys["瓜生"] == keys["瓜生正義"]  # the surname alone, later in the article
    # a family name and a given name need no role after them to be a name
    assert _keys("小山田久が会見した。", "ja").get("小山田久") == {
        entity_key("Oyamada Hisashi", "en")}


def test_without_sudachi_names_are_still_found_and_read_by_pykakasi(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from babelwire.analyse import japanese_names

    monkeypatch.setattr(japanese_names, "_tokenizer", lambda: None)
    keys = _keys(ARREST, "ja")
    assert len(keys["瓜生正義"]) == 1  # found before its role, read word by word
    assert keys["瓜生"] == keys["瓜生正義"]
    assert "小山田久" not in _keys("小山田久が会見した。", "ja")  # no role, no name
