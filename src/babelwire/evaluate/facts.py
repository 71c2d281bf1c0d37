"""Fact-comparison quality: precision and recall of agree / differ / single rows on a gold set.

The gold (evalsets/facts-gold.jsonl, described in evalsets/README-facts.md) lists, per story,
its articles and every figure they report, grouped into rows labelled agree, differ or single;
each row is a list of [article, value] reports. Articles are named "demo:ID" (the demo corpus),
"facts:ID" (evalsets/facts-articles.jsonl) or "seeds:FILE" (the shared seed articles).

A predicted row matches a gold row when their sets of (article, value) reports overlap with a
Jaccard index of at least 0.5 (one-to-one, best overlap first). For each status, precision is
the share of predicted rows of that status matching a gold row of the same status, recall the
share of gold rows matched by a predicted row of their status. Predicted rows made only of
reports the gold marks `ignore` (a time of day, an age the gold does not count) are left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from babelwire.analyse.article import analyse_text
from babelwire.errors import InputError
from babelwire.models import Article, RawDocument
from babelwire.read.compare import STATUSES, ComparisonRow, Report, compare_reports
from babelwire.settings import Settings

MIN_JACCARD = 0.5
Pair = tuple[str, float]


@dataclass
class GoldStory:
    story: str
    split: str
    articles: list[str]
    rows: list[tuple[str, str, frozenset[Pair]]]  # (status, what, reports)
    ignore: frozenset[Pair] = frozenset()


@dataclass
class StatusScore:
    predicted: int = 0
    gold: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else math.nan

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else math.nan


@dataclass
class FactEvaluation:
    stories: int
    articles: int
    by_status: dict[str, StatusScore]
    errors: list[dict[str, Any]] = field(default_factory=list)  # missed and wrong rows

    def as_dict(self) -> dict[str, Any]:
        return {"stories": self.stories, "articles": self.articles,
                "by_status": {s: asdict(v) | {"precision": _number(v.precision),
                                              "recall": _number(v.recall)}
                              for s, v in self.by_status.items()},
                "errors": self.errors}


def _number(value: float) -> float | None:
    """NaN (no rows of a status) as JSON null."""
    return None if math.isnan(value) else value


def gold_value(value: Any) -> float:
    """Gold values: numbers, or dates as "--08-09" / "2020-08-09" (the claims' MMDD / YYYYMMDD)."""
    if isinstance(value, str):
        if value.isdigit():  # a year
            return float(value)
        parts = value.lstrip("-").split("-")
        if len(parts) == 2:
            return float(int(parts[0]) * 100 + int(parts[1]))
        if len(parts) == 3:
            return float(int(parts[0]) * 10000 + int(parts[1]) * 100 + int(parts[2]))
        raise InputError(f"gold value {value!r} is neither a number nor a date")
    return float(value)


def read_fact_gold(path: Path) -> list[GoldStory]:
    stories = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rows = [(row["status"], row.get("what", ""),
                     frozenset((str(a), gold_value(v)) for a, v in row["reports"]))
                    for row in record["rows"]]
            stories.append(GoldStory(record["story"], record.get("split", "dev"),
                                     list(record["articles"]), rows,
                                     frozenset((str(a), gold_value(v))
                                               for a, v in record.get("ignore", []))))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: malformed fact-gold record ({error})") from None
        if any(status not in STATUSES for status, _, _ in stories[-1].rows):
            raise InputError(f"{path}:{number}: a row status is not one of {STATUSES}")
    return stories


class ArticleSource:
    """Resolves "demo:ID", "facts:ID" and "seeds:FILE" to analysed articles (each analysed once)."""

    def __init__(self, demo: Path, facts: Path, seeds: Path, settings: Settings) -> None:
        self.records = {f"demo:{r['id']}": r for r in _jsonl(demo)}
        if facts.exists():
            self.records |= {f"facts:{r['id']}": r for r in _jsonl(facts)}
        self.seeds = seeds
        self.settings = settings
        self.cache: dict[str, Article] = {}

    def article(self, ref: str) -> Article:
        if ref not in self.cache:
            self.cache[ref] = self._analyse(ref)
        return self.cache[ref]

    def _analyse(self, ref: str) -> Article:
        if ref.startswith("seeds:"):
            from babelwire.ingest.files import read_inputs

            path = self.seeds / ref.removeprefix("seeds:")
            if not path.exists():
                raise InputError(f"seed article {path} not found (pass --seeds DIR)")
            document = next(iter(read_inputs([path])))
        elif ref in self.records:
            r = self.records[ref]
            document = RawDocument(origin=ref, text=r["text"], title=r.get("title", ""),
                                   lang_hint=r.get("lang"), source=r.get("source"))
        else:
            raise InputError(f"gold article {ref!r} is in no corpus")
        analysed = analyse_text(document, self.settings) if isinstance(
            document, RawDocument) else document
        if not isinstance(analysed, Article):
            raise InputError(f"gold article {ref!r} was rejected: {analysed}")
        return analysed


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def predicted_rows(story: GoldStory, source: ArticleSource, settings: Settings
                   ) -> list[ComparisonRow]:
    reports = [Report(index, article.lang, story.articles[index], claim)
               for index, ref in enumerate(story.articles)
               for article in [source.article(ref)] for claim in article.claims]
    return compare_reports(reports, settings)


def row_pairs(row: ComparisonRow, story: GoldStory) -> frozenset[Pair]:
    return frozenset((story.articles[r.article_id], gold_value(r.value)) for r in row.reports)


def _same(first: Pair, second: Pair) -> bool:
    return first[0] == second[0] and math.isclose(first[1], second[1], rel_tol=1e-6)


def _jaccard(first: frozenset[Pair], second: frozenset[Pair]) -> float:
    common = sum(1 for p in first if any(_same(p, q) for q in second))
    union = len(first) + len(second) - common
    return common / union if union else 0.0


def evaluate_facts(stories: list[GoldStory], source: ArticleSource, settings: Settings,
                   progress: Callable[[int], None] | None = None) -> FactEvaluation:
    scores = {status: StatusScore() for status in STATUSES}
    errors: list[dict[str, Any]] = []
    for story in stories:
        predicted = [(row, row_pairs(row, story))
                     for row in predicted_rows(story, source, settings)]
        predicted = [(row, pairs) for row, pairs in predicted
                     if not all(any(_same(p, q) for q in story.ignore) for p in pairs)]
        candidates = sorted(
            ((_jaccard(pairs, gold_pairs), i, j) for i, (_, pairs) in enumerate(predicted)
             for j, (_, _, gold_pairs) in enumerate(story.rows)), reverse=True)
        used_predicted: set[int] = set()
        used_gold: set[int] = set()
        for overlap, i, j in candidates:
            if overlap < MIN_JACCARD or i in used_predicted or j in used_gold:
                continue
            used_predicted.add(i)
            used_gold.add(j)
            if predicted[i][0].status == story.rows[j][0]:
                scores[story.rows[j][0]].matched += 1
            else:
                errors.append(_error("wrong status", story, predicted[i][0], story.rows[j]))
        for row, _ in predicted:
            scores[row.status].predicted += 1
        for j, gold_row in enumerate(story.rows):
            scores[gold_row[0]].gold += 1
            if j not in used_gold:
                errors.append(_error("missed", story, None, gold_row))
        for i, (row, _) in enumerate(predicted):
            if i not in used_predicted:
                errors.append(_error("not in gold", story, row, None))
        if progress:
            progress(1)
    return FactEvaluation(len(stories), sum(len(s.articles) for s in stories), scores, errors)


def _error(kind: str, story: GoldStory, row: ComparisonRow | None,
           gold: tuple[str, str, frozenset[Pair]] | None) -> dict[str, Any]:
    return {"kind": kind, "story": story.story,
            "predicted": None if row is None else f"{row.status} {row.label}: "
            + " / ".join(row.figures) + " [" + ", ".join(
                f"{r.lang} {r.as_written}" for r in row.reports) + "]",
            "gold": None if gold is None else f"{gold[0]} {gold[1]}: "
            + ", ".join(f"{a} {v:g}" for a, v in sorted(gold[2]))}
