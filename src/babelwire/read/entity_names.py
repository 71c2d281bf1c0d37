"""How an entity is shown: a stable display name and its kind, from all its mentions.

Pure functions over (display form, language) pairs, so the name does not depend on the order
in which articles arrived ("Mičels Bačeleta" or "Michelle Bachelet") nor on the store.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

KINDS = ("person", "place", "organisation", "other")


def is_latin(text: str) -> bool:
    """Every letter of text is in the Latin script."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(char, "") for char in letters)


def display_name(forms: Iterable[tuple[str, str]]) -> str:
    """The name to show for an entity, from its mentions' (display form, language) pairs.

    The most used full form (the most words), preferring Latin script, then forms written in
    English articles (the most widely read spelling), then the most used; ties go to the
    alphabetically first form, so the result never depends on ingest order.
    """
    counts: Counter[str] = Counter()
    english: Counter[str] = Counter()
    for form, lang in forms:
        form = " ".join(form.split())
        if not form:
            continue
        counts[form] += 1
        english[form] += lang == "en"
    if not counts:
        return ""
    latin = [form for form in counts if is_latin(form)]
    longest = max(len(form.split()) for form in latin or counts)

    def rank(form: str) -> tuple[bool, bool, int, int, str]:
        return (not is_latin(form), len(form.split()) < longest, -english[form], -counts[form],
                form)

    return min(counts, key=rank)


def entity_kind(kinds: Iterable[str]) -> str:
    """The most common specific kind among the mentions ("other" only if nothing else)."""
    counts = Counter(kind for kind in kinds if kind in KINDS and kind != "other")
    if not counts:
        return "other"
    return min(counts, key=lambda kind: (-counts[kind], KINDS.index(kind)))
