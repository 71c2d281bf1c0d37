"""Every gold set, every split, every metric: the figures behind BENCHMARKS.md.

Usage: python bench/evaluate_all.py [--shared ../shared/eval]
Writes bench/results/evaluation.json and prints Markdown tables.
Embeddings are cached in .babelwire-cache/embeddings.npz, so a second run is fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babelwire.analyse.embed import CachedEncoder
from babelwire.cli.common import json_safe
from babelwire.demo import demo_corpus_path
from babelwire.encoder.choice import ENCODER_CHOICES, default_encoder
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.runner import evaluate_clustering, evaluate_pairs
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


SETS = ("ours", "ours-undated", "wmt", "semeval2022", "tgcontest")


def splits(records: list[Any], by_story: bool) -> dict[str, list[Any]]:
    development, held_out = goldsets.split_holdout(
        records, key=(lambda r: r.story) if by_story else None)
    return {"all": records, "dev": development, "holdout": held_out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--sets", default=",".join(SETS),
                        help=f"comma-separated subset of {','.join(SETS)}; results of a subset"
                             " go to evaluation-<sets>.json")
    parser.add_argument("--encoder", choices=ENCODER_CHOICES, default="fitted",
                        help="which encoder (default: the one the shipped model was fitted with)")
    parser.add_argument("--settings", type=Path,
                        help="a settings file (e.g. a candidate from `babelwire tune --out`)")
    parser.add_argument("--out", type=Path, help="results file (default: by the sets chosen)")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    if unknown := sorted(set(chosen) - set(SETS)):
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    encoder = CachedEncoder(default_encoder(args.encoder),
                            REPO / ".babelwire-cache" / "embeddings.npz")
    settings = Settings.load(args.settings) if args.settings else Settings()
    ours = [a for path in (demo_corpus_path(), REPO / "evalsets" / "gold-extension.jsonl")
            for a in goldsets.read_babelwire_jsonl(path)]
    # The same gold stories with every publication date removed, as files without dates
    # arrive: only the words (lead dates, names, vectors) can keep same-actor events apart.
    ours_undated = [dataclasses.replace(a, published=None) for a in ours]
    wmt = list(goldsets.read_wmt_docs(args.shared / "wmt-news-docs.jsonl", strict=False))
    semeval = list(pairsets.read_semeval2022_pairs(
        args.shared / "semeval2022-pairs" / "pairs.csv", strict=False))
    tgcontest = [p for path in sorted((args.shared / "tgcontest-pairs").glob("*.tsv"))
                 for p in pairsets.read_tgcontest_pairs(path)]
    results: dict[str, Any] = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/evaluate_all.py",
                               "settings": settings.to_dict(), "clustering": {}, "pairs": {}}
    clustering_sets = (("ours", ours), ("ours-undated", ours_undated), ("wmt", wmt))
    for name, records in clustering_sets:
        if name not in chosen:
            continue
        for split, part in splits(records, by_story=True).items():
            if name == "wmt" and split == "all":
                continue  # dev + holdout already cover it; saves the longest run
            result = evaluate_clustering(part, encoder, settings).as_dict()
            results["clustering"][f"{name}/{split}"] = result
            print(f"{name}/{split}: BCubed F1 {result['bcubed']['f1']:.4f}", flush=True)
    for name, pairs in (("semeval2022", semeval), ("tgcontest", tgcontest)):
        if name not in chosen:
            continue
        for split, part in splits(pairs, by_story=False).items():
            result = evaluate_pairs(part, encoder, settings).as_dict()
            results["pairs"][f"{name}/{split}"] = result
            print(f"{name}/{split}: Pearson {result['pearson']}", flush=True)
    encoder.save()
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = "evaluation.json" if chosen == list(SETS) else f"evaluation-{'-'.join(chosen)}.json"
    (args.out or RESULTS / target).write_text(json.dumps(json_safe(results), indent=2) + "\n")
    print(markdown(results))


def _cell(value: float | None) -> str:
    """A Pearson figure; "n/a" where the set has no graded similarity (tgcontest)."""
    return "n/a" if value is None or math.isnan(value) else f"{value:.4f}"


def markdown(results: dict[str, Any]) -> str:
    lines = ["| set/split | articles | gold / predicted stories | BCubed P / R / F1 | pairwise F1 "
             "| cross-lingual pairwise F1 | articles/s (cached embeddings) |",
             "|---|---|---|---|---|---|---|"]
    for key, r in results["clustering"].items():
        b = r["bcubed"]
        lines.append(f"| {key} | {r['articles']} | {r['gold_stories']} / {r['predicted_stories']}"
                     f" | {b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} | "
                     f"{r['pairwise']['f1']:.3f} | {r['crosslingual_pairwise']['f1']:.3f} | "
                     f"{r['articles_per_second']} |")
    lines += ["", "| set/split | pairs | Pearson (ours) | Pearson cross-lingual | cosine baseline "
              "| baseline cross-lingual | same-story P / R / F1 |", "|---|---|---|---|---|---|---|"]
    for key, r in results["pairs"].items():
        d = r["decision"]
        decision = (f"{d['precision']:.3f} / {d['recall']:.3f} / {d['f1']:.3f} "
                    f"({r['labelled_pairs']})") if d else "-"
        figures = [_cell(r[name]) for name in ("pearson", "pearson_crosslingual",
                                                "baseline_cosine_pearson",
                                                "baseline_cosine_pearson_crosslingual")]
        lines.append(f"| {key} | {r['pairs']} | {' | '.join(figures)} | {decision} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
