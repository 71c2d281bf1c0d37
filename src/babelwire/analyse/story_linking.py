"""Across the articles of one story, a lone surname stands for the one full name written there.

Inside one article ``linking.link_within_article`` already gives "Lukasjenko" the key of
"Aleksandr Lukasjenko" ("a.lukasenk"). Across articles a surname alone may be anyone
("Singh", "Johnson"), so it links only inside one story, and only when the story holds exactly
one full name with that surname: the Latvian article that writes only "Lukašenko" (key
"lukasenk") joins the Norwegian one's "a.lukasenk" once both are in the Belarus story.

Two directions, both pure functions here; the pipeline applies them when it stores an article:

* ``link_to_story``: the new article's lone surnames take the story's full-name key;
* ``rekeys_for_story``: a full name the new article brings re-keys the story's earlier lone
  surnames (the store updates the mentions of that one story).

Then names in another script take the story's Latin key that sounds the same
(:mod:`.script_linking`: "Сиэтле" -> "seatl"), in both directions: the new article's
non-Latin names take the story's Latin keys, and a Latin name the new article brings re-keys
the story's earlier non-Latin spellings (a Russian "Лукашенко" that came first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from babelwire.analyse.keys import PERSON, PLACE, surname_key
from babelwire.analyse.script_linking import is_latin, link_across_scripts, script_links
from babelwire.models import Article, Mention


def is_lone_name(mention: Mention) -> bool:
    """One name word keyed by its spelling: no place, no full person key, no multi-word key."""
    return (mention.kind != PLACE and "." not in mention.key and "_" not in mention.key
            and " " not in mention.surface.strip())


def full_names_by_surname(keys: Iterable[str]) -> dict[str, set[str]]:
    """Surname key -> the full person keys with that surname: "lukasenk" -> {"a.lukasenk"}."""
    owners: dict[str, set[str]] = {}
    for key in keys:
        surname = surname_key(key)
        if surname and "_" not in surname:  # "x.abc_def": no lone word carries that key
            owners.setdefault(surname, set()).add(key)
    return owners


def link_to_story(mentions: list[Mention], story_keys: Iterable[str]) -> list[Mention]:
    """The article's lone surnames re-keyed to the story's one full name with that surname."""
    owners = full_names_by_surname(story_keys)
    # a full name in this article counts too: two different ones make the surname ambiguous
    for surname, keys in full_names_by_surname(m.key for m in mentions).items():
        owners.setdefault(surname, set()).update(keys)
    linked = []
    for mention in mentions:
        full = owners.get(mention.key)
        if full and len(full) == 1 and is_lone_name(mention):
            mention = replace(mention, key=next(iter(full)), kind=PERSON)
        linked.append(mention)
    return linked


def rekeys_for_story(mentions: list[Mention], story_keys: Iterable[str]) -> dict[str, str]:
    """Bare surname key already in the story -> the new article's full name with that surname,
    when that full name is the only one with the surname in the story and the article."""
    story = set(story_keys)
    owners = full_names_by_surname(story | {m.key for m in mentions})
    return {surname: next(iter(full)) for surname, full in owners.items()
            if len(full) == 1 and surname in story and next(iter(full)) not in story}


class StoryMentionStore(Protocol):
    def entity_counts_of_story(self, story_id: int) -> dict[str, int]: ...

    def rekey_story_mentions(self, story_id: int, old_key: str, new_key: str,
                             kind: str) -> int: ...

    def mention_spellings_of_story(self, story_id: int) -> list[tuple[str, str]]: ...

    def rekey_story_spellings(self, story_id: int, old_key: str, surfaces: Sequence[str],
                              new_key: str, kind: str | None) -> int: ...


def link_article_into_story(store: StoryMentionStore, article: Article, story_id: int) -> None:
    """Before the article is stored in story_id: link its lone surnames to the story's full
    names, and re-key the story's earlier lone surnames to the full names it brings."""
    story_keys = set(store.entity_counts_of_story(story_id))
    if not story_keys or not article.mentions:
        return
    for old_key, new_key in rekeys_for_story(article.mentions, story_keys).items():
        store.rekey_story_mentions(story_id, old_key, new_key, PERSON)
    article.mentions = link_to_story(article.mentions, story_keys)
    # names in another script take the story's key that sounds the same ("Сиэтле" ->
    # "seatl"); the store gives keys without their script, so a story key is taken as Latin
    article_latin = {m.key for m in article.mentions if is_latin(m.surface)}
    article.mentions = link_across_scripts(article.mentions, story_keys | article_latin)
    if article_latin - story_keys:  # new Latin keys: the story's earlier spellings may sound so
        relink_story_spellings(store, story_id, article_latin)


def spelling_rekeys(spellings: Iterable[tuple[str, str]], latin_keys: Iterable[str]
                    ) -> dict[str, tuple[str, list[str]]]:
    """Non-Latin key of the story -> (the Latin key it sounds like, its non-Latin surfaces),
    from the story's (key, surface) spellings and the Latin keys now known to it."""
    spelled = list(spellings)
    known_latin = {key for key, surface in spelled if is_latin(surface)} | set(latin_keys)
    foreign = [Mention(surface, surface, key, 0) for key, surface in spelled
               if not is_latin(surface)]
    return {old: (new, sorted({m.surface for m in foreign if m.key == old}))
            for old, new in script_links(foreign, known_latin).items()}


def relink_story_spellings(store: StoryMentionStore, story_id: int,
                           latin_keys: Iterable[str]) -> None:
    """Re-key the story's earlier non-Latin spellings that sound like one of `latin_keys`."""
    spellings = store.mention_spellings_of_story(story_id)
    for old_key, (new_key, surfaces) in spelling_rekeys(spellings, latin_keys).items():
        store.rekey_story_spellings(story_id, old_key, surfaces, new_key,
                                    PERSON if "." in new_key else None)
