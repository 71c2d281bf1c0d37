"""The contract every clusterer must meet (river-style learn_one/predict_one + state)."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from babelwire.cluster.online import Clusterer, OnlineClusterer
from babelwire.settings import Settings
from builders import make_article, unit

DIM = 8
FACTORIES: dict[str, Callable[[], Clusterer]] = {
    "online": lambda: OnlineClusterer(DIM, Settings()),
}


@pytest.fixture(params=sorted(FACTORIES))
def clusterer(request) -> Clusterer:
    return FACTORIES[request.param]()


def axis(i: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vector = np.zeros(DIM, dtype=np.float32)
    vector[i] = 1.0
    return unit(vector + noise * rng.standard_normal(DIM))


def test_first_article_opens_a_story(clusterer):
    assignment = clusterer.learn_one(make_article(axis(0)))
    assert assignment.is_new_story and assignment.story_id >= 1


def test_same_event_joins_and_other_event_opens(clusterer):
    first = clusterer.learn_one(make_article(axis(0), keys=("putin", "sochi")))
    same = clusterer.learn_one(make_article(axis(0, 0.05, 1), hours=2, keys=("putin", "sochi")))
    other = clusterer.learn_one(make_article(axis(3), hours=3, keys=("erdogan",)))
    assert same.story_id == first.story_id and not same.is_new_story
    assert other.is_new_story and other.story_id != first.story_id


def test_predict_one_changes_nothing(clusterer):
    clusterer.learn_one(make_article(axis(0)))
    before = json.dumps(clusterer.to_state(), sort_keys=True)
    prediction = clusterer.predict_one(make_article(axis(0, 0.05), hours=1))
    assert prediction.story_id >= 1
    assert json.dumps(clusterer.to_state(), sort_keys=True) == before


def test_story_ids_are_never_reused(clusterer):
    ids = [clusterer.learn_one(make_article(axis(i % DIM), hours=24 * 30 * i)).story_id
           for i in range(12)]
    assert len(set(ids)) == len(ids) and ids == sorted(ids)


def test_state_round_trip_continues_identically(clusterer):
    for i in range(6):
        clusterer.learn_one(make_article(axis(i % 3, 0.1, i), hours=i, keys=(f"k{i % 3}",)))
    state = json.loads(json.dumps(clusterer.to_state()))  # must survive JSON
    restored = type(clusterer).from_state(state, Settings())  # type: ignore[attr-defined]
    probe = make_article(axis(1, 0.1, 99), hours=7, keys=("k1",))
    assert restored.predict_one(probe) == clusterer.predict_one(probe)
    assert restored.learn_one(probe) == clusterer.learn_one(probe)


def test_article_without_vector_is_refused(clusterer):
    article = make_article(axis(0))
    article.vector = None
    with pytest.raises(ValueError, match="embed"):
        clusterer.learn_one(article)
