"""Many writers, one store, nothing lost: real processes on SQLite and on PostgreSQL.

Three writer processes ingest disjoint article files into one store at the same time; one is
killed with SIGKILL midway and started again on the same file. Then every article is stored
exactly once, story ids never collide, every story counts exactly its members, and the saved
clusterer state agrees with the stored stories (no writer overwrote another's profiles)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from babelwire.store import open_store
from builders import REPO

WRITER = textwrap.dedent("""
    import sys, time
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.ingest.files import read_inputs
    from babelwire.pipeline import Pipeline
    from babelwire.store import open_store

    class SlowEncoder(HashingEncoder):
        # Embedding is the slow step (~80 ms an article with the real encoder); a pause per
        # batch keeps the writers overlapping and gives the kill time to land mid-run.
        def encode_passages(self, texts):
            time.sleep(0.15)
            return super().encode_passages(texts)

    location, path = sys.argv[1], sys.argv[2]
    with open_store(location) as store:
        report = Pipeline(store, SlowEncoder()).ingest(list(read_inputs([path])))
    print("ingested", report.ingested, "duplicates", report.duplicates, "reloads", report.reloads)
""")

WORDS = ["harbour", "council", "budget", "election", "storm", "ferry", "bank", "rate", "vote", "minister", "strike", "court", "river", "bridge", "school", "hospital", "festival", "airport", "railway", "mayor", "police", "market", "energy", "price"]
VOCABULARY = ["apple", "window", "garden", "letter", "morning", "silver", "forest", "engine", "yellow", "cousin", "blanket", "castle", "doctor", "island", "kitchen", "ladder", "mirror", "needle", "orange", "pencil", "rabbit", "saddle", "tunnel", "violin", "wagon", "anchor", "basket", "candle", "dinner", "feather", "harvest", "jacket", "lemon", "meadow", "pepper", "quarrel", "ribbon", "sugar", "thunder", "velvet"]


def write_articles(path: Path, writer: int, count: int) -> list[str]:
    """`count` English articles on 24 recurring topics (so stories gather several), dated,
    each with its own run of words (so none is a near-duplicate of another)."""
    rng = random.Random(writer)
    ids = []
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            topic = [WORDS[(n * 7 + k * 5 + writer) % len(WORDS)] for k in range(3)]
            external = f"w{writer}-{n}"
            ids.append(external)
            own = " ".join(rng.choice(VOCABULARY) for _ in range(30))
            text = (f"The {topic[0]} and the {topic[1]} were discussed again. Officials said "
                    f"the {topic[2]} would be reviewed next week. Witnesses spoke of {own}.")
            handle.write(json.dumps({
                "id": external, "title": f"{topic[0].title()} and {topic[1]} ({external})",
                "text": text, "lang": "en",
                "published": f"2026-03-{1 + n % 20:02d}T{(n * 5) % 24:02d}:{writer:02d}:00Z",
            }) + "\n")
    return ids


def start(location: str, script: Path, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(script), location, str(path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # this checkout's sources first: the venv's babelwire may be another's
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                [str(REPO / "src"), str(REPO / "tests")])})


def stored_count(location: str, writer: int) -> int:
    with open_store(location) as store:
        return sum(1 for key in store.external_story_ids() if key.startswith(f"w{writer}-"))


def test_three_writers_one_killed_nothing_lost(store_location: str, tmp_path: Path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    per_writer = 160  # three chunks of 64 each, the last one partial
    expected: list[str] = []
    files = []
    for writer in range(3):
        files.append(tmp_path / f"w{writer}.jsonl")
        expected += write_articles(files[-1], writer, per_writer)
    open_store(store_location).close()  # created (migrated) before the race
    processes = [start(store_location, script, path) for path in files]

    # Kill writer 0 once its first chunk is committed and before it has finished.
    deadline = time.monotonic() + 120
    while stored_count(store_location, 0) == 0 and time.monotonic() < deadline:
        assert processes[0].poll() is None, processes[0].communicate()
        time.sleep(0.05)
    processes[0].send_signal(signal.SIGKILL)
    processes[0].wait()
    killed_at = stored_count(store_location, 0)
    assert 0 < killed_at < per_writer, "the kill did not land mid-run"
    processes[0] = start(store_location, script, files[0])

    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "ingested" in out

    with open_store(store_location) as store:
        members = store.external_story_ids()
        stories = {int(r["id"]): r for r in store.story_rows(_all(), 10_000)}
        coverage = store.story_coverage(list(stories))
        state = store.load_clusterer_state()
        counts = store.counts()
    assert sorted(members) == sorted(expected)  # 0 lost, and no external id twice
    assert counts["articles"] == len(expected)  # 0 duplicated
    originals: dict[int, int] = {}
    for row in coverage:
        originals[row["story_id"]] = originals.get(row["story_id"], 0) + int(row["originals"])
    # Memberships: each story counts exactly its articles; no story without articles.
    assert {sid: int(r["article_count"]) for sid, r in stories.items()} == originals
    assert set(members.values()) == set(stories)
    assert sum(originals.values()) == len(expected)
    # The saved clusterer state saw every writer's work: every story it holds has the size
    # the store has, and the next story id was never handed out.
    assert state is not None and state["next_story_id"] > max(stories)
    assert all(p["size"] == stories[p["id"]]["article_count"] for p in state["stories"])


def _all():
    from babelwire.store import StoryFilter

    return StoryFilter()


def test_posting_to_serve_while_ingest_runs_loses_nothing(store_location: str, tmp_path: Path):
    """The issue's second case: one `ingest` process and articles POSTed to the web app, one
    by one, into the same store at the same time."""
    from fastapi.testclient import TestClient

    from babelwire.analyse.embed import HashingEncoder
    from babelwire.web import create_app

    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    path = tmp_path / "w0.jsonl"
    expected = write_articles(path, 0, 200)
    posted_file = tmp_path / "w1.jsonl"
    write_articles(posted_file, 1, 12)
    posted = [json.loads(line) for line in posted_file.read_text().splitlines()]
    open_store(store_location).close()
    app = create_app(store_location, encoder=HashingEncoder())
    with TestClient(app) as client:  # warm up (word lists, language model) before the race
        assert client.post("/api/articles", json=posted[0]).json()["ingested"] == 1
    ingest = start(store_location, script, path)
    deadline = time.monotonic() + 120
    while stored_count(store_location, 0) == 0 and time.monotonic() < deadline:
        assert ingest.poll() is None, ingest.communicate()
        time.sleep(0.05)
    overlapped = False
    with TestClient(app) as client:
        for record in posted[1:]:
            response = client.post("/api/articles", json=record)
            assert response.status_code == 200, response.text
            assert response.json()["ingested"] == 1
            overlapped = overlapped or ingest.poll() is None
    assert overlapped, "the POSTs did not overlap the ingest"
    _out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err
    with open_store(store_location) as store:
        members = store.external_story_ids()
        counts = store.counts()
    assert sorted(members) == sorted(expected + [r["id"] for r in posted])
    assert counts["articles"] == len(expected) + len(posted)
