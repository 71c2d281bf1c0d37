from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.evaluate.metrics import (
    PRF,
    MergedCluster,
    SplitStory,
    bcubed,
    bcubed_by_group,
    crosslingual_pairwise,
    decision_prf,
    pairwise,
    pearson,
    worst_merges,
    worst_splits,
)

# gold: stories X = {a, b, c}, Y = {d, e}; predicted: {a, b} and {c, d, e}
GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
PREDICTED = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "2"}


def close(result: PRF, precision: float, recall: float) -> bool:
    expected = PRF.of(precision, recall)
    return all(
        math.isclose(x, y)
        for x, y in zip(result.as_dict().values(), expected.as_dict().values(), strict=True)
    )


def test_bcubed_hand_computed() -> None:
    # precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3; recall: a 2/3, b 2/3, c 1/3, d 1, e 1
    assert close(bcubed(GOLD, PREDICTED), 11 / 15, 11 / 15)


def test_bcubed_singletons_and_all_in_one() -> None:
    singletons = {item: item for item in GOLD}
    assert close(bcubed(GOLD, singletons), 1.0, (3 * (1 / 3) + 2 * (1 / 2)) / 5)
    one = dict.fromkeys(GOLD, "all")
    assert close(bcubed(GOLD, one), (3 * 3 / 5 + 2 * 2 / 5) / 5, 1.0)
    assert bcubed(GOLD, GOLD) == PRF(1.0, 1.0, 1.0)


def test_bcubed_amigo_constraints() -> None:
    """The four formal constraints that Amigó et al. 2009 show BCubed satisfies, on small cases."""
    # Cluster homogeneity: splitting a cluster that mixes two stories raises precision.
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    mixed = bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 1})
    separated = bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2})
    assert separated.precision > mixed.precision
    # Cluster completeness: merging two clusters of the same story raises recall.
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    apart = bcubed(gold, {"a": 1, "b": 2, "c": 3, "d": 4})
    together = bcubed(gold, {"a": 1, "b": 1, "c": 3, "d": 4})
    assert together.recall > apart.recall
    # Rag bag: noise put into a mixed cluster hurts less than into a clean one.
    gold = {"c1": "A", "c2": "A", "c3": "A", "r1": "B", "r2": "C", "r3": "D", "n": "E"}
    into_clean = bcubed(gold, {"c1": 1, "c2": 1, "c3": 1, "n": 1, "r1": 2, "r2": 2, "r3": 2})
    into_rag_bag = bcubed(gold, {"c1": 1, "c2": 1, "c3": 1, "r1": 2, "r2": 2, "r3": 2, "n": 2})
    assert into_rag_bag.precision > into_clean.precision
    # Size vs quantity: splitting off one item of a big story costs less than breaking small ones.
    gold = {f"big{i}": "B" for i in range(6)} | {"s1": "S", "s2": "S", "t1": "T", "t2": "T"}
    perfect = dict(gold)
    split_big = perfect | {"big0": "alone"}
    split_small = perfect | {"s1": "alone1", "t1": "alone2"}
    assert bcubed(gold, split_big).f1 > bcubed(gold, split_small).f1


def test_pairwise_hand_computed() -> None:
    # gold pairs: 3 + 1; predicted pairs: 1 + 3; shared: (a,b) and (d,e)
    assert close(pairwise(GOLD, PREDICTED), 0.5, 0.5)
    singletons = {item: item for item in GOLD}
    assert pairwise(GOLD, singletons) == PRF(1.0, 0.0, 0.0)
    assert close(pairwise(GOLD, dict.fromkeys(GOLD, "all")), 4 / 10, 1.0)


def test_pairwise_degenerate_cases() -> None:
    singletons = {"a": "1", "b": "2"}
    assert pairwise(singletons, singletons) == PRF(1.0, 1.0, 1.0)
    assert pairwise(singletons, {"a": "1", "b": "1"}) == PRF(0.0, 1.0, 0.0)
    assert pairwise({}, {}) == PRF(1.0, 1.0, 1.0)


def test_different_item_sets_are_rejected() -> None:
    with pytest.raises(ValueError, match="only in gold"):
        bcubed({"a": "1", "b": "1"}, {"a": "1"})
    with pytest.raises(ValueError, match="same items"):
        pairwise({"a": "1"}, {"z": "1"})
    with pytest.raises(ValueError, match="empty"):
        bcubed({}, {})


def test_bcubed_by_group_averages_each_group_over_the_whole_clustering() -> None:
    lang = {"a": "en", "b": "en", "c": "de", "d": "de", "e": "de"}
    by_lang = bcubed_by_group(GOLD, PREDICTED, lang)
    assert set(by_lang) == {"en", "de"}
    assert close(by_lang["en"], 1.0, 2 / 3)  # a and b: precision 1, recall 2/3
    assert close(by_lang["de"], (1 / 3 + 2 / 3 + 2 / 3) / 3, (1 / 3 + 1 + 1) / 3)
    with pytest.raises(ValueError, match="no group"):
        bcubed_by_group(GOLD, PREDICTED, {"a": "en"})


def test_crosslingual_pairwise_hand_computed() -> None:
    lang = {"a": "en", "b": "de", "c": "en", "d": "en", "e": "de"}
    # cross-lingual gold pairs: (a,b) (b,c) (d,e) -> 3; predicted: (a,b) (c,e) (d,e) -> 3; shared 2
    assert close(crosslingual_pairwise(GOLD, PREDICTED, lang), 2 / 3, 2 / 3)


def test_decision_prf() -> None:
    pred = [True, True, False, False, True]
    gold = [True, False, True, False, True]
    assert close(decision_prf(pred, gold), 2 / 3, 2 / 3)
    assert decision_prf([False, False], [False, False]) == PRF(1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        decision_prf([True], [True, False])


def test_pearson() -> None:
    assert math.isclose(pearson([1, 2, 3], [2, 4, 6]), 1.0)
    assert math.isclose(pearson([1, 2, 3], [3, 2, 1]), -1.0)
    assert math.isclose(pearson([1, 2, 3, 4], [1, 3, 2, 4]), 0.8)
    assert math.isnan(pearson([1.0], [2.0]))
    assert math.isnan(pearson([0.1] * 7, [1, 2, 3, 4, 5, 6, 7]))
    assert math.isnan(pearson([1, 2, math.nan], [1, 2, 3]))
    with pytest.raises(ValueError):
        pearson([1, 2], [1, 2, 3])


def test_worst_merges_and_splits() -> None:
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Z", "e": "Z", "f": "W"}
    predicted = {"a": "1", "b": "2", "c": "2", "d": "2", "e": "3", "f": "4"}
    assert worst_merges(gold, predicted, 5) == [
        MergedCluster("2", 3, (("X", 1), ("Y", 1), ("Z", 1)))
    ]
    assert worst_splits(gold, predicted, 5) == [
        SplitStory("X", 2, (("1", 1), ("2", 1))),
        SplitStory("Z", 2, (("2", 1), ("3", 1))),
    ]
    assert worst_splits(gold, predicted, 1) == [SplitStory("X", 2, (("1", 1), ("2", 1)))]


# --- properties -----------------------------------------------------------------------------

labels = st.lists(st.integers(0, 4), min_size=1, max_size=25)


@st.composite
def clusterings(draw: st.DrawFn) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    gold_labels = draw(labels)
    n = len(gold_labels)
    predicted_labels = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    langs = draw(st.lists(st.sampled_from(["en", "de", "ru"]), min_size=n, max_size=n))
    items = [f"i{k}" for k in range(n)]
    return (
        dict(zip(items, gold_labels, strict=True)),
        dict(zip(items, predicted_labels, strict=True)),
        dict(zip(items, langs, strict=True)),
    )


def brute_force_pairs(gold: dict[str, int], predicted: dict[str, int], keep: object = None) -> PRF:
    both = in_predicted = in_gold = 0
    for i, j in itertools.combinations(sorted(gold), 2):
        if callable(keep) and not keep(i, j):
            continue
        same_predicted = predicted[i] == predicted[j]
        same_gold = gold[i] == gold[j]
        both += same_predicted and same_gold
        in_predicted += same_predicted
        in_gold += same_gold
    return PRF.of(both / in_predicted if in_predicted else 1.0, both / in_gold if in_gold else 1.0)


def brute_force_bcubed(gold: dict[str, int], predicted: dict[str, int]) -> PRF:
    precision = recall = 0.0
    for i in gold:
        cluster = [j for j in gold if predicted[j] == predicted[i]]
        story = [j for j in gold if gold[j] == gold[i]]
        precision += sum(gold[j] == gold[i] for j in cluster) / len(cluster)
        recall += sum(predicted[j] == predicted[i] for j in story) / len(story)
    return PRF.of(precision / len(gold), recall / len(gold))


def all_close(a: PRF, b: PRF) -> bool:
    return all(
        math.isclose(x, y, abs_tol=1e-12)
        for x, y in zip(a.as_dict().values(), b.as_dict().values(), strict=True)
    )


@given(clusterings())
def test_scores_lie_in_unit_interval(
    case: tuple[dict[str, int], dict[str, int], dict[str, str]],
) -> None:
    gold, predicted, lang = case
    scores = [
        bcubed(gold, predicted),
        pairwise(gold, predicted),
        crosslingual_pairwise(gold, predicted, lang),
    ]
    scores += bcubed_by_group(gold, predicted, lang).values()
    for score in scores:
        assert all(0.0 <= value <= 1.0 for value in score.as_dict().values())


@given(clusterings())
def test_identical_clusterings_score_one(
    case: tuple[dict[str, int], dict[str, int], dict[str, str]],
) -> None:
    gold, _, lang = case
    perfect = PRF(1.0, 1.0, 1.0)
    assert all_close(bcubed(gold, gold), perfect)
    assert pairwise(gold, gold) == perfect
    assert crosslingual_pairwise(gold, gold, lang) == perfect


@given(clusterings(), st.permutations(range(5)), st.permutations(range(5)))
def test_renaming_labels_changes_nothing(
    case: tuple[dict[str, int], dict[str, int], dict[str, str]],
    gold_renaming: list[int],
    predicted_renaming: list[int],
) -> None:
    gold, predicted, lang = case
    renamed_gold = {i: f"g{gold_renaming[label]}" for i, label in gold.items()}
    renamed_predicted = {i: f"p{predicted_renaming[label]}" for i, label in predicted.items()}
    assert all_close(bcubed(gold, predicted), bcubed(renamed_gold, renamed_predicted))
    assert pairwise(gold, predicted) == pairwise(renamed_gold, renamed_predicted)
    assert crosslingual_pairwise(gold, predicted, lang) == crosslingual_pairwise(
        renamed_gold, renamed_predicted, lang
    )


@given(clusterings())
def test_contingency_counts_match_brute_force(
    case: tuple[dict[str, int], dict[str, int], dict[str, str]],
) -> None:
    gold, predicted, lang = case
    assert all_close(pairwise(gold, predicted), brute_force_pairs(gold, predicted))
    assert all_close(
        crosslingual_pairwise(gold, predicted, lang),
        brute_force_pairs(gold, predicted, lambda i, j: lang[i] != lang[j]),
    )
    assert all_close(bcubed(gold, predicted), brute_force_bcubed(gold, predicted))


def test_pairwise_scales_to_100k_items() -> None:
    gold = {f"i{k}": k // 7 for k in range(100_000)}
    predicted = {f"i{k}": k // 5 for k in range(100_000)}
    result = pairwise(gold, predicted)
    assert 0.0 < result.f1 < 1.0


def test_roc_auc_counts_ties_half_and_needs_both_classes():
    from babelwire.evaluate.metrics import roc_auc

    assert roc_auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert roc_auc([0.1, 0.9], [True, False]) == 0.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
    assert math.isnan(roc_auc([0.5, 0.4], [True, True]))


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=2, max_size=40))
def test_roc_auc_matches_counting_pairs(items):
    from babelwire.evaluate.metrics import roc_auc

    scores = [s for s, _ in items]
    gold = [g for _, g in items]
    positives = [s for s, g in items if g]
    negatives = [s for s, g in items if not g]
    if not positives or not negatives:
        assert math.isnan(roc_auc(scores, gold))
        return
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    assert roc_auc(scores, gold) == pytest.approx(wins / (len(positives) * len(negatives)))
