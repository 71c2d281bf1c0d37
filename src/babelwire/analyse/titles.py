"""Titles around and between the name words of a capitalised run ("Prime Minister Boris
Johnson", "Kanclerz Niemiec Angela Merkel", "Belarus Devlet Başkanı Aleksandr Lukaşenko").

A plain (ordinary) word before the first name word is a title and goes; between two name words
it splits the run; after the last name word it stays ("United States") except in German and
after an acronym. Given names that are also words ("Angela", "Ангела", "Mark" in Norwegian)
and surname particles ("Le Pen", "Van Rompuy") are name words; an international body, an
acronym or a Russian place in an oblique case before a name is a name of its own.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from babelwire.analyse.entity_words import (
    LOWERCASE_TITLE_LANGS,
    ROMANCE_TITLES,
    SAINT_PREFIXES,
    TITLES_BEFORE_NAMES,
    is_compound_title,
)
from babelwire.analyse.evidence import ArticleEvidence
from babelwire.analyse.gazetteer import lookup
from babelwire.analyse.keys import (
    INTERNATIONAL_BODIES,
    ORGANISATION_MARKERS,
    SURNAME_PARTICLES,
    place_of,
)
from babelwire.analyse.more_places import is_supplementary
from babelwire.analyse.names import (
    NOUN_CAPITALISING_LANGS,
    acronym_length,
    is_mixed_case_acronym,
)
from babelwire.analyse.spans import is_connector, strip_connectors

_CYRILLIC_LANGS = frozenset(("ru", "uk", "be", "bg", "sr", "mk"))


class TitledWord(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def initial(self) -> bool: ...  # first word of a sentence, quote or clause


W = TypeVar("W", bound=TitledWord)


def split_at_titles(span: list[W], evidence: ArticleEvidence) -> list[list[W]]:
    """Cut plain words (titles) around and between name words; see the module docstring."""
    kinds = [
        "connector" if is_connector(t.text, evidence.lang)
        # an organisation word is part of the name, not a title: "Musée Max Ernst"
        else "plain" if (evidence.reads_as_title(t.text) or t.text.lower() in TITLES_BEFORE_NAMES
                         or is_compound_title(t.text))
        and t.text.lower() not in ORGANISATION_MARKERS and t.text.lower() not in SAINT_PREFIXES
        else "name"
        for t in span
    ]
    names = [position for position, kind in enumerate(kinds) if kind == "name"]
    surname = len(span) - 1  # with its particles: "Marine Le Pen", "Марин Ле Пен"
    while surname > 1 and span[surname - 1].text.lower() in SURNAME_PARTICLES:
        surname -= 1
    if surname < len(span) - 1:
        # particles belong to the surname ("Herman Van Rompuy"), a given name before them too
        inside = evidence.given_name_inside(span[surname - 1].text, span[surname - 1].initial)
        if kinds[-1] == "name" or inside:
            first_kept = surname - 1 if kinds[surname - 1] == "name" or inside else surname
            kinds[first_kept:] = ["name"] * (len(span) - first_kept)
            names = sorted({*names, *range(first_kept, len(span))})
    if not names:
        # a title before a name that is also a word: "President Macron" (macron, the accent)
        titles = TITLES_BEFORE_NAMES | (
            ROMANCE_TITLES if evidence.lang in LOWERCASE_TITLE_LANGS else frozenset())
        while len(span) > 1 and span[0].text.lower() in titles:
            span = span[1:]
        return [span] if span else []
    if names[-1] == len(span) - 1 and len(span) >= 2 and kinds[-2] == "plain" and (
            evidence.given_name_inside(span[-2].text, span[-2].initial)):
        # "Chancellor Angela Merkel", "Канцлер Германии Ангела Меркель", "НАТО Марка Рютте"
        kinds[-2] = "name"
        names = sorted({*names, len(span) - 2})
    if len(span) > 1 and place_of(" ".join(t.text for t in span), evidence.lang):
        return [span]  # "New York", "Vereinigten Arabischen Emirate"
    for size in (2, 3):  # an international body before its organ: "United Nations Security
        # Council", "European Union Council": the body is a name of its own
        body = place_of(" ".join(t.text for t in span[:size]), evidence.lang)
        if len(span) > size and body is not None and body.code in INTERNATIONAL_BODIES:
            return [span[:size], *split_at_titles(span[size:], evidence)]
    first = names[0]
    word, rest = span[first].text, len(span) - first - 1
    place = place_of(word, evidence.lang)
    if place is not None and is_supplementary(place.code):
        place = None  # GeoNames' other names of cities include given names ("Sauli")
    # a dateline, a title or adjacent names: "Denver Warren Buffett", "President of France
    # Emmanuel Macron", "Minsk Aleksandr Lukašenko"
    dateline = len(names) >= 2 and rest >= 2 and place is not None
    # a Russian place in an oblique case before a name is no part of it ("Кронпринц Норвегии
    # Хокон", "В Латвии Сейм"): names built on a place put it last ("Банк России")
    oblique_place = evidence.lang in _CYRILLIC_LANGS and rest >= 1 and place is not None and (
        lookup(word, evidence.lang) is None)
    # an acronym before a full name: "Sekretarz generalny NATO Jens Stoltenberg", "AfD Alice
    # Weidel"
    acronym = (acronym_length(word) or is_mixed_case_acronym(word)) and rest >= 2 and all(
        kind == "name" for kind in kinds[first + 1 :])
    if dateline or oblique_place or acronym:
        return [span[first : first + 1], *split_at_titles(span[first + 1 :], evidence)]
    german = evidence.lang in NOUN_CAPITALISING_LANGS
    if len(names) == 1 and 0 < names[0] == len(span) - 1 and kinds[0] == "plain" and (
        lookup(span[-1].text, evidence.lang)  # as written: "Президент России" is a title
    ) and not acronym_length(span[-1].text) and not (german and "connector" in kinds):
        # "Air Berlin", "Bank of America": a name built on a place, not a title; but not a
        # body's acronym after a noun ("Безопасности ООН") nor German "Grenzen zu Belarus"
        return [span]
    # plain words after the last name word stay ("United States"), except in German and
    # after an acronym ("ANO Drošības padome" is the UN's Security Council, not a name)
    end = names[-1] + 1 if german or acronym_length(span[names[-1]].text) else len(span)
    for position in range(names[-1] + 1, end):
        if kinds[position] == "connector":  # "Sotsji de Russische": an article, not "de Gaulle"
            end = position
            break
    pieces: list[list[W]] = [[]]
    for position in range(names[0], end):
        if kinds[position] == "plain" and position < names[-1]:
            pieces.append([])  # a title between two names: "Belarus Devlet Başkanı Aleksandr"
        else:
            pieces[-1].append(span[position])
    return [strip_connectors(piece, evidence.lang) for piece in pieces if piece]
