"""Same actors at another event stay out of the seed story, dated or not, in any order.

`tests/data/other_events.jsonl` holds undated articles in eight languages: the seeds' people
at other meetings (Sochi 2019, Moscow 2021, Valaam, a phone call), other visitors meeting
Tikhanovskaya in Vilnius, a protest, Erdogan in Sochi, a loan follow-up, and one more report
of the seeds' own event (`en-sochi-2020-undated`). `tests/data/other_events_blind.jsonl` was
written later, in six more languages, and run once before any change it led to: two more reports
of the event (Polish, French) and eight other events of the same people or places.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore
from builders import LV_SEED, NB_SEED, REPO, needs_shared

OTHER_EVENTS = REPO / "tests" / "data" / "other_events.jsonl"
BLIND = REPO / "tests" / "data" / "other_events_blind.jsonl"
SKIING_IN_SOCHI = "de-sochi-ski-2021"  # same people, place and weekday; months apart
WEB_PAGES = REPO / "tests" / "data" / "web_articles.jsonl"
SAME_EVENT = "en-sochi-2020-undated"
GOLD = {row["id"]: row["story"] for row in map(json.loads, OTHER_EVENTS.open(encoding="utf-8"))}
NEGATIVES = sorted(name for name, story in GOLD.items() if story != "sochi-2020")


def other_events(*, without: tuple[str, ...] = ()) -> list[RawDocument]:
    return [d for d in read_inputs([OTHER_EVENTS])
            if isinstance(d, RawDocument) and d.external_id not in without]


def seeds(*paths: Path) -> list[RawDocument]:
    return [d for d in read_inputs(list(paths or (NB_SEED, LV_SEED)))
            if isinstance(d, RawDocument)]


def stories_after(db_path: Path, encoder, *calls: list[RawDocument]) -> dict[str, int]:
    """Ingest each list in its own call, as separate `babelwire ingest` runs would."""
    with SQLiteStore(db_path) as store:
        for documents in calls:
            Pipeline(store, encoder).ingest(documents)
        rows = store.connection.execute("SELECT origin, external_id, story_id FROM articles")
        return {(r["external_id"] or Path(r["origin"]).name): r["story_id"] for r in rows}


def assert_seed_story_alone(stories: dict[str, int], *, with_same_event: bool) -> None:
    seed_story = stories[NB_SEED.name]
    assert stories[LV_SEED.name] == seed_story, stories
    intruders = [name for name in NEGATIVES if stories.get(name) == seed_story]
    assert intruders == [], stories
    if with_same_event:
        assert stories[SAME_EVENT] == seed_story, stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_one_call_in_either_file_order(db_path: Path, encoder, reverse: bool):
    documents = [*seeds(), *other_events()]
    stories = stories_after(db_path, encoder, documents[::-1] if reverse else documents)
    assert_seed_story_alone(stories, with_same_event=True)


@needs_shared
def test_seeds_first_then_the_other_events(db_path: Path, encoder):
    stories = stories_after(db_path, encoder, seeds(), other_events())
    assert_seed_story_alone(stories, with_same_event=True)


@needs_shared
def test_other_events_first_then_the_seeds(db_path: Path, encoder):
    stories = stories_after(db_path, encoder, other_events(without=(SAME_EVENT,)), seeds())
    assert_seed_story_alone(stories, with_same_event=False)


@needs_shared
def test_one_seed_then_the_other_events_then_the_other_seed(db_path: Path, encoder):
    stories = stories_after(db_path, encoder, seeds(NB_SEED), other_events(), seeds(LV_SEED))
    assert_seed_story_alone(stories, with_same_event=True)


@needs_shared
def test_unrelated_recent_pages_in_the_batch_do_not_split_the_seeds(db_path: Path, encoder):
    pages = [d for d in read_inputs([WEB_PAGES]) if isinstance(d, RawDocument)]
    stories = stories_after(db_path, encoder, [*seeds(), *pages])
    assert stories[NB_SEED.name] == stories[LV_SEED.name], stories
    stories = stories_after(db_path.with_name("later.db"), encoder, pages, seeds())
    assert stories[NB_SEED.name] == stories[LV_SEED.name], stories


@needs_shared
def test_the_other_events_do_not_gather_around_a_seed(db_path: Path, encoder):
    """Apart from the seed story, no two events of the negatives share a story either way
    round: the Sochi 2019 talks, Vilnius meetings and Erdogan stay in stories of their own."""
    stories = stories_after(db_path, encoder, [*seeds(), *other_events()])
    for first in ("ru-sochi-2019", "de-maas-vilnius", "en-solberg-vilnius",
                  "fr-macron-vilnius-undated", "nb-erdogan-sochi-undated"):
        same = [name for name in GOLD if name != first and stories[name] == stories[first]]
        assert same == [], (first, same)


def blind_events(*, without: tuple[str, ...] = ()) -> tuple[list[RawDocument], dict[str, str]]:
    gold = {row["id"]: row["story"] for row in map(json.loads, BLIND.open(encoding="utf-8"))
            if row["id"] not in without}
    documents = [d for d in read_inputs([BLIND])
                 if isinstance(d, RawDocument) and d.external_id not in without]
    return documents, gold


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_the_blind_set_joins_and_stays_out_in_one_call(db_path: Path, encoder, reverse: bool):
    documents, gold = blind_events(without=(SKIING_IN_SOCHI,))
    documents = [*seeds(), *documents]
    stories = stories_after(db_path, encoder, documents[::-1] if reverse else documents)
    seed_story = stories[NB_SEED.name]
    assert stories[LV_SEED.name] == seed_story, stories
    in_seed_story = sorted(name for name in gold if stories[name] == seed_story)
    assert in_seed_story == sorted(n for n, story in gold.items() if story == "sochi-2020"), stories


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: the same people at the same place on the same "
                   "weekday, undated; only 'im Februar' in the last sentence and the skiing tell")
def test_the_same_meeting_place_months_later_stays_out(db_path: Path, encoder):
    documents, _ = blind_events()
    stories = stories_after(db_path, encoder, [*seeds(), *documents])
    assert stories[SKIING_IN_SOCHI] != stories[NB_SEED.name], stories
