"""Gradient boosting as the same-story model, for `bench/score_model_cv.py` (bench only).

scikit-learn's HistGradientBoostingClassifier over the same feature rows and set weights as the
logistic model, monotonic where the feature's meaning fixes the direction. Soft labels (SemEval's
graded similarity) become two rows, one of each class, weighted by the label. `register` makes the
clusterer score with a fitted model: the clusterer asks `online.probability(values, settings)`,
and a model registered under that settings' weights dict answers instead of the logistic one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from babelwire.cluster import online
from babelwire.cluster.features import logistic
from babelwire.evaluate.tune import TrainingSet, row_weights
from babelwire.settings import Settings

INCREASING = {"cos_centroid", "cos_nearest", "cos_neutral", "margin_neutral", "cos_neutral_cross",
              "entity_overlap", "person_overlap", "place_overlap", "organisation_overlap",
              "fact_overlap"}
DECREASING = {"date_conflict", "entity_disagreement", "no_shared_evidence", "gap_days"}
DEFAULTS: dict[str, Any] = {"learning_rate": 0.05, "max_iter": 300, "max_leaf_nodes": 15,
                            "min_samples_leaf": 40, "l2_regularization": 1.0}
Predict = Callable[[np.ndarray], np.ndarray]
# id of a weights dict -> (that dict, kept so its id is never reused; names; model; memo)
_REGISTERED: dict[int, tuple[dict[str, float], Sequence[str], Predict,
                             dict[tuple[float, ...], float]]] = {}


def fit_boosting(sets: Sequence[TrainingSet], names: Sequence[str],
                 set_weights: Mapping[str, float], params: Mapping[str, Any]) -> Predict:
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.vstack([s.matrix(names) for s in sets])
    y = np.concatenate([np.asarray(s.labels, float) for s in sets])
    total = len(y)
    weight = row_weights(sets, set_weights)
    # A soft label y is a positive row of weight y and a negative row of weight 1 - y.
    rows = np.vstack([x, x])
    classes = np.concatenate([np.ones(total), np.zeros(total)])
    weights = np.concatenate([weight * y, weight * (1 - y)])
    keep = weights > 0
    constraints = [1 if n in INCREASING else -1 if n in DECREASING else 0 for n in names]
    model = HistGradientBoostingClassifier(monotonic_cst=constraints, random_state=0,
                                           **(DEFAULTS | dict(params)))
    model.fit(rows[keep], classes[keep], sample_weight=weights[keep])
    return lambda matrix: model.predict_proba(matrix)[:, 1]


def register(settings: Settings, names: Sequence[str], predict: Predict) -> Settings:
    """`settings` (with a weights dict of its own) now scores with `predict` in the clusterer."""
    _REGISTERED[id(settings.weights)] = (settings.weights, names, predict, {})
    online.probability = _probability  # type: ignore[assignment]
    return settings


def _probability(values: dict[str, float], settings: Settings) -> float:
    registered = _REGISTERED.get(id(settings.weights))
    if registered is None or registered[0] is not settings.weights:
        return logistic(values, settings.weights, settings.bias)
    _, names, predict, memo = registered
    row = tuple(values[n] for n in names)
    if row not in memo:
        memo[row] = float(predict(np.array([row]))[0])
    return memo[row]
