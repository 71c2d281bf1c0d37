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


def test_a_language_without_a_dictionary_is_refused_once_then_from_memory(monkeypatch):
    """simplemma caches dictionaries, not refusals: each Chinese word used to try again
    (package metadata read, file looked for), a quarter of the analysis stage under cProfile."""
    from babelwire.analyse import lexicons

    attempts = []

    class CountingMap(lexicons.CachedStreamMap):
        def __init__(self, lang: str) -> None:
            attempts.append(lang)
            super().__init__(lang)

    monkeypatch.setattr(lexicons, "CachedStreamMap", CountingMap)
    factory = lexicons.CachedStreamFactory(cache_max_size=8)
    for _ in range(3):
        with pytest.raises(ValueError, match="zh"):
            factory.get_dictionary("zh")
    assert attempts == ["zh"]
    assert factory.get_dictionary("de") is factory.get_dictionary("de")  # opened once
