"""Every threshold and weight of the pipeline, in one place, with its reason.

The pair-score weights are a logistic model over the features in `cluster.features.FEATURES`;
they are fitted on labelled data by `babelwire tune` (see BENCHMARKS.md for the data and the
figures), never edited by hand to make one example pass.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

# Written by `babelwire tune --write-defaults`, with the command and data that produced it.
TUNED_FILE = Path(__file__).with_name("tuned.json")
# Starting point before any tuning (and the fallback if tuned.json is absent).
UNTUNED_WEIGHTS: dict[str, float] = {
    "cos_centroid": 10.0,
    "cos_nearest": 10.0,
    "entity_overlap": 4.0,
    "fact_overlap": 2.0,
    "gap_days": -0.6,
    "same_language": -1.0,
}  # features missing here weigh 0
UNTUNED_BIAS = -18.0
UNTUNED_THRESHOLD = 0.5


def _tuned_defaults() -> dict[str, Any]:
    if not TUNED_FILE.exists():
        return {}
    data: dict[str, Any] = json.loads(TUNED_FILE.read_text(encoding="utf-8"))
    return data


_TUNED = _tuned_defaults()
DEFAULT_WEIGHTS: dict[str, float] = _TUNED.get("weights", UNTUNED_WEIGHTS)
DEFAULT_BIAS: float = _TUNED.get("bias", UNTUNED_BIAS)
DEFAULT_THRESHOLD: float = _TUNED.get("threshold", UNTUNED_THRESHOLD)
DEFAULT_THRESHOLD_CROSSLINGUAL: float | None = _TUNED.get("threshold_crosslingual")
DEFAULT_THRESHOLD_PAIRS: float | None = _TUNED.get("threshold_pairs")
# The encoder whose vectors the shipped model (weights, language means) was fitted on.
FITTED_ENCODER: str | None = _TUNED.get("language_means", {}).get("encoder")


@dataclass(frozen=True)
class Settings:
    # Analysis
    min_text_chars: int = 100  # shorter texts carry too little to place in a story
    min_language_confidence: float = 0.5  # below it the language is "unknown" and the text rejected
    embed_max_chars: int = 600  # title + lead; see embed.text_to_embed and BENCHMARKS.md
    embed_batch_size: int = 16

    # Clustering
    window_days: float = 3.0  # a story stops accepting articles this long after its last one
    vector_candidates: int = 10  # stories fetched by centroid similarity
    entity_candidates: int = 10  # stories fetched by shared rare entity keys
    members_kept: int = 12  # recent member vectors kept per story for nearest-member similarity
    threshold: float = DEFAULT_THRESHOLD  # same-story probability needed to join a story
    # ... to join a story with no article in the article's language (None: `threshold`)
    threshold_crosslingual: float | None = DEFAULT_THRESHOLD_CROSSLINGUAL
    # ... to call two articles judged alone one story (pair sets: no rival stories, no stream;
    # picked by `tune` on the dev pair sets; None: the clusterer's thresholds)
    threshold_pairs: float | None = DEFAULT_THRESHOLD_PAIRS
    max_gap_days: float = 14.0  # the time-gap feature is clipped here
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    bias: float = DEFAULT_BIAS

    # Fact comparison (read/compare.py; evaluated on evalsets/facts-gold.jsonl, README-facts.md)
    fact_exact_tolerance: float = 0.01  # two exact figures within 1 % agree (774 / 780 do not)
    fact_bound_span: float = 0.5  # "more than 100,000" covers 100,000 to 150,000
    fact_percent_span: float = 5.0  # "over 80 %" covers 80 to 85 % (points, not a ratio)
    fact_about_tolerance: float = 0.1  # "about 2,000" covers 1,800 to 2,200
    fact_differ_max_ratio: float = 3.0  # figures further apart count different things

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**data)

    @classmethod
    def load(cls, path: str | Path) -> Settings:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")
