"""The publication time a web page states in its markup. The text extractor (trafilatura)
gives a page's date without its time, so "2026-03-02T12:20:00+01:00" in the page's metadata
became "2 Mar 2026, 00:00"; the page's own machine-readable time is read here."""

from __future__ import annotations

import re
from datetime import datetime

from babelwire.ingest.records import parse_published

Published = tuple[datetime, str | None] | str | None  # as `parse_published` gives it

# <meta property="article:published_time" content="...">, name=/itemprop= and either order
_META_NAMES = ("article:published_time", "og:published_time", "datepublished", "pubdate",
               "publishdate", "publish-date", "publication_date", "dc.date.issued",
               "dcterms.created", "parsely-pub-date", "sailthru.date", "date")
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\b(property|name|itemprop|content)\s*=\s*(["'])(.*?)\2""",
                        re.IGNORECASE | re.DOTALL)
_JSON_LD = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*([\"'])([^\"']{10,40})\1", re.IGNORECASE)
_WITH_TIME = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def stated_publication_time(html: str, limit: int = 200_000) -> str | None:
    """The first ISO 8601 date-time with a time of day that the page states as its publication
    time (meta tags by preference, then JSON-LD, then a <time datetime>), or None."""
    head = html[:limit]
    metas: dict[str, str] = {}
    for tag in _META.finditer(head):
        attributes = {key.lower(): value for key, _, value in _ATTRIBUTE.findall(tag.group())}
        name = (attributes.get("property") or attributes.get("name")
                or attributes.get("itemprop") or "").lower()
        if name in _META_NAMES and "content" in attributes:
            metas.setdefault(name, attributes["content"].strip())
    candidates = [metas[name] for name in _META_NAMES if name in metas]
    candidates += [match.group(1) for match in _JSON_LD.finditer(head)]
    candidates += [match.group(2) for match in _TIME_TAG.finditer(head)]
    return next((value for value in candidates if _WITH_TIME.match(value)), None)


def with_stated_time(parsed: Published, html: str) -> Published:
    """The extractor's date, or the page's stated time of day when the extractor kept the day
    only (or found no date) and the stated time falls on the same day."""
    if isinstance(parsed, tuple) and parsed[1] is None:
        return parsed  # already exact
    stated = stated_publication_time(html)
    exact = parse_published(stated) if stated else None
    if isinstance(exact, tuple) and (not isinstance(parsed, tuple)
                                     or exact[0].date() == parsed[0].date()):
        return exact
    return parsed
