"""The analysis stage does its costly steps once (issue 21, speed): same answers, less work.

Each test counts the calls into a step that used to run again for the same input; the answers
are checked against the uncached computation. bench/analysis_equivalence.py compares whole
analysed articles before and after on ~330 articles.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from typing import Any

import pytest
from simplemma.strategies.dictionaries import frontcode
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from babelwire.analyse import (
    cjk,
    claims,
    entities,
    facts,
    gazetteer,
    invisible,
    keys,
    language,
    lexicons,
    names,
    numbers,
    quantities,
)


class _Counting:
    """A compiled pattern whose finditer calls are counted."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.calls = pattern, 0

    def finditer(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.finditer(*args)


def test_a_dictionary_look_up_decodes_inline_with_simplemmas_answers(monkeypatch) -> None:
    table = lexicons.CachedStreamMap("ms")  # the smallest dictionary simplemma ships
    words = random.Random(3).sample(list(table), 3000)
    probes = [*words, *(w[:-1] for w in words[:500]), *(w + "x" for w in words[:500]),
              *(w.upper() for w in words[:300]), "", "zzzq", "\uffff"]
    expected = [StreamMap._lookup(table, word) for word in probes]
    assert sum(value is not None for value in expected) > 3000  # hits and misses both

    def no_generator(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("simplemma's record generator was used")

    monkeypatch.setattr(frontcode, "_iter_records", no_generator)
    assert [table.get(word) for word in probes] == expected


def test_a_place_name_is_normalised_once(monkeypatch) -> None:
    assert gazetteer.lookup("Vilnius", "lt") is not None  # the language's tables, built
    calls: list[str] = []
    normalise = gazetteer.normalise
    monkeypatch.setattr(gazetteer, "normalise", lambda name: calls.append(name) or normalise(name))
    name = "Vilniuje-test-once"  # a name no other test asks
    assert gazetteer.lookup(name, "lt") == gazetteer.lookup(name, "lt") is None
    assert calls == [name]
    assert gazetteer.lookup("Vilnius", "lt") is gazetteer.lookup("Vilnius", "lt") is not None


def test_an_entity_key_is_computed_once_per_name(monkeypatch) -> None:
    calls: list[list[str]] = []
    span_key = entities.span_key
    monkeypatch.setattr(entities, "span_key",
                        lambda words, lang: calls.append(words) or span_key(words, lang))
    first = entities.entity_key("Aleksandr Lukašenkos-once", "lv")
    assert entities.entity_key("Aleksandr Lukašenkos-once", "lv") == first
    assert len(calls) == 1


def test_sentences_are_split_once_per_text_into_lists_of_their_own(monkeypatch) -> None:
    counting = _Counting(names._BOUNDARY)
    monkeypatch.setattr(names, "_BOUNDARY", counting)
    text = "Erna Solberg met Tikhanovskaya. They spoke in Vilnius! Once more, only here."
    first = names.split_sentences(text)
    first.append((99, "changed by a caller"))
    second = names.split_sentences(text)
    assert second == [(0, "Erna Solberg met Tikhanovskaya."), (32, "They spoke in Vilnius!"),
                      (55, "Once more, only here.")]
    assert counting.calls == 1


def test_facts_and_claims_read_a_sentences_dates_once(monkeypatch) -> None:
    counting = _Counting(facts.ISO_DATE)
    monkeypatch.setattr(facts, "ISO_DATE", counting)
    text = "On 2026-03-14 over 120 people were detained, police said (read once)."
    found = facts.extract_facts(text, "en")
    claimed = claims.extract_claims(text, "en")
    assert counting.calls == 1
    assert ("date", 20260314.0) in {(fact.kind, fact.value) for fact in found}
    assert any(claim.concept == "detained" and claim.value == 120 for claim in claimed)
    assert [fact.sentence for fact in facts.extract_facts(f"Intro.\n{text}", "en")] == [1, 1]


def test_each_word_is_asked_once_whether_it_names_a_number(monkeypatch) -> None:
    asked: list[str] = []
    value_of = numbers.number_word_value
    monkeypatch.setattr(numbers, "number_word_value",
                        lambda word, lang: asked.append(word) or value_of(word, lang))
    sentence = "Twelvefold tallies: twelve boats, twelve crews and twelve flags seen twelve times."
    found = numbers.find_quantities(sentence, "en")
    again = numbers.find_quantities(sentence, "en")
    assert [q.value for q in found] == [q.value for q in again] == [12.0] * 4
    assert asked.count("twelve") == 1


def test_the_kanji_dictionary_is_read_with_the_collector_paused(monkeypatch) -> None:
    pykakasi = pytest.importorskip("pykakasi")
    seen: list[bool] = []
    monkeypatch.setattr(pykakasi, "kakasi", lambda: seen.append(gc.isenabled()) or "reader")
    cjk._kakasi.cache_clear()
    try:
        assert cjk._kakasi() == "reader"
    finally:
        cjk._kakasi.cache_clear()  # the real one again for the other tests
    assert seen == [False]
    assert gc.isenabled()


def test_plain_ascii_names_skip_the_invisible_character_pattern(monkeypatch) -> None:
    pattern = invisible.INVISIBLE

    class Counting:
        calls = 0

        def sub(self, replacement: str, text: str) -> str:
            Counting.calls += 1
            return pattern.sub(replacement, text)

    monkeypatch.setattr(invisible, "INVISIBLE", Counting())
    assert invisible.strip_invisible("Vilnius Solberg") == "Vilnius Solberg"
    assert Counting.calls == 0
    assert invisible.strip_invisible("Ukrai\u00adne \u200bKyiv") == "Ukraine Kyiv"
    assert Counting.calls == 1


def test_the_language_check_counts_letters_only_up_to_twenty(monkeypatch) -> None:
    yielded: list[int] = []
    letters = language._LETTERS

    class Counting:
        def finditer(self, text: str) -> Iterator[Any]:
            for match in letters.finditer(text):
                yielded.append(1)
                yield match

    monkeypatch.setattr(language, "_LETTERS", Counting())
    guess = language.detect_language("The prime minister said on Tuesday that the talks with "
                                     "the opposition leader would go on next week. " * 20)
    assert guess.lang == "en" and len(yielded) == 20
    yielded.clear()
    assert language.detect_language("12 34 abc 56 def 789").lang is None
    assert len(yielded) == 6


def test_the_words_around_a_figure_are_produced_as_they_are_read() -> None:
    words = quantities.SentenceWords("Police detained 774 people in Minsk on Sunday", "en")
    after = words._indices(20, 23, 1)
    before = words._indices(16, 19, -1)
    assert not isinstance(after, list) and next(after) == 3  # "people", nothing built beyond
    assert [words.tokens[i][2] for i in before] == ["detained", "police"]


def _truncated_product(options: list[list[str]], limit: int) -> list[list[str]]:
    """keys._product as it was: the whole product built word by word, cut at every step."""
    combos: list[list[str]] = [[]]
    for choices in options:
        combos = [[*combo, choice] for combo in combos for choice in choices][:limit]
    return combos


def test_name_form_combinations_are_the_same_and_made_as_tried() -> None:
    rng = random.Random(7)
    for _ in range(300):
        options = [[f"w{i}f{j}" for j in range(rng.randint(1, 9))] for i in range(rng.randint(1, 5))]
        limit = rng.choice((1, 5, 40, 400))
        made = keys._product([tuple(o) for o in options], limit)
        assert not isinstance(made, list)  # produced lazily: a place found ends the search
        assert [list(combo) for combo in made] == _truncated_product(options, limit)


def test_a_words_forms_are_made_once(monkeypatch) -> None:
    asked: list[str] = []
    lemma = keys.dictionary_lemma
    monkeypatch.setattr(keys, "dictionary_lemma",
                        lambda word, lang: asked.append(word) or lemma(word, lang))
    first = keys.place_of("Новой Тестовоиии", "ru")
    assert keys.place_of("Старой Тестовоиии", "ru") == first
    assert asked.count("Тестовоиии") == 1
    assert keys.place_of("Новой Зеландии", "ru") is not None


def test_a_sentence_without_number_words_makes_no_word_matches(monkeypatch) -> None:
    pattern = numbers._WORD

    class Counting:
        finditer_calls = 0

        def __getattr__(self, name: str) -> Any:
            return getattr(pattern, name)

        def finditer(self, *args: Any) -> Any:
            Counting.finditer_calls += 1
            return pattern.finditer(*args)

    monkeypatch.setattr(numbers, "_WORD", Counting())
    assert [q.value for q in numbers.find_quantities("Police detained 774 people.", "en")] == [774]
    assert Counting.finditer_calls == 0
    assert [q.value for q in numbers.find_quantities("Police detained twelve.", "en")] == [12]
    assert Counting.finditer_calls == 1
