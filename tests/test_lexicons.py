"""simplemma's dictionaries opened once and read back from the disk cache with the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from babelwire.analyse import lexicons

LANG = "ms"  # the smallest dictionary simplemma ships: quick to open
WORDS = ["makan", "makanan", "dimakan", "rumah", "Malaysia", "", "zzzq", "berlari", "kerajaan"]


def test_a_dictionary_is_cached_and_answers_as_simplemma(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    plain = StreamMap(LANG)
    first = lexicons.CachedStreamMap(LANG)
    assert [p.name for p in (tmp_path / "dictionaries").iterdir()] == [
        lexicons._cache_path(LANG).name]

    def no_second_opening(self: StreamMap, lang: str) -> None:
        raise AssertionError("opened again instead of read from the cache")

    monkeypatch.setattr(StreamMap, "__init__", no_second_opening)
    cached = lexicons.CachedStreamMap(LANG)
    assert len(cached) == len(plain) > 1000
    for word in WORDS:
        assert first.get(word) == cached.get(word) == plain.get(word)
    assert any(plain.get(word) for word in WORDS)  # the words say something


def test_a_damaged_cache_file_is_replaced(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    path = lexicons._cache_path(LANG)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal data")
    table = lexicons.CachedStreamMap(LANG)
    assert len(table) == len(StreamMap(LANG))
    assert path.stat().st_size > 1000  # rewritten whole
