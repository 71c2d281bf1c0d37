"""Training material from the development splits only: stories, graded pairs, labelled pairs.

Held-out splits (`goldsets.split_holdout`, the ones `babelwire evaluate --split holdout` and
bench/evaluate_all.py report) never enter; a further slice of the SemEval development pairs is
kept aside to choose the number of epochs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babelwire.analyse.embed import text_to_embed
from babelwire.analyse.language import detect_language
from babelwire.demo import demo_corpus_path
from babelwire.evaluate import goldsets, pairsets
from babelwire.evaluate.goldsets import GoldArticle, GoldPair

VALIDATION_SEED = "babelwire-encoder-validation-v1"
EMBED_MAX_CHARS = 600  # Settings.embed_max_chars: train on the text the pipeline embeds


@dataclass
class TrainingSet:
    texts: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    story_of: list[str] = field(default_factory=list)  # one label per text: a story or a pair
    stories: dict[str, list[int]] = field(default_factory=dict)  # story -> its texts (2 or more)
    graded: list[tuple[int, int, float]] = field(default_factory=list)  # similarity in [0, 1]
    validation: list[tuple[int, int, float]] = field(default_factory=list)

    def add(self, title: str, text: str, lang: str | None, story: str) -> int:
        body = text_to_embed(title or "", text, EMBED_MAX_CHARS)
        self.texts.append(body)
        self.langs.append(lang or detect_language(body).lang or "und")
        self.story_of.append(story)
        self.stories.setdefault(story, []).append(len(self.texts) - 1)
        return len(self.texts) - 1

    def add_articles(self, articles: Iterable[GoldArticle], prefix: str) -> None:
        for article in articles:
            self.add(article.title, article.text, article.lang, f"{prefix}:{article.story}")

    def add_pair(self, pair: GoldPair, prefix: str) -> tuple[int, int]:
        same = bool(pair.same_story) or (pair.similarity or 0.0) >= SAME_STORY_SIMILARITY
        story = f"{prefix}:{pair.id}"
        first = self.add(pair.title1, pair.text1, pair.lang1, story if same else f"{story}:a")
        second = self.add(pair.title2, pair.text2, pair.lang2, story if same else f"{story}:b")
        return first, second

    def positive_stories(self) -> list[list[int]]:
        return [members for members in self.stories.values() if len(members) > 1]


# SemEval Overall 1.5 or better (similarity >= 5/6): both articles report the same event.
SAME_STORY_SIMILARITY = 5.0 / 6.0


def development_material(shared_eval: Path, repo_evalsets: Path) -> TrainingSet:
    material = TrainingSet()
    ours = [a for path in (demo_corpus_path(), repo_evalsets / "gold-extension.jsonl")
            for a in goldsets.read_babelwire_jsonl(path)]
    material.add_articles(_development(ours, by_story=True), "ours")
    wmt = list(goldsets.read_wmt_docs(shared_eval / "wmt-news-docs.jsonl", strict=False))
    material.add_articles(_development(wmt, by_story=True), "wmt")
    semeval = list(pairsets.read_semeval2022_pairs(
        shared_eval / "semeval2022-pairs" / "pairs.csv", strict=False))
    train_pairs, validation_pairs = goldsets.split_holdout(
        _development(semeval, by_story=False), fraction=0.2, seed=VALIDATION_SEED)
    for pair in train_pairs:
        first, second = material.add_pair(pair, "semeval")
        material.graded.append((first, second, float(pair.similarity or 0.0)))
    for pair in validation_pairs:
        first, second = material.add_pair(pair, "semeval-validation")
        material.validation.append((first, second, float(pair.similarity or 0.0)))
    telegram = [p for path in sorted((shared_eval / "tgcontest-pairs").glob("*.tsv"))
                for p in pairsets.read_tgcontest_pairs(path) if p.same_story is not None]
    for pair in _development(telegram, by_story=False):
        first, second = material.add_pair(pair, "telegram")
        material.graded.append((first, second, 1.0 if pair.same_story else 0.0))
    return material


def _development(items: list, by_story: bool) -> list:
    development, _held_out = goldsets.split_holdout(
        items, key=(lambda item: item.story) if by_story else None)
    return development
