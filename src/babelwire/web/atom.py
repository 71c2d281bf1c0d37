"""An Atom feed (RFC 4287) of stories, so feed readers and other monitors can follow new
stories, optionally only those in one language or naming one entity."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from babelwire.read.views import StorySummary
from babelwire.web.labels import language_name

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _iso(moment: str | None, fallback: str) -> str:
    """Atom needs a full RFC 3339 date-time; the store keeps ISO 8601 in UTC."""
    if not moment:
        return fallback
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def story_summary_text(story: StorySummary) -> str:
    languages = ", ".join(f"{language_name(lang)} {count}"
                          for lang, count in sorted(story.languages.items(),
                                                    key=lambda item: (-item[1], item[0])))
    sources = ", ".join(story.sources[:8]) or "unknown sources"
    more = f" and {len(story.sources) - 8} more" if len(story.sources) > 8 else ""
    return (f"{story.article_count} article{'s' * (story.article_count != 1)} "
            f"in {languages}; from {sources}{more}.")


def stories_feed(stories: list[StorySummary], base_url: str, self_url: str, title: str,
                 now: datetime | None = None) -> bytes:
    """The stories (newest first) as an Atom document. `base_url` ends with "/"; entry ids
    are the stories' page URLs, which never change because story ids are never reused."""
    generated = _iso((now or datetime.now(UTC)).isoformat(), "")
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", self_url)
    _add(feed, "title", title)
    _add(feed, "updated", max((_iso(s.last_published, generated) for s in stories),
                              default=generated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=base_url)
    _add(feed, "generator", "babelwire")
    for story in stories:
        page = f"{base_url}stories/{story.id}"
        entry = _add(feed, "entry")
        _add(entry, "id", page)
        _add(entry, "title", story.title)
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        _add(entry, "link", rel="alternate", type="application/json", href=f"{page}.json")
        _add(entry, "published", _iso(story.first_published, generated))
        _add(entry, "updated", _iso(story.last_published, generated))
        for lang in sorted(story.languages):
            _add(entry, "category", term=lang, label=language_name(lang))
        author = _add(entry, "author")
        _add(author, "name", ", ".join(story.sources[:3]) or "babelwire")
        _add(entry, "summary", story_summary_text(story))
    document = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + document).encode()
