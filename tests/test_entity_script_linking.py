"""Inside one story, a name in another script takes the Latin key that sounds the same."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.analyse.chinese import pinyin_key
from babelwire.analyse.entities import entity_key, extract_mentions
from babelwire.analyse.script_linking import (
    is_latin,
    link_across_scripts,
    script_links,
    skeleton,
)
from babelwire.analyse.story_linking import link_article_into_story, spelling_rekeys
from babelwire.models import Assignment, Mention
from babelwire.store.sqlite import SQLiteStore
from builders import make_article, unit


def mention(surface: str, lang: str, kind: str = "other") -> Mention:
    """A mention as extraction keys it (a Chinese name as the part of a dotted one)."""
    key = pinyin_key(surface) if lang == "zh" else entity_key(surface, lang)
    return Mention(surface, surface, key, 0, kind)


@pytest.mark.parametrize(("written", "lang", "latin"), [
    ("Сиэтле", "ru", "Seattle"), ("Портленде", "ru", "Portland"), ("Техас", "ru", "Texas"),
    ("Остине", "ru", "Austin"), ("拜登", "zh", "Biden"), ("特朗普", "zh", "Trump"),
    ("罗伯逊", "zh", "Robertson"),
])
def test_a_transliteration_takes_the_storys_latin_key(written: str, lang: str,
                                                      latin: str) -> None:
    story = {entity_key(latin, "en"), "united_states", "k.smit"}
    [linked] = link_across_scripts([mention(written, lang)], story)
    assert linked.key == entity_key(latin, "en")


def test_a_lone_name_in_another_script_takes_the_full_names_key() -> None:
    [linked] = link_across_scripts([mention("拜登", "zh")], {"i.biden", "china"})
    assert (linked.key, linked.kind) == ("i.biden", "person")


def test_two_latin_names_that_sound_alike_link_neither() -> None:
    # a town no gazetteer knows (Seattle is a GeoNames city now, keyed alike in both scripts)
    assert script_links([mention("Фэрбенксе", "ru")], {"virbank", "varbank"}) == {}


def test_latin_names_never_link_to_each_other() -> None:
    assert script_links([mention("Paras", "en")], {entity_key("Paris", "en")}) == {}


def test_full_names_link_only_with_the_same_initial() -> None:
    full = Mention("Лутц Пфанненштиль", "", "l.pvanenstil", 0, "person")
    assert script_links([full], {"m.pvanenstel"}) == {}
    assert script_links([full], {"l.pvanenstel"}) == {"l.pvanenstil": "l.pvanenstel"}


def test_short_skeletons_do_not_link() -> None:
    assert skeleton("lenin") == "rn"
    assert script_links([mention("列宁", "zh")], {"v.lenin"}) == {}


def test_is_latin() -> None:
    assert is_latin("Łukaszenka") and is_latin("Düsseldorf")
    assert not is_latin("Лукашенко") and not is_latin("拜登") and not is_latin("")


def test_a_chinese_article_links_its_unglossed_name_to_the_story() -> None:
    mentions = extract_mentions("美国总统乔·拜登说，他会调查。", "zh")
    linked = link_across_scripts(mentions, {"i.biden", "united_states"})
    assert "i.biden" in {m.key for m in linked}


@given(st.text(alphabet="abdeghiklmnoprstuvz", min_size=1, max_size=12))
def test_skeletons_have_no_vowels_and_no_repeats(key: str) -> None:
    sound = skeleton(key)
    assert not set(sound) & set("aeiou")
    assert all(a != b for a, b in pairwise(sound))


def test_a_lone_name_prefers_the_lone_latin_name_to_a_full_name() -> None:
    links = script_links([mention("亚利桑那州", "zh")], {"arison", "r.arison"})
    assert links == {mention("亚利桑那州", "zh").key: "arison"}


@pytest.mark.parametrize("latin_first", [True, False], ids=["russian-joins", "english-joins"])
def test_russian_and_latin_spellings_share_keys_in_the_store_in_either_order(
        db_path: Path, latin_first: bool) -> None:
    # Fairbanks is too small for the city gazetteer: its two spellings meet by sound alone
    english = make_article(unit([1.0, 0.0]), lang="en", title="Fairbanks",
                           text="Protests in Fairbanks and Portland went on.")
    russian = make_article(unit([1.0, 0.0]), hours=1.0, lang="ru", title="Фэрбенкс",
                           text="Протесты в Фэрбенксе и Портленде продолжились.")
    for article in (english, russian):
        article.mentions = extract_mentions(article.text, article.lang)
    first, joining = (english, russian) if latin_first else (russian, english)
    with SQLiteStore(db_path) as store:
        store.add_article(first, Assignment(story_id=1, is_new_story=True, score=0.0,
                                            candidates=0))
        link_article_into_story(store, joining, 1)
        store.add_article(joining, Assignment(story_id=1, is_new_story=False, score=0.9,
                                              candidates=1))
        keys = store.entity_counts_of_story(1)
        spellings = store.mention_spellings_of_story(1)
    assert keys[entity_key("Fairbanks", "en")] == 2
    assert keys[entity_key("Portland", "en")] == 2
    assert entity_key("Фэрбенксе", "ru") not in keys
    assert {s for k, s in spellings if k == entity_key("Fairbanks", "en")} == {
        "Fairbanks", "Фэрбенксе"}


def test_earlier_spellings_stay_when_two_latin_names_sound_alike() -> None:
    russian = [(entity_key("Фэрбенксе", "ru"), "Фэрбенксе")]
    assert spelling_rekeys(russian, {entity_key("Fairbanks", "en")}) == {
        entity_key("Фэрбенксе", "ru"): (entity_key("Fairbanks", "en"), ["Фэрбенксе"])}
    assert spelling_rekeys(russian, {entity_key("Fairbanks", "en"), "varbank"}) == {}
    assert spelling_rekeys([("seatl", "Seattle")], {"sitl"}) == {}  # Latin never re-keyed
