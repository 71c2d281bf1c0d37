"""The clusterer's features, computed once per article and cached per story (issue 24, item 9),
equal to the last bit the plain per-candidate computation they replaced (the neutral cosine,
now a matrix product over the candidates, up to rounding).

`reference_features` below is that computation as it was (the centroid recomputed, the names
linked by `names_as_if_joined`, every weight from `rarity.weight`): if a cache goes stale or a
shortcut stops matching, a decision could change, and these fail.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.cluster.features import (
    _UNKNOWN_GAP_DAYS,
    ENTITY_KINDS,
    ArticleSide,
    _date_conflict,
    _entity_disagreement,
    _fact_overlap,
    _no_shared_evidence,
    entity_overlap,
    logistic,
    names_as_if_joined,
    script_of,
)
from babelwire.cluster.language_means import LanguageMeans, unit_vector
from babelwire.cluster.model import candidate_features, weighed_features
from babelwire.cluster.scoring import EntityRarity, StoryProfile, fact_keys, precision_seconds
from babelwire.models import Article, Fact, Mention
from babelwire.settings import Settings

DIM = 8
T0 = datetime(2026, 3, 2, tzinfo=UTC)
# Names that exercise the linking: full names sharing a surname, the bare surname, a place
# and a name in another script.
NAMES = [("Aleksandr Lukasjenko", "a.lukasenk", "person"), ("Lukasjenko", "lukasenk", "other"),
         ("Lukašenko", "lukasenk", "person"), ("Viktor Lukasjenko", "v.lukasenk", "person"),
         ("Putin", "putin", "person"), ("Vladimir Putin", "v.putin", "person"),
         ("Minsk", "minsk", "place"), ("Minsk", "minsk", "other"), ("EU", "eu", "organisation"),
         ("Лукашенко", "лукашенко", "person"), ("Olympics", "olympics", "other")]
LANGS = ["en", "nb", "ru", "zh", "ja"]


@st.composite
def articles(draw: st.DrawFn) -> Article:
    seed = draw(st.integers(0, 2**32 - 1))
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    chosen = draw(st.lists(st.sampled_from(NAMES), max_size=6))
    facts = draw(st.lists(st.sampled_from([Fact("date", 20260301, "", "1 March", 0),
                                           Fact("date", 20260302, "", "2 March", 0),
                                           Fact("people", 150, "people", "150", 0)]),
                          max_size=2))
    hours = draw(st.one_of(st.none(), st.floats(-200, 200)))
    return Article(text="x", title="t", lang=draw(st.sampled_from(LANGS)),
                   published=None if hours is None else T0 + timedelta(hours=hours),
                   origin="test", content_hash=str(seed), vector=vector / np.linalg.norm(vector),
                   published_precision=draw(st.sampled_from([None, "day", "month"])),
                   mentions=[Mention(s, s, k, 0, kind) for s, k, kind in chosen], facts=facts)


def reference_features(article: Article, story: StoryProfile, rarity: EntityRarity,
                       means: LanguageMeans, max_gap_days: float) -> dict[str, float]:
    """`features.features` before the article side and the story caches."""
    assert article.vector is not None
    vector = article.vector
    article_neutral = means.neutral(vector, article.lang)
    total = story.vector_sum.astype(np.float64)
    for lang, count in story.language_counts.items():
        mean = means.mean(lang)
        if mean is not None:
            total = total - count * mean
    norm = float(np.linalg.norm(total))
    neutral = float(article_neutral @ (total / norm if norm else total))
    norm = float(np.linalg.norm(story.vector_sum))
    centroid = story.vector_sum / norm if norm else story.vector_sum
    same_language = story.language_counts[article.lang] / story.size
    facts = fact_keys(article.facts)
    mentions, names = names_as_if_joined(article.mentions, story)
    keys = {m.key for m in mentions}
    overlap = entity_overlap(keys, names, rarity)
    values = {
        "cos_centroid": float(vector @ centroid),
        "cos_nearest": max(float(vector @ member) for member in story.recent_vectors),
        "cos_neutral": neutral,
        "margin_neutral": 0.0,
        "cos_neutral_cross": neutral * (1.0 - same_language),
        "entity_overlap": overlap,
        "fact_overlap": _fact_overlap(facts, story),
        "date_conflict": _date_conflict(facts, story),
        "no_shared_evidence": _no_shared_evidence(keys, facts, names, story),
        "entity_disagreement": _entity_disagreement(keys, overlap, names),
        "same_language": same_language,
        "same_script": sum(n for lang, n in story.language_counts.items()
                           if script_of(lang) == script_of(article.lang)) / story.size,
    }
    for kind in ENTITY_KINDS:
        kind_keys = {m.key for m in mentions if m.kind == kind}
        values[f"{kind}_overlap"] = entity_overlap(kind_keys, names, rarity, kind)
    start, gap = article.timestamp, None
    if start is not None and story.first_time is not None and story.last_time is not None:
        end = start + precision_seconds(article.published_precision)
        gap = min(max(0.0, start - story.last_time, story.first_time - end) / 86400,
                  max_gap_days)
    values["gap_days"] = _UNKNOWN_GAP_DAYS if gap is None else gap
    values["gap_unknown"] = 1.0 if gap is None else 0.0
    return values


def reference_logistic(values: dict[str, float], weights: dict[str, float], bias: float
                       ) -> float:
    logit = bias + sum(weights.get(name, 0.0) * value for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


@settings(max_examples=150, deadline=None)
@given(st.lists(articles(), min_size=2, max_size=6), st.lists(articles(), max_size=4),
       st.integers(1, 3), st.booleans())
def test_article_side_features_equal_the_plain_computation(
        members: list[Article], background: list[Article], stories: int, priors: bool):
    """Every candidate row equals the plain one exactly, before and after a story grows (the
    caches must follow), and the lean rows of a decision give the same probability."""
    rng = np.random.default_rng(len(members))
    means = LanguageMeans.with_priors(DIM, {"en": rng.standard_normal(DIM)} if priors else {})
    rarity = EntityRarity()
    for article in background + members:
        rarity.learn(article.entity_keys)
        means.learn(article.lang, article.vector)  # type: ignore[arg-type]
    profiles = [StoryProfile(i, DIM, 3) for i in range(stories)]
    article, rest = members[0], members[1:]
    model = Settings()
    for index, member in enumerate(rest):
        profiles[index % stories].add(member)
        candidates = [p for p in profiles if p.size]
        side = ArticleSide(article, rarity, means)
        for story in candidates:
            row = side.features(story, 30.0)
            reference = reference_features(article, story, rarity, means, 30.0)
            # the neutral cosine is one row of `neutral_cosines` (a matrix product, summed in
            # another order): equal up to rounding; every other feature to the last bit
            for name in ("cos_neutral", "cos_neutral_cross"):
                assert math.isclose(row.pop(name), reference.pop(name), rel_tol=1e-12,
                                    abs_tol=1e-12)
            assert row == reference
            linked, keys, names = side.names_for(story)
            assert (linked, names) == names_as_if_joined(article.mentions, story)
            assert keys == {m.key for m in linked}
        assert side.neutral_cosines(candidates).tolist() == [  # one or many: the same bits
            side.features(story, 30.0)["cos_neutral"] for story in candidates]
        full = candidate_features(article, candidates, rarity, means, model)
        lean = candidate_features(article, candidates, rarity, means, model,
                                  weighed_features(model))
        for full_row, lean_row in zip(full, lean, strict=True):
            assert [k for k in full_row if k in lean_row] == list(lean_row)  # same order
            assert all(full_row[k] == v for k, v in lean_row.items())
            assert set(model.weights) <= set(lean_row)
            reference = reference_logistic(full_row, model.weights, model.bias)
            assert logistic(lean_row, model.weights, model.bias) == reference
            assert logistic(full_row, model.weights, model.bias) == reference


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([np.float32, np.float64]), st.booleans())
def test_unit_equals_division_by_numpy_norm(seed: int, dtype: type, zero: bool):
    vector = np.random.default_rng(seed).standard_normal(DIM).astype(dtype) * (0 if zero else 1)
    norm = float(np.linalg.norm(vector))
    expected = vector / norm if norm else vector
    assert np.array_equal(unit_vector(vector), expected)
    assert unit_vector(vector).dtype == expected.dtype


def test_story_caches_follow_added_articles():
    """The centroid and the surname owners are recomputed after `add`, not served stale."""
    story = StoryProfile(1, DIM)
    first = Article(text="x", title="t", lang="en", published=T0, origin="t", content_hash="1",
                    vector=np.eye(DIM, dtype=np.float32)[0],
                    mentions=[Mention("Lukasjenko", "Lukasjenko", "lukasenk", 0)])
    story.add(first)
    assert story.centroid[0] == 1.0 and story.surname_owners() == {}
    second = Article(text="x", title="t", lang="en", published=T0, origin="t", content_hash="2",
                     vector=np.eye(DIM, dtype=np.float32)[1],
                     mentions=[Mention("A. Lukasjenko", "A. Lukasjenko", "a.lukasenk", 0,
                                       "person")])
    story.add(second)
    assert np.allclose(story.centroid[:2], [2 ** -0.5, 2 ** -0.5])
    assert story.surname_owners() == {"lukasenk": {"a.lukasenk"}}
