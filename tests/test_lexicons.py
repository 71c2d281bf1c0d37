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


def test_the_key_filter_changes_no_answer_and_is_kept(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """Most look-ups are names no dictionary lists: a filter of the keys answers them without
    walking a block. It must never hide a key, and is built once, for languages in use."""
    from babelwire.analyse import key_filter

    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lexicons, "FILTER_AFTER_WALKS", 5)
    plain = StreamMap(LANG)
    table = lexicons.CachedStreamMap(LANG)
    filter_path = lexicons._filter_path(LANG)
    for word in WORDS[:3]:
        table.get(word)
    assert not filter_path.exists()  # a language barely used gets no filter
    keys = list(plain)
    probes = [probe for key in keys for probe in (key, key + "q", key[:-1], key.upper())]
    assert [table.get(probe) for probe in probes] == [plain.get(probe) for probe in probes]
    assert table._filter is not None and filter_path.exists()
    assert all(table._filter.might_contain(key.encode()) for key in keys)  # no key hidden
    absent = [probe.encode() for probe in probes if plain.get(probe) is None]
    passed = sum(table._filter.might_contain(probe) for probe in absent)
    assert len(absent) > 10_000 and passed < 0.01 * len(absent)  # it does filter

    def no_building(*args: object) -> None:
        raise AssertionError("built again instead of read from the cache")

    monkeypatch.setattr(key_filter.KeyFilter, "build", no_building)
    again = lexicons.CachedStreamMap(LANG)
    assert again._filter is not None and again._filter.bits == table._filter.bits
    assert [again.get(probe) for probe in probes[:4000]] == [
        plain.get(probe) for probe in probes[:4000]]


def test_a_key_filter_of_another_size_is_built_again(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """A filter made for other keys would hide words the dictionary has: never used."""
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lexicons, "FILTER_AFTER_WALKS", 0)
    path = lexicons._filter_path(LANG)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00" * 4096)  # says no key is there
    table = lexicons.CachedStreamMap(LANG)
    assert table._filter is None
    assert table.get("makanan") == StreamMap(LANG).get("makanan") is not None
    table.get("rumah")  # the walk that builds the filter
    assert table._filter is not None and len(path.read_bytes()) != 4096
    assert lexicons.CachedStreamMap(LANG).get("makanan") is not None
