"""Decisions of the online clusterer on hand-made vectors (no encoder involved)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from babelwire.cluster.features import features, with_margins
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.scoring import EntityRarity, StoryProfile, fact_keys
from babelwire.models import Fact, Mention
from babelwire.settings import Settings
from builders import make_article, unit

DIM = 16


def near(base: np.ndarray, cosine: float, seed: int) -> np.ndarray:
    """A unit vector at the given cosine from `base`."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(DIM)
    noise -= (noise @ base) * base
    noise /= np.linalg.norm(noise)
    return unit(cosine * base + np.sqrt(1 - cosine**2) * noise)


BASE = unit(np.arange(1, DIM + 1, dtype=np.float32))


def test_same_actors_a_month_later_is_a_new_story():
    clusterer = OnlineClusterer(DIM)
    keys = ("lukasenko", "putin", "soci")
    first = clusterer.learn_one(make_article(BASE, keys=keys))
    later = clusterer.learn_one(make_article(near(BASE, 0.97, 1), hours=24 * 35, keys=keys))
    assert later.is_new_story and later.story_id != first.story_id


def test_cross_lingual_article_with_shared_names_joins_despite_lower_cosine():
    clusterer = OnlineClusterer(DIM)
    for i in range(20):  # background so that the names are rare
        clusterer.learn_one(make_article(near(-BASE, 0.5, 100 + i), hours=-30 + i,
                                         keys=(f"other{i}",)))
    keys = ("lukasenko", "putin", "tihanovska", "baceleta")
    first = clusterer.learn_one(make_article(BASE, lang="nb", keys=keys))
    second = clusterer.learn_one(make_article(near(BASE, 0.86, 2), hours=3, lang="lv", keys=keys))
    assert second.story_id == first.story_id


def test_similar_vector_but_other_actors_stays_apart():
    clusterer = OnlineClusterer(DIM)
    for i in range(20):
        clusterer.learn_one(make_article(near(-BASE, 0.5, 100 + i), hours=-30 + i,
                                         keys=(f"other{i}",)))
    first = clusterer.learn_one(make_article(BASE, lang="nb", keys=("lukasenko", "putin", "soci")))
    other = clusterer.learn_one(make_article(near(BASE, 0.86, 3), hours=24 * 20, lang="nb",
                                             keys=("erdogan", "putin", "soci")))
    assert other.story_id != first.story_id


def test_expired_stories_leave_the_index():
    clusterer = OnlineClusterer(DIM, Settings(window_days=2))
    clusterer.learn_one(make_article(BASE))
    clusterer.learn_one(make_article(near(BASE, 0.2, 5), hours=24 * 5))
    assert len(clusterer.active) == 1


def test_candidates_found_by_entity_key_even_when_vector_is_far():
    clusterer = OnlineClusterer(DIM, Settings(vector_candidates=1))
    clusterer.learn_one(make_article(BASE, keys=("kalnins",)))
    for i in range(5):
        clusterer.learn_one(make_article(near(-BASE, 0.9, i), hours=1, keys=(f"x{i}",)))
    probe = make_article(near(BASE, 0.3, 9), hours=2, keys=("kalnins",))
    assert clusterer.candidates(probe)
    assert 1 in clusterer.candidates(probe)


def test_fact_keys_meet_across_formats():
    nb = [Fact("percent", 80.0, "%", "over 80 prosent", 0)]
    lv = [Fact("percent", 80.1, "%", "80,1%", 0), Fact("year", 1994, "", "1994.gada", 1)]
    assert fact_keys(nb) & fact_keys(lv)
    assert not any(k.startswith("n199") for k in fact_keys(lv))


def test_features_are_symmetric_enough_for_pairs():
    a = make_article(BASE, keys=("a", "b"))
    b = make_article(near(BASE, 0.9, 4), hours=1, keys=("a", "c"))
    rarity, means = EntityRarity(), LanguageMeans(DIM)
    forward = features(a, StoryProfile.of_article(b), rarity, means, 14.0)
    backward = features(b, StoryProfile.of_article(a), rarity, means, 14.0)
    assert forward["cos_centroid"] == backward["cos_centroid"]
    assert forward["entity_overlap"] == backward["entity_overlap"]
    assert forward["gap_days"] == backward["gap_days"] == 0.0 or forward["gap_days"] > 0


def test_month_precision_date_is_no_gap_to_a_day_in_that_month():
    story = StoryProfile.of_article(make_article(BASE))
    story.first_time = story.last_time = datetime(2024, 3, 15, tzinfo=UTC).timestamp()
    month = make_article(BASE)
    month.published, month.published_precision = datetime(2024, 3, 1, tzinfo=UTC), "month"
    exact = make_article(BASE)
    exact.published = datetime(2024, 3, 1, tzinfo=UTC)
    means = LanguageMeans(DIM)
    assert features(month, story, EntityRarity(), means, 14.0)["gap_days"] == 0.0
    assert features(exact, story, EntityRarity(), means, 14.0)["gap_days"] == 14.0
    assert features(exact, story, EntityRarity(), means, 14.0)["gap_unknown"] == 0.0


def test_language_means_remove_what_all_articles_of_a_language_share():
    rng = np.random.default_rng(7)
    accent = {"ja": unit(rng.standard_normal(DIM)), "zh": unit(rng.standard_normal(DIM))}
    means = LanguageMeans(DIM)
    for lang, shift in accent.items():
        for _ in range(30):
            means.learn(lang, unit(shift * 3 + rng.standard_normal(DIM) * 0.3))
    event = unit(rng.standard_normal(DIM))
    ja = unit(accent["ja"] * 3 + event)
    zh = unit(accent["zh"] * 3 + event)
    raw = float(ja @ zh)
    neutral = float(means.neutral(ja, "ja") @ means.neutral(zh, "zh"))
    assert neutral > raw + 0.3  # the shared event shows once the language accent is gone


def test_a_language_without_a_prior_starts_from_the_mean_of_the_priors_not_its_first_story():
    rng = np.random.default_rng(11)
    priors = {lang: unit(rng.standard_normal(DIM)) for lang in ("en", "de", "fr")}
    means = LanguageMeans.with_priors(DIM, priors)
    story = unit(rng.standard_normal(DIM))
    first, second = unit(story + 0.1 * rng.standard_normal(DIM)), unit(story)
    means.learn("el", first)
    means.learn("el", second)
    # The two Greek articles of one fire are still alike once the language mean is removed:
    # a mean of those two alone would have subtracted the fire itself.
    assert float(means.neutral(first, "el") @ means.neutral(second, "el")) > 0.9
    bare = LanguageMeans(DIM)
    bare.learn("el", first)
    bare.learn("el", second)
    assert float(bare.neutral(first, "el") @ bare.neutral(second, "el")) < 0.0


def test_margin_is_positive_only_for_the_nearest_candidate():
    rows = with_margins([{"cos_neutral": 0.2}, {"cos_neutral": 0.6}, {"cos_neutral": 0.5}])
    assert [round(r["margin_neutral"], 3) for r in rows] == [-0.4, 0.1, -0.1]
    assert with_margins([{"cos_neutral": 0.3}])[0]["margin_neutral"] == 0.3


def test_entity_overlap_by_kind_counts_only_that_kind():
    person = Mention("Putin", "Putin", "putin", 0, "person")
    place = Mention("Soči", "Soči", "soci", 0, "place")
    a = make_article(BASE)
    a.mentions = [person, place]
    b = make_article(BASE)
    b.mentions = [place]
    values = features(a, StoryProfile.of_article(b), EntityRarity(), LanguageMeans(DIM), 14.0)
    assert values["place_overlap"] > 0 and values["person_overlap"] == 0.0


def _overlap(article_mentions: list[Mention], story_mentions: list[Mention]) -> dict[str, float]:
    article, member = make_article(BASE, lang="lv"), make_article(BASE, lang="nb")
    article.mentions, member.mentions = article_mentions, story_mentions
    return features(article, StoryProfile.of_article(member), EntityRarity(), LanguageMeans(DIM),
                    14.0)


LONE_LUKASENKO = Mention("Lukašenko", "Lukašenko", "lukasenk", 0)
FULL_LUKASENKO = Mention("Aleksandr Lukasjenko", "Aleksandr Lukasjenko", "a.lukasenk", 0,
                         "person")
PUTIN = Mention("Putin", "Putin", "putin", 0, "person")


def test_a_lone_surname_meets_the_candidate_storys_one_full_name_in_both_directions():
    unlinked = _overlap([LONE_LUKASENKO, PUTIN], [Mention("Lukas", "Lukas", "lukas", 0), PUTIN])
    forward = _overlap([LONE_LUKASENKO, PUTIN], [FULL_LUKASENKO, PUTIN])
    backward = _overlap([FULL_LUKASENKO, PUTIN], [LONE_LUKASENKO, PUTIN])
    assert forward["entity_overlap"] == backward["entity_overlap"] == 1.0
    assert unlinked["entity_overlap"] < 1.0
    assert forward["person_overlap"] == backward["person_overlap"] == 1.0


def test_a_lone_surname_stays_unlinked_when_the_story_has_two_full_names_with_it():
    other = Mention("Viktor Lukasjenko", "Viktor Lukasjenko", "v.lukasenk", 0, "person")
    two_owners = _overlap([LONE_LUKASENKO, PUTIN], [FULL_LUKASENKO, other, PUTIN])
    assert two_owners["entity_overlap"] < 1.0
    assert two_owners["entity_overlap"] == _overlap(
        [Mention("Lukas", "Lukas", "lukas", 0), PUTIN], [FULL_LUKASENKO, other, PUTIN]
    )["entity_overlap"]


def test_no_shared_evidence_fires_only_when_both_sides_name_something_and_share_nothing():
    quake = make_article(BASE, keys=("izmir", "turkiye"))
    quake.facts = [Fact("people", 39, "people", "39 dead", 0)]
    story = StoryProfile.of_article(quake)
    means, rarity = LanguageMeans(DIM), EntityRarity()

    def evidence(keys: tuple[str, ...], facts: list[Fact]) -> float:
        article = make_article(BASE, keys=keys)
        article.facts = facts
        return features(article, story, rarity, means, 14.0)["no_shared_evidence"]

    assert evidence(("arequipa", "peru"), [Fact("people", 45, "people", "45 heridos", 0)]) == 1.0  # elsewhere
    assert evidence(("arequipa", "izmir"), []) == 0.0  # one shared name is enough
    assert evidence((), [Fact("people", 39, "people", "39 muertos", 0)]) == 0.0  # one shared number too
    assert evidence((), []) == 0.0  # an article that names nothing cannot be judged


def test_entity_disagreement_grows_with_unshared_names_and_with_how_many_there_are():
    story = StoryProfile.of_article(make_article(BASE, keys=("lev", "vega", "kourou", "czechia")))
    means, rarity = LanguageMeans(DIM), EntityRarity()

    def disagreement(keys: tuple[str, ...]) -> float:
        article = make_article(BASE, keys=keys)
        return features(article, story, rarity, means, 14.0)["entity_disagreement"]

    other_launch = disagreement(("wisla", "falcon", "vandenberg", "poland"))
    one_shared = disagreement(("wisla", "falcon", "vandenberg", "czechia"))
    same_launch = disagreement(("lev", "vega", "kourou", "czechia"))
    assert other_launch == 1.0 and 0.0 < one_shared < other_launch and same_launch == 0.0
    assert disagreement(("wisla",)) == 0.25  # one name apiece is a weak test
    assert disagreement(()) == 0.0


def test_state_round_trip_keeps_language_means_and_decisions():
    clusterer = OnlineClusterer(DIM)
    for i in range(6):
        clusterer.learn_one(make_article(near(BASE, 0.9, 40 + i), hours=i, keys=("x",)))
    restored = OnlineClusterer.from_state(clusterer.to_state())
    assert restored.means.counts == clusterer.means.counts
    probe = make_article(near(BASE, 0.95, 99), hours=7, keys=("x",))
    assert restored.predict_one(probe) == clusterer.predict_one(probe)


def test_state_saved_before_language_means_still_loads():
    clusterer = OnlineClusterer(DIM)
    clusterer.learn_one(make_article(BASE, keys=("x",)))
    state = clusterer.to_state()
    state["version"] = 1
    del state["language_means"]
    for story in state["stories"]:
        del story["entity_kinds"]
    restored = OnlineClusterer.from_state(state)
    assert len(restored.active) == 1 and restored.means.counts == {}
