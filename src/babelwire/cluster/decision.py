"""The clusterer's decision without scoring the candidates that cannot win (issue 24, item 9).

Most candidates an article is offered (ten by centroid, ten by shared names) are far from it:
their neutral cosine alone, with every other weighed feature at the end of its range that
raises the score, keeps the probability under the threshold. Those are not scored further;
the others are scored in full, exactly as `OnlineClusterer.predict_one` scores them, so the
story chosen and its score are the same (tests/test_cluster_decision.py). The margins need
every candidate's neutral cosine, which is computed for all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from babelwire.cluster.conflicts import event_conflict
from babelwire.cluster.features import (
    NEUTRAL_KNOTS,
    ONLY_IN_FULL_ROWS,
    ArticleSide,
    with_basis,
)
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.model import (
    lowest_threshold_for,
    probability,
    threshold_for,
    weighed_features,
)
from babelwire.cluster.scoring import EntityRarity, StoryProfile
from babelwire.models import Article
from babelwire.settings import Settings

_EPSILON = 1e-6  # rounding room around a range's ends (a float32 cosine may pass 1 by an ulp)
_UNIT = (-_EPSILON, 1.0 + _EPSILON)
# The range of each feature not known before it is computed (features.py): cosines, shares
# and 0/1 flags, overlaps (weighted shares of keys), and the gap up to its cap.
FEATURE_RANGES: dict[str, Callable[[Settings], tuple[float, float]]] = {
    **{name: (lambda _: (-1.0 - _EPSILON, 1.0 + _EPSILON))
       for name in ("cos_centroid", "cos_nearest")},
    **{name: (lambda _: _UNIT)
       for name in ("entity_overlap", "person_overlap", "place_overlap", "organisation_overlap",
                    "fact_overlap", "date_conflict", "no_shared_evidence",
                    "entity_disagreement", "gap_unknown", "same_script",
                    "entity_overlap_cross")},
    "gap_days": lambda settings: (-_EPSILON, settings.max_gap_days + _EPSILON),
}
# Never skip a candidate whose bound is this close to the threshold (on the log-odds scale).
_SAFETY = 1e-6


def decide(article: Article, candidates: Sequence[tuple[int, StoryProfile]],
           rarity: EntityRarity, means: LanguageMeans, settings: Settings
           ) -> tuple[int, float]:
    """(story id, score) of the best candidate that clears its threshold, or (-1, 0.0)."""
    side = ArticleSide(article, rarity, means)
    stories = [story for _, story in candidates]
    # what every candidate needs (the neutral cosines, for the margins, and the bound) as
    # arrays over the candidates; then the few that may clear their threshold, one by one
    neutral = side.neutral_cosines(stories)
    margin = margins_of(neutral)
    same_language = np.array([story.language_counts[article.lang] / story.size
                              for story in stories])
    # skipped by a threshold the story's core can only raise (read for the few kept)
    lowest = [lowest_threshold_for(article, story, settings) for story in stories]
    logits = {threshold: _logit(threshold) - _SAFETY for threshold in set(lowest)}
    floors = np.array([logits[threshold] for threshold in lowest])
    bound, wanted, basis = _model_parts(settings)
    bounds = bound.many(neutral, margin, same_language)
    best_id, best_score = -1, 0.0
    for index in np.flatnonzero(~(bounds < floors)).tolist():  # the others cannot clear it
        story_id, story = candidates[index]
        values = side.features(story, settings.max_gap_days, wanted, float(neutral[index]))
        values["margin_neutral"] = float(margin[index])
        score = probability(with_basis(values) if basis else values, settings)
        if (score >= threshold_for(article, story, settings) and score > best_score
                and event_conflict(article, story, score) is None):
            best_id, best_score = story_id, score
    return best_id, best_score


_last_model: tuple[Settings, LogitBound, frozenset[str], bool] | None = None


def _model_parts(settings: Settings) -> tuple[LogitBound, frozenset[str], bool]:
    """The bound, the weighed features and whether the basis features are needed, for the
    settings (frozen) of the last call: the same for every article of a stream."""
    global _last_model
    last = _last_model
    if last is None or last[0] is not settings:
        wanted = weighed_features(settings)
        basis = bool(ONLY_IN_FULL_ROWS.intersection(wanted))  # as `candidate_features` does
        last = _last_model = (settings, LogitBound(settings), wanted, basis)
    return last[1], last[2], last[3]


def margins_of(neutral: np.ndarray) -> np.ndarray:
    """`features.margins` over an array: each value minus the best other one (floored at 0),
    by the same subtractions, so equal to the last bit."""
    if len(neutral) == 0:
        return np.zeros(0)
    if len(neutral) == 1:
        return neutral - 0.0
    first, second = np.argsort(-neutral, kind="stable")[:2].tolist()
    margin = neutral - max(float(neutral[first]), 0.0)
    margin[first] = neutral[first] - max(float(neutral[second]), 0.0)
    return margin


class LogitBound:
    """An upper bound of a candidate's log-odds: the features known before scoring exactly,
    every other weighed one at the end of its range that raises the score (+inf when one has
    no known range). The ranged part is the same for every candidate: summed once."""

    def __init__(self, settings: Settings) -> None:
        self.weights = {name: weight for name, weight in settings.weights.items()
                        if name in _KNOWN_BEFORE_SCORING}
        ranged = 0.0
        for name, weight in settings.weights.items():
            if name in _KNOWN_BEFORE_SCORING:
                continue
            if name not in FEATURE_RANGES:
                ranged = math.inf
                break
            low, high = FEATURE_RANGES[name](settings)
            ranged += max(weight * low, weight * high)
        self.constant = settings.bias + ranged
        self.basis = not _BEFORE_BASIS.issuperset(self.weights)

    def many(self, neutral: np.ndarray, margin: np.ndarray, same_language: np.ndarray
             ) -> np.ndarray:
        """The bound of every candidate at once (`__call__` of each, up to float rounding)."""
        exact = {"cos_neutral": neutral, "margin_neutral": margin,
                 "same_language": same_language,
                 "cos_neutral_cross": neutral * (1.0 - same_language)}
        if self.basis:
            exact["margin_positive"] = np.maximum(0.0, margin)
            for knot in NEUTRAL_KNOTS:
                exact[f"cos_neutral_over_{knot}"] = np.maximum(0.0, neutral - knot)
        total = np.full(len(neutral), self.constant)
        for name, weight in self.weights.items():
            total += weight * exact[name]
        return total

    def __call__(self, article: Article, story: StoryProfile, neutral: float, margin: float
                 ) -> float:
        same_language = story.language_counts[article.lang] / story.size
        exact = {"cos_neutral": neutral, "margin_neutral": margin,
                 "same_language": same_language,
                 "cos_neutral_cross": neutral * (1.0 - same_language)}
        if self.basis:
            exact["margin_positive"] = max(0.0, margin)
            for knot in NEUTRAL_KNOTS:
                exact[f"cos_neutral_over_{knot}"] = max(0.0, neutral - knot)
        return self.constant + sum(weight * exact[name] for name, weight in self.weights.items())


_BEFORE_BASIS = frozenset(("cos_neutral", "margin_neutral", "same_language",
                           "cos_neutral_cross"))
_KNOWN_BEFORE_SCORING = _BEFORE_BASIS | {"margin_positive",
                                         *(f"cos_neutral_over_{knot}" for knot in NEUTRAL_KNOTS)}


def _logit(threshold: float) -> float:
    """The log-odds of the threshold; -inf (skip nothing) for thresholds so near 0 or 1 that
    rounding in the probability could matter more than the safety margin."""
    if not _SAFETY < threshold < 1.0 - _SAFETY:
        return -math.inf
    return math.log(threshold / (1.0 - threshold))
