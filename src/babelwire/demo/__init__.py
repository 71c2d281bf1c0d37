"""The bundled demo corpus: invented multilingual news with gold story labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from babelwire.evaluate.metrics import bcubed, pairwise

DEMO_DIR = Path(__file__).parent


def demo_corpus_path() -> Path:
    return DEMO_DIR / "articles.jsonl"


def gold_labels(corpus: Path) -> dict[str, str]:
    """External article id -> gold story label."""
    labels = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            labels[str(record["id"])] = str(record["story"])
    return labels


class StoryIdsOfArticles(Protocol):
    def external_story_ids(self) -> dict[str, int]: ...


def score_against_gold(store: StoryIdsOfArticles, corpus: Path) -> dict[str, Any]:
    """How the stories in `store` (a store or the service) compare with the corpus's gold labels."""
    gold = gold_labels(corpus)
    predicted = {key: str(story) for key, story in store.external_story_ids().items()
                 if key in gold}
    gold = {k: v for k, v in gold.items() if k in predicted}
    b, p = bcubed(gold, predicted), pairwise(gold, predicted)
    return {"articles": len(gold), "gold_stories": len(set(gold.values())),
            "predicted_stories": len(set(predicted.values())),
            "bcubed_f1": b.f1, "bcubed_precision": b.precision, "bcubed_recall": b.recall,
            "pairwise_f1": p.f1}
