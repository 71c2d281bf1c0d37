"""Measure story quality on gold data: clustering sets and pair sets.

Clustering: gold articles are streamed through the real pipeline into a fresh SQLite file in
`published` order (ties by id), as a live system would see them, then compared with the gold
story labels. Pairs: each pair is scored with the same function the clusterer uses, and with
plain cosine as the baseline, against the gold similarity and same-story labels.
"""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babelwire.analyse.article import analyse_text, embed_articles
from babelwire.analyse.embed import Encoder
from babelwire.assembly import build_pipeline
from babelwire.cluster.model import pair_scores
from babelwire.evaluate.goldsets import GoldArticle, GoldPair
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
    roc_auc,
    worst_merges,
    worst_splits,
)
from babelwire.models import Article, RawDocument
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore

_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass
class ClusteringEvaluation:
    articles: int
    gold_stories: int
    predicted_stories: int
    bcubed: PRF
    pairwise: PRF
    crosslingual_pairwise: PRF
    bcubed_by_language: dict[str, PRF]
    worst_merges: list[dict[str, Any]]
    worst_splits: list[dict[str, Any]]
    not_clustered: dict[str, int]  # rejected or duplicate inputs, scored as singletons
    seconds: float
    articles_per_second: float
    stage_seconds: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PairEvaluation:
    pairs: int
    pearson: float
    pearson_crosslingual: float
    pearson_by_language_pair: dict[str, float]
    baseline_cosine_pearson: float
    baseline_cosine_pearson_crosslingual: float
    decision: PRF | None  # same-story decision at the settings' threshold(s)
    labelled_pairs: int
    roc_auc: float  # of the score for the same-story labels (nan without both classes)
    baseline_cosine_roc_auc: float
    seconds: float
    skipped: int = 0
    scores: list[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("scores")
        return data


def stream_order(article: GoldArticle) -> tuple[datetime, str]:
    return (article.published or _LATEST, article.id)


def to_document(article: GoldArticle) -> RawDocument:
    return RawDocument(origin=article.id, text=article.text, title=article.title,
                       url=article.url, source=article.source, published=article.published,
                       lang_hint=article.lang, external_id=article.id)


def evaluate_clustering(articles: Iterable[GoldArticle], encoder: Encoder,
                        settings: Settings | None = None, db_path: Path | None = None,
                        examples: int = 5,
                        progress: Callable[[int], None] | None = None) -> ClusteringEvaluation:
    settings = settings or Settings()
    gold_articles = sorted(articles, key=stream_order)
    if not gold_articles:
        raise ValueError("the gold set has no articles")
    with tempfile.TemporaryDirectory() as folder:
        path = db_path or Path(folder) / "evaluate.db"
        with SQLiteStore(path) as store:
            started = time.perf_counter()
            report = build_pipeline(store, settings, encoder).ingest(
                (to_document(a) for a in gold_articles), progress=progress)
            seconds = time.perf_counter() - started
            assigned = {key: str(story) for key, story in store.external_story_ids().items()}
    return score_clustering(gold_articles, assigned, seconds, report.stage_seconds, examples,
                            not_clustered={"rejected": report.rejected,
                                           "duplicates": report.duplicates})


def score_clustering(gold_articles: list[GoldArticle], assigned: dict[str, str],
                     seconds: float, stage_seconds: dict[str, float], examples: int = 5,
                     not_clustered: dict[str, int] | None = None) -> ClusteringEvaluation:
    gold = {a.id: a.story for a in gold_articles}
    predicted = {a.id: assigned.get(a.id, f"unclustered:{a.id}") for a in gold_articles}
    languages = {a.id: a.lang or "und" for a in gold_articles}
    titles = {a.id: a.title or a.text[:60] for a in gold_articles}
    return ClusteringEvaluation(
        articles=len(gold),
        gold_stories=len(set(gold.values())),
        predicted_stories=len(set(predicted.values())),
        bcubed=bcubed(gold, predicted),
        pairwise=pairwise(gold, predicted),
        crosslingual_pairwise=crosslingual_pairwise(gold, predicted, languages),
        bcubed_by_language=dict(sorted(bcubed_by_group(gold, predicted, languages).items())),
        worst_merges=_described(worst_merges(gold, predicted, examples), gold, titles),
        worst_splits=_described(worst_splits(gold, predicted, examples), gold, titles),
        not_clustered=not_clustered or {},
        seconds=round(seconds, 3),
        articles_per_second=round(len(gold) / seconds, 2) if seconds else 0.0,
        stage_seconds={k: round(v, 3) for k, v in stage_seconds.items()},
    )


def _described(errors: list[MergedCluster] | list[SplitStory], gold: dict[str, str],
               titles: dict[str, str]) -> list[dict[str, Any]]:
    """Each error with a title per gold story, so a person can see what went wrong."""
    title_of_story: dict[str, str] = {}
    for article_id, story in gold.items():
        title_of_story.setdefault(story, titles[article_id])
    described = []
    for error in errors:
        stories = ([story for story, _ in error.gold_stories] if isinstance(error, MergedCluster)
                   else [error.story])
        described.append(asdict(error) | {"gold_titles": {s: title_of_story.get(s, "")
                                                          for s in stories}})
    return described


def prepare_pair_articles(pairs: list[GoldPair], encoder: Encoder, settings: Settings
                          ) -> list[tuple[Article, Article]]:
    """Analyse and embed both sides of every pair (texts shared by pairs are done once)."""
    lenient = replace(settings, min_text_chars=1, min_language_confidence=0.0)
    cache: dict[tuple[str, str, str | None], Article] = {}

    def article_of(text: str, title: str, lang: str | None) -> Article:
        key = (title, text, lang)
        if key not in cache:
            analysed = analyse_text(RawDocument(origin="pair", text=text or title, title=title,
                                                lang_hint=lang), lenient)
            if not isinstance(analysed, Article):
                analysed = Article(text=text, title=title, lang=lang or "und", published=None,
                                   origin="pair", content_hash="")
            cache[key] = analysed
        return cache[key]

    prepared = [(article_of(p.text1, p.title1, p.lang1), article_of(p.text2, p.title2, p.lang2))
                for p in pairs]
    embed_articles(list(cache.values()), encoder, settings)
    return prepared


def evaluate_pairs(pairs: Iterable[GoldPair], encoder: Encoder,
                   settings: Settings | None = None, skipped: int = 0) -> PairEvaluation:
    settings = settings or Settings()
    pair_list = list(pairs)
    if not pair_list:
        raise ValueError("the pair set has no pairs")
    started = time.perf_counter()
    prepared = prepare_pair_articles(pair_list, encoder, settings)
    scores = pair_scores(prepared, settings)
    cosines = [float(a.vector @ b.vector) for a, b in prepared]  # type: ignore[operator]
    seconds = time.perf_counter() - started
    return _pair_figures(pair_list, scores, cosines, settings, seconds, skipped)


def _pair_figures(pairs: list[GoldPair], scores: list[float], cosines: list[float],
                  settings: Settings, seconds: float, skipped: int) -> PairEvaluation:
    graded = [i for i, p in enumerate(pairs) if p.similarity is not None]
    cross = [i for i in graded if pairs[i].lang1 != pairs[i].lang2]
    by_language_pair: dict[str, list[int]] = defaultdict(list)
    for i in graded:
        by_language_pair[f"{pairs[i].lang1}-{pairs[i].lang2}"].append(i)

    def correlation(values: list[float], indices: list[int]) -> float:
        return round(pearson([values[i] for i in indices],
                             [float(pairs[i].similarity or 0.0) for i in indices]), 4)

    labelled = [i for i, p in enumerate(pairs) if p.same_story is not None]
    gold_labels = [bool(pairs[i].same_story) for i in labelled]
    decision = decision_prf([scores[i] >= _pair_threshold(pairs[i], settings) for i in labelled],
                            gold_labels) if labelled else None
    return PairEvaluation(
        pairs=len(pairs),
        pearson=correlation(scores, graded),
        pearson_crosslingual=correlation(scores, cross),
        pearson_by_language_pair={k: correlation(scores, v)
                                   for k, v in sorted(by_language_pair.items()) if len(v) >= 10},
        baseline_cosine_pearson=correlation(cosines, graded),
        baseline_cosine_pearson_crosslingual=correlation(cosines, cross),
        decision=decision,
        labelled_pairs=len(labelled),
        roc_auc=round(roc_auc([scores[i] for i in labelled], gold_labels), 4),
        baseline_cosine_roc_auc=round(roc_auc([cosines[i] for i in labelled], gold_labels), 4),
        seconds=round(seconds, 2),
        skipped=skipped,
        scores=scores,
    )


def _pair_threshold(pair: GoldPair, settings: Settings) -> float:
    """The pair threshold when there is one, else the clusterer's for this situation (see
    `cluster.model.threshold_for`)."""
    if settings.threshold_pairs is not None:
        return settings.threshold_pairs
    cross = settings.threshold_crosslingual
    return cross if cross is not None and pair.lang1 != pair.lang2 else settings.threshold
