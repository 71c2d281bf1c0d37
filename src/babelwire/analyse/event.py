"""What an article is about: the event its lead reports, apart from the background it recalls.

A news article states its event in the title and first sentences: who acts, where, when. Later
sentences recall other events ("last week Solberg met Tikhanovskaya in Vilnius"), and a name
there says nothing about which event the article reports. `event_signature` keeps the lead's
names, places and dating apart, so the clusterer can compare an article with what a story's
members report in their leads (its core) rather than with every name they mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from babelwire.analyse.keys import ORGANISATION, PERSON, PLACE
from babelwire.analyse.names import split_sentences
from babelwire.analyse.text_dates import EventTime, event_time
from babelwire.models import Fact, Mention

LEAD_SENTENCES = 3  # the title (or first sentence) and the two sentences after it


@dataclass(frozen=True)
class EventSignature:
    """The lead's event: its names (keys) by kind, and when it happened."""

    keys: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()  # people and organisations of the lead
    places: frozenset[str] = frozenset()
    time: EventTime = field(default_factory=EventTime)


def lead_text(full_text: str) -> str:
    return " ".join(sentence for _, sentence in split_sentences(full_text)[:LEAD_SENTENCES])


def event_signature(full_text: str, lang: str, mentions: list[Mention], facts: list[Fact],
                    published: datetime | None, precision: str | None) -> EventSignature:
    """The signature of the event the lead of `full_text` (title first) reports."""
    lead = [m for m in mentions if m.sentence < LEAD_SENTENCES]
    lead_facts = [f for f in facts if f.sentence < LEAD_SENTENCES]
    return EventSignature(
        keys=frozenset(m.key for m in lead),
        actors=frozenset(m.key for m in lead if m.kind in (PERSON, ORGANISATION)),
        places=frozenset(m.key for m in lead if m.kind == PLACE),
        time=event_time(lead_text(full_text), lang, lead_facts, published, precision),
    )
