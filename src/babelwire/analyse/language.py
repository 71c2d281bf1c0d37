"""Language identification with the model shipped inside py3langid (offline)."""

from __future__ import annotations

import lzma
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from itertools import islice
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from babelwire.cachedir import cache_dir

# py3langid predates the Bokmål/Nynorsk split in its main label; news is nearly always Bokmål.
# Its varieties and ancient forms are, in news, the standard language written the same way:
# short Mandarin texts come out as Wu ("wuu"), Arabic as Egyptian or Moroccan, Latvian as
# Latgalian, English as Nigerian Pidgin; analysed as such they get no names and no dates.
_LABEL_ALIASES = {"no": "nb", "wuu": "zh", "yue": "zh", "arz": "ar", "ary": "ar", "ltg": "lv",
                  "grc": "el", "hbo": "he", "pcm": "en"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    lang: str | None  # ISO 639-1, or None when it could not be identified
    confidence: float


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model, read from an unpacked copy cached on disk: its shipped file is
    LZMA-compressed (68 MB unpacked), and unpacking it took 1.5-2.5 s of every cold start.
    The arrays are kept one file each and memory-mapped: reading and copying the 68 MB took
    another 0.2 s, and a text only touches the rows of the features it has."""
    try:
        return _from_arrays(_array_folder(_unpacked_model()))
    except (OSError, ValueError, KeyError):  # no cache folder, or another model layout
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _array_folder(unpacked: Path) -> Path:
    """The unpacked model's arrays, one .npy file each (written whole or not at all)."""
    folder = unpacked.with_name(unpacked.stem + "-arrays")
    if folder.is_dir():
        return folder
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, suffix=".tmp"))
    try:
        with np.load(unpacked, allow_pickle=False) as data:
            for name in _ARRAYS:
                np.save(temporary / f"{name}.npy", data[name], allow_pickle=False)
        os.replace(temporary, folder)
    except OSError:
        if not folder.is_dir():  # not another process that wrote it first
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return folder


def _from_arrays(folder: Path) -> LanguageIdentifier:
    """What py3langid's own loader builds: the same arrays, mapped rather than read."""
    def mapped(name: str) -> np.ndarray:
        return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)

    return LanguageIdentifier(
        mapped("ptc"), np.array(mapped("pc")), mapped("classes").tolist(),
        mapped("nextmove").data, mapped("out_feat").tolist(), norm_probs=True,
        tk_row=mapped("nextmove_row").data)


def _unpacked_model() -> Path:
    """The shipped model, unpacked once per py3langid version (written whole or not at all)."""
    path = cache_dir() / "langid" / f"py3langid-{version('py3langid')}-model.npz"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as target, lzma.open(MODEL_DIR / MODEL_FILE) as source:
            shutil.copyfileobj(source, target, length=1 << 20)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def detect_language(text: str, min_confidence: float = 0.5,
                    sample_chars: int = 3000) -> LanguageGuess:
    """Guess the language of `text`; `lang` is None below `min_confidence`.

    Only the first `sample_chars` characters are read: more costs time and never changes
    the answer for a news article.
    """
    sample = text[:sample_chars]
    if sum(1 for _ in islice(_LETTERS.finditer(sample), 20)) < 20:  # stops at the 20th
        return LanguageGuess(None, 0.0)
    label, confidence = _identifier().classify(sample)
    if confidence < min_confidence:
        return LanguageGuess(None, float(confidence))
    return LanguageGuess(_LABEL_ALIASES.get(label, label), float(confidence))


def normalise_language_code(code: str | None) -> str | None:
    """Turn a user-supplied hint ("NO", "nb-NO", "lv_LV") into a bare lowercase code."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if not re.fullmatch(r"[a-z]{2,3}", base):
        return None
    return _LABEL_ALIASES.get(base, base)


# Languages the model confuses with each other on short texts: between them the hint wins.
_CLOSE_GROUPS = [{"nb", "nn", "no", "da", "sv"}, {"ru", "uk", "be", "bg", "mk", "sr"},
                 {"hr", "sr", "bs", "sl"}, {"cs", "sk"}, {"es", "ca", "gl", "pt"},
                 {"id", "ms"}, {"lv", "lt"}]


def resolve_language(hint: str | None, guess: LanguageGuess,
                     overrule_confidence: float = 0.99) -> str | None:
    """A hint (record field, feed setting) is trusted unless the text is confidently in an
    unrelated language: a Norwegian item in a feed configured as English is still Norwegian."""
    if hint is None:
        return guess.lang
    if guess.lang is None or guess.lang == hint or guess.confidence < overrule_confidence:
        return hint
    if any(hint in group and guess.lang in group for group in _CLOSE_GROUPS):
        return hint
    return guess.lang
