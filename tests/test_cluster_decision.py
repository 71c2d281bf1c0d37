"""`learn_one` skips the candidates that cannot clear the threshold (cluster/decision.py): it
must choose what `predict_one`, which scores every candidate, chooses, with the same score,
under the shipped model and under random ones."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.cluster.decision import FEATURE_RANGES, LogitBound, decide, margins_of
from babelwire.cluster.features import BASIS_FEATURES, FEATURES, ArticleSide, margins
from babelwire.cluster.model import candidate_features
from babelwire.cluster.online import OnlineClusterer
from babelwire.models import Article
from babelwire.settings import Settings
from test_cluster_fast_features import DIM, articles

WEIGHABLE = [*FEATURES, *BASIS_FEATURES]


@st.composite
def models(draw: st.DrawFn) -> Settings:
    if draw(st.booleans()):
        return Settings(threshold=draw(st.floats(0.05, 0.95)),
                        threshold_crosslingual=draw(st.one_of(st.none(), st.floats(0.05, 0.95))))
    names = draw(st.lists(st.sampled_from(WEIGHABLE), min_size=1, unique=True))
    return Settings(weights={n: draw(st.floats(-4, 4)) for n in names},
                    bias=draw(st.floats(-3, 3)), threshold=draw(st.floats(0.05, 0.95)),
                    threshold_crosslingual=draw(st.one_of(st.none(), st.floats(0.05, 0.95))),
                    max_gap_days=draw(st.floats(1, 30)))


def clustered(stream: list[Article], centres: int) -> list[Article]:
    """Pull the random vectors towards a few centres, so that some articles join stories."""
    rng = np.random.default_rng(centres)
    points = rng.standard_normal((centres, DIM))
    for index, article in enumerate(stream):
        vector = points[index % centres] + 0.5 * np.asarray(article.vector)
        article.vector = (vector / np.linalg.norm(vector)).astype(np.float32)
    return stream


@settings(max_examples=120, deadline=None)
@given(st.lists(articles(), min_size=2, max_size=25), st.integers(1, 4), models())
def test_decide_chooses_what_predict_one_chooses(stream: list[Article], centres: int,
                                                 model: Settings):
    clusterer = OnlineClusterer(DIM, model)
    bound = LogitBound(model)
    for article in clustered(stream, centres):
        clusterer.advance_clock(article)
        predicted = clusterer.predict_one(article)
        candidates = clusterer.candidates(article)
        stories = [clusterer.profile(c) for c in candidates]
        chosen = decide(article, list(zip(candidates, stories, strict=True)), clusterer.rarity,
                        clusterer.means, model)
        expected = (-1, 0.0) if predicted.is_new_story else (predicted.story_id, predicted.score)
        assert chosen == expected
        rows = candidate_features(article, stories, clusterer.rarity, clusterer.means, model)
        for story, row in zip(stories, rows, strict=True):  # the bound bounds
            logit = model.bias + sum(model.weights.get(k, 0.0) * v for k, v in row.items())
            assert bound(article, story, row["cos_neutral"], row["margin_neutral"]) >= logit
        clusterer.assign_to(article, None if predicted.is_new_story else predicted.story_id)


def test_learn_one_returns_the_prediction():
    """The assignment learn_one returns is predict_one's, candidates counted alike."""
    stream = clustered([Article(text="x", title="t", lang="en", published=None, origin="t",
                                content_hash=str(i), vector=np.ones(DIM, dtype=np.float32))
                        for i in range(30)], 3)
    model = Settings(threshold=0.3)
    clusterer = OnlineClusterer(DIM, model)
    joined = 0
    for article in stream:
        predicted = clusterer.predict_one(article)
        learned = clusterer.learn_one(article)
        assert learned.candidates == predicted.candidates
        if not predicted.is_new_story:
            joined += 1
            assert learned == predicted
    assert joined > 10


def test_every_feature_has_a_range_or_is_known_before_scoring():
    """A feature added without a range would silently turn the skipping off."""
    bound = LogitBound(Settings(weights=dict.fromkeys(WEIGHABLE, 1.0)))
    assert not math.isinf(bound.constant)
    assert set(FEATURE_RANGES) | set(bound.weights) == set(WEIGHABLE)


@settings(max_examples=120, deadline=None)
@given(st.lists(articles(), min_size=2, max_size=25), st.integers(1, 4), models())
def test_the_arrays_over_all_candidates_equal_the_per_candidate_values(
        stream: list[Article], centres: int, model: Settings):
    """`decide` computes the neutral cosines, margins and bounds of all candidates at once;
    each equals the per-candidate computation (`LanguageMeans.neutral_centroid`, `margins`, the bound of
    one candidate): the margins to the last bit, the others up to rounding."""
    clusterer = OnlineClusterer(DIM, model)
    bound = LogitBound(model)
    for article in clustered(stream, centres):
        clusterer.advance_clock(article)
        stories = [clusterer.profile(c) for c in clusterer.candidates(article)]
        side = ArticleSide(article, clusterer.rarity, clusterer.means)
        neutral = side.neutral_cosines(stories)
        plain = [float(side.neutral @ clusterer.means.neutral_centroid(story))
                 for story in stories]
        assert np.allclose(neutral, plain, rtol=1e-12, atol=1e-12)
        margin = margins_of(neutral)
        assert margin.tolist() == margins(neutral.tolist())
        same_language = np.array([s.language_counts[article.lang] / s.size for s in stories])
        bounds = bound.many(neutral, margin, same_language)
        single = [bound(article, story, n, m)
                  for story, n, m in zip(stories, neutral.tolist(), margin.tolist(), strict=True)]
        assert np.allclose(bounds, single, rtol=1e-12, atol=1e-12)
        assert margins_of(neutral[:1]).tolist() == margins(neutral[:1].tolist())
        clusterer.learn_one(article)
