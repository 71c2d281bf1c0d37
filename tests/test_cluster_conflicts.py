"""Vetoes from what the leads report (cluster/conflicts.py), on hand-made articles."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest

from babelwire.analyse.event import EventSignature
from babelwire.analyse.text_dates import EventTime
from babelwire.cluster.conflicts import event_conflict, reports_the_story_event
from babelwire.cluster.model import lowest_threshold_for, threshold_for
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.scoring import StoryProfile
from babelwire.models import Article, Mention
from babelwire.settings import Settings
from builders import make_article, unit

DIM = 16
BASE = unit(np.arange(1, DIM + 1, dtype=np.float32))
MEETING = ("a.lukasenk", "v.putin", "sochi")
SEP_2020 = (datetime(2020, 9, 1, tzinfo=UTC).timestamp(), datetime(2020, 10, 1, tzinfo=UTC).timestamp())
FEB_2019 = (datetime(2019, 2, 1, tzinfo=UTC).timestamp(), datetime(2019, 3, 1, tzinfo=UTC).timestamp())


def reporting(actors: tuple[str, ...], *, places: tuple[str, ...] = ("sochi",),
              weekday: int | None = None, period: tuple[float, float] | None = None,
              background: tuple[str, ...] = (), dated: bool = False, hours: float = 0.0
              ) -> Article:
    """An article whose lead reports `actors` at `places` and whose later text names
    `background` too."""
    keys = (*actors, *places)
    article = make_article(BASE, keys=(*keys, *background), dated=dated, hours=hours,
                           title="-".join(keys) + str(weekday) + str(period))
    mentions = [Mention(k, k, k, 0, "person") for k in actors]
    mentions += [Mention(k, k, k, 0, "place") for k in places]
    mentions += [Mention(k, k, k, 5, "person") for k in background]
    time = EventTime(weekday=weekday, weekdays=frozenset({weekday} - {None}), start=period[0] if period else None,
                     end=period[1] if period else None, from_text=period is not None)
    signature = EventSignature(keys=frozenset(keys), actors=frozenset(actors),
                               places=frozenset(places), time=time)
    return dataclasses.replace(article, mentions=mentions, event=signature)


def story_of(*articles: Article) -> StoryProfile:
    profile = StoryProfile(1, DIM, 8)
    for article in articles:
        profile.add(article)
    return profile


SEED_STORY = story_of(reporting(("a.lukasenk", "v.putin"), weekday=0,
                                background=("e.solberg", "s.tihanovsk")),
                      reporting(("lukasenk", "putin"), weekday=0))


def test_the_same_event_has_no_conflict():
    assert event_conflict(reporting(("a.lukasenk", "v.putin"), weekday=0), SEED_STORY) is None
    # a lone surname in the lead meets the story's full name
    assert event_conflict(reporting(("lukasenk",)), SEED_STORY) is None


def test_another_weekday_in_the_lead_is_another_event():
    assert event_conflict(reporting(("a.lukasenk", "v.putin"), weekday=3), SEED_STORY) == "other-day"


def test_background_names_do_not_make_the_same_actors():
    solberg = reporting(("e.solberg", "s.tihanovsk"), places=("vilnius",),
                        background=("a.lukasenk", "v.putin"))
    assert event_conflict(solberg, SEED_STORY) == "other-actors"
    # once one of the story's actors is in the lead, the names no longer settle it
    visitor = reporting(("e.solberg", "a.lukasenk"), places=("vilnius",))
    assert event_conflict(visitor, SEED_STORY) is None


def test_lead_names_that_merely_differ_are_no_evidence():
    """Two extractors reading one event's names differently (translations, noisy keys) share
    no background either: only crossed names veto."""
    other_reading = reporting(("k.republik",), background=("a.lukasenk",))
    assert event_conflict(other_reading, SEED_STORY) is None
    unrelated_background = reporting(("e.solberg",), background=("x.someone",))
    assert event_conflict(unrelated_background, SEED_STORY) is None


def test_a_lead_date_months_from_the_story_is_another_event():
    dated_story = story_of(reporting(MEETING[:2], period=SEP_2020))
    assert event_conflict(reporting(MEETING[:2], period=FEB_2019), dated_story) == "other-period"
    assert event_conflict(reporting(MEETING[:2], period=SEP_2020), dated_story) is None
    # an undated lead has nothing to disagree with
    assert event_conflict(reporting(MEETING[:2]), dated_story) is None


def test_exact_days_on_both_sides_leave_a_day_off_and_names_to_the_score():
    """Dated on both sides, the learned time gap weighs a day's slack (time zones, a night's
    events), even at a low score; a lead two or more days off is a follow-up (blind probe 4 of
    2026-12-08: a loan tranche agreed "в середу" joined the Monday talks' story, dated)."""
    story = story_of(reporting(("a.lukasenk", "v.putin"), weekday=0, dated=True))
    next_day = reporting(("e.solberg",), weekday=1, dated=True, hours=2)
    assert event_conflict(next_day, story, score=0.5) is None
    follow_up = reporting(("e.solberg",), weekday=3, dated=True, hours=2)
    assert event_conflict(follow_up, story) == "other-day"


def test_an_undated_article_meets_a_story_closed_by_a_later_batch():
    clusterer = OnlineClusterer(DIM)
    first = clusterer.learn_one(reporting(MEETING[:2], weekday=0, dated=True))
    for day in range(1, 4):  # unrelated stories a year later close the first one
        later = reporting((f"someone{day}",), places=("riga",), dated=True, hours=24 * (400 + day))
        clusterer.learn_one(dataclasses.replace(later, vector=unit(day - BASE)))
    assert first.story_id in clusterer.closed.profiles
    assert first.story_id not in clusterer.active.profiles
    restored = OnlineClusterer.from_state(clusterer.to_state())
    assert first.story_id in restored.closed.profiles
    assert restored.learn_one(reporting(MEETING[:2], weekday=0)).story_id == first.story_id
    assert restored.learn_one(reporting(MEETING[:2], weekday=4)).story_id != first.story_id


def test_a_weekday_one_day_off_vetoes_only_an_uncertain_score():
    story = story_of(reporting(("a.lukasenk", "v.putin"), weekday=1))
    next_day = reporting(("a.lukasenk", "v.putin"), weekday=2)
    assert event_conflict(next_day, story, score=0.6) == "other-day"
    assert event_conflict(next_day, story, score=0.97) is None
    around_the_week = reporting(("a.lukasenk", "v.putin"), weekday=0)
    assert event_conflict(around_the_week, story_of(reporting(("v.putin",), weekday=6)),
                          score=0.97) is None
    three_days_off = reporting(("a.lukasenk", "v.putin"), weekday=4)
    assert event_conflict(three_days_off, story, score=0.99) == "other-day"


def test_crossed_names_veto_even_with_publication_days_on_both_sides():
    story = story_of(reporting(("a.lukasenk", "v.putin"), dated=True,
                               background=("e.solberg", "s.tihanovsk")))
    solberg = reporting(("e.solberg", "s.tihanovsk"), places=("vilnius",), dated=True, hours=3,
                        background=("a.lukasenk",))
    assert event_conflict(solberg, story) == "other-actors"


def test_a_lead_reporting_the_story_core_meets_a_lower_same_language_threshold():
    """Its actors, place and usual weekday: the midpoint of the two thresholds (blind probe 5
    of 2026-12-08: the Norwegian seed, p 0.85, was kept out of a story holding one Norwegian
    report of its event by the same-language 0.90, though its lead names Lukashenko, Putin,
    Sochi and "mandag")."""
    settings = dataclasses.replace(Settings(), threshold=0.9, threshold_crosslingual=0.45)
    same = reporting(("a.lukasenk", "v.putin"), weekday=0)
    assert reports_the_story_event(same, SEED_STORY)
    assert threshold_for(same, SEED_STORY, settings) == pytest.approx(0.675)
    assert threshold_for(dataclasses.replace(same, lang="nb"), SEED_STORY, settings) == 0.45
    for other in (reporting(("a.lukasenk", "v.putin"), weekday=3),  # another day
                  reporting(("a.lukasenk", "v.putin")),  # no day in the lead
                  reporting(("a.lukasenk", "v.putin"), places=("moscow",), weekday=0),
                  reporting(("r.erdogan",), weekday=0)):  # only the place and day
        assert not reports_the_story_event(other, SEED_STORY)
        assert threshold_for(other, SEED_STORY, settings) == 0.9
    # what `decide` skips candidates by, before it reads their cores, is never higher
    for article in (same, dataclasses.replace(same, lang="nb"),
                    reporting(("a.lukasenk", "v.putin"), places=("moscow",), weekday=0),
                    reporting(("a.lukasenk",), weekday=0), reporting(("x.y",))):
        assert (lowest_threshold_for(article, SEED_STORY, settings)
                <= threshold_for(article, SEED_STORY, settings))
    assert lowest_threshold_for(reporting(("a.lukasenk",), places=("moscow",), weekday=0),
                                SEED_STORY, settings) == pytest.approx(0.675)


def with_background_places(article: Article, *places: str) -> Article:
    extra = [Mention(k, k, k, 5, "place") for k in places]
    return dataclasses.replace(article, mentions=[*article.mentions, *extra])


def test_a_day_off_in_another_town_is_another_event_whatever_the_score():
    """A Sunday march in Minsk that says the talks in Sochi come on Monday, against the
    Monday talks in Sochi that name Minsk: one day off and the lead set in another town, each
    named on the other side (all the blind files in one call, 2026-12-08: the march was the
    first of its story, and the talks' reports, dated, joined it at p 0.91)."""
    march = with_background_places(
        reporting(("a.lukasenk",), places=("minsk", "belarus"), weekday=6, dated=True), "sok")
    talks = with_background_places(
        reporting(("a.lukasenk", "v.putin"), places=("sok", "belarus"), weekday=0, dated=True,
                  hours=5), "minsk")
    assert event_conflict(talks, story_of(march), score=0.99) == "other-day"
    assert event_conflict(march, story_of(talks), score=0.99) == "other-day"
    # the same town, or a town the other side never names, leaves one day off to the score
    in_minsk = reporting(("a.lukasenk",), places=("minsk",), weekday=0, dated=True, hours=5)
    assert event_conflict(in_minsk, story_of(march), score=0.99) is None
    in_riga = reporting(("a.lukasenk",), places=("riga",), weekday=0, dated=True, hours=5)
    assert event_conflict(in_riga, story_of(march), score=0.99) is None
