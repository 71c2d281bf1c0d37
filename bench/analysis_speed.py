"""Analysis stage alone (language, entities, facts, claims, event signature), in a fresh process.

Usage: python bench/analysis_speed.py [--articles 200] [--min-chars 0] [--shared ../shared/eval]
The first WMT documents, cut to 2,000 characters as bench/pipeline_speed.py does; no encoder.
With --min-chars 1500, the very leads bench/pipeline_speed.py ingests (documents that long).
Prints the seconds (wall and this process's CPU: on a loaded machine the CPU seconds are the
steadier figure) and writes bench/results/analysis_speed.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from babelwire.analyse.article import analyse_text
from babelwire.evaluate.goldsets import read_wmt_docs
from babelwire.models import RawDocument
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--min-chars", type=int, default=0,
                        help="only documents this long (1500: pipeline_speed's leads)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    documents = [d for d in read_wmt_docs(args.shared / "wmt-news-docs.jsonl", strict=False)
                 if len(d.text) >= args.min_chars]
    raws = [RawDocument(origin="bench", text=d.text[:2000], title=d.title)
            for d in documents[:args.articles]]
    settings = Settings()
    started, cpu = time.perf_counter(), time.process_time()
    for raw in raws:
        analyse_text(raw, settings)
    seconds = time.perf_counter() - started
    result = {"articles": len(raws), "min_chars": args.min_chars, "seconds": round(seconds, 2),
              "cpu_seconds": round(time.process_time() - cpu, 2),
              "ms_per_article": round(1000 * seconds / len(raws), 1)}
    print(json.dumps(result))
    out = REPO / "bench" / "results" / "analysis_speed.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
