"""Does a same-story projection of the vectors beat the language-neutral cosine? Dev splits only.

A linear discriminant view: articles of one story (our set and WMT dev stories, SemEval dev pairs
rated the same event, Telegram dev positives) are classes; directions along which the members of
a class differ (language, outlet, wording) are shrunk, directions along which articles in general
differ (topic, place, actors) are kept. Whitening by the within-story scatter, regularised toward
the identity by `alpha`, is the family measured; `alpha` = infinity is the neutral cosine itself.

Every figure is out of fold: SemEval and Telegram pairs are scored by a projection fitted without
their fold (folds by pair id, `tune.fold_of`), WMT retrieval by one fitted without their story.

Usage: python bench/projection_cv.py --prepared FILE.pkl   (the pickle of bench/score_model_cv.py)
Writes bench/results/projection_cv.json.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.cluster.language_means import LanguageMeans
from babelwire.evaluate.metrics import pearson, roc_auc
from babelwire.evaluate.tune import FOLDS, all_articles, fold_of, language_means_of
from score_model_cv import load

REPO = Path(__file__).resolve().parents[1]
ALPHAS = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def neutral_of(articles: list[Any], means: LanguageMeans) -> dict[int, np.ndarray]:
    return {id(a): means.neutral(a.vector, a.lang) for a in articles}


def classes_by_fold(streams: list[Any], pair_sets: list[Any], neutral: dict[int, np.ndarray]
                    ) -> list[tuple[int, np.ndarray]]:
    """(fold, member vectors) of every same-story class with two members or more."""
    classes: list[tuple[int, np.ndarray]] = []
    for stream in streams:
        members: dict[str, list[np.ndarray]] = defaultdict(list)
        for article, story in zip(stream.articles, stream.stories, strict=True):
            members[story].append(neutral[id(article)])
        for story, vectors in members.items():
            if len(vectors) > 1:
                classes.append((fold_of(f"{stream.name}:{story}"), np.stack(vectors)))
    for pairs in pair_sets:
        for gold, (a, b) in zip(pairs.pairs, pairs.articles, strict=True):
            if gold.same_story:
                classes.append((fold_of(f"{pairs.name}:{gold.id}"),
                                np.stack([neutral[id(a)], neutral[id(b)]])))
    return classes


def whitening(classes: list[np.ndarray], alpha: float) -> np.ndarray:
    """(S_w / trace + alpha I)^(-1/2): within-story directions shrunk, others kept."""
    dim = classes[0].shape[1]
    scatter = np.zeros((dim, dim))
    for members in classes:
        centred = members - members.mean(axis=0)
        scatter += centred.T @ centred
    scatter /= np.trace(scatter) / dim
    values, vectors = np.linalg.eigh(scatter + alpha * np.eye(dim))
    return (vectors / np.sqrt(values)) @ vectors.T


def projected_cosine(transform: np.ndarray | None, a: np.ndarray, b: np.ndarray) -> float:
    if transform is not None:
        a, b = transform @ a, transform @ b
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def evaluate(alpha: float | None, streams: list[Any], pair_sets: list[Any],
             neutral: dict[int, np.ndarray], classes: list[tuple[int, np.ndarray]]
             ) -> dict[str, float]:
    transforms = [None if alpha is None else whitening(
        [m for f, m in classes if f != fold], alpha) for fold in range(FOLDS)]
    figures: dict[str, float] = {}
    for pairs in pair_sets:
        scores, gold, similarity, cross = [], [], [], []
        for pair, (a, b) in zip(pairs.pairs, pairs.articles, strict=True):
            transform = transforms[fold_of(f"{pairs.name}:{pair.id}")]
            scores.append(projected_cosine(transform, neutral[id(a)], neutral[id(b)]))
            gold.append(pair.same_story)
            similarity.append(pair.similarity)
            cross.append(a.lang != b.lang)
        labelled = [i for i, g in enumerate(gold) if g is not None]
        figures[f"{pairs.name}_auc"] = roc_auc([scores[i] for i in labelled],
                                               [bool(gold[i]) for i in labelled])
        if pairs.name == "semeval2022":
            figures["semeval_pearson"] = pearson(scores, similarity)
            across = [i for i, c in enumerate(cross) if c]
            figures["semeval_pearson_cross"] = pearson([scores[i] for i in across],
                                                       [similarity[i] for i in across])
    wmt = next(s for s in streams if s.name == "wmt")
    figures["wmt_recall_at_1"] = retrieval(wmt, neutral, transforms)
    return {k: round(v, 4) for k, v in figures.items()}


def retrieval(stream: Any, neutral: dict[int, np.ndarray], transforms: list[Any]) -> float:
    """Share of articles whose nearest other-language article is of their own story."""
    stories = np.array(stream.stories)
    langs = np.array([a.lang for a in stream.articles])
    base = np.stack([neutral[id(a)] for a in stream.articles])
    hits, total = 0, 0
    for fold in range(FOLDS):
        transform = transforms[fold]
        view = base if transform is None else base @ transform.T
        view = view / np.linalg.norm(view, axis=1, keepdims=True)
        similarity = view @ view.T
        for i, story in enumerate(stories):
            if fold_of(f"{stream.name}:{story}") != fold:
                continue
            others = (langs != langs[i])
            if not (others & (stories == story)).any():
                continue
            row = np.where(others, similarity[i], -np.inf)
            hits += int(stories[int(np.argmax(row))] == story)
            total += 1
    return hits / total if total else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--prepared", type=Path, required=True)
    args = parser.parse_args()
    streams, pair_sets = load(args.shared, args.prepared)
    articles = all_articles(streams, pair_sets)
    priors = language_means_of(articles)
    means = LanguageMeans.with_priors(len(articles[0].vector), priors)
    neutral = neutral_of(articles, means)
    classes = classes_by_fold(streams, pair_sets, neutral)
    table: dict[str, Any] = {"neutral cosine": evaluate(None, streams, pair_sets, neutral, classes)}
    print("neutral cosine", table["neutral cosine"], flush=True)
    for alpha in ALPHAS:
        name = f"within-story whitening, alpha {alpha}"
        table[name] = evaluate(alpha, streams, pair_sets, neutral, classes)
        print(name, table[name], flush=True)
    out = REPO / "bench" / "results" / "projection_cv.json"
    out.write_text(json.dumps({"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/projection_cv.py", "folds": FOLDS,
                               "classes": len(classes), "variants": table}, indent=2) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main()
