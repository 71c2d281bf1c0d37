"""A date on a line of its own before a text file's article: its publication time.

Saved articles often start with the time they were published ("14.09.2020, 19:40",
"2020-09-14 18:05", "14 September 2020", "September 14, 2020", "14 сентября 2020").
Read as text, that line became the article's title and left it undated. Only a line that is
a date and nothing else is taken (a sentence that starts with a date stays text); day and
month must be unambiguous ("03/04/2020" is left alone), and a time of day makes it exact.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

Stated = tuple[datetime, str | None]  # the time and its precision: None (exact) or "day"

_TIME = (r"(?:,?\s*(?:kl\.?\s*|at\s+|klo\s+|в\s+)?"
         r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?)?")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
                  r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?"
                  r"(?P<zone>Z|[+-]\d{2}:?\d{2})?)?")
_NUMERIC = re.compile(r"(?P<first>\d{1,2})(?P<separator>[./])\s?(?P<second>\d{1,2})(?P=separator)"
                      r"\s?(?P<year>\d{4})\.?" + _TIME)
_DAY_MONTH_NAME = re.compile(r"(?P<day>\d{1,2})\.?\s+(?P<name>[^\W\d_]{3,})\.?,?\s+"
                             r"(?P<year>\d{4})(?:\s*(?:г\.|года|m\.|r\.))?" + _TIME)
_MONTH_NAME_DAY = re.compile(r"(?P<name>[^\W\d_]{3,})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                             r"(?P<year>\d{4})" + _TIME)
_WEEKDAY_PREFIX = re.compile(r"^[^\W\d_]+,\s*")  # "Monday, 14 September 2020"
_LONGEST_LINE = 60


def leading_date_line(text: str) -> tuple[Stated, str] | None:
    """(the stated time, the text after its line) when the first non-empty line is a date."""
    stripped = text.lstrip()
    line, _, rest = stripped.partition("\n")
    stated = date_of_line(line)
    return (stated, rest) if stated is not None else None


def date_of_line(line: str) -> Stated | None:
    """The time a line that holds only a date (and maybe a time of day) states, else None."""
    line = line.strip()
    if not line or len(line) > _LONGEST_LINE or not line[:1].isalnum():
        return None
    for candidate in dict.fromkeys((line, _WEEKDAY_PREFIX.sub("", line))):
        for reader in (_iso, _numeric, _named):
            found = reader(candidate)
            if found is not None:
                return found
    return None


def _iso(line: str) -> Stated | None:
    match = _ISO.fullmatch(line)
    if match is None:
        return None
    stated = _stated(match, int(match["month"]), int(match["day"]))
    if stated is None or match["zone"] is None or match["hour"] is None:
        return stated
    try:  # the zone it states, converted
        zoned = datetime.fromisoformat(line.replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        return None
    return zoned.astimezone(UTC), None


def _numeric(line: str) -> Stated | None:
    match = _NUMERIC.fullmatch(line)
    if match is None:
        return None
    first, second = int(match["first"]), int(match["second"])
    if match["separator"] == "." or first > 12 >= second:  # dotted dates are day first
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None  # "03/04/2020": the 3rd of April or the 4th of March
    return _stated(match, month, day)


def _named(line: str) -> Stated | None:
    from babelwire.analyse.months import month_in_any_language  # loads word tables: when needed

    for pattern in (_DAY_MONTH_NAME, _MONTH_NAME_DAY):
        match = pattern.fullmatch(line)
        if match is not None:
            month = month_in_any_language(match["name"])
            if month is not None:
                return _stated(match, month, int(match["day"]))
    return None


def _stated(match: re.Match[str], month: int, day: int) -> Stated | None:
    hour, minute = match["hour"], match["minute"]
    try:
        if hour is None:
            return datetime(int(match["year"]), month, day, tzinfo=UTC), "day"
        return datetime(int(match["year"]), month, day, int(hour), int(minute), tzinfo=UTC), None
    except ValueError:  # the 31st of February, hour 25
        return None
