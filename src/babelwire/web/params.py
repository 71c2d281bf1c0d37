"""Query parameters shared by the JSON API and the pages, validated with clear messages.

HTML forms send empty strings for untouched fields, so every optional text parameter treats
"" as absent. A bad value raises `BadParameter`, which the app turns into a 422 error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import Query

from babelwire.analyse.invisible import strip_invisible
from babelwire.read.languages import UnknownLanguage, language_code

MAX_LIMIT = 200
MAX_ID = 2**63 - 1  # ids are SQLite integers
# What the OpenAPI schema states, so that clients (and schema-driven fuzzers) know the limits.
# a code ("lv", "LV", "pt-BR") or a language's name ("latvian", "latviešu"): see
# `read.languages.language_code`
LANG_PATTERN = r"^[\w\s-]*$"
DATE_PATTERN = (r"^\s*(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
                r"(Z|[+-]\d{2}:?\d{2})?)?)?\s*$")
DATE_LIMITS = ("YYYY-MM-DD or ISO 8601 (no offset means UTC); converted to UTC it must fall "
               "within the years 0001-9999")


class BadParameter(ValueError):
    """A query parameter with a value that cannot be used; the message says why."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def text(value: str | None, name: str, max_length: int = 200) -> str | None:
    value = strip_invisible(value or "").strip()  # as article text is: "Ukrai\u00adne" = Ukraine
    if not value:
        return None
    if len(value) > max_length:
        raise BadParameter(name, f"at most {max_length} characters, got {len(value)}")
    return value


def language(value: str | None, name: str = "lang") -> str | None:
    value = text(value, name, 40)
    if value is None:
        return None
    try:
        return language_code(value)
    except UnknownLanguage as error:
        raise BadParameter(name, str(error)) from None


def moment(value: str | None, name: str, end_of_day: bool = False) -> str | None:
    """A date (YYYY-MM-DD) or ISO 8601 date-time as the store's UTC text form. A plain date
    means the start of that day, or its end for `until`; a time without offset means UTC."""
    value = text(value, name, 40)
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            parsed = datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        else:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
        utc = parsed.astimezone(UTC)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a date; use YYYY-MM-DD or ISO 8601 such "
                           "as 2026-03-02T14:20:00+02:00") from None
    except OverflowError:
        raise BadParameter(name, f"{value!r} is out of range: {DATE_LIMITS}") from None
    return utc.replace(microsecond=0).isoformat(timespec="seconds")


@dataclass
class StoryFilters:
    lang: str | None = None
    entity: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None
    limit: int = 20
    offset: int = 0
    disputed: bool = False  # only stories whose sources disagree on a figure
    source: str | None = None  # only stories with an article from this source
    country: str | None = None  # only stories with an article from a source of this country

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def query_string(self, **changes: Any) -> str:
        """The filters as a URL query (for pagination links), empty values left out."""
        from urllib.parse import urlencode

        values = {**self.as_dict(), **changes}
        return urlencode({k: v for k, v in values.items()
                          if v not in (None, "", False) and not (k == "offset" and v == 0)
                          and not (k == "limit" and v == 20)})


LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
OffsetParam = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
LangQuery = Annotated[str | None, Query(
    max_length=40, pattern=LANG_PATTERN,
    description="Only this language (ISO 639-1 such as `lv`, or a name such as `latvian`).")]


def date_query(description: str) -> Any:
    """A `since`/`until` query parameter whose schema states the accepted forms and range."""
    return Query(max_length=40, pattern=DATE_PATTERN, description=f"{description} {DATE_LIMITS}.")


def story_filters(
    lang: Annotated[str | None, Query(max_length=40, pattern=LANG_PATTERN,
                                      description="Only stories with an article in this "
                                      "language (ISO 639-1 such as `lv`, or a name such as "
                                      "`latvian`).")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="Only stories naming this "
                                        "entity: its key or any spelling.")] = None,
    since: Annotated[str | None, date_query("Only stories with an article published on or "
                                            "after this date.")] = None,
    until: Annotated[str | None, date_query("Only stories that began on or before this date "
                                            "(YYYY-MM-DD means the end of that day).")] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text filter: stories with "
                                   "an article containing any of these words.")] = None,
    limit: LimitParam = 20,
    offset: OffsetParam = 0,
    disputed: Annotated[bool, Query(description="Only stories whose sources disagree on a "
                                    "figure (a `differ` row in the fact comparison).")] = False,
    source: Annotated[str | None, Query(max_length=200, description="Only stories with an "
                                        "article from this source (its name).")] = None,
    country: Annotated[str | None, Query(max_length=64, description="Only stories with an "
                                         "article from a source of this country (as the "
                                         "watched sources name it).")] = None,
) -> StoryFilters:
    filters = StoryFilters(
        lang=language(lang), entity=text(entity, "entity"), since=moment(since, "since"),
        until=moment(until, "until", end_of_day=True), q=text(q, "q", 500),
        limit=limit, offset=offset, disputed=disputed, source=text(source, "source"),
        country=text(country, "country", 64))
    if filters.since and filters.until and filters.since > filters.until:
        raise BadParameter("since", f"{since} is after until={until}")
    return filters
