"""Paths to shared data and builders of hand-made articles for unit tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
