"""Quick probes of the same-story model on the dev splits: pair-set figures only, no clustering.

For ideas cheap to rule out before `bench/score_model_cv.py` clusters with them: extra
interactions and knots, training-mix extremes (SemEval alone, Telegram alone), which feature
groups Telegram's ROC AUC depends on, and removing the top principal components of the
language-neutral vectors. Figures are out of fold (the 5 folds of `tune.fold_of`); columns:
SemEval Pearson (overall, cross-lingual) and ROC AUC, Telegram ROC AUC, ROC AUC of the
candidate rows of WMT and of our set. No held-out split is read.

Usage: python bench/score_feature_probe.py --prepared FILE.pkl (the pickle score_model_cv.py
writes). Writes bench/results/score_feature_probe.json.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.cluster.features import BASIS_FEATURES, RAW_MODEL_FEATURES, LanguageMeans
from babelwire.evaluate.metrics import pearson, roc_auc
from babelwire.evaluate.tune import (
    LabelledPairs,
    TrainingSet,
    all_articles,
    fit_sets,
    fold_of,
    language_means_of,
    training_sets,
    training_subset,
)
from babelwire.settings import Settings
from score_model_cv import load

REPO = Path(__file__).resolve().parents[1]
ALONE = 1e-6  # the weight of a set left out of the fit
EXTRA = ("cos_same", "entity_x_neutral", "fact_x_neutral", "neutral_over_0.3", "neutral_over_0.5")


def add_extras(sets: Sequence[TrainingSet]) -> None:
    for training in sets:
        for row in training.rows:
            row["cos_same"] = row["cos_centroid"] * row["same_language"]
            row["entity_x_neutral"] = row["entity_overlap"] * row["cos_neutral"]
            row["fact_x_neutral"] = row["fact_overlap"] * row["cos_neutral"]
            row["neutral_over_0.3"] = max(0.0, row["cos_neutral"] - 0.3)
            row["neutral_over_0.5"] = max(0.0, row["cos_neutral"] - 0.5)


def out_of_fold(sets: Sequence[TrainingSet], pairs: dict[str, LabelledPairs],
                names: Sequence[str], set_weights: dict[str, float]) -> dict[str, float]:
    folds = {s.name: np.array([fold_of(g) for g in s.groups]) for s in sets}
    predicted = {s.name: np.zeros(len(s.labels)) for s in sets}
    for fold in range(5):
        train = [training_subset(s, folds[s.name] != fold) for s in sets]
        weights, bias = fit_sets(train, names, set_weights)
        for s in sets:
            test = folds[s.name] == fold
            logits = s.matrix(names)[test] @ np.array([weights[n] for n in names]) + bias
            predicted[s.name][test] = 1 / (1 + np.exp(-logits))
    semeval = pairs["semeval2022"].pairs
    similarity = [p.similarity or 0.0 for p in semeval]
    scores = predicted["semeval2022"]
    cross = [i for i, p in enumerate(semeval) if p.lang1 != p.lang2]
    labelled = [i for i, p in enumerate(semeval) if p.same_story is not None]
    rows = {s.name: s for s in sets}
    figures = {
        "semeval_pearson": pearson(scores.tolist(), similarity),
        "semeval_pearson_cross": pearson([scores[i] for i in cross],
                                         [similarity[i] for i in cross]),
        "semeval_auc": roc_auc([scores[i] for i in labelled],
                               [bool(semeval[i].same_story) for i in labelled]),
        "telegram_auc": roc_auc(predicted["tgcontest"].tolist(),
                                [bool(p.same_story) for p in pairs["tgcontest"].pairs]),
        "wmt_rows_auc": roc_auc(predicted["wmt"].tolist(), [v > 0.5 for v in rows["wmt"].labels]),
        "ours_rows_auc": roc_auc(predicted["ours"].tolist(),
                                 [v > 0.5 for v in rows["ours"].labels]),
    }
    return {k: round(v, 4) for k, v in figures.items()}


def principal_components(pairs: dict[str, LabelledPairs], articles: list[Any],
                         priors: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """Pearson / AUC of the neutral cosine with the top k principal components removed too."""
    means = LanguageMeans.with_priors(len(articles[0].vector), priors)
    neutral = {id(a): means.neutral(a.vector, a.lang) for a in articles}
    matrix = np.stack(list(neutral.values()))
    _, _, components = np.linalg.svd(matrix - matrix.mean(axis=0), full_matrices=False)
    semeval, telegram = pairs["semeval2022"], pairs["tgcontest"]
    similarity = [p.similarity or 0.0 for p in semeval.pairs]
    found = {}
    for k in (0, 1, 2, 5, 10, 20):
        top = components[:k]

        def view(article: Any, top: np.ndarray = top) -> np.ndarray:
            vector = neutral[id(article)]
            vector = vector - top.T @ (top @ vector)
            return vector / np.linalg.norm(vector)

        cosines = [float(view(a) @ view(b)) for a, b in semeval.articles]
        found[f"top {k} removed"] = {
            "semeval_pearson": round(pearson(cosines, similarity), 4),
            "telegram_auc": round(roc_auc([float(view(a) @ view(b)) for a, b in
                                           telegram.articles],
                                          [bool(p.same_story) for p in telegram.pairs]), 4)}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--prepared", type=Path)
    args = parser.parse_args()
    streams, pair_sets = load(args.shared, args.prepared)
    articles = all_articles(streams, pair_sets)
    priors = language_means_of(articles)
    sets = training_sets(streams, pair_sets, Settings(), priors)
    add_extras(sets)
    pairs = {p.name: p for p in pair_sets}
    raw, basis = RAW_MODEL_FEATURES, RAW_MODEL_FEATURES + BASIS_FEATURES
    semeval10 = {"semeval2022": 10.0}
    probes: dict[str, tuple[tuple[str, ...], dict[str, float]]] = {
        "raw, equal weights": (raw, {}),
        "raw + basis, SemEval x10": (basis, semeval10),
        "+ extras (interactions, knots), SemEval x10": (basis + EXTRA, semeval10),
        "raw + basis, SemEval alone": (basis, {"wmt": ALONE, "ours": ALONE, "tgcontest": ALONE}),
        "raw + basis, Telegram alone": (basis, {"wmt": ALONE, "ours": ALONE,
                                                "semeval2022": ALONE}),
    }
    drops = {"margin": ("margin_neutral", "margin_positive"),
             "entity": ("entity_overlap", "entity_overlap_cross"),
             "facts and dates": ("fact_overlap", "date_conflict"),
             "gap": ("gap_days", "gap_unknown")}
    for name, dropped in drops.items():
        probes[f"raw + basis, SemEval x10, without {name}"] = (
            tuple(f for f in basis if f not in dropped), semeval10)
    results: dict[str, Any] = {}
    for name, (names, weights) in probes.items():
        results[name] = out_of_fold(sets, pairs, names, weights)
        print(name, results[name], flush=True)
    results["principal components of the neutral vectors"] = principal_components(
        pairs, articles, priors)
    print(results["principal components of the neutral vectors"])
    out = REPO / "bench" / "results" / "score_feature_probe.json"
    out.write_text(json.dumps({"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/score_feature_probe.py",
                               "probes": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
