"""How fast `babelwire alerts` answers on a big store: 100,000 stories with one alert each,
spread over 5 watchlists, in a fresh SQLite file (the store's own queries: the story rows
through `open_story`, the alerts through `add_alerts`, as an ingest chunk writes them).

Timed (median of --repeat runs, the service's `alerts` use case with a warm reader
connection): the latest 100 alerts; one watchlist's latest 100; the alerts since a moment
that leaves ~1,000. Target (issue 22): <= 100 ms on 100k stories.

Usage: python bench/alerts_speed.py [--stories 100000] [--repeat 20]
Writes bench/results/alerts_speed.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from babelwire.service import Service
from babelwire.store import open_store

RESULTS = Path(__file__).parent / "results" / "alerts_speed.json"
WATCHLISTS = 5


def build(path: Path, stories: int) -> None:
    with Service(path) as service:
        for n in range(WATCHLISTS):
            service.add_watchlist(f"w{n}", langs=["en"])
        ids = {w.name: w.id for w in service.watchlists()}
    with open_store(path) as store, store.transaction():
        for story in range(1, stories + 1):
            store.open_story(story, f"Story {story}", "en")
        batch = [(int(ids[f"w{story % WATCHLISTS}"] or 0), story, "new-story", "", "none")
                 for story in range(1, stories + 1)]
        store.add_alerts(batch)


def timed(call, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs) * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "alerts.db"
        started = time.perf_counter()
        build(path, args.stories)
        built = time.perf_counter() - started
        with Service(path) as service:
            all_alerts = service.alerts(limit=args.stories)
            assert len(all_alerts) == args.stories
            since = all_alerts[min(999, len(all_alerts) - 1)]["created"]
            results = {
                "stories": args.stories, "alerts": len(all_alerts), "build_s": round(built, 1),
                "latest_100_ms": timed(lambda: service.alerts(limit=100), args.repeat),
                "one_watchlist_100_ms": timed(lambda: service.alerts("w3", limit=100),
                                              args.repeat),
                "since_ms": timed(lambda: service.alerts(since=since, limit=1000), args.repeat),
            }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
