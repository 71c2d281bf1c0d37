"""Assignment latency per article as the database grows (issue 24, item 9).

The synthetic stream of `pipeline_speed.py` (384-dimensional vectors, stories of five articles,
2,000 articles a day, Zipf-distributed names): each article is assigned (`learn_one`) and stored
in a SQLite file, and we time both. Variants run in lockstep, article by article, so that a
shared, noisy machine slows them alike and their ratio holds:

- `ours`: the clusterer as shipped;
- `blas`: the same, but the centroid similarities of the candidate index computed with `@`
  (OpenBLAS, multi-threaded from about a thousand open stories), as before issue 24;
- `scan`: the same, but closing stories by time with a scan of every open story on each
  article (before the expiry heap of branch i24b);
- `bigtx`: ours, committing every 10,000 articles instead of every chunk (the bench until
  2026-12-07);
- `nostore`: ours, assigning only (nothing stored): the assignment's own cost, without the
  database's B-trees growing in the same process;
- `before`: the clusterer and SQLite store of an earlier commit (`--before REF`), extracted
  with `git archive` and imported as the package `babelwire_before`, so that a change is
  measured against the code it replaced in the same process, article by article.

Per size it reports, over the last 1,000 articles: the mean and p95 wall time (assign + store),
the assign and store parts, and the CPU time of the thread in each (what the work costs when
the machine is not shared; the `blas` variant's helper threads are not in it).

To 1M articles: every article is assigned by `learn_one` and stored by `add_article`, one by
one, as in an ingest run (no shortcut: the clusterer and the database are those of a real
stream); only the last 1,000 before each size are reported. The store commits every
`pipeline.CHUNK_SIZE` (64) articles, as `Pipeline.ingest` does, and the commit is timed with
the store part of the chunk's last article. Until 2026-12-07 it committed every 10,000 articles,
which no ingest run does: the `bigtx` variant still does, to show what that cost. At about
1 ms an article, 1M is twenty minutes on a quiet machine: use `--variants ours` there.

Usage: python bench/assignment_speed.py [--sizes 1000,10000,100000] [--variants ours,blas]
                                        [--before REF] [--out bench/results/assignment_speed.json]
Writes bench/results/assignment_speed.json.
"""

from __future__ import annotations

import argparse
import atexit
import dataclasses
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.cluster.online import ActiveStories, OnlineClusterer
from babelwire.cluster.scoring import StoryProfile
from babelwire.pipeline import CHUNK_SIZE
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore
from pipeline_speed import synthetic_stream

RESULTS = Path(__file__).parent / "results"
REPO = Path(__file__).resolve().parents[1]
WINDOW = 1000
COMMIT_EVERY = {"bigtx": 10_000}  # articles a transaction; the other variants: CHUNK_SIZE


class BlasActiveStories(ActiveStories):
    """The candidate index with the similarities computed by `@` (the code before issue 24)."""

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        count = len(self._ids)
        if count == 0:
            return []
        similarities = self._centroids[:count] @ vector
        top = np.argpartition(-similarities, k)[:k] if count > k else np.arange(count)
        return [self._ids[i] for i in top]


class ScanningActiveStories(ActiveStories):
    """Expiry by a scan of every open story on each call (the code before branch i24b)."""

    def expire(self, before: float, limit: int = 50_000) -> list[StoryProfile]:
        closed = []
        for story_id in [s for s, t in self.touched.items()
                         if t < before and self.profiles[s].first_time is not None]:
            closed.append(self.profiles[story_id])
            self.remove(story_id)
        while len(self) > limit:
            oldest = min(self.touched, key=self.touched.__getitem__)
            closed.append(self.profiles[oldest])
            self.remove(oldest)
        return closed


def import_before(ref: str, folder: Path) -> None:
    """Extract `src/babelwire` at `ref` into `folder` as the package `babelwire_before`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "src/babelwire"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    package = folder / "babelwire_before"
    (folder / "src" / "babelwire").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text()
        path.write_text(re.sub(r"\b(from|import) babelwire\b", r"\1 babelwire_before", text))
    sys.path.insert(0, str(folder))


def make_clusterer(variant: str) -> OnlineClusterer:
    if variant == "before":
        before: Any = importlib.import_module("babelwire_before.cluster.online")
        settings: Any = importlib.import_module("babelwire_before.settings")
        return before.OnlineClusterer(384, settings.Settings())  # type: ignore[no-any-return]
    clusterer = OnlineClusterer(384, Settings())
    if variant == "blas":
        clusterer.active = BlasActiveStories(384)
    elif variant == "scan":
        clusterer.active = ScanningActiveStories(384)
        clusterer.closed = ScanningActiveStories(384)
    return clusterer


def store_class(variant: str) -> Any:
    if variant == "before":
        return importlib.import_module("babelwire_before.store.sqlite").SQLiteStore
    return SQLiteStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--variants", default="ours,blas")
    parser.add_argument("--out", type=Path, default=RESULTS / "assignment_speed.json")
    parser.add_argument("--before", metavar="REF",
                        help="the commit whose code the `before` variant runs")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    variants = args.variants.split(",")
    if "before" in variants:
        if not args.before:
            parser.error("the `before` variant needs --before REF")
        folder = Path(tempfile.mkdtemp(prefix="babelwire_before"))
        atexit.register(shutil.rmtree, folder, True)  # the extracted package, when done
        import_before(args.before, folder)
    clusterers = {v: make_clusterer(v) for v in variants}
    # per variant: wall (assign + store), assign wall, store wall, assign and store thread-CPU,
    # in seconds
    timings: dict[str, list[list[float]]] = {v: [[], [], [], [], []] for v in variants}
    rows: list[dict[str, object]] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        stores = {v: stack.enter_context(store_class(v)(folder / f"{v}.db")) for v in variants}
        for store in stores.values():
            stack.enter_context(store.transaction())
        for count, article in enumerate(synthetic_stream(max(sizes)), start=1):
            for variant in variants:
                copy = dataclasses.replace(article)  # each store numbers its own copy
                wall, cpu = time.perf_counter(), time.thread_time()
                assignment = clusterers[variant].learn_one(copy)
                assigned, cpu_assigned = time.perf_counter(), time.thread_time()
                if variant != "nostore":
                    stores[variant].add_article(copy, assignment)
                if count % COMMIT_EVERY.get(variant, CHUNK_SIZE) == 0:  # as an ingest run
                    stores[variant].connection.execute("COMMIT")
                    stores[variant].connection.execute("BEGIN")
                done, cpu_done = time.perf_counter(), time.thread_time()
                for series, value in zip(timings[variant],
                                         (done - wall, assigned - wall, done - assigned,
                                          cpu_assigned - cpu, cpu_done - cpu_assigned),
                                         strict=True):
                    series.append(value)
            if count in sizes:
                row: dict[str, object] = {"articles": count}
                for variant in variants:
                    total, assign, store_part, cpu, store_cpu = (
                        np.array(s[-WINDOW:]) * 1000 for s in timings[variant])
                    row[variant] = {
                        "active_stories": len(clusterers[variant].active),
                        "mean_ms": round(float(total.mean()), 3),
                        "p95_ms": round(float(np.percentile(total, 95)), 3),
                        "assign_ms": round(float(assign.mean()), 3),
                        "store_ms": round(float(store_part.mean()), 3),
                        "assign_thread_cpu_ms": round(float(cpu.mean()), 3),
                        "store_thread_cpu_ms": round(float(store_cpu.mean()), 3),
                    }
                rows.append(row)
                print(json.dumps(row), flush=True)
                for series in timings.values():  # keep memory bounded on long runs
                    for values in series:
                        del values[:-WINDOW]
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    before = f" --before {args.before}" if "before" in variants else ""
    out.write_text(json.dumps({"command": f"python bench/assignment_speed.py --sizes {args.sizes}"
                                          f" --variants {args.variants}{before}",
                               "rows": rows}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
