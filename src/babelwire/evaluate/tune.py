"""Fit the same-story model on labelled data, repeatably: `babelwire tune`.

1. Training rows: each gold clustering set is streamed in order through the clusterer with
   gold assignments ("oracle" stream); every candidate story the index offers an article
   gives one row of features, labelled 1 if it is the article's gold story. Labelled pair
   sets add one row per pair (an article against a story of one).
2. A logistic regression (L2, Newton's method) over those rows gives the weights and bias.
3. The threshold is picked by the mean BCubed F1 of real (non-oracle) clustering runs over
   the clustering sets, on a grid.
Only the development split of each set is used; the held-out split is for reporting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from babelwire.analyse.embed import Encoder
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.scoring import FEATURES, EntityRarity, StoryProfile, features
from babelwire.evaluate.goldsets import GoldArticle, GoldPair
from babelwire.evaluate.metrics import bcubed
from babelwire.evaluate.runner import prepare_pair_articles, stream_order, to_document
from babelwire.models import Article
from babelwire.settings import Settings

THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.1, 0.91, 0.05))


@dataclass
class LabelledStream:
    """Analysed, embedded articles of one gold set in stream order, with their gold stories."""

    name: str
    articles: list[Article]
    stories: list[str]


@dataclass
class TuneResult:
    settings: Settings
    rows: int
    positives: int
    threshold_scores: dict[float, float]  # threshold -> mean BCubed F1 over the sets


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


def oracle_rows(stream: LabelledStream, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Features of each article against each candidate story, following the gold stories."""
    clusterer = OnlineClusterer(len(stream.articles[0].vector), settings)  # type: ignore[arg-type]
    story_of_label: dict[str, int] = {}
    rows, labels = [], []
    for article, label in zip(stream.articles, stream.stories, strict=True):
        clusterer.advance_clock(article)  # expire exactly as learn_one does
        gold_story = story_of_label.get(label)
        candidates = clusterer.candidates(article)
        if gold_story in clusterer.active.profiles and gold_story not in candidates:
            candidates.append(gold_story)
        for story_id in candidates:
            values = features(article, clusterer.active.profiles[story_id], clusterer.rarity,
                              settings)
            rows.append([values[name] for name in FEATURES])
            labels.append(story_id == gold_story)
        story_of_label[label] = clusterer.assign_to(article, gold_story).story_id
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES)), np.array(labels, float)


def pair_feature_matrix(pairs: Sequence[GoldPair], encoder: Encoder, settings: Settings
                        ) -> np.ndarray:
    """Features of each pair (one article against a story of the other), averaged over both
    directions as `scoring.pair_score` does; one row per pair, columns in FEATURES order."""
    prepared = prepare_pair_articles(list(pairs), encoder, settings)
    rarity = EntityRarity()
    for article in {id(a): a for pair in prepared for a in pair}.values():
        rarity.learn(article.entity_keys)
    rows = []
    for a, b in prepared:
        forward = features(a, StoryProfile.of_article(b), rarity, settings)
        backward = features(b, StoryProfile.of_article(a), rarity, settings)
        rows.append([(forward[n] + backward[n]) / 2 for n in FEATURES])
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def pair_rows(pairs: Sequence[GoldPair], encoder: Encoder, settings: Settings
              ) -> tuple[np.ndarray, np.ndarray]:
    labelled = [p for p in pairs if p.same_story is not None]
    return (pair_feature_matrix(labelled, encoder, settings),
            np.array([bool(p.same_story) for p in labelled], float))


def fit_logistic(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None,
                 l2: float = 1e-3, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised, weighted logistic regression (Newton's method)."""
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


def cluster_stream(stream: LabelledStream, settings: Settings) -> dict[str, str]:
    """Article id -> predicted story, clustering in memory exactly as the pipeline does."""
    clusterer = OnlineClusterer(len(stream.articles[0].vector), settings)  # type: ignore[arg-type]
    return {str(a.external_id): str(clusterer.learn_one(a).story_id) for a in stream.articles}


def stream_bcubed_f1(stream: LabelledStream, settings: Settings) -> float:
    predicted = cluster_stream(stream, settings)
    gold = {str(a.external_id): s for a, s in zip(stream.articles, stream.stories, strict=True)}
    return bcubed(gold, predicted).f1


def tune(streams: Sequence[LabelledStream], pair_sets: Sequence[tuple[np.ndarray, np.ndarray]],
         base: Settings | None = None) -> TuneResult:
    base = base or Settings()
    parts = [oracle_rows(s, base) for s in streams] + list(pair_sets)
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    # Each set counts equally, however many rows it yields (WMT alone would drown the others).
    sample_weight = np.concatenate([np.full(len(p[1]), len(y) / (len(parts) * max(1, len(p[1]))))
                                    for p in parts])
    weights, bias = fit_logistic(x, y, sample_weight)
    fitted = replace(base, weights={n: round(float(w), 4) for n, w in zip(FEATURES, weights,
                                                                            strict=True)},
                     bias=round(bias, 4))
    scores = {t: float(np.mean([stream_bcubed_f1(s, replace(fitted, threshold=t))
                                for s in streams])) for t in THRESHOLD_GRID}
    best = max(scores, key=lambda t: (round(scores[t], 4), -abs(t - 0.5)))
    return TuneResult(replace(fitted, threshold=best), len(y), int(y.sum()), scores)
