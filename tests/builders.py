"""Paths to shared data and builders of hand-made articles for unit tests."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from babelwire.models import Article, Mention

REPO = Path(__file__).resolve().parents[1]
# The shared data folder beside the repository; BABELWIRE_SHARED_DIR points elsewhere.
SHARED = Path(os.environ.get("BABELWIRE_SHARED_DIR") or REPO.parent / "shared")
SEEDS = SHARED / "seeds"
NB_SEED = SEEDS / "000_1235fefb92e081bf.txt"
LV_SEED = SEEDS / "004_664d1deecabd42be.txt"
SHARED_EVAL = SHARED / "eval"


def shared_data(*paths: Path) -> pytest.MarkDecorator:
    """Mark a test that reads these shared files: skipped where they are missing, failed under
    CI=true (conftest.py), so that CI never passes with the data tests silently skipped."""
    return pytest.mark.shared_data(*paths)


needs_shared = shared_data(NB_SEED, LV_SEED)


def unit(vector: list[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / np.linalg.norm(array)


T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def make_article(vector: np.ndarray, *, hours: float = 0.0, lang: str = "en",
                 keys: tuple[str, ...] = (), title: str = "t", text: str = "x",
                 dated: bool = True) -> Article:
    return Article(
        text=text, title=title, lang=lang,
        published=T0 + timedelta(hours=hours) if dated else None,
        origin="test", content_hash=f"{title}-{hours}-{lang}-{text}",
        mentions=[Mention(k, k, k, 0) for k in keys], vector=vector,
    )


def wait_for(condition: Callable[[], bool], what: str, deadline_s: float = 60.0) -> None:
    """Poll until `condition()`, failing (never hanging) after `deadline_s` seconds."""
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, f"still waiting, after {deadline_s:g} s, for {what}"
        time.sleep(0.05)


def demo_slice_database(encoder: Any, path: Path, stories: tuple[str, ...], left_out: set[str],
                        per_story: int) -> dict[str, set[int]]:
    """Up to `per_story` demo articles of each of `stories`, none in the `left_out` languages,
    ingested into a new database at `path`: gold label -> the stored stories holding them
    (clustering is not under test: two quakes may share a story on a small slice)."""
    from babelwire.demo import demo_corpus_path
    from babelwire.ingest.files import document_from_record
    from babelwire.pipeline import Pipeline
    from babelwire.store import open_store

    records = [json.loads(line) for line in
               demo_corpus_path().read_text(encoding="utf-8").splitlines()]
    chosen: list[dict[str, Any]] = []
    for record in records:
        if (record["story"] in stories and record["lang"] not in left_out
                and sum(r["story"] == record["story"] for r in chosen) < per_story):
            chosen.append(record)
    with open_store(path) as store:
        Pipeline(store, encoder).ingest([document_from_record(r, "demo") for r in chosen])
        story_of = {row["url"]: int(row["story_id"]) for row in store.export_articles(None)}
    found: dict[str, set[int]] = {}
    for record in chosen:
        found.setdefault(record["story"], set()).add(story_of[record["url"]])
    return found
