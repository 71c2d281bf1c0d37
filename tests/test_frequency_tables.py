"""Word-frequency tables kept on disk: the same answers as wordfreq's dict, built once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import wordfreq
from hypothesis import given
from hypothesis import strategies as st

from babelwire.analyse import frequency_tables

WORDS = {"oslo": 1e-5, "og": 0.03, "ø": 2e-6, "østlandet": 3e-7, "øst": 4e-6, "ab": 1e-4,
         "abc": 2e-4, "søndag": 5e-6, "日本": 1e-6, "x" * 30: 1e-9}


@pytest.fixture
def small_wordfreq(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    calls: list[str] = []

    def fake(lang: str) -> dict[str, float]:
        calls.append(lang)
        return dict(WORDS)

    monkeypatch.setattr(wordfreq, "get_frequency_dict", fake)
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(frequency_tables, "version", lambda name: "test")
    return tmp_path / "cache"


def test_the_table_answers_as_the_dict_and_is_read_back_from_disk(small_wordfreq: Path) -> None:
    built = frequency_tables.frequency_table("nb")
    assert isinstance(built, frequency_tables.SortedTable)
    assert not isinstance(built.words.base, np.memmap)
    files = sorted(p.name for p in (small_wordfreq / "frequencies").iterdir())
    assert files == ["wordfreq-test-nb-freqs.npy", "wordfreq-test-nb-words.npy"]

    loaded = frequency_tables.frequency_table("nb")
    assert isinstance(loaded, frequency_tables.SortedTable)
    assert isinstance(loaded.words.base, np.memmap)  # mapped, not built again
    assert type(loaded.words) is np.ndarray  # a plain view: memmap's __getitem__ is slow
    for table in (built, loaded):
        for word, value in WORDS.items():
            assert table.get(word) == value
        for missing in ("", "osl", "oslo ", "øs", "x" * 31, "a", "abcd", "日"):
            assert table.get(missing, 0.0) == 0.0


@given(st.text(max_size=12))
def test_any_word_gets_what_the_dict_gives(word: str) -> None:
    table = frequency_tables.SortedTable(
        np.array(sorted(w.encode() for w in WORDS), dtype="S30"),
        np.array([WORDS[w.decode()] for w in sorted(w.encode() for w in WORDS)]))
    assert table.get(word, 0.0) == WORDS.get(word, 0.0)


def test_an_unwritable_cache_still_gives_the_table(small_wordfreq: Path) -> None:
    small_wordfreq.parent.mkdir(exist_ok=True)
    small_wordfreq.write_text("a file where the folder should be")
    table = frequency_tables.frequency_table("de")
    assert table.get("oslo") == WORDS["oslo"]
    assert small_wordfreq.is_file()
