"""Several writers, one store, watchlists: every alert exactly once. Three writer processes
ingest article files whose topics overlap (so the writers grow the same stories) into one
store with two watchlists, on SQLite and on PostgreSQL; one writer is killed midway and run
again. Then every story has exactly one `new-story` alert per watchlist it matches, none
is missing, and no alert names a story that does not exist."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

from babelwire.service import Service
from babelwire.store import StoryFilter, open_store
from builders import REPO
from test_concurrency import stored_count, write_articles

WRITER = textwrap.dedent("""
    import sys, time
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.ingest.files import read_inputs
    from babelwire.service import Service

    class SlowEncoder(HashingEncoder):
        # A pause per batch keeps the writers overlapping (the real encoder is the slow step).
        def encode_passages(self, texts):
            time.sleep(0.1)
            return super().encode_passages(texts)

    location, path = sys.argv[1], sys.argv[2]
    with Service(location, encoder=SlowEncoder()) as service:
        report = service.ingest(list(read_inputs([path])))
    print("ingested", report.ingested)
""")


def start(location: str, script: Path, path: Path) -> subprocess.Popen[str]:
    # This checkout's sources first (the venv may have babelwire installed from elsewhere).
    paths = os.pathsep.join([str(REPO / "src"), str(REPO / "tests")])
    return subprocess.Popen([sys.executable, str(script), location, str(path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": paths})


def test_several_writers_write_every_alert_exactly_once(store_location: str, tmp_path: Path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    per_writer = 100  # two chunks of 64, the last one partial
    files = []
    for writer in range(3):
        files.append(tmp_path / f"w{writer}.jsonl")
        write_articles(files[-1], writer, per_writer)
    with Service(store_location) as service:  # created (migrated) before the race
        service.add_watchlist("english", langs=["en"])
        service.add_watchlist("bigger", min_articles=3)
    processes = [start(store_location, script, path) for path in files]

    deadline = time.monotonic() + 120
    while stored_count(store_location, 0) == 0 and time.monotonic() < deadline:
        assert processes[0].poll() is None, processes[0].communicate()
        time.sleep(0.05)
    processes[0].send_signal(signal.SIGKILL)
    processes[0].wait()
    processes[0] = start(store_location, script, files[0])
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err

    with open_store(store_location) as store:
        stories = {int(r["id"]): int(r["article_count"])
                   for r in store.story_rows(StoryFilter(), 10_000)}
        alerts = store.alert_rows(limit=100_000)
    assert len(stories) > 10
    new_story = Counter((a["watchlist"], a["story_id"]) for a in alerts
                        if a["reason"] == "new-story")
    assert set(new_story.values()) == {1}  # never twice
    english = {story for (name, story) in new_story if name == "english"}
    assert english == set(stories)  # every story is English: none missing
    bigger = {story for (name, story) in new_story if name == "bigger"}
    # A story alerts "bigger" when a chunk leaves it with 3 articles or more: all such.
    assert bigger == {story for story, count in stories.items() if count >= 3}
    assert {a["story_id"] for a in alerts} <= set(stories)
    keys = Counter((a["watchlist"], a["story_id"], a["reason"], a["detail"]) for a in alerts)
    assert set(keys.values()) == {1}
