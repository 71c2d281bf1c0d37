"""Paths to shared data and builders of hand-made articles for unit tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from babelwire.models import Article, Mention

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
NB_SEED = SEEDS / "000_1235fefb92e081bf.txt"
LV_SEED = SEEDS / "004_664d1deecabd42be.txt"

needs_shared = pytest.mark.skipif(not SEEDS.exists(), reason=f"shared data not found at {SHARED}")


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
