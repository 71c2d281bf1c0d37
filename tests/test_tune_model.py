"""The basis features of the same-story model and the training-mix options of `tune`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.cluster.features import BASIS_FEATURES, NEUTRAL_KNOTS, with_basis
from babelwire.cluster.model import pair_feature_rows
from babelwire.evaluate.tune import (
    SEMEVAL_LABELS,
    TrainingSet,
    fit_sets,
    semeval_label_clipped,
    semeval_label_linear,
)
from babelwire.settings import Settings
from builders import make_article, unit

unit_interval = st.floats(0.0, 1.0, allow_nan=False)


@pytest.fixture(scope="module")
def sample_stream():
    """The first 24 demo articles as a labelled stream (hashing vectors: fast, deterministic)."""
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.demo import demo_corpus_path
    from babelwire.evaluate.goldsets import read_babelwire_jsonl
    from babelwire.evaluate.tune import prepare_stream

    gold = list(read_babelwire_jsonl(demo_corpus_path()))[:24]
    return prepare_stream("sample", gold, HashingEncoder(), Settings())


def _row(neutral: float, margin: float = 0.0, entity: float = 0.0, same: float = 1.0
         ) -> dict[str, float]:
    return {"cos_neutral": neutral, "margin_neutral": margin, "entity_overlap": entity,
            "same_language": same}


@given(st.floats(-1.0, 1.0, allow_nan=False), st.floats(-1.0, 1.0, allow_nan=False),
       unit_interval, unit_interval)
def test_basis_is_a_continuous_piecewise_linear_view_of_the_raw_features(
        neutral: float, margin: float, entity: float, same: float):
    row = with_basis(_row(neutral, margin, entity, same))
    assert set(BASIS_FEATURES) <= set(row)
    for knot in NEUTRAL_KNOTS:
        assert row[f"cos_neutral_over_{knot}"] == pytest.approx(max(0.0, neutral - knot))
    assert row["margin_positive"] == max(0.0, margin)
    assert row["entity_overlap_cross"] == pytest.approx(entity * (1 - same))
    # the sum of the hinges never decreases as the cosine grows: it can only bend the score
    higher = with_basis(_row(min(1.0, neutral + 0.05), margin, entity, same))
    assert sum(higher[f"cos_neutral_over_{k}"] for k in NEUTRAL_KNOTS) >= sum(
        row[f"cos_neutral_over_{k}"] for k in NEUTRAL_KNOTS)


def test_pair_rows_carry_the_basis_features():
    rng = np.random.default_rng(3)
    vectors = [unit(rng.standard_normal(16).astype(np.float32)) for _ in range(3)]
    a, b, c = (make_article(v, title=str(i)) for i, v in enumerate(vectors))
    rows = pair_feature_rows([(a, b), (a, c)], Settings())
    for row in rows:
        assert set(BASIS_FEATURES) <= set(row)
        assert row["margin_positive"] == max(0.0, row["margin_neutral"])


@given(unit_interval)
def test_soft_label_mappings_stay_in_the_unit_interval_and_agree_at_the_ends(similarity: float):
    for mapping in SEMEVAL_LABELS.values():
        assert 0.0 <= mapping(similarity) <= 1.0
    assert semeval_label_linear(similarity) == pytest.approx(similarity)
    assert semeval_label_clipped(1.0) == semeval_label_linear(1.0) == 1.0
    assert semeval_label_clipped(0.0) == semeval_label_linear(0.0) == 0.0


def _set(name: str, x: np.ndarray, y: np.ndarray) -> TrainingSet:
    return TrainingSet(name, [{"f": float(v)} for v in x], [float(v) for v in y],
                       [f"{name}:{i}" for i in range(len(y))])


def test_set_weights_pull_the_fit_towards_the_heavier_set():
    # Two sets that disagree on where the boundary lies: the heavier one decides it.
    x = np.linspace(-1, 1, 200)
    early = _set("early", x, (x > -0.5).astype(float))
    late = _set("late", x, (x > 0.5).astype(float))

    def boundary(weights: dict[str, float]) -> float:
        fitted, bias = fit_sets([early, late], ("f",), weights)
        return -bias / fitted["f"]

    assert boundary({"early": 5.0}) < boundary({}) < boundary({"late": 5.0})


def test_cross_fitted_clustering_decides_each_article_with_its_folds_model(sample_stream):
    from babelwire.evaluate.tune import (
        FOLDS,
        cluster_stream,
        cross_fitted_clustering,
        fold_of,
    )

    settings, stream = Settings(), sample_stream
    # the same model in every fold: exactly the plain clustering of the stream
    assert cross_fitted_clustering(stream, [settings] * FOLDS) == cluster_stream(stream, settings)
    # a model that never joins in one fold: that fold's articles each open a story of their own
    fold = fold_of(f"sample:{stream.stories[0]}")
    never = replace(settings, threshold=1.01, threshold_crosslingual=None)
    models = [never if k == fold else settings for k in range(FOLDS)]
    predicted = cross_fitted_clustering(stream, models)
    alone = [str(a.external_id) for a, s in zip(stream.articles, stream.stories, strict=True)
             if fold_of(f"sample:{s}") == fold]
    assert len({predicted[i] for i in alone}) == len(alone)


def test_thresholds_are_picked_out_of_fold_and_the_cross_lingual_one_must_earn_its_place(
        sample_stream):
    from babelwire.evaluate.tune import (
        THRESHOLD_GRID,
        fold_models,
        oracle_rows,
        pick_thresholds,
    )

    settings, stream = Settings(), sample_stream
    models = fold_models([oracle_rows(stream, settings)], settings, ("cos_centroid",))
    assert len({m.bias for m in models}) > 1  # each fold's model saw other rows
    threshold, cross, scores = pick_thresholds([stream], models, None, min_gain=1.0)
    assert threshold in THRESHOLD_GRID and cross is None  # a gain of 1.0 is never reached
    assert scores[f"{threshold}/-"] == max(scores[f"{t}/-"] for t in THRESHOLD_GRID)
    paired, cross, scores = pick_thresholds([stream], models, None, min_gain=-1.0)
    assert cross in THRESHOLD_GRID and f"{paired}/{cross}" in scores
    assert scores[f"{paired}/{cross}"] >= scores[f"{threshold}/-"]  # ascent never loses


def test_given_thresholds_are_kept_and_only_the_weights_are_fitted(sample_stream):
    from babelwire.evaluate.tune import tune

    settings, stream = Settings(), sample_stream
    fixed = tune([stream], [], settings, fixed_thresholds=(0.61, 0.43))
    assert (fixed.settings.threshold, fixed.settings.threshold_crosslingual) == (0.61, 0.43)
    assert fixed.threshold_scores == {}  # nothing was picked
    picked = tune([stream], [], settings)
    assert fixed.settings.weights == picked.settings.weights  # the same fit either way
    assert picked.threshold_scores


@pytest.mark.parametrize("value", ["high", "0.65/x", "1.5", "0.65/0"])
def test_tune_refuses_thresholds_that_are_not_probabilities(value: str):
    from click.testing import CliRunner

    from babelwire.cli.main import cli

    result = CliRunner().invoke(cli, ["tune", "--out", "x.json", "--thresholds", value])
    assert result.exit_code == 2 and "--thresholds" in result.output


def test_the_pair_threshold_is_picked_out_of_fold_by_the_pair_sets_f1():
    from babelwire.evaluate.goldsets import GoldPair
    from babelwire.evaluate.tune import (
        FOLDS,
        THRESHOLD_GRID,
        LabelledPairs,
        pick_pair_threshold,
    )

    same = [0.9, 0.8, 0.75, 0.7]
    other = [0.2, 0.3, 0.35, 0.1]
    cosines = same + other
    pairs = [GoldPair(str(i), "", "", "en", "en", same_story=i < len(same))
             for i in range(len(cosines))]
    labelled = LabelledPairs("toy", pairs, [])
    rows = TrainingSet("toy", [{"cos_neutral": c} for c in cosines], [0.0] * len(cosines),
                       [f"toy:{p.id}" for p in pairs])
    # every fold the same model: the probability rises with the cosine, 0.5 at 0.5
    model = Settings(weights={"cos_neutral": 10.0}, bias=-5.0)
    threshold, scores = pick_pair_threshold([labelled], [rows], [model] * FOLDS)
    assert threshold in THRESHOLD_GRID and scores[str(threshold)] == 1.0
    assert scores["0.9"] < 1.0  # too strict: misses the 0.7 and 0.75 pairs
    no_labels = LabelledPairs("toy", [replace(p, same_story=None) for p in pairs], [])
    assert pick_pair_threshold([no_labels], [rows], [model] * FOLDS) == (None, {})
