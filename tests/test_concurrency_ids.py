"""Issue 24.6 across writers: two processes ingest records with the same `id`s but different
texts at the same time, both past their first look at the store before either commits. The
store's check inside the write lease (one transaction with the inserts) stores each id once
and refuses the other text as `conflicting-id`, recorded; nothing is lost. SQLite and
PostgreSQL, real processes."""

from __future__ import annotations

import json
import time
from pathlib import Path

from babelwire.store import open_store
from test_concurrency import VOCABULARY, start

# Each writer says when its first chunk is analysed and checked against the store (embedding
# comes after that look), then waits for the other: both looked before either stored.
WRITER = """
import sys, time
from pathlib import Path
from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.pipeline import Pipeline
from babelwire.store import open_store

location, path = sys.argv[1], sys.argv[2]
ready, go = Path(path + ".ready"), Path(path).parent / "go"

class MeetingEncoder(HashingEncoder):
    def encode_passages(self, texts):
        ready.touch()
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return super().encode_passages(texts)

with open_store(location) as store:
    report = Pipeline(store, MeetingEncoder()).ingest(list(read_inputs([path])))
print(report.ingested, report.rejected, *sorted({r.reason for r in report.rejections}))
"""

COUNT = 20


def write_texts(path: Path, writer: int) -> None:
    """The same ids for every writer; each writer's own texts."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(COUNT):
            words = " ".join(VOCABULARY[(n * 3 + k * (writer + 2)) % len(VOCABULARY)]
                             for k in range(25))
            handle.write(json.dumps({
                "id": f"shared-{n}", "title": f"Writer {writer} on item {n}", "lang": "en",
                "text": f"Writer {writer} reports item {n} in its own words: {words}.",
            }) + "\n")


def test_two_writers_one_id_two_texts_stored_once_and_refused_once(store_location: str,
                                                                   tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    files = [tmp_path / f"w{writer}.jsonl" for writer in range(2)]
    for writer, path in enumerate(files):
        write_texts(path, writer)
    open_store(store_location).close()  # created (migrated) before the race
    processes = [start(store_location, script, path) for path in files]
    deadline = time.monotonic() + 120
    while not all(Path(f"{path}.ready").exists() for path in files):
        for process in processes:
            assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the writers never reached their embedding step"
        time.sleep(0.02)
    (tmp_path / "go").touch()
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(out.split())
    # One writer stored all twenty, the other had all twenty refused as conflicting ids.
    assert sorted(outputs) == [["0", str(COUNT), "conflicting-id"], [str(COUNT), "0"]]
    with open_store(store_location) as store:
        assert sorted(store.external_story_ids()) == sorted(f"shared-{n}" for n in range(COUNT))
        assert store.counts()["articles"] == COUNT
        refused = [r for r in store.list_rejections() if r["reason"] == "conflicting-id"]
    assert len(refused) == COUNT  # recorded, with where each came from: nothing lost silently
    assert len({r["origin"] for r in refused}) == COUNT
