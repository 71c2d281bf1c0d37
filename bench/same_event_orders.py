"""The founding case in every input order: do the seeds form one story, do the other reports
of their event join it, and do the other events of the same people and places stay out?

Usage: python bench/same_event_orders.py [FILE.jsonl ...] [--out FILE]
FILE holds articles with `id` and `story` ("sochi-2020" for the seeds' event), undated or with
`published`, or is a folder of pages and text files named `STORY__name.ext` (default:
tests/data/other_events*, the first set and ten blind ones). Each file goes with the two
seeds through the real pipeline and encoder, into a fresh SQLite database per order: in one
call (file order, reversed, three shuffles) and one article per call (`babelwire ingest` run
once an article, forward and reversed). Prints, per order, what went
wrong: "lv-split" (the seeds apart), "+id" (another event in the seed story), "-id" (a report
of the event outside it), "!id" (not stored: rejected as too short, or a duplicate).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from babelwire.encoder.choice import default_encoder
from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
SEEDS = [REPO.parent / "shared" / "seeds" / name
         for name in ("000_1235fefb92e081bf.txt", "004_664d1deecabd42be.txt")]
DEFAULT_FILES = [REPO / "tests" / "data" / name
                 for name in ("other_events.jsonl", "other_events_blind.jsonl",
                              "other_events_blind2.jsonl", "other_events_blind3.jsonl",
                              "other_events_blind4.jsonl", "other_events_blind5.jsonl",
                              "other_events_blind6.jsonl", "other_events_blind7.jsonl",
                              "other_events_blind8", "other_events_blind9.jsonl",
                              "other_events_blind10.jsonl")]
EVENT = "sochi-2020"


def name_of(document: RawDocument) -> str:
    return document.external_id or Path(document.origin).name


def stories_of(calls: list[list[RawDocument]], encoder: object) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "o.db") as store:
        for documents in calls:
            Pipeline(store, encoder).ingest(documents)
        rows = store.connection.execute("SELECT origin, external_id, story_id FROM articles")
        return {(row["external_id"] or Path(row["origin"]).name): row["story_id"] for row in rows}


def misses(stories: dict[str, int], gold: dict[str, str]) -> list[str]:
    seed_story = stories[SEEDS[0].name]
    found = [] if stories[SEEDS[1].name] == seed_story else ["lv-split"]
    for name, story in gold.items():
        if name not in stories:  # rejected (too short, a duplicate...): not clustered
            found.append("!" + name)
            continue
        if story == EVENT and stories[name] != seed_story:
            found.append("-" + name)
        if story != EVENT and stories[name] == seed_story:
            found.append("+" + name)
    return found


def gold_of(path: Path) -> dict[str, str]:
    """Article name -> story: a JSONL file's `id` and `story`; a folder's files are named
    `STORY__name.ext`."""
    if path.is_dir():
        return {file.name: file.name.split("__")[0] for file in sorted_inputs(path)}
    return {row["id"]: row["story"] for row in map(json.loads, path.open(encoding="utf-8"))}


def sorted_inputs(path: Path) -> list[Path]:
    return sorted(path.iterdir()) if path.is_dir() else [path]


def orders(documents: list[RawDocument]) -> dict[str, list[list[RawDocument]]]:
    shuffled = {f"one call, shuffle {seed}": [random.Random(seed).sample(documents, len(documents))]
                for seed in range(3)}
    return {"one call": [documents], "one call, reversed": [documents[::-1]], **shuffled,
            "an article a call": [[d] for d in documents],
            "an article a call, reversed": [[d] for d in documents[::-1]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--out", type=Path,
                        default=REPO / "bench" / "results" / "same_event_orders.json")
    arguments = parser.parse_args()
    encoder = default_encoder()
    results: dict[str, dict[str, list[str]]] = {}
    for path in arguments.files:
        gold = gold_of(path)
        documents = [d for d in read_inputs([*SEEDS, *sorted_inputs(path)])
                     if isinstance(d, RawDocument)]
        results[path.name] = {}
        for label, calls in orders(documents).items():
            found = misses(stories_of(calls, encoder), gold)
            results[path.name][label] = found
            print(f"{path.name:28} {label:30} {'ok' if not found else ' '.join(found)}",
                  flush=True)
    arguments.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
