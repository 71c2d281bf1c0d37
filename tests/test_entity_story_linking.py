"""A lone surname takes the key of the one full name with that surname in its story."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from babelwire.analyse.entities import extract_mentions
from babelwire.analyse.story_linking import link_to_story, rekeys_for_story
from babelwire.ingest.files import read_inputs
from babelwire.models import Mention
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore
from builders import LV_SEED, NB_SEED, needs_shared


def person(surface: str, key: str) -> Mention:
    return Mention(surface, surface, key, 0, "person")


def lone(surface: str, key: str, kind: str = "other") -> Mention:
    return Mention(surface, surface, key, 0, kind)


def test_lone_surname_takes_the_storys_one_full_name():
    linked = link_to_story([lone("Lukašenko", "lukasenk")], {"a.lukasenk", "belarus"})
    assert [(m.key, m.kind) for m in linked] == [("a.lukasenk", "person")]


def test_two_full_names_with_one_surname_link_neither():
    story = {"h.klinton", "b.klinton"}
    assert link_to_story([lone("Clinton", "klinton")], story)[0].key == "klinton"
    # a full name in the article itself makes the surname ambiguous too
    mentions = [lone("Singh", "sing"), person("Digvijaya Singh", "d.sing")]
    assert link_to_story(mentions, {"m.sing"})[0].key == "sing"


def test_places_and_multiword_names_are_not_surnames():
    story = {"p.paris"}
    assert link_to_story([lone("Paris", "paris", "place")], story)[0].key == "paris"
    assert link_to_story([lone("Air Berlin", "air_berlin")], {"a.berlin"})[0].key == "air_berlin"


def test_a_full_name_rekeys_the_storys_earlier_surnames():
    article = [person("Aleksandr Lukasjenko", "a.lukasenk"), lone("Lukasjenko", "a.lukasenk")]
    assert rekeys_for_story(article, {"lukasenk", "belarus"}) == {"lukasenk": "a.lukasenk"}
    assert rekeys_for_story(article, {"belarus"}) == {}  # no bare surname there
    # another full name with that surname is already in the story: ambiguous, nothing moves
    assert rekeys_for_story(article, {"lukasenk", "v.lukasenk"}) == {}


def test_inside_the_article_the_full_name_already_wins():
    keys = {m.key for m in extract_mentions(
        "Aleksandr Lukasjenko vant valget. Lukasjenko nekter å gå av.", "nb")}
    assert "a.lukasenk" in keys and "lukasenk" not in keys


_KEYS = st.sampled_from(["putin", "v.putin", "a.putin", "sing", "m.sing", "belarus", "le_pen"])


@given(st.lists(st.tuples(_KEYS, st.sampled_from(["person", "place", "other"])), max_size=6),
       st.sets(_KEYS, max_size=4))
def test_linking_only_gives_a_lone_name_a_unique_full_key(found, story):
    mentions = [Mention(key.split(".")[-1].title(), key, key, 0, kind) for key, kind in found]
    linked = link_to_story(mentions, story)
    assert link_to_story(linked, story) == linked  # once is enough
    for before, after in zip(mentions, linked, strict=True):
        if after.key != before.key:
            assert before.kind != "place" and "." not in before.key and "." in after.key
            assert after.key.split(".", 1)[1] == before.key
    for surname, full in rekeys_for_story(mentions, story).items():
        assert surname in story and full.split(".", 1)[1] == surname


@needs_shared
def test_seeds_share_the_people_they_name_across_languages(db_path: Path, encoder):
    """The flagship pair: lv writes "Lukašenko" and "Putins" only, nb the full names."""
    day = datetime(2020, 9, 14, 12, 0, tzinfo=UTC)
    for order in ([NB_SEED, LV_SEED], [LV_SEED, NB_SEED]):  # either article first
        db_path.unlink(missing_ok=True)
        with SQLiteStore(db_path) as store:
            documents = [dataclasses.replace(d, published=day) for d in read_inputs(order)]
            Pipeline(store, encoder).ingest(documents)
            rows = store.connection.execute(
                "SELECT m.entity_key, a.lang FROM mentions m JOIN articles a"
                " ON a.id = m.article_id").fetchall()
        langs: dict[str, set[str]] = {}
        for row in rows:
            langs.setdefault(row["entity_key"], set()).add(row["lang"])
        for key in ("a.lukasenk", "v.putin", "m.bakelet"):
            assert langs.get(key) == {"nb", "lv"}, (order, key, sorted(langs))
        assert "lukasenk" not in langs and "putin" not in langs
