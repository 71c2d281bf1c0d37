"""Evidence that an article reports another event than a story, whatever the score says.

The score weighs names and vectors; two reports of the same people at two events share both.
The leads are read for what only another event can explain (where publication days are known
on both sides, the learned time gap weighs the rest, and a weekday one day off alone is no
evidence):

* `other-period`: the lead writes a date or a month of a year ("15 февраля 2019 года",
  "in February 2019") that is months from the story's time;
* `other-day`: the lead names weekdays two or more days from all those the leads of the
  story's members name ("on Thursday" against "mandag"; a lead naming two days meets a story
  on either, "on Wednesday" in a dated follow-up against a story dated and led "on Monday");
  one day off only vetoes a score below `ADJACENT_DAY_SCORE`, and never between dated sides,
  unless the lead is set in another town than the story's leads, each side naming the other's;
* `other-actors`: the lead's people and organisations are none of those in the leads of the
  story's members (the story's core), on both sides, and each side's lead actors are in the
  other's background: the names they share come from background sentences only.

And one piece of evidence for it, `reports_the_story_event`: the lead names the story's lead
actors, place and day (`model.threshold_for` then asks less of a same-language candidate).
"""

from __future__ import annotations

from babelwire.analyse.event import LEAD_SENTENCES
from babelwire.analyse.gazetteer import territory_keys
from babelwire.analyse.keys import ORGANISATION, PERSON, PLACE, surname_key
from babelwire.cluster.scoring import StoryProfile, is_exactly_dated, precision_seconds
from babelwire.models import Article

PERIOD_SLACK_DAYS = 45.0  # a lead date this far from the story's time is another event
# A weekday one day off is weak evidence (a flood reported on Tuesday and Wednesday, a result on
# Sunday night and Monday): it vetoes only a score below this. Two days off always vetoes.
ADJACENT_DAY_SCORE = 0.9
_ACTOR_KINDS = (PERSON, ORGANISATION)


def event_conflict(article: Article, story: StoryProfile, score: float = 0.0) -> str | None:
    """Why the article cannot report the story's event (a reason code), or None. `score` is
    the learned same-story probability: a near-certain one outweighs a weekday one day off."""
    if article.event is None:
        return None
    if _other_period(article, story):
        return "other-period"
    if _other_actors(article, story):
        return "other-actors"  # crossed names say it whatever the dates: two events one day
    distance = _weekday_distance(article.event.time.weekdays, set(story.weekday_counts))
    if distance is None or distance == 0:
        return None
    if distance >= 2:
        return "other-day"
    dated = is_exactly_dated(article) and story.exact_members == story.size
    # One day off: time zones, a night's events. Publication days on both sides leave it to
    # the learned time gap, and so does a near-certain score, unless the lead is set in
    # another town too.
    if (not dated and score < ADJACENT_DAY_SCORE) or _other_main_town(article, story):
        return "other-day"
    return None


def _weekday_distance(mine: frozenset[int], theirs: set[int]) -> int | None:
    """Days between the closest weekdays of two sides (0 to 3, around the week), or None."""
    if not mine or not theirs:
        return None
    return min(min((a - b) % 7, (b - a) % 7) for a in mine for b in theirs)


def _interval_of_article(article: Article) -> tuple[float, float] | None:
    timestamp = article.timestamp
    if timestamp is not None:
        return timestamp, timestamp + precision_seconds(article.published_precision)
    time = article.event.time if article.event else None
    if time is not None and time.start is not None and time.end is not None:
        return time.start, time.end
    return None


def _interval_of_story(story: StoryProfile) -> tuple[float, float] | None:
    starts = [t for t in (story.first_time, story.text_first) if t is not None]
    ends = [t for t in (story.last_time, story.text_last) if t is not None]
    return (min(starts), max(ends)) if starts and ends else None


def _other_period(article: Article, story: StoryProfile) -> bool:
    """A date written in a lead, months from the other side's time (dated sides compare by the
    learned time gap instead)."""
    assert article.event is not None
    if article.timestamp is not None and story.text_first is None:
        return False
    mine, theirs = _interval_of_article(article), _interval_of_story(story)
    if mine is None or theirs is None:
        return False
    gap = max(0.0, mine[0] - theirs[1], theirs[0] - mine[1]) / 86400
    return gap > PERIOD_SLACK_DAYS


def _actor_names(keys: set[str] | frozenset[str]) -> set[str]:
    """Person keys with their surname alone too, so "a.lukasenk" meets a bare "lukasenk"."""
    return set(keys) | {surname_key(k) for k in keys if surname_key(k)}


def _other_actors(article: Article, story: StoryProfile) -> bool:
    """The leads name other actors on both sides, and each side's lead actors are in the
    other's background (crossed): what they share is background. Lead names that are merely
    different (two languages' extractors reading one event's names differently) are no
    evidence."""
    assert article.event is not None
    actors = article.event.actors
    core = {k for k in story.lead_counts if story.entity_kinds.get(k) in _ACTOR_KINDS}
    if not actors or not core:
        return False
    lead_names = _actor_names(article.event.keys)
    core_names = _actor_names(set(story.lead_counts))
    if _actor_names(actors) & core_names or _actor_names(core) & lead_names:
        return False
    story_background = _actor_names(set(story.entity_counts)) - core_names
    article_background = _actor_names(article.entity_keys) - lead_names
    return bool(_actor_names(actors) & story_background and _actor_names(core) & article_background)


def _other_main_town(article: Article, story: StoryProfile) -> bool:
    """The first town of the lead is not the town most of the story's leads name, and they
    cross: each is named somewhere on the other side (a Sunday march in Minsk that says the
    talks in Sochi come on Monday, against the talks). Countries and larger regions do not
    count: both sides of most events name them."""
    countries = territory_keys()
    town = next((m.key for m in article.mentions if m.kind == PLACE
                 and m.sentence < LEAD_SENTENCES and m.key not in countries), None)
    counts = {k: n for k, n in story.lead_counts.items()
              if story.entity_kinds.get(k) == PLACE and k not in countries}
    if town is None or not counts:
        return False
    most = max(counts.values())
    main = {k for k, n in counts.items() if n == most}
    return (town not in main and town in story.entity_counts
            and bool(main & article.entity_keys))


def may_report_a_story_event(article: Article) -> bool:
    """The lead names a weekday, actors and places: `reports_the_story_event` can be true of
    some story (read from the article alone)."""
    event = article.event
    return event is not None and bool(event.time.weekdays and event.actors and event.places)


def reports_the_story_event(article: Article, story: StoryProfile) -> bool:
    """The lead names one of the lead actors of the story's members, one of their lead places
    and the weekday most of their leads give: what only a report of the same event (or of the
    same people's next meeting there on the same weekday) says."""
    event = article.event
    if event is None or not may_report_a_story_event(article) or not story.weekday_counts:
        return False
    (usual_day, _), = story.weekday_counts.most_common(1)
    if usual_day not in event.time.weekdays:
        return False
    core_actors = {k for k in story.lead_counts if story.entity_kinds.get(k) in _ACTOR_KINDS}
    core_places = {k for k in story.lead_counts if story.entity_kinds.get(k) == PLACE}
    return bool(_actor_names(event.actors) & _actor_names(core_actors)
                and event.places & core_places)
