"""Names in Chinese text: transliterated foreign names and places before an admin suffix.

* Foreign names are written with a middle dot between their parts ("乔·拜登"). When the article
  writes the Latin name in brackets right after ("乔·拜登 (Joe Biden)") that name gives the key,
  so the Chinese and the Latin mention meet in every article; otherwise the key is the pinyin
  of the parts after the first dot, pinyin letters read as English spells the sounds.
* Chinese has no spaces: the titles before a name ("美国总统", "参议员") and the words run on
  after it ("拜登哀叹未能") are cut as frequent words (wordfreq), which the syllables of
  transliterations are not; a glossed name's last part tells where unglossed ones end.
* Each part of two characters or more found alone elsewhere in the article ("拜登说") takes
  the full name's key.
* An undotted name right before a Latin gloss takes the gloss's key too ("布洛涅
  (Boulogne-sur-Mer)"), there and wherever the article writes it again.
* A transliterated name (no frequent word inside) before 州 or 省 ("亚利桑那州") is a place,
  keyed by its pinyin; it meets its Latin name inside a story (:mod:`.script_linking`). 市
  stays out: it begins too many words ("进入市场", enter the market).
"""

from __future__ import annotations

import re
from typing import Any

from anyascii import anyascii

from babelwire.analyse.entity_words import CONNECTORS
from babelwire.analyse.keys import OTHER, PERSON, PLACE, span_key
from babelwire.analyse.names import zipf
from babelwire.analyse.spelling import name_key

_DOTTED_HAN = re.compile(r"[一-龯]+(?:[·・‧•][一-龯]+)+")
_CHINESE_PLACE = re.compile(r"([一-龯]{2,6}?)(州|省)(?![一-龯]{0,1}[市州省])")
_LATIN_GLOSS = re.compile(r"\s*[（(]\s*([A-Za-z][A-Za-z .'’-]{1,60}?)\s*[）)]")
_GLOSS_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_GLOSSED_HAN = re.compile(r"([一-龯]{2,12})(?=\s*[（(]\s*[A-Za-z])")
_DOTS = re.compile(r"[·・‧•=＝]")


def chinese_mentions(text: str, taken: list[tuple[int, int]], add: Any) -> None:
    """Names and places of Chinese text, given to add(start, end, surface, key, kind)."""
    _chinese_names(text, taken, add)
    for match in _GLOSSED_HAN.finditer(text):
        # "港口布洛涅 (Boulogne-sur-Mer)": an undotted name glossed in Latin takes its key,
        # here and wherever the article writes it again
        gloss = _LATIN_GLOSS.match(text, match.end())
        name = _after_last_word(match.group(1))[-MAX_PART:]
        key = gloss_key(gloss.group(1)) if gloss else ""
        if key and len(name) >= 2 and _sounds_foreign(name):
            kind = PERSON if "." in key else OTHER
            for found in re.finditer(re.escape(name), text):
                add(found.start(), found.end(), name, key, kind)
    for match in _CHINESE_PLACE.finditer(text):
        # "亚利桑那州", "武汉市": the name before a state, province or city suffix, after
        # the last ordinary word ("在武汉市" is "in Wuhan")
        stem = _after_last_word(match.group(1))
        while stem and any(begin < match.end(1) and match.end(1) - len(stem) < end
                           for begin, end in taken):
            stem = stem[1:]  # "澳大利亚昆士兰州": Australia is a place of its own
        if len(stem) >= 2 and _sounds_foreign(stem):  # "进入市场" (enter the market) is none
            add(match.end(1) - len(stem), match.end(2), stem + match.group(2),
                name_key(anyascii(stem), "en"), PLACE)


def _chinese_names(text: str, taken: list[tuple[int, int]], add: Any) -> None:
    """Dotted transliterated names ("乔·拜登"), keyed by the Latin name the article writes in
    brackets right after ("乔·拜登 (Joe Biden)") or else by the parts after the first dot, and
    their parts of two characters or more written alone elsewhere in the article ("拜登说")."""
    chains = [(start, parts, _LATIN_GLOSS.match(text, start + len("·".join(parts))))
              for start, parts in _dotted_chains(text)]
    # a glossed name ends at its bracket: its last part tells where unglossed ones end
    glossed = {parts[-1]: gloss_key(gloss.group(1)) for _, parts, gloss in chains if gloss}
    surnames: dict[str, str] = {}
    for chain_start, (first, *rest), gloss in chains:
        # Chinese writes titles right before the name ("美国总统乔·拜登") and runs on after
        # it ("拜登哀叹未能"): frequent words come off both ends
        kept_first = _after_last_word(first)[-5:]
        start = chain_start + len(first) - len(kept_first)
        while any(start < end and begin < chain_start + len(first) for begin, end in taken):
            start += 1
        if start >= chain_start + len(first):
            continue
        if not gloss:
            known = next((name for name in glossed if rest[-1].startswith(name)), None)
            rest[-1] = known or _trim_words(rest[-1], from_start=False)[:MAX_PART]
        end = chain_start + len("·".join((first, *rest)))
        key = (gloss_key(gloss.group(1)) if gloss else glossed.get(rest[-1], "")) or "_".join(
            pinyin_key(part) for part in rest)
        add(start, end, text[start:end], key, PERSON)
        for part in {kept_first, rest[-1]}:  # "温迪" or "罗杰斯" alone: the same person
            if len(part) >= 2:  # a famous one is a frequent word too ("列宁"): no veto
                surnames.setdefault(part, key)
    for part, key in surnames.items():
        for found in re.finditer(re.escape(part), text):
            add(found.start(), found.end(), part, key, PERSON)


MAX_PART = 6  # characters of one part of a transliterated name ("米什乌斯廷" has five)


def _dotted_chains(text: str) -> list[tuple[int, list[str]]]:
    """(start, parts) of each dotted run, split where a middle part is too long to be one
    name part ("温迪·罗杰斯周日称呼新西兰总理杰辛达·阿德恩" holds two names)."""
    chains = []
    for match in _DOTTED_HAN.finditer(text):
        parts = _DOTS.split(match.group())
        start, current = match.start(), [parts[0]]
        for position, part in enumerate(parts[1:], 1):
            current.append(part)
            if position < len(parts) - 1 and len(part) > MAX_PART:
                chains.append((start, current))
                start += len("·".join(current)) - len(part)
                current = [part]
        chains.append((start, current))
    return [(start, parts) for start, parts in chains if len(parts) >= 2]


COMMON_CHINESE_WORD_ZIPF = 2.8  # "总统", "哀叹", "未能": no part of a transliterated name
# Titles before a name are very frequent ("总理" 5.1, "参议员" 4.3); pieces of transliterations
# that the word list knows stay below ("米尔" 4.0, "伊尔" 3.7)
TITLE_ZIPF = 4.2
FUNCTION_CHARACTER_ZIPF = 6.0  # "的", "他", "说"; 斯, 尔, 马 of transliterations stay below


def _sounds_foreign(name: str) -> bool:
    """No frequent word inside: a transliteration ("布洛涅"), not the end of a translated
    name ("组织" of "世界卫生组织 (WHO)", which would give every "organisation" WHO's key)."""
    return all(zipf(name[at:at + size], "zh") < TITLE_ZIPF
               for size in (2, 3, len(name)) for at in range(len(name) - size + 1))


def _after_last_word(part: str) -> str:
    """What follows the last frequent word of the part: the given name after the titles."""
    for cut in range(len(part) - 1, 0, -1):
        for size in (3, 2, 1):
            word = part[max(0, cut - size):cut]
            floor = FUNCTION_CHARACTER_ZIPF if size == 1 else TITLE_ZIPF
            if len(word) == size and zipf(word, "zh") >= floor:
                return part[cut:]
    return part


def _trim_words(part: str, from_start: bool, keep: int = 2) -> str:
    """The part less the frequent words at one end, keeping at least `keep` characters."""
    trimmed = True
    while trimmed:
        trimmed = False
        for size in (3, 2, 1):
            word = part[:size] if from_start else part[-size:]
            floor = FUNCTION_CHARACTER_ZIPF if size == 1 else COMMON_CHINESE_WORD_ZIPF
            if len(part) - size >= keep and zipf(word, "zh") >= floor:
                part = part[size:] if from_start else part[:-size]
                trimmed = True
                break
    return part


_PINYIN = {"x": "s", "q": "ch", "zh": "j", "c": "ts"}
_PINYIN_LETTERS = re.compile("zh|[xqc]")


def pinyin_key(han: str) -> str:
    """Key of a Chinese transliteration by its pinyin, pinyin's letters read as English
    spells the sounds ("逊" xun -> "sun", "乔" qiao -> "chiao"), so the consonants meet the
    Latin name's (:mod:`.script_linking`)."""
    latin = _PINYIN_LETTERS.sub(lambda m: _PINYIN[m.group()], anyascii(han).lower())
    return name_key(latin, "en")


def gloss_key(gloss: str) -> str:
    """Key of a Latin name written in brackets after a CJK one, "" unless it looks like a
    name (capitalised words only: "Joe Biden", not "the president")."""
    words = [word for word in _GLOSS_WORD.findall(gloss) if word not in CONNECTORS]
    if not words or not all(word[:1].isupper() for word in words):
        return ""
    return span_key(words, "en")[0]
