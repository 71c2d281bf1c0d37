"""Heuristic multilingual named-entity mentions (no model: capitalisation plus word lists).

A candidate is a run of capitalised words in one sentence (any script) separated by spaces,
with connectors such as "von", "de", "van" or "al-" inside. ``names.word_kind`` tells name
words from plain (ordinary) words with simplemma's dictionary and wordfreq; in German, which
capitalises every noun, a known noun is plain unless it travels ("Merkel") or,
when it has no plural forms ("Sotschi", "Erdbeben"), unless the article writes it after
"der", "dem", "ein"... or it ends in a known noun. Then:

* Words that begin a sentence, quote or clause are cut from the front unless the article
  writes them capitalised mid-sentence too, or they are not everyday words (plain, or unknown
  to the dictionary but frequent here and rare in English): "Ifølge Putins" -> "Putins".
  A given name before a surname stays ("Дональд Трамп"; :mod:`.evidence`).
* Titles go (:mod:`.titles`): plain words before the first name word ("Prime Minister Boris
  Johnson"), between name words (Turkish "Belarus Devlet Başkanı Aleksandr Lukaşenko" gives two
  mentions) and, in German and after an acronym, after the last one ("Lukaschenkos Sprecher",
  "ANO Drošības padome"). A given name that is also a word is no title ("Ангела Меркель"), nor
  is a surname particle ("Marine Le Pen"). Runs of plain words only stay as multi-word names
  ("United States"; in German with an adjective: "Deutsche Bank"). An international body is a
  name of its own before its organ ("United Nations Security Council"), and German acronym
  compounds name the acronym ("NATO-Generalsekretär", "UN-Sicherheitsrat").
* A lone plain word is dropped when frequent ("President", "Regierung"); months, weekdays,
  very frequent words and a word with a case apostrophe ("Soçi'de", "Putin's") end a run;
  keys shorter than three letters ("EU", "FN") are dropped as ambiguous.
* Web-page furniture is not a name: sharing platforms ("Facebook", "Twitter"), "Newsletter",
  "E-Mail"... On crawled pages they come from share bars and from "said on Twitter", so
  unrelated articles shared them; on the SemEval-2022 pairs they were the commonest keys
  shared by pairs about different events (bench/pair_score_analysis.py).

Display forms and stems come from :func:`babelwire.analyse.names.name_forms`, keys from
:func:`babelwire.analyse.names.name_key` (that module documents the spelling folds).

Keys of whole names come from :mod:`babelwire.analyse.keys` (places from the gazetteer, shown
by their English name; people by initial and surname, "a.lukasenk"). A lone surname takes the
one full name's key inside one article (:mod:`.linking`) or one story (:mod:`.story_linking`).
Language names ("Latvian") are no entities. Japanese and Chinese text adds :mod:`.cjk` names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from babelwire.analyse import cjk
from babelwire.analyse.baltic_names import BALTIC_LANGS, person_display
from babelwire.analyse.entity_words import (
    CALENDAR_WORDS,
    GERMAN_ADJECTIVE_ENDINGS,
    GERMAN_ARTICLES,
    GERMAN_INTENSIFIERS,
    GERMAN_NUMBER_WORDS,
    NOT_ENTITIES,
    PAGE_FURNITURE,
    SAINT_PREFIXES,
    clean_word,
    is_capitalised,
    is_place_noun,
)
from babelwire.analyse.evidence import (
    ENGLISH_LONE_PLAIN_ZIPF,
    ArticleEvidence,
    reads_as_given_name_in,
)
from babelwire.analyse.gazetteer import language_names, lookup, normalise
from babelwire.analyse.keys import (
    PERSON,
    PLACE,
    SURNAME_PARTICLES,
    joined_key,
    place_of,
    span_key,
    spelling_key,
)
from babelwire.analyse.linking import link_within_article
from babelwire.analyse.names import (
    NOUN_CAPITALISING_LANGS,
    PLAIN,
    UNSURE,
    acronym_length,
    dictionary_lemma,
    name_forms,
    split_sentences,
    word_kind,
    zipf,
)
from babelwire.analyse.place_evidence import (
    PERSON_TITLES,
    big_city_even_first,
    is_city,
    person_here,
    place_here,
    unknown_place_here,
)
from babelwire.analyse.spans import (
    is_connector,
    split_at_connectors,
    split_locative_places,
    split_place_after_locative,
    split_title_of_place,
)
from babelwire.analyse.spelling import MIN_KEY_LENGTH
from babelwire.analyse.titles import split_at_titles
from babelwire.models import Mention

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:[-‐‑][^\W\d_]+)*")
_CASE_APOSTROPHE = re.compile(r"\w['’]\w{1,4}$")  # Putin's, Soçi'de
_GAP_NUMBER = re.compile(r"\s+\d[\d.,]*\s+")  # "1.200 Megawatt", "12 Tote"
_OPENER = re.compile(r"[«\"“„‚‘'(:;–—\-\[.!?]")  # what starts a clause before a word

LONE_PLAIN_ZIPF = 4.0  # a lone plain word this frequent is not a name ("Skatīties")...
FUNCTION_WORD_ZIPF = 6.0  # "Sie", "I": capitalised but never part of a name


class _Token(NamedTuple):  # a TitledWord (:mod:`.titles`)
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence, quote or clause
    capitalised: bool


def extract_mentions(text: str, lang: str) -> list[Mention]:
    """All name mentions in text, in order, with sentence indices as split_sentences gives."""
    lang = lang.lower()
    lowercase: set[str] = set()
    after_article: set[str] = set()
    sentences = [
        (sentence, _tokens(sentence, lang, lowercase, after_article))
        for _, sentence in split_sentences(text)
    ]
    evidence = ArticleEvidence(
        lang=lang,
        mid_sentence=frozenset(
            token.text.lower()
            for _, tokens in sentences
            for token in tokens
            if token.capitalised and not token.initial
        ),
        lowercase=frozenset(lowercase),
        after_article=frozenset(after_article),
        capitalised=frozenset(token.text.lower() for _, tokens in sentences for token in tokens
                              if token.capitalised),
    )
    mentions: list[Mention] = []
    for index, (sentence, tokens) in enumerate(sentences):
        for span in _spans(tokens, sentence, lang):
            stripped = False  # after "Statsminister", "Erna" is judged as if it began the sentence
            while span and (span[0].initial or stripped) and not _first_word_is_a_name(
                    span, evidence):
                span, stripped = span[1:], True
            pieces = split_at_connectors(split_at_titles(span, evidence), lang)
            pieces = split_place_after_locative(split_locative_places(pieces, lang), sentence,
                                                lang)
            for piece in split_title_of_place(pieces, lang):
                mention = _mention(piece, sentence, index, evidence)
                if mention is not None:
                    mentions.append(mention)
    mentions.extend(cjk.mentions(text, lang, [(start, s) for start, s in split_sentences(text)]))
    return link_within_article(mentions, lang, _name_words)


def _first_word_is_a_name(span: list[_Token], evidence: ArticleEvidence) -> bool:
    """Whether the word that begins a sentence (or follows a cut title) is part of the name."""
    first, lang = span[0].text, evidence.lang
    if evidence.is_name_at_start(first) or _name_even_first(first, lang) or (
            _built_on_place(span, lang) and not evidence.is_word_too(first)):  # "Viena Lietuvos"
        return True
    if len(span) == 1 and place_here([first], first, "", True, evidence):
        return True  # a big city whose name is a rare word too ("Liège a fermé")
    return evidence.given_name_first(first) and (
        (len(span) == 2 and not evidence.is_plain(span[1].text))  # "Дональд Трамп"
        or (len(span) == 3 and span[1].text.lower() in SURNAME_PARTICLES))  # "Marine Le Pen"


def _name_words(surface: str, lang: str) -> list[str]:
    words = [clean_word(word) for word in _WORD.findall(surface)]
    return [word for word in words if word and not is_connector(word, lang)]


@lru_cache(maxsize=1)
def _excluded_keys() -> frozenset[str]:
    return frozenset(entity_key(name, "en") for name in (*PAGE_FURNITURE, *NOT_ENTITIES))


@lru_cache(maxsize=100_000)  # asked of every piece's edge words: two calls in three repeat one
def entity_key(name: str, lang: str) -> str:
    """Cross-lingual key of a name as written ("Aleksandr Lukasjenko" -> "lukasenk").

    Returns "" when the name has no usable letters.
    """
    lang = lang.lower()
    if cjk.has_cjk(name):  # read as Japanese or Chinese, not split into Latin words
        return cjk.standalone_key(name, lang)
    words = [clean_word(match.group()) for match in _WORD.finditer(name)]
    return span_key([word for word in words if word and not is_connector(word, lang)], lang)[0]


# --- tokens and spans ----------------------------------------------------------------------------


def _tokens(
    sentence: str, lang: str, lowercase: set[str], after_article: set[str]
) -> list[_Token]:
    """Capitalised words and connectors of a sentence; other words only feed the evidence."""
    tokens: list[_Token] = []
    previous_end = 0
    previous_word = ""
    determined = False  # German: after an article or a number, through adjectives
    japanese_or_chinese, german = lang in cjk.CJK_LANGS, lang in NOUN_CAPITALISING_LANGS
    for match in _WORD.finditer(sentence):
        word = clean_word(match.group())
        if japanese_or_chinese:
            word = cjk.latin_prefix(word)  # "NBS長野放送" -> "NBS"; cjk.py reads the rest
        elif german:
            word = _acronym_of_compound(word, lang)  # "NATO-Generalsekretär" -> "NATO"
        gap = sentence[previous_end : match.start()]
        initial = previous_end == 0 or (gap != " " and _OPENER.search(gap) is not None)
        if german and (previous_word in GERMAN_ARTICLES or previous_word in GERMAN_NUMBER_WORDS
                       or _GAP_NUMBER.fullmatch(gap)):
            determined = True
        if word and is_capitalised(word):
            start = match.start() + match.group().find(word)
            tokens.append(_Token(word, start, start + len(word), initial, True))
            if determined and german:
                after_article.add(word.lower())  # "dem Erdbeben", "zwölf Tote": a noun
            determined = False
        elif is_connector(word, lang):
            tokens.append(_Token(word, match.start(), match.end(), initial, False))
            determined = False
        else:
            lowercase.add(word)
            # "ein sehr starkes Beben": the article reaches the noun through its adjectives
            determined = determined and (word.endswith(GERMAN_ADJECTIVE_ENDINGS)
                                         or word in GERMAN_INTENSIFIERS) and gap == " "
        previous_end, previous_word = match.end(), word.lower()
    return tokens


def _acronym_of_compound(word: str, lang: str) -> str:
    """German writes an acronym and a noun as one word ("NATO-Generalsekretär",
    "UN-Sicherheitsrat", "EU-Kommission"): the acronym is the name, the noun its title."""
    head, _, tail = word.partition("-")
    if tail and acronym_length(head) == len(head) and word_kind(tail, lang) in (PLAIN, UNSURE):
        return head
    return word


def _spans(tokens: list[_Token], sentence: str, lang: str) -> list[list[_Token]]:
    """Runs of capitalised tokens separated by plain spaces, with connectors inside."""
    spans: list[list[_Token]] = []
    current: list[_Token] = []
    for position, token in enumerate(tokens):
        joined = (
            bool(current)
            and sentence[current[-1].end : token.start].strip() == ""
            and not _CASE_APOSTROPHE.search(current[-1].text)
        )
        if token.capitalised and (
            not _breaks_span(token.text, lang) or _starts_place(tokens, position, lang)
        ):
            if current and not joined:
                spans.append(current)
                current = []
            current.append(token)
        elif (
            joined
            and is_connector(token.text, lang)
            and position + 1 < len(tokens)
            and (tokens[position + 1].capitalised  # "von der Leyen": connectors in a row
                 or (is_connector(tokens[position + 1].text, lang)
                     and position + 2 < len(tokens) and tokens[position + 2].capitalised))
        ):
            current.append(token)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


def _built_on_place(span: list[_Token], lang: str) -> bool:
    """"Air Berlin", "Real Madrid", "New York": one word before a place, kept as one name."""
    return len(span) == 2 and lookup(span[1].text, lang) is not None and (
        span[0].text[:1].isupper()  # the place as written: "Президент России" is a title
    )


def _name_even_first(word: str, lang: str) -> bool:
    """A CLDR territory ("Latvijas", "России"), or a city in a case form ("Kopenhāgenā"): a
    name even first in a sentence. City names as written are not trusted there ("Nice",
    "Split" begin sentences as words), but a big city's rare word is (:mod:`.place_evidence`)."""
    place = place_of(word, lang)
    return place is not None and ("/" not in place.code or big_city_even_first(place, word, lang)
                                  or (lookup(word, lang) is None and word_kind(word,
                                                                               lang) != PLAIN))


def _starts_place(tokens: list[_Token], position: int, lang: str) -> bool:
    """"New" in "New York": a frequent word that begins a gazetteer name."""
    for size in (2, 3):
        words = tokens[position : position + size]
        if len(words) == size and place_of(" ".join(t.text for t in words), lang):
            return True
    return False


@lru_cache(maxsize=100_000)
def _breaks_span(word: str, lang: str) -> bool:
    lower = word.lower()
    if lower in CALENDAR_WORDS or is_connector(word, lang):
        return True
    return not acronym_length(word) and lower not in SAINT_PREFIXES and (  # "São" is "are" too
        zipf(word, lang) >= FUNCTION_WORD_ZIPF) and (
        place_of(word, lang) is None  # "России", "Latvijas", "Rīgas" are as frequent as "Sie"
    )


# --- mentions and keys ---------------------------------------------------------------------


def _mention(
    piece: list[_Token], sentence: str, index: int, evidence: ArticleEvidence
) -> Mention | None:
    lang = evidence.lang
    while piece and entity_key(piece[0].text, lang) in _excluded_keys():
        piece = piece[1:]  # "Youtube – La Opinión", "@LaOpinion Youtube": furniture at an edge
    while piece and entity_key(piece[-1].text, lang) in _excluded_keys():
        piece = piece[:-1]
    words = [token.text for token in piece if not is_connector(token.text, lang)]
    if len(words) >= 2 and is_place_noun(words[0]) and place_of(" ".join(words), lang
                                                                       ) is None and place_of(
            " ".join(words[1:]), lang) is not None:
        piece = [token for token in piece if not is_connector(token.text, lang)][1:]
        words = words[1:]  # "Insel Euböa": the place; its kind goes
    if len(words) == 2 and words[0].lower() in PERSON_TITLES and is_city(place_of(words[1], lang)):
        piece, words = piece[-1:], words[1:]  # German "Dichter Puschkin": the title goes
    before = sentence[: piece[0].start] if piece else ""
    place = place_of(" ".join(words), lang) if words else None
    found_here = None if place or not words else place_here(  # "Bologna", "Monaco di Baviera"
        words, sentence[piece[0].start : piece[-1].end], before, piece[0].initial, evidence)
    place = place or found_here
    person = place is not None and len(words) == 1 and person_here(
        place, before, sentence[piece[-1].end :], lang)
    # A gazetteer place is a name even when it is an everyday word ("России", "Warschau").
    if not words or (place is None and not _is_name_like(words, evidence)) or (
        place is None and normalise(" ".join(words)) in language_names(lang)  # not "Corse"
    ):
        return None
    # a given name before a surname that is also a word: "Angela Merkel"; in English not
    # before an ordinary word ("Grace Church"), elsewhere a capitalised word mid-sentence is a
    # name ("Mark Rutte" in Norwegian, where "rutte" is a word too)
    with_particle = len(words) == 3 and words[1].lower() in SURNAME_PARTICLES  # "Le Pen"
    given = words[0] if (len(words) == 2 or with_particle) and (
        reads_as_given_name_in(words[0], lang)) and (
            lang != "en" or with_particle or not evidence.is_plain(words[1])) else None
    key, kind = span_key(words, lang, lambda word: word != given and evidence.is_plain(word),
                         evidence.without_genitive(words))
    if person:  # "the poet Pushkin", "Chekhov wrote": the person, not the town
        place, key, kind = None, spelling_key(words[0], lang), PERSON
    elif kind == PERSON and place is None and unknown_place_here(words, before, lang):
        key, kind = joined_key(words, lang), PLACE  # "in Krasnaja Poljana": where, not who
    elif found_here:
        key, kind = found_here.key, PLACE
    if len(key.replace("_", "").replace("-", "").replace(".", "")) < MIN_KEY_LENGTH or (
        key in _excluded_keys()
    ):
        return None
    if place is not None:  # its English CLDR name: "Kremļa", "Maskavu" -> "Kremlin", "Moscow"
        normal = place.name
    elif lang in BALTIC_LANGS and (kind == PERSON or len(words) == 1):
        normal = person_display([token.text for token in piece], lang,  # in its bearer's gender
                                lambda word: is_connector(word, lang))
    else:
        normal = " ".join(
            token.text if is_connector(token.text, lang) else name_forms(token.text, lang)[0]
            for token in piece
        )
    return Mention(
        surface=sentence[piece[0].start : piece[-1].end], normal=normal, key=key, sentence=index,
        kind=kind,
    )


def _is_name_like(words: list[str], evidence: ArticleEvidence) -> bool:
    if not all(evidence.is_plain(word) for word in words):
        return True
    german = evidence.lang in NOUN_CAPITALISING_LANGS
    if len(words) > 1:
        # German keeps "Deutsche Bank" (an adjective is capitalised only in a name), drops
        # "Montag Abend"; other languages write plain words capitalised only inside names.
        return not german or any(
            (lemma := dictionary_lemma(word, "de")) is not None and lemma[:1].islower()
            for word in words
        )
    threshold = ENGLISH_LONE_PLAIN_ZIPF if evidence.lang == "en" else LONE_PLAIN_ZIPF
    return not german and zipf(words[0], evidence.lang) < threshold
