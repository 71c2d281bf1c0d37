"""Latvian and Lithuanian surnames keep the person's own gender when shown.

``names.name_forms`` shows a name by the most frequent base form of its stem, so the Latvian
"Ozoliņš" was shown as "Ozoliņa" (the woman's form, or the man's genitive) and "Inese
Bērziņa" as "Bērziņš". A Baltic surname is masculine or feminine, and its case ending
usually says which ("Ozoliņam" is a man's dative, "Bērziņai" a woman's); where the ending is
ambiguous (Latvian "-a" is a woman's nominative and a man's genitive) the given name before
it decides ("Inese" is a woman, "Jāņa" a man's genitive).
"""

from __future__ import annotations

from collections.abc import Callable

from babelwire.analyse.names import frequency, name_forms

MASCULINE, FEMININE = "m", "f"
# (ending, gender) by language, longest first: what a written form says of its bearer
_GENDER_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "lv": (("am", MASCULINE), ("as", FEMININE), ("es", FEMININE), ("ai", FEMININE),
           ("ei", FEMININE), ("š", MASCULINE), ("s", MASCULINE), ("e", FEMININE)),
    "lt": (("aus", MASCULINE), ("iui", MASCULINE), ("ės", FEMININE), ("os", FEMININE),
           ("as", MASCULINE), ("is", MASCULINE), ("ys", MASCULINE), ("us", MASCULINE),
           ("ui", MASCULINE), ("io", MASCULINE), ("ei", FEMININE), ("ė", FEMININE),
           ("o", MASCULINE)),
}
# base (nominative) endings of each gender
_NOMINATIVES: dict[str, dict[str, tuple[str, ...]]] = {
    "lv": {MASCULINE: ("š", "s", "is", "us"), FEMININE: ("a", "e")},
    "lt": {MASCULINE: ("as", "is", "ys", "us"), FEMININE: ("ė", "a")},
}
BALTIC_LANGS = frozenset(_NOMINATIVES)
# Case endings of names no word list knows, and the base ending each stands for (longest
# first): the Lithuanian genitives "Šimonytės", "Kalninienės", "Hauglando", "Kalninio".
_UNKNOWN_BASE_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "lt": (("ės", "ė"), ("io", "is"), ("os", "a"), ("ei", "ė"), ("o", "as")),
    "lv": (("as", "a"), ("es", "e"), ("ai", "a"), ("ei", "e")),
}


def unknown_base_form(word: str, display: str, lang: str) -> str:
    """The base form of a name the word lists do not know, from its case ending alone."""
    if display != word:
        return display  # the word lists knew it
    for ending, base in _UNKNOWN_BASE_FORMS.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + base
    return display


def written_gender(word: str, lang: str) -> str | None:
    """The gender a written form's ending shows, or None when it does not tell."""
    lower = word.lower()
    return next((gender for ending, gender in _GENDER_ENDINGS.get(lang, ())
                 if lower.endswith(ending) and len(lower) > len(ending) + 2), None)


def given_name_gender(word: str, lang: str) -> str | None:
    """A given name's gender, from its base form ("Jāņa" -> "Jānis": a man, "Marta" a
    woman)."""
    if lang not in BALTIC_LANGS:
        return None
    base = name_forms(word, lang)[0].lower()
    return next((gender for gender, endings in _NOMINATIVES[lang].items()
                 if base.endswith(endings)), None)


def surname_display(word: str, lang: str, context: str | None = None) -> str:
    """The base form of a surname in the bearer's gender: the written ending's, else the
    given name's (``context``), else the most frequent base form."""
    display, stem = name_forms(word, lang)
    gender = written_gender(word, lang) or context
    if lang not in BALTIC_LANGS or gender is None:
        return unknown_base_form(word, display, lang)
    own = _NOMINATIVES[lang][gender]
    if any(word.endswith(ending) and word[: -len(ending)] == stem for ending in own):
        return word  # already the base form of that gender: "Ozoliņš", "Bērziņa"
    if display != word and display.endswith(own) and display.startswith(stem):
        return display
    forms = [stem + ending for ending in own]
    best = max(forms, key=lambda form: frequency(form, lang))
    return best if frequency(best, lang) > 0 else unknown_base_form(word, display, lang)


def person_display(words: list[str], lang: str, is_connector: Callable[[str], bool]) -> str:
    """"Inese Bērziņa", "Jāņa Ozoliņa" -> "Jānis Ozoliņš": the given name's gender decides
    the surname's where its ending does not."""
    gender = given_name_gender(words[0], lang) if len(words) > 1 else None
    return " ".join(
        word if is_connector(word)
        else unknown_base_form(word, name_forms(word, lang)[0], lang)
        if position == 0 and len(words) > 1
        else surname_display(word, lang, gender)
        for position, word in enumerate(words))
