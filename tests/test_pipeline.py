"""End to end with the real encoder: files in, stories out, in a real SQLite file."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline, publication_order
from babelwire.store.sqlite import SQLiteStore
from builders import LV_SEED, NB_SEED, REPO, needs_shared

HARD_NEGATIVES = REPO / "tests" / "data" / "hard_negatives.jsonl"
EVENT_DAY = datetime(2020, 9, 14, 12, 0, tzinfo=UTC)


def story_of(store: SQLiteStore) -> dict[str, int]:
    rows = store.connection.execute("SELECT origin, external_id, story_id FROM articles")
    return {(r["external_id"] or Path(r["origin"]).name): r["story_id"] for r in rows}


def dated_seeds() -> list[RawDocument]:
    """The seeds as a feed would deliver them: with the day they were published."""
    return [dataclasses.replace(d, published=EVENT_DAY)  # type: ignore[type-var]
            for d in read_inputs([NB_SEED, LV_SEED])]


@needs_shared
def test_seeds_join_one_story_and_hard_negatives_stay_apart(db_path: Path, encoder):
    with SQLiteStore(db_path) as store:
        report = Pipeline(store, encoder).ingest([*dated_seeds(), *read_inputs([HARD_NEGATIVES])])
        assert report.ingested == 6 and report.rejected == 0
        stories = story_of(store)
    nb, lv = stories[NB_SEED.name], stories[LV_SEED.name]
    assert nb == lv == stories["ru-sochi-2020"], stories
    others = [stories["lv-moscow-2021"], stories["nb-sochi-2021"], stories["en-salmon"]]
    assert len(set(others)) == 3 and nb not in others, stories


@needs_shared
def test_undated_seed_files_still_meet(db_path: Path, encoder):
    with SQLiteStore(db_path) as store:
        Pipeline(store, encoder).ingest(read_inputs([NB_SEED, LV_SEED]))
        stories = story_of(store)
    assert stories[NB_SEED.name] == stories[LV_SEED.name]


@needs_shared
def test_seeds_share_entity_keys_across_spellings(db_path: Path, encoder):
    with SQLiteStore(db_path) as store:
        Pipeline(store, encoder).ingest(read_inputs([NB_SEED, LV_SEED]))
        rows = store.connection.execute(
            "SELECT m.entity_key, a.lang, m.surface FROM mentions m"
            " JOIN articles a ON a.id = m.article_id").fetchall()
    by_key: dict[str, set[str]] = {}
    for key, lang, _ in rows:
        by_key.setdefault(key, set()).add(lang)
    shared = {k for k, langs in by_key.items() if langs == {"nb", "lv"}}
    surfaces = {r[2] for r in rows if r[0] in shared}
    assert {"Lukasjenko", "Lukašenko"} <= surfaces or {"Lukasjenko"} & surfaces, surfaces
    assert len(shared) >= 3, shared


def test_reingest_is_idempotent(db_path: Path, encoder):
    with SQLiteStore(db_path) as store:
        first = Pipeline(store, encoder).ingest(read_inputs([HARD_NEGATIVES]))
        second = Pipeline(store, encoder).ingest(read_inputs([HARD_NEGATIVES]))
        count = store.connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert first.ingested == 4 and second.ingested == 0 and second.duplicates == 4
    assert count == 4


def test_same_text_under_new_url_and_new_spacing_is_a_duplicate(db_path: Path, encoder):
    (original,) = [d for d in read_inputs([HARD_NEGATIVES]) if d.external_id == "en-salmon"]
    copy = dataclasses.replace(original, url="https://mirror.example/salmon",
                               text=original.text.upper().replace(". ", ".  "))
    with SQLiteStore(db_path) as store:
        report = Pipeline(store, encoder).ingest([original, copy])
    assert report.ingested == 1 and report.duplicates == 1


def test_every_bad_input_is_recorded_with_its_reason(tmp_path: Path, db_path: Path, encoder):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "short.txt").write_text("Too short to place in a story.")
    (folder / "symbols.txt").write_text("1234 5678 ### 0000 !!!! 42 42 42 " * 10)
    (folder / "lines.jsonl").write_text('{"text": 1}\n{oops\n')
    (folder / "good.txt").write_text(HARD_NEGATIVES.read_text().split('"text": "')[1][:600])
    with SQLiteStore(db_path) as store:
        report = Pipeline(store, encoder).ingest(read_inputs([folder]))
        stored = sorted(r[0] for r in store.connection.execute("SELECT reason FROM rejections"))
    expected = sorted(["empty", "binary", "too-short", "unknown-language", "missing-text",
                       "malformed-json"])
    assert stored == expected and report.rejected == 6 and report.ingested == 1
    assert all(r.detail for r in report.rejections)


def test_reopening_continues_the_stream(tmp_path: Path, encoder):
    documents = [*read_inputs([HARD_NEGATIVES])]
    documents.sort(key=lambda d: d.published)
    with SQLiteStore(tmp_path / "once.db") as store:
        Pipeline(store, encoder).ingest(documents)
        in_one_go = story_of(store)
    with SQLiteStore(tmp_path / "twice.db") as store:
        Pipeline(store, encoder).ingest(documents[:2])
    with SQLiteStore(tmp_path / "twice.db") as store:
        Pipeline(store, encoder).ingest(documents[2:])
        in_two_runs = story_of(store)
    assert in_one_go == in_two_runs


def test_failed_chunk_rolls_back_and_clusterer_forgets_it(db_path: Path, encoder, monkeypatch):
    documents = list(read_inputs([HARD_NEGATIVES]))
    with SQLiteStore(db_path) as store:
        pipeline = Pipeline(store, encoder)
        pipeline.ingest(documents[:1])
        next_id = pipeline.clusterer.next_story_id

        def broken(*args, **kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(store, "save_clusterer_state", broken)
        with pytest.raises(sqlite3.OperationalError):
            pipeline.ingest(documents[1:])
        assert store.connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        assert pipeline.clusterer.next_story_id == next_id


def test_republished_wire_copy_is_linked_not_counted(db_path: Path, encoder):
    from babelwire.read import views

    (original,) = [d for d in read_inputs([HARD_NEGATIVES]) if d.external_id == "en-salmon"]
    edited = original.text.replace("on Monday", "on Monday morning").replace(
        "Analysts warned", "Analysts at two banks warned")
    assert original.published is not None
    copy = dataclasses.replace(original, url="https://other-paper.example/salmon", text=edited,
                               source="Other Paper", external_id="copy",
                               published=original.published + timedelta(hours=2))
    with SQLiteStore(db_path) as store:
        report = Pipeline(store, encoder).ingest([original, copy])
        rows = store.connection.execute(
            "SELECT external_id, story_id, duplicate_of FROM articles ORDER BY id").fetchall()
        (story,) = views.list_stories(store)
        detail = views.get_story(store, story.id)
    assert report.ingested == 2 and report.near_duplicates == 1
    assert rows[0]["story_id"] == rows[1]["story_id"] and rows[1]["duplicate_of"] is not None
    assert story.article_count == 1 and detail is not None
    (only,) = detail.articles_by_language["en"]
    assert only.also_published_by == ["Other Paper"]


def test_articles_dated_only_to_a_month_come_after_those_dated_to_the_day():
    """A month or year cannot place an article among the day's reports: it comes after them,
    with the undated ones (in id order), and its date stays evidence for the clusterer."""
    september = datetime(2020, 9, 1, tzinfo=UTC)
    documents = [
        RawDocument("lv", "t", external_id="b", published=september, published_precision="month"),
        RawDocument("nb", "t", external_id="a"),
        RawDocument("ru", "t", external_id="c", published=september + timedelta(days=13)),
        RawDocument("de", "t", external_id="d", published=september + timedelta(days=12),
                    published_precision="day"),
    ]
    assert [d.origin for d in sorted(documents, key=publication_order)] == ["de", "ru", "nb", "lv"]
