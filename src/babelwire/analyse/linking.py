"""Inside one article, a lone surname or given name stands for the full name written there.

"Lukasjenko" after "Aleksandr Lukasjenko", "Singh" after "Manmohan Singh", "United" after
"Manchester United" take the full name's key. Only inside one article: across articles
"Singh" or "Johnson" may be anyone, so a surname alone keeps its own key there. A word that
two full names of the article share ("Clinton" with Hillary and Bill Clinton) links to neither.
A city's name is a surname too ("Pushkin", "Chekhov", "Kirov"): alone after the full name of a
person it is that person (territories and regions stay places: "Jordan" after "Michael Jordan").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from babelwire.analyse.keys import PERSON, PLACE, place_of, surname_key, word_key
from babelwire.analyse.place_evidence import is_city
from babelwire.models import Mention

WordsOf = Callable[[str, str], list[str]]  # (surface, lang) -> its name words


def link_within_article(mentions: list[Mention], lang: str, words_of: WordsOf) -> list[Mention]:
    owners: dict[str, set[str]] = {}
    surnamed: dict[str, set[str]] = {}  # a person's surname alone, for a city's name
    for mention in mentions:
        words = words_of(mention.surface, lang)
        if not words or (len(words) < 2 and not surname_key(mention.key)) or (
            mention.kind == PLACE
        ):
            continue
        # a person's surname or given name; the last word of other names ("United")
        heads = {words[0], words[-1]} if mention.kind == PERSON else {words[-1]}
        keys = {word_key(word, lang) for word in heads}
        if surname := surname_key(mention.key):  # katakana surnames are keyed by reading
            keys.add(surname.rsplit("_", 1)[-1])
        for key in keys:
            owners.setdefault(key, set()).add(mention.key)
        if _named_by_surname(mention, words, lang):
            surnamed.setdefault(word_key(words[-1], lang), set()).add(mention.key)
    if not owners:
        return mentions
    linked = []
    for mention in mentions:
        if mention.kind == PLACE:  # "Pushkin" after "Alexander Pushkin"; not "Paris" after
            # "Paris Hilton", nor "Avila" after "Teresa von Avila"
            full = surnamed.get(mention.key) if is_city(place_of(mention.surface, lang)) else None
        else:
            full = owners.get(mention.key)
        if full and len(full) == 1 and "." not in mention.key and " " not in mention.surface:
            owner = next(iter(full))
            mention = replace(mention, key=owner, kind=PERSON if "." in owner else mention.kind)
        linked.append(mention)
    return linked


def _named_by_surname(mention: Mention, words: list[str], lang: str) -> bool:
    """A person's name of a given name and a surname, no connector between ("Teresa von
    Avila" is named by her town) and no place first ("Düsseldorf Darmstadt", a fixture list
    read as a person)."""
    return mention.kind == PERSON and len(words) == len(mention.surface.split()) == 2 and (
        place_of(words[0], lang, fuzzy=False) is None)
