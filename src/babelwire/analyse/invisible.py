"""Characters that change no word but break matching: a soft hyphen or zero-width space inside
"Ukrai\u00adne" splits the name for the entity extractor and the content hash, and bidi
controls copied from RTL pages reorder what is shown around them. They are removed once, where
text enters analysis (and where names are compared), so every later stage sees plain text.

Kept on purpose: ZWNJ and ZWJ (U+200C, U+200D), which spell words in Persian and the Indic
scripts and join emoji."""

from __future__ import annotations

import re

INVISIBLE = re.compile(
    "[\u00ad"  # soft hyphen
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, isolates
    "\u200b\u2060\ufeff"  # zero-width space, word joiner, zero-width no-break space (BOM)
    "\u2061-\u2064]")  # invisible math operators


def strip_invisible(text: str) -> str:
    if text.isascii():  # every invisible character is outside ASCII; most names are inside
        return text
    return INVISIBLE.sub("", text)
