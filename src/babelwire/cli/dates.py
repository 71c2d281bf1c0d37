"""Date options (`--since`, `--until`) checked once, so a typo fails instead of matching nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import click


def cli_moment(value: str | None, option: str, end_of_day: bool = False) -> str | None:
    """`value` (YYYY-MM-DD or ISO 8601) as the store's UTC text form, or a usage error (exit 2).
    A plain date means the start of that day, or its end with `end_of_day`."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text),
                                      time.max if end_of_day else time.min, tzinfo=UTC)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
        moment = parsed.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD or ISO 8601 such as "
                                 "2026-03-02T14:20:00+02:00", param_hint=option) from None
    return moment.isoformat(timespec="seconds")
