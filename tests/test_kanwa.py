"""pykakasi's kanji dictionary read kanji by kanji from a disk copy, with pykakasi's answers."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

pytest.importorskip("pykakasi")

from pykakasi import kanji
from pykakasi.properties import Configurations

from babelwire.analyse import cjk, kanwa

SOURCE = Path(str(Configurations.data_path)) / Configurations.jisyo_kanwa


def test_the_tables_are_pykakasis_and_read_back_from_disk(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    made = kanwa.kanji_tables(SOURCE)
    assert isinstance(made, kanwa.KanjiTables)
    assert kanwa.cache_path().is_file()

    def no_second_reading(source: Path) -> None:
        raise AssertionError("pykakasi's file read again instead of the copy")

    monkeypatch.setattr(kanwa, "_unpickled", no_second_reading)
    copied = kanwa.kanji_tables(SOURCE)
    assert isinstance(copied, kanwa.KanjiTables)
    with SOURCE.open("rb") as file:
        whole = pickle.load(file)
    assert all(copied.get(key) == table for key, table in whole.items())
    assert copied.get(ord("a")) is None and copied.get(ord("a"), "none") == "none"


def test_an_unwritable_cache_gives_the_whole_dictionary(monkeypatch, tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("where the cache folder should be")
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(blocked))
    table = kanwa.kanji_tables(SOURCE)
    assert isinstance(table, dict) and table.get(ord("東"))


def test_pykakasi_reads_through_the_kanji_tables() -> None:
    cjk._kakasi()
    assert isinstance(kanji.Kanwa._shared_state["_jisyo_table"], kanwa.KanjiTables)
    assert cjk.reading("東京") == "tokyo"
    assert cjk.reading("大阪府") == "osakafu"
