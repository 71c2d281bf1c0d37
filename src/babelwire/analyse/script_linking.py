"""Across scripts inside one story: a name transliterated into Cyrillic, Greek, Japanese or
Chinese takes the Latin key that sounds the same.

Spelling keys meet across scripts only when the transliteration keeps the vowels ("Путин" and
"Putin"); many do not: "Сиэтл" is "sitl" and "Seattle" "seatl", "拜登" (bai-deng) is "bideng"
and "Biden" "biden", "特朗普" (te-lang-pu) is "telangp" and "Trump" "trump". Inside one story
the names are few, so a looser comparison is safe there that would merge strangers across the
whole archive: the *consonant skeleton* of both keys.

``skeleton`` drops the vowels (and i, which also stands for j and y), drops an r before a
consonant or at the end (Chinese and Japanese drop it: "Ardern" 阿德恩 a-de-en), conflates
what Chinese, Japanese and Russian transliteration conflate (l/r, m/n/ng, b/p, d/t, g/k),
collapses repeats and drops a final d after n (Chinese writes -land as 兰 lan). A non-Latin
name links only when its skeleton has three sounds or more and exactly one Latin key of the
story has that skeleton (for full names, with the same initial; a lone name prefers the one
lone Latin name to full names).

Latin names never link to each other here ("Paris" and "Paras" share a skeleton): only a
mention written in another script is re-keyed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from babelwire.analyse.keys import PERSON, surname_key
from babelwire.models import Mention

MIN_SKELETON = 3  # "rn" (Lenin) is too little to tell two names apart
_VOWELS = re.compile(r"[aeiouy]+")
_CODA_R = re.compile(r"r(?=[^aeiouy]|$)")
_SOUNDS = str.maketrans("lmbdgz", "rnptks")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Consonant skeleton of a one-word spelling key: "biden", "bideng" -> "ptn"."""
    text = key.replace("ng", "n").rstrip("~")
    text = _CODA_R.sub("", text)
    text = _REPEATS.sub(r"\1", _VOWELS.sub("", text).translate(_SOUNDS))
    return text[:-1] if text.endswith("nt") else text  # -land: 昆士兰 kun-shi-lan, Queensland


def is_latin(surface: str) -> bool:
    """Written in Latin letters (what the other scripts' names link to)."""
    letters = [char for char in surface if char.isalpha()]
    return bool(letters) and all(char.isascii() or "\u00c0" <= char <= "\u024f"
                                 for char in letters)


def _parts(key: str) -> tuple[str, str] | None:
    """(initial, surname) of a person key, ("", word) of a one-word key, None otherwise."""
    if "_" in key or "-" in key:
        return None
    if "." in key:
        return key.split(".", 1)[0], surname_key(key)
    return "", key


def script_links(mentions: Iterable[Mention], latin_keys: Iterable[str]) -> dict[str, str]:
    """Key of a non-Latin mention -> the one Latin key of the story that sounds the same.

    A lone non-Latin name ("拜登") may take a full name's key ("i.biden"); a full name
    ("l.pvanenstil") only one with the same initial.
    """
    by_sound: dict[str, set[str]] = {}
    for key in set(latin_keys):
        parts = _parts(key)
        if parts is not None and len(sound := skeleton(parts[1])) >= MIN_SKELETON:
            by_sound.setdefault(sound, set()).add(key)
    links: dict[str, str] = {}
    for mention in mentions:
        parts = _parts(mention.key)
        if is_latin(mention.surface) or parts is None or mention.key in links:
            continue
        initial, word = parts
        candidates = {key for key in by_sound.get(skeleton(word), ())
                      if key != mention.key and (not initial or key.startswith(initial + "."))}
        # a lone name prefers the lone Latin name ("Arizona" over "R-Arizona" read as a person)
        lone = {key for key in candidates if "." not in key}
        if len(lone) == 1 or (not lone and len(candidates) == 1):
            links[mention.key] = next(iter(lone or candidates))
    return links


def link_across_scripts(mentions: list[Mention], latin_keys: Iterable[str]) -> list[Mention]:
    """The mentions with their non-Latin names re-keyed by :func:`script_links`."""
    links = script_links(mentions, latin_keys)
    return [replace(m, key=links[m.key], kind=PERSON if "." in links[m.key] else m.kind)
            if m.key in links and not is_latin(m.surface) else m for m in mentions]
