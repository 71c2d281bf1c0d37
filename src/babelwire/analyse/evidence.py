"""What one article says about its words, for the entity extractor's decisions.

A word written in lowercase somewhere is an ordinary word; one written capitalised mid-sentence
is a name; a German word right after "der", "ein"... is a noun. Capitalisation alone cannot
tell a sentence's first word, a German noun or a given name that is also a word ("Angela",
Russian "Ангела", the genitive of "angel") from a name: the whole article and the word lists
of :mod:`.names` and :mod:`.entity_words` decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from babelwire.analyse import cjk
from babelwire.analyse.entity_words import (
    LOWERCASE_TITLE_LANGS,
    ROMANCE_TITLES,
    is_english_given_name,
    reads_as_given_name,
)
from babelwire.analyse.names import (
    GENITIVE_S_LANGS,
    INTERNATIONAL_ZIPF,
    NAME,
    NOUN_CAPITALISING_LANGS,
    PLAIN,
    UNKNOWN,
    UNSURE,
    acronym_length,
    dictionary_lemma,
    has_lexicon,
    is_german_compound,
    name_forms,
    word_kind,
    zipf,
)

UNKNOWN_EVERYDAY_ZIPF = 3.0  # an unknown word this frequent in one language only is no name
# a dictionary word rarer than this, capitalised beside names where titles are lowercase, is
# a name word: "Martim" (3.2), "Rebelo" (3.6); "Stati Uniti", "Intérieur" are commoner
RARE_WORD_IN_NAME_ZIPF = 4.0
WORD_TOO_ZIPF = 4.0  # a name that is also a word this frequent begins sentences as the word
_REFERENCE_LANGS = ("en", "fr", "de")  # where names that travel are frequent too
ENGLISH_LONE_PLAIN_ZIPF = 5.4  # in English only "President", "Government" are plain words this
# frequent alone: its dictionary lists many names ("London", "China") with a lowercase lemma


def reads_as_given_name_in(word: str, lang: str) -> bool:
    """A given name that may also be an ordinary word: English "Angela"; elsewhere a word that
    reads as a given name in Latin letters ("Ангела", "Donalds"), except in German, which
    capitalises every noun, and for Latin words in Chinese or Japanese text (English there)."""
    if lang == "en":
        return is_english_given_name(word, "en")
    return lang not in NOUN_CAPITALISING_LANGS and lang not in cjk.CJK_LANGS and (
        reads_as_given_name(word, lang))


@dataclass(frozen=True)
class ArticleEvidence:
    """What the whole article says about its words (lowercase forms)."""


    lang: str
    mid_sentence: frozenset[str]  # written capitalised mid-sentence: names
    lowercase: frozenset[str]  # written in lowercase: ordinary words
    after_article: frozenset[str]  # German: seen right after "der", "ein", "im"...: nouns
    capitalised: frozenset[str] = frozenset()  # every word written capitalised

    def without_genitive(self, words: list[str]) -> frozenset[str]:
        """Words in -s that are no genitive here: the article never writes them without the
        s and the dictionary knows no name without it ("Kaja Kallas" is not "Kalla", an
        ordinary word; "Merkels" beside "Merkel" and "Natos" are genitives)."""
        if self.lang not in GENITIVE_S_LANGS:
            return frozenset()
        return frozenset(word for word in words if len(word) >= 4 and word.endswith("s")
                         and not word.endswith("ss") and word[:-1].lower() not in self.capitalised
                         and word_kind(word[:-1], self.lang) != NAME)

    def is_plain(self, word: str) -> bool:
        if self.lang in cjk.CJK_LANGS and word.isascii():
            return word_kind(word, "en") == PLAIN  # English words in Chinese text: "Fox Cricket"
        kind = word_kind(word, self.lang)
        if kind == UNSURE:  # a German noun-or-name: "Sotschi" or "Erdbeben"
            return word.lower() in self.after_article or is_german_compound(word, 5)
        return kind == PLAIN

    def reads_as_title(self, word: str) -> bool:
        """A plain word around name words is a title ("Prime Minister Boris Johnson"); where
        titles are written in lowercase, only a known title or a word this article writes in
        lowercase is one: "Martim Moniz" and "Nuno Sequeira" keep their dictionary words."""
        if not self.is_plain(word):
            return False
        lower = word.lower()
        return self.lang not in LOWERCASE_TITLE_LANGS or lower in ROMANCE_TITLES or (
            lower in self.lowercase) or zipf(word, self.lang) >= RARE_WORD_IN_NAME_ZIPF

    def is_name_at_start(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.mid_sentence:
            return True
        if lower in self.lowercase or not has_lexicon(self.lang):
            return False
        kind = word_kind(word, self.lang)
        if kind == UNKNOWN:  # names travel: "Putin" is frequent in English too, "Sašutumu" not;
            # so do "Lufthansa" (German), "Gazprom", and the name in a genitive ("Natos")
            forms = {word, name_forms(word, self.lang)[1]}
            return zipf(word, self.lang) < UNKNOWN_EVERYDAY_ZIPF or max(
                zipf(form, reference) for form in forms
                for reference in _REFERENCE_LANGS if reference != self.lang
            ) >= INTERNATIONAL_ZIPF
        if kind == NAME and acronym_length(word):
            return zipf(word, self.lang) < ENGLISH_LONE_PLAIN_ZIPF  # a shouted word
        if kind == NAME and self.is_word_too(word):
            return False
        return not self.is_plain(word)

    def is_word_too(self, word: str) -> bool:
        """A name the dictionary knows that is also an everyday word of the language, in
        lowercase, and no name other languages write so: Lithuanian "Viena" is Vienna and
        "one" ("Viena vertus", "on the one hand"), Latvian "Vai" a question word. First in a
        sentence it is the word; "Paris", "Berlin" are as frequent abroad, so stay names."""
        lemma = dictionary_lemma(word.lower(), self.lang)
        if lemma is None or not lemma[:1].islower() or zipf(word, self.lang) < WORD_TOO_ZIPF:
            return False
        return max(zipf(word, reference) for reference in _REFERENCE_LANGS
                   if reference != self.lang) < INTERNATIONAL_ZIPF

    def given_name_first(self, word: str) -> bool:
        """A given name that begins a sentence before a surname: "Angela Merkel said",
        "Дональд Трамп", "Donalds Tramps" (no ordinary word here, and read as a given name)."""
        if self.lang == "en":
            return is_english_given_name(word, "en")
        return self.lang not in cjk.CJK_LANGS and word.lower() not in self.lowercase and (
            not self.is_plain(word)) and reads_as_given_name(word, self.lang)

    def given_name_inside(self, word: str, initial: bool) -> bool:
        """A given name that is also a word, right before a surname inside a name: English
        "Chancellor Angela Merkel"; elsewhere only mid-sentence, where a word would not be
        capitalised ("Канцлер Германии Ангела Меркель")."""
        return (self.lang == "en" or not initial) and reads_as_given_name_in(word, self.lang)
