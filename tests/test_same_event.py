"""Same actors at another event stay out of the seed story, dated or not, in any order.

`tests/data/other_events.jsonl` holds undated articles in eight languages: the seeds' people
at other meetings (Sochi 2019, Moscow 2021, Valaam, a phone call), other visitors meeting
Tikhanovskaya in Vilnius, a protest, Erdogan in Sochi, a loan follow-up, and one more report
of the seeds' own event (`en-sochi-2020-undated`). `tests/data/other_events_blind.jsonl` was
written later, in six more languages, and run once before any change it led to: two more reports
of the event (Polish, French) and eight other events of the same people or places.
`other_events_blind2.jsonl` and `other_events_blind3.jsonl` came on 2026-12-08, in ten more
languages, each run once (`bench/same_event_orders.py`) before any change it led to: the second
found Swedish weekdays unread ("på torsdagen"), the third one miss left as an expected failure.
`other_events_blind4.jsonl` mixes dated reports with the seeds (the Latvian one dated only
"2020-09"): it found the seeds' story closed before the dated reports of the 14th came, and a
dated follow-up ("в середу") taken into the Monday talks' story. `other_events_blind5.jsonl`
adds Norwegian and Latvian reports (the seeds' languages), dated to the day or the month: the
seeds stayed apart from them, kept out by the same-language threshold.
`other_events_blind6.jsonl` (Chinese, Japanese, Korean, Arabic, Greek, Turkish) found Mandarin
read as Wu ("wuu") and Chinese and Japanese sentences not split at "。".
`other_events_blind7.jsonl` (Danish, Bulgarian, Croatian, Hebrew, Persian, Vietnamese,
Indonesian, Finnish, Catalan) found Indonesian, Vietnamese, Hebrew and Persian weekdays
unread: Lukashenko and Putin in St Petersburg "pada Rabu" joined the Monday talks, and a
phone call on a Thursday the Friday visit to Valaam. `other_events_blind8/` holds files as a
user saves them (web pages with menus and related-story links, text files with a date line),
named `EVENT__name`: it found a date line taken for the title, and, one file a call, the
reports dated 2020 ingested after a page of 2021 kept apart from the seeds (their story closed).
`other_events_blind9.jsonl` (mostly English: one-sentence items, a feature lead, a "what we
know" list; the UN rights council and Tikhanovskaya in Brussels on the seeds' Monday) found
one miss, left as an expected failure: one article a call with the reports before the seeds.
`other_events_blind10.jsonl` (dated to the hour, time zones from -5 to +9) found other events
of the same day in the seed story in six orders of seven; left as an expected failure.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore
from builders import LV_SEED, NB_SEED, REPO, needs_shared

OTHER_EVENTS = REPO / "tests" / "data" / "other_events.jsonl"
BLIND = REPO / "tests" / "data" / "other_events_blind.jsonl"
BLIND_2 = REPO / "tests" / "data" / "other_events_blind2.jsonl"
BLIND_3 = REPO / "tests" / "data" / "other_events_blind3.jsonl"
BLIND_4 = REPO / "tests" / "data" / "other_events_blind4.jsonl"  # with publication dates
# undated, no weekday, same language as a dated member (threshold 0.90): joins the dated
# loan follow-up instead (p 0.89 against the event's 0.87)
LOAN_WIRE = "en-loan-wire-undated"
BLIND_5 = REPO / "tests" / "data" / "other_events_blind5.jsonl"  # day, month and no dates
BLIND_6 = REPO / "tests" / "data" / "other_events_blind6.jsonl"  # zh, ja, ko, ar, el, tr
BLIND_7 = REPO / "tests" / "data" / "other_events_blind7.jsonl"  # da bg hr he fa vi id fi ca
BLIND_8 = REPO / "tests" / "data" / "other_events_blind8"  # pages and text files, EVENT__name
BLIND_9 = REPO / "tests" / "data" / "other_events_blind9.jsonl"  # short items, feature leads
ONE_SENTENCE_BRIEF = "en-short-loan"  # 93 characters: rejected as too short (100 needed)
BLIND_10 = REPO / "tests" / "data" / "other_events_blind10.jsonl"  # dated, the same day
TURKISH_SKI_DAY = "tr-sochi-ski"  # the ski day again: same people, place and weekday
# the same people at the same place, undated, no weekday: only the subject (nuclear weapons,
# Wagner) tells it from the seeds' event, and it arrives before any other report of its own
NUCLEAR_TALKS_IN_SOCHI = "en-sochi-nuclear"
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


def blind_events(path: Path = BLIND, *, without: tuple[str, ...] = ()
                 ) -> tuple[list[RawDocument], dict[str, str]]:
    gold = {row["id"]: row["story"] for row in map(json.loads, path.open(encoding="utf-8"))
            if row["id"] not in without}
    documents = [d for d in read_inputs([path])
                 if isinstance(d, RawDocument) and d.external_id not in without]
    return documents, gold


def assert_the_seed_story_is_the_event(stories: dict[str, int], gold: dict[str, str]) -> None:
    seed_story = stories[NB_SEED.name]
    assert stories[LV_SEED.name] == seed_story, stories
    in_seed_story = sorted(name for name in gold if stories[name] == seed_story)
    assert in_seed_story == sorted(n for n, story in gold.items() if story == "sochi-2020"), stories


def assert_right_in_one_call(db_path: Path, encoder, path: Path, reverse: bool,
                             without: tuple[str, ...] = ()) -> None:
    documents, gold = blind_events(path, without=without)
    documents = [*seeds(), *documents]
    stories = stories_after(db_path, encoder, documents[::-1] if reverse else documents)
    assert_the_seed_story_is_the_event(stories, gold)


def assert_right_in_one_call_and_one_a_call(db_path: Path, encoder, path: Path, reverse: bool,
                                            without: tuple[str, ...] = ()) -> None:
    """The file with the seeds (first, or last when `reverse`), in one call and one article a
    call: the seed story holds the event's reports and nothing else."""
    documents, gold = blind_events(path, without=without)
    documents = [*seeds(), *documents]
    assert_the_event_in_one_call_and_one_a_call(
        db_path, encoder, documents[::-1] if reverse else documents, gold)


def assert_the_event_in_one_call_and_one_a_call(db_path: Path, encoder,
                                                documents: list[RawDocument],
                                                gold: dict[str, str]) -> dict[str, int]:
    """The seed story holds the event's reports and nothing else, in one call and one
    article a call; returns the stories of the one call."""
    stories = stories_after(db_path, encoder, documents)
    assert_the_seed_story_is_the_event(stories, gold)
    one_a_call = stories_after(db_path.with_name("one-a-call.db"), encoder,
                               *([d] for d in documents))
    assert_the_seed_story_is_the_event(one_a_call, gold)
    return stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_the_blind_set_joins_and_stays_out_in_one_call(db_path: Path, encoder, reverse: bool):
    assert_right_in_one_call(db_path, encoder, BLIND, reverse, without=(SKIING_IN_SOCHI,))


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: the same people at the same place on the same "
                   "weekday, undated; only 'im Februar' in the last sentence and the skiing tell")
def test_the_same_meeting_place_months_later_stays_out(db_path: Path, encoder):
    documents, _ = blind_events()
    stories = stories_after(db_path, encoder, [*seeds(), *documents])
    assert stories[SKIING_IN_SOCHI] != stories[NB_SEED.name], stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_the_second_blind_set_in_one_call_and_an_article_a_call(db_path: Path, encoder,
                                                                reverse: bool):
    """Six more reports of the event (it, sv, cs, et, uk, de) join; the Russian prime
    minister in Minsk ten days later (Swedish, "på torsdagen") and seven other events stay out."""
    assert_right_in_one_call_and_one_a_call(db_path, encoder, BLIND_2, reverse)


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_the_third_blind_set_in_one_call(db_path: Path, encoder, reverse: bool):
    assert_right_in_one_call(db_path, encoder, BLIND_3, reverse)


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: the same people at the same place, undated, "
                   "no weekday, the first report of its event, after six more reports of the "
                   "seeds' event have joined their story (p 0.68, threshold 0.45)")
def test_other_talks_at_the_same_place_stay_out_an_article_a_call(db_path: Path, encoder):
    documents, _ = blind_events(BLIND_3)
    stories = stories_after(db_path, encoder, *([d] for d in [*seeds(), *documents]))
    assert stories[NUCLEAR_TALKS_IN_SOCHI] != stories[NB_SEED.name], stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_dated_reports_meet_the_seeds_and_a_dated_follow_up_stays_out(db_path: Path, encoder,
                                                                     reverse: bool):
    """The Latvian seed is dated "2020-09": its story must not close before the reports
    dated the 14th arrive, in one call or one article a call; the loan tranche agreed two days
    later (dated, "в середу") is another event."""
    assert_right_in_one_call_and_one_a_call(db_path, encoder, BLIND_4, reverse,
                                            without=(LOAN_WIRE,))


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: an undated wire report of the loan, with no "
                   "weekday, joins the dated follow-up on the loan (p 0.89) rather than the "
                   "event's story (p 0.87, same-language threshold 0.90)")
def test_an_undated_wire_report_joins_the_dated_reports(db_path: Path, encoder):
    documents, _ = blind_events(BLIND_4)
    stories = stories_after(db_path, encoder, [*seeds(), *documents])
    assert stories[LOAN_WIRE] == stories[NB_SEED.name], stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_reports_in_the_seeds_languages_join_them_in_one_call(db_path: Path, encoder,
                                                               reverse: bool):
    """Norwegian and Latvian reports, dated to the day or undated, a German one dated to the
    month: one story with the seeds; the Latvian ski day, the Sunday protest, Tokayev in
    Sochi, Sochi 2019 and Moscow 2021 stay out."""
    assert_right_in_one_call(db_path, encoder, BLIND_5, reverse)


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: an article a call, the Latvian ski day "
                   "(same people, place and weekday) joins the seed story, p 0.76 against the "
                   "midpoint threshold 0.675; reversed, the Latvian seed (no place, no day in its "
                   "lead) opens a story of its own")
@pytest.mark.parametrize("reverse", [False, True])
def test_reports_in_the_seeds_languages_an_article_a_call(db_path: Path, encoder,
                                                          reverse: bool):
    documents, gold = blind_events(BLIND_5)
    documents = [*seeds(), *documents]
    if reverse:
        documents = documents[::-1]
    stories = stories_after(db_path, encoder, *([d] for d in documents))
    assert_the_seed_story_is_the_event(stories, gold)


@needs_shared
def test_every_file_at_once_with_the_demo_corpus(db_path: Path, encoder):
    """What else is ingested with the seeds must not change their story: all ten sets, the
    demo corpus and the seeds in one call, shuffled. Blind probes alone, the Sunday march in
    Minsk (dated the day before) stayed out; all together, it was the first of the talks'
    reports' story until a day off in another town counted against it."""
    from babelwire.demo import demo_corpus_path

    files = [OTHER_EVENTS, BLIND, BLIND_2, BLIND_3, BLIND_4, BLIND_5, BLIND_6, BLIND_7, BLIND_9]
    left_out = (SKIING_IN_SOCHI, TURKISH_SKI_DAY, ONE_SENTENCE_BRIEF)
    gold = {row["id"]: row["story"] for path in files
            for row in map(json.loads, path.open(encoding="utf-8"))
            if row["id"] not in left_out}
    pages = sorted(BLIND_8.iterdir())
    gold.update({page.name: page.name.split("__")[0] for page in pages})
    documents = [d for d in read_inputs([*files, *pages, demo_corpus_path()])
                 if isinstance(d, RawDocument) and d.external_id not in left_out]
    documents = random.Random(0).sample([*seeds(), *documents], len(documents) + 2)
    assert_the_seed_story_is_the_event(stories_after(db_path, encoder, documents), gold)


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_reports_in_chinese_japanese_korean_arabic_greek_turkish(db_path: Path, encoder,
                                                                 reverse: bool):
    """Six reports join; Xi in Moscow on a Monday (read as Wu before), Moscow 2021, a phone
    call, Erdogan in Sochi 2021 and Tikhanovskaya in Athens stay out (the ski day left out)."""
    assert_right_in_one_call_and_one_a_call(db_path, encoder, BLIND_6, reverse,
                                            without=(TURKISH_SKI_DAY,))


@pytest.mark.parametrize("one_a_call", [False, True])
def test_one_language_one_actor_one_place_one_day_two_events(db_path: Path, encoder,
                                                             one_a_call: bool):
    """Trump in Washington on a Tuesday (tariffs; a veterans bill) and Merkel in Berlin on a
    Wednesday (Macron; a digital strategy), two reports each, undated, one language a pair of
    events: the lower same-language threshold for a lead that reports the story's core joins
    each event's reports (the Macron pair split at 0.90) and merges no two events. Written
    before the run, on 2026-12-08."""
    path = REPO / "tests" / "data" / "same_language_same_day.jsonl"
    gold = {row["id"]: row["story"] for row in map(json.loads, path.open(encoding="utf-8"))}
    documents = [d for d in read_inputs([path]) if isinstance(d, RawDocument)]
    calls = [[d] for d in documents] if one_a_call else [documents]
    stories = stories_after(db_path, encoder, *calls)
    members: dict[int, set[str]] = {}
    for name, story in stories.items():
        members.setdefault(story, set()).add(gold[name])
    assert sorted(map(sorted, members.values())) == [["a"], ["b"], ["c"], ["d"]], stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_weekdays_in_hebrew_persian_vietnamese_indonesian_keep_other_meetings_apart(
        db_path: Path, encoder, reverse: bool):
    """Eight reports join (Hebrew and Persian ones with no names found, by the encoder alone);
    St Petersburg on a Wednesday ("pada Rabu"), Valaam on a Friday, a Thursday phone call, a
    yacht trip off Sochi on a Friday, Erdogan in Sochi, Tikhanovskaya in Brussels, the
    inauguration, Sochi 2022 and the UN rights council on the seeds' Monday stay out, each in
    a story of its own, in one call and one article a call."""
    assert_right_in_one_call_and_one_a_call(db_path, encoder, BLIND_7, reverse)
    documents, gold = blind_events(BLIND_7)
    stories = stories_after(db_path.with_name("apart.db"), encoder,
                            documents[::-1] if reverse else documents)
    members: dict[int, set[str]] = {}
    for name, story in stories.items():
        members.setdefault(story, set()).add(gold[name])
    assert all(len(events) == 1 for events in members.values()), stories
    assert len(members) == len(set(gold.values())), stories


@needs_shared
@pytest.mark.parametrize("reverse", [False, True])
def test_saved_pages_and_text_files_in_one_call_and_one_file_a_call(db_path: Path, encoder,
                                                                     reverse: bool):
    """Five reports (pages with related-story links to the other events, a text file under a
    date line) join the seeds; Moscow 2021, Sochi 2019, the Ryanair trip, a phone call and
    two Vilnius meetings stay out. One file a call in file order, the 2021 page comes before
    the 2020 reports: they must still meet the seeds' story, closed by then."""
    files = sorted(BLIND_8.iterdir())
    gold = {path.name: path.name.split("__")[0] for path in files}
    documents = [d for d in read_inputs([NB_SEED, LV_SEED, *files])
                 if isinstance(d, RawDocument)]
    assert len(documents) == len(files) + 2
    stories = assert_the_event_in_one_call_and_one_a_call(
        db_path, encoder, documents[::-1] if reverse else documents, gold)
    # the 2019 ski day, dated only in its text ("am 15. Februar 2019", a Friday), and the
    # undated phone call "on Thursday" were one story until a full date gave its weekday
    assert stories["sochi-2019__de.txt"] != stories["phone-call-sept__en.txt"], stories


@needs_shared
def test_short_items_and_a_feature_lead_in_one_call_and_one_a_call(db_path: Path, encoder):
    """Three reports (a two-line German item, a feature whose first sentence is background, a
    "what we know" list) join the seeds; the UN rights council in Geneva and Tikhanovskaya in
    Brussels on the seeds' Monday, Erdogan in Sochi, the 2019 ski day, Lavrov in Minsk, a
    phone call, Moscow and a Norwegian one-liner on Solberg stay out."""
    assert_right_in_one_call_and_one_a_call(db_path, encoder, BLIND_9, reverse=False,
                                            without=(ONE_SENTENCE_BRIEF,))


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: one article a call, the reports before the "
                   "seeds: the German item joins the list (p 0.83), the feature lead stays out "
                   "of them (p 0.64, same-language threshold 0.675) and the Latvian seed meets "
                   "neither (p 0.32, 0.35); stories are never merged afterwards")
def test_short_items_before_the_seeds_an_article_a_call(db_path: Path, encoder):
    documents, gold = blind_events(BLIND_9, without=(ONE_SENTENCE_BRIEF,))
    documents = [*seeds(), *documents][::-1]
    stories = stories_after(db_path, encoder, *([d] for d in documents))
    assert_the_seed_story_is_the_event(stories, gold)


@needs_shared
@pytest.mark.xfail(strict=True, reason="known miss: other events of the same day, dated, join: "
                   "the Minsk detentions reported on the Monday open the story and the first "
                   "Sochi report joins them (p 0.62: Lukashenko and Monday shared); the EU "
                   "sanctions plan (p 0.93) and the UN debate announcement (p 0.95) name the "
                   "Sochi loan in their third sentence")
def test_dated_reports_of_the_same_day_and_other_events_of_that_day(db_path: Path, encoder):
    """Seven reports dated from Mexico City to Tokyo ("este lunes", "nesta segunda-feira",
    "вчера", "14日") join the seeds; the Minsk detentions, the EU sanctions plan and the UN
    debate announcement of the same days, a call of the prime ministers two days later and
    the 2021 meeting in Sochi stay out."""
    assert_right_in_one_call(db_path, encoder, BLIND_10, reverse=False)
