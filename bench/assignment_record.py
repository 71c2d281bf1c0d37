"""Record which story each article is assigned to, to show a speed change decides the same.

Two streams: the synthetic one of `pipeline_speed.py` (`learn_one` only), and the gold set
`ours` (dated, and undated as `evaluate_all.py` makes it) through the whole pipeline into a
SQLite file, with the embeddings read from a `CachedEncoder` file. Run it on the code before
and after a change (e.g. `git archive HEAD src | tar -x -C /tmp/before` and
`PYTHONPATH=/tmp/before/src`), then `--compare` the two files: story ids and scores must be
equal, article by article.

Usage: python bench/assignment_record.py OUT.json [--synthetic 20000] [--gold]
       python bench/assignment_record.py --compare BEFORE.json AFTER.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from babelwire.cluster.online import OnlineClusterer
from babelwire.settings import Settings
from pipeline_speed import synthetic_stream

REPO = Path(__file__).resolve().parents[1]


def synthetic(count: int) -> dict[str, list[Any]]:
    clusterer = OnlineClusterer(384, Settings())
    assignments = [clusterer.learn_one(article) for article in synthetic_stream(count)]
    return {"story": [a.story_id for a in assignments], "score": [a.score for a in assignments]}


def gold(cache: Path) -> dict[str, dict[str, list[Any]]]:
    from babelwire.analyse.embed import CachedEncoder
    from babelwire.assembly import build_pipeline
    from babelwire.demo import demo_corpus_path
    from babelwire.encoder.choice import default_encoder
    from babelwire.evaluate import goldsets
    from babelwire.evaluate.runner import stream_order, to_document
    from babelwire.store.sqlite import SQLiteStore

    encoder = CachedEncoder(default_encoder("fitted"), cache)  # read only: never saved here
    ours = [a for path in (demo_corpus_path(), REPO / "evalsets" / "gold-extension.jsonl")
            for a in goldsets.read_babelwire_jsonl(path)]
    recorded = {}
    for name, records in (("ours", ours),
                          ("ours-undated", [dataclasses.replace(a, published=None)
                                            for a in ours])):
        with tempfile.TemporaryDirectory() as folder, \
                SQLiteStore(Path(folder) / "r.db") as store:
            build_pipeline(store, Settings(), encoder).ingest(
                to_document(a) for a in sorted(records, key=stream_order))
            stories = store.external_story_ids()
        recorded[name] = {"article": sorted(stories),
                          "story": [stories[key] for key in sorted(stories)]}
    return recorded


def compare(before_path: Path, after_path: Path) -> int:
    before, after = (json.loads(p.read_text()) for p in (before_path, after_path))
    different = 0
    for stream in sorted(set(before) | set(after)):
        first, second = before.get(stream), after.get(stream)
        same = first == second
        different += not same
        size = len(first["story"]) if first else 0
        print(f"{stream}: {size} articles, {'identical' if same else 'DIFFERENT'}")
    return 1 if different else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--synthetic", type=int, default=20_000, help="0: none")
    parser.add_argument("--gold", action="store_true", help="also the gold set `ours`")
    parser.add_argument("--cache", type=Path, default=REPO / ".babelwire-cache" / "embeddings.npz")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if args.out is None:
        parser.error("give OUT.json, or --compare BEFORE AFTER")
    recorded: dict[str, Any] = {}
    if args.synthetic:
        recorded[f"synthetic-{args.synthetic}"] = synthetic(args.synthetic)
    if args.gold:
        recorded.update(gold(args.cache))
    args.out.write_text(json.dumps(recorded) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
