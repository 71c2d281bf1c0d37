"""Place tables read back from the disk cache equal the tables built from CLDR and GeoNames."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from babelwire.analyse import gazetteer, keys, more_places, table_cache

LANGS = ("de", "ru", "lv")

# (cached function, its arguments, the builder it must agree with)
TABLES: list[tuple[Any, tuple[str, ...], Callable[..., Any]]] = [
    (more_places._table, (), more_places._build_table),
    (gazetteer._zones, (), gazetteer._build_zones),
    (gazetteer._territories, (), gazetteer._build_territories),
    (gazetteer.place_keys, (), gazetteer._build_place_keys),
    *((gazetteer.names, (lang,), gazetteer._build_names) for lang in LANGS),
    *((gazetteer.language_names, (lang,), gazetteer._build_language_names) for lang in LANGS),
    *((keys._places_by_spelling, (lang,), keys._build_places_by_spelling) for lang in LANGS),
]


def _forget() -> None:
    for function, _, _ in TABLES:
        function.cache_clear()


@pytest.fixture
def empty_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("BABELWIRE_CACHE_DIR", str(tmp_path))
    _forget()
    yield tmp_path
    _forget()  # later tests build their tables from the usual cache again


def test_every_table_read_back_equals_the_table_built(empty_cache: Path) -> None:
    built = [function(*args) for function, args, _ in TABLES]  # built, then saved
    saved = sorted(p.name for p in (empty_cache / "tables").iterdir())
    assert len(saved) == len(TABLES)
    _forget()

    def no_building(*args: object) -> None:
        raise AssertionError("built again instead of read from the cache")

    with pytest.MonkeyPatch.context() as patch:
        for _, _, builder in TABLES:
            patch.setattr(f"{builder.__module__}.{builder.__name__}", no_building)
        read = [function(*args) for function, args, _ in TABLES]
    for (function, args, builder), table in zip(TABLES, read, strict=True):
        assert table == builder(*args), function.__name__  # the real builder, kept in TABLES
    for (function, args, _), first in zip(TABLES, built, strict=True):
        assert function(*args) == first
        assert len(first) > 0
    assert sorted(p.name for p in (empty_cache / "tables").iterdir()) == saved


def test_places_read_back_are_the_same_places(empty_cache: Path) -> None:
    first = gazetteer.names("de")
    _forget()
    again = gazetteer.names("de")
    for name in ("weissrussland", "berlin", "moskau"):
        assert again[name] == first[name]
        assert isinstance(again[name], gazetteer.Place)
    # one object per place within a table, as when it was built
    assert again["weissrussland"] is again["belarus"]
    row = more_places._table()[next(iter(more_places._table()))]
    assert isinstance(row, more_places.Row)


def test_a_damaged_table_is_built_again(empty_cache: Path) -> None:
    expected = gazetteer._build_zones()
    path = table_cache.table_path("zones")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not marshal data")
    assert gazetteer._zones() == expected
    assert path.stat().st_size > 1000  # rewritten whole


def test_another_fingerprint_never_reads_an_old_table(empty_cache: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    source = tmp_path / "code"
    source.mkdir()
    (source / "gazetteer.py").write_text("one")
    monkeypatch.setattr(table_cache, "_ANALYSE", source)
    table_cache.fingerprint.cache_clear()
    try:
        assert table_cache.cached_table("t", lambda: (1,), tuple, tuple) == (1,)
        assert table_cache.cached_table("t", lambda: (2,), tuple, tuple) == (1,)  # read back
        (source / "gazetteer.py").write_text("two")  # the code changed
        table_cache.fingerprint.cache_clear()
        assert table_cache.cached_table("t", lambda: (2,), tuple, tuple) == (2,)
        # the newest copies are kept for other checkouts, older ones go; a table whose name
        # merely starts the same is never counted among them
        table_cache.cached_table("t-de", lambda: (3,), tuple, tuple)
        for version in range(3, 3 + table_cache.KEPT_FINGERPRINTS):
            (source / "gazetteer.py").write_text(str(version))
            table_cache.fingerprint.cache_clear()
            table_cache.cached_table("t", lambda v=version: (v,), tuple, tuple)
        names = sorted(p.name.rsplit("-", 1)[0] for p in (empty_cache / "tables").iterdir())
        assert names == ["t"] * table_cache.KEPT_FINGERPRINTS + ["t-de"]
    finally:
        table_cache.fingerprint.cache_clear()
