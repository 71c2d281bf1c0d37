"""Clustering and pair-decision metrics, as pure functions over plain mappings.

A clustering is a mapping ``item id -> cluster label``. Every metric takes the gold clustering first
and the predicted one second, and both must label exactly the same items.

Degenerate cases follow one convention throughout (pairwise, cross-lingual pairwise and binary
decisions): when nothing was predicted positive, precision is 1.0 (no claim was made, so none is
wrong); when nothing is positive in the gold, recall is 1.0 (nothing was there to find). Thus two
all-singleton clusterings score 1.0, as identical clusterings must, and predicting pairs where the
gold has none scores precision 0.0. F1 is 0.0 whenever precision + recall is 0.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total > 0 else 0.0)

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class MergedCluster:
    """A predicted cluster that mixes several gold stories."""

    cluster: str
    size: int
    gold_stories: tuple[tuple[str, int], ...]  # (story, items of it here), largest first


@dataclass(frozen=True)
class SplitStory:
    """A gold story whose items ended up in several predicted clusters."""

    story: str
    size: int
    # (cluster, items of the story in it), largest first
    predicted_clusters: tuple[tuple[str, int], ...]


def _check_same_items(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> None:
    if gold.keys() == predicted.keys():
        return
    only_gold = sorted(set(gold) - set(predicted))
    only_predicted = sorted(set(predicted) - set(gold))
    raise ValueError(
        "gold and predicted must label the same items: "
        f"{len(only_gold)} only in gold (e.g. {only_gold[:3]}), "
        f"{len(only_predicted)} only in predicted (e.g. {only_predicted[:3]})"
    )


def _ratio(numerator: int, denominator: int) -> float:
    """numerator / denominator, with the module's convention that an empty denominator gives 1.0."""
    return numerator / denominator if denominator else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def bcubed(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> PRF:
    """BCubed precision, recall and F1 (Amigó, Gonzalo, Artiles & Verdejo 2009).

    An item's precision is the share of its predicted cluster (itself included) that shares its
    gold story; its recall is the share of its gold story (itself included) in its predicted
    cluster. Both are averaged over all items; F1 is the harmonic mean of the two averages.
    """
    return _bcubed_over(gold, predicted, None)


def bcubed_by_group(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], group: Mapping[str, str]
) -> dict[str, PRF]:
    """BCubed per group (e.g. language).

    Each item's precision and recall are computed against the whole clustering (clusters span all
    groups); only the averaging is restricted to the items of one group.
    """
    _check_same_items(gold, predicted)
    missing = [item for item in gold if item not in group]
    if missing:
        raise ValueError(f"{len(missing)} items have no group (e.g. {sorted(missing)[:3]})")
    return {
        name: _bcubed_over(gold, predicted, group, name)
        for name in sorted(set(group[i] for i in gold))
    }


def _bcubed_over(
    gold: Mapping[str, Hashable],
    predicted: Mapping[str, Hashable],
    group: Mapping[str, str] | None,
    only: str | None = None,
) -> PRF:
    _check_same_items(gold, predicted)
    if not gold:
        raise ValueError("cannot score an empty clustering")
    # Every item of a (predicted, gold) cell has the same precision n_cell/|cluster| and recall
    # n_cell/|story|, so the averages come from counts alone, in linear time.
    cell_size = Counter((predicted[item], gold[item]) for item in gold)
    cluster_size = Counter(predicted.values())
    story_size = Counter(gold.values())
    cell_members: Counter[tuple[Hashable, Hashable]] = (
        cell_size
        if group is None
        else Counter((predicted[item], gold[item]) for item in gold if group[item] == only)
    )
    counted = sum(cell_members.values())
    precision = sum(
        members * cell_size[cell] / cluster_size[cell[0]] for cell, members in cell_members.items()
    )
    recall = sum(
        members * cell_size[cell] / story_size[cell[1]] for cell, members in cell_members.items()
    )
    return PRF.of(precision / counted, recall / counted)


def _pair_counts(
    gold: Mapping[str, Hashable],
    predicted: Mapping[str, Hashable],
    lang: Mapping[str, str] | None,
) -> tuple[int, int, int]:
    """(pairs together in both, pairs together in predicted, pairs together in gold).

    With ``lang``, only pairs of items in different languages count: within any set of items they
    are all pairs minus the same-language pairs, which again needs only counts.
    """

    def together(label: Mapping[str, Hashable] | None = None) -> int:
        def key(item: str) -> Hashable:
            return (predicted[item], gold[item]) if label is None else label[item]

        sizes = Counter(key(item) for item in gold)
        pairs = sum(_pairs(n) for n in sizes.values())
        if lang is not None:
            pairs -= sum(_pairs(n) for n in Counter((key(i), lang[i]) for i in gold).values())
        return pairs

    return together(), together(predicted), together(gold)


def pairwise(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> PRF:
    """Pairwise precision/recall/F1 over unordered item pairs (as in Miranda et al. 2018).

    Precision: share of pairs placed together that share a gold story; recall: share of gold
    same-story pairs placed together. Computed from contingency counts (sums of C(n, 2)), so it runs
    in linear time. Degenerate cases: see the module docstring.
    """
    _check_same_items(gold, predicted)
    both, in_predicted, in_gold = _pair_counts(gold, predicted, None)
    return PRF.of(_ratio(both, in_predicted), _ratio(both, in_gold))


def crosslingual_pairwise(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], lang: Mapping[str, str]
) -> PRF:
    """Pairwise P/R/F1 counting only pairs of items in different languages."""
    _check_same_items(gold, predicted)
    missing = [item for item in gold if item not in lang]
    if missing:
        raise ValueError(f"{len(missing)} items have no language (e.g. {sorted(missing)[:3]})")
    both, in_predicted, in_gold = _pair_counts(gold, predicted, lang)
    return PRF.of(_ratio(both, in_predicted), _ratio(both, in_gold))


def decision_prf(pred: Sequence[bool], gold: Sequence[bool]) -> PRF:
    """P/R/F1 of binary same-story decisions (True = same story); degenerate cases as above."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} decisions for {len(gold)} gold labels")
    true_positives = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    return PRF.of(
        _ratio(true_positives, sum(map(bool, pred))), _ratio(true_positives, sum(map(bool, gold)))
    )


def roc_auc(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """Probability that a random positive outscores a random negative (ties count half);
    nan without both classes."""
    if len(scores) != len(gold):
        raise ValueError(f"{len(scores)} scores for {len(gold)} gold labels")
    values = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(gold, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return math.nan
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    start = 0
    while start < len(values):  # average ranks over ties
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; nan with fewer than 2 points, a constant side, or any nan input."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} x values for {len(ys)} y values")
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    if len(x) < 2 or np.isnan(x).any() or np.isnan(y).any():
        return math.nan
    # Exact equality test: centring a constant array can leave rounding noise that would pass for
    # variance and yield a meaningless correlation.
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    dx = x - x.mean()
    dy = y - y.mean()
    r = float(np.dot(dx, dy) / math.sqrt(float(np.dot(dx, dx)) * float(np.dot(dy, dy))))
    return max(-1.0, min(1.0, r))


def _composition(
    outer: Mapping[str, Hashable], inner: Mapping[str, Hashable]
) -> dict[Hashable, Counter[Hashable]]:
    """For each label of ``outer``, how many of its items carry each label of ``inner``."""
    parts: dict[Hashable, Counter[Hashable]] = defaultdict(Counter)
    for item, label in outer.items():
        parts[label][inner[item]] += 1
    return parts


def _ranked(parts: Counter[Hashable]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (str(label), n) for label, n in sorted(parts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    )


def worst_merges(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], k: int = 10
) -> list[MergedCluster]:
    """The k predicted clusters mixing the most gold stories (ties: larger clusters first)."""
    _check_same_items(gold, predicted)
    merged = [
        MergedCluster(str(cluster), sum(stories.values()), _ranked(stories))
        for cluster, stories in _composition(predicted, gold).items()
        if len(stories) > 1
    ]
    merged.sort(key=lambda m: (-len(m.gold_stories), -m.size, m.cluster))
    return merged[:k]


def worst_splits(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], k: int = 10
) -> list[SplitStory]:
    """The k gold stories spread over the most predicted clusters (ties: larger stories first)."""
    _check_same_items(gold, predicted)
    split = [
        SplitStory(str(story), sum(clusters.values()), _ranked(clusters))
        for story, clusters in _composition(gold, predicted).items()
        if len(clusters) > 1
    ]
    split.sort(key=lambda s: (-len(s.predicted_clusters), -s.size, s.story))
    return split[:k]
