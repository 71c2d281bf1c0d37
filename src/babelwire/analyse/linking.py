"""Inside one article, a lone surname or given name stands for the full name written there.

"Lukasjenko" after "Aleksandr Lukasjenko", "Singh" after "Manmohan Singh", "United" after
"Manchester United" take the full name's key. Only inside one article: across articles
"Singh" or "Johnson" may be anyone, so a surname alone keeps its own key there. A word that
two full names of the article share ("Clinton" with Hillary and Bill Clinton) links to neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from babelwire.analyse.keys import PERSON, PLACE, surname_key, word_key
from babelwire.models import Mention

WordsOf = Callable[[str, str], list[str]]  # (surface, lang) -> its name words


def link_within_article(mentions: list[Mention], lang: str, words_of: WordsOf) -> list[Mention]:
    owners: dict[str, set[str]] = {}
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
    if not owners:
        return mentions
    linked = []
    for mention in mentions:
        full = owners.get(mention.key) if mention.kind != PLACE else None
        if full and len(full) == 1 and "." not in mention.key and " " not in mention.surface:
            owner = next(iter(full))
            mention = replace(mention, key=owner, kind=PERSON if "." in owner else mention.kind)
        linked.append(mention)
    return linked
