"""The time, source and order options of `babelwire stories`: what is new since a date,
what changed since one (`--updated-since`: "since I last looked"), and breaking stories
first (`--sort trending`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from babelwire.cli.dates import cli_moment


def since_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed((
        click.option("--since", help="Only stories with an article published on or after this "
                     "date (YYYY-MM-DD or ISO 8601)."),
        click.option("--until", help="Only stories with an article published on or before "
                     "this date."),
        click.option("--updated-since", help="Only stories created or changed in the database "
                     "(a new article, a correction) on or after this date: what is new since "
                     "you last looked."),
        click.option("--source", help="Only stories with an article from this source."),
        click.option("--sort", type=click.Choice(["newest", "trending"]), default="newest",
                     show_default=True, help="trending: the stories growing fastest now "
                     "against their own past and the whole stream (docs/monitoring.md)."),
    )):
        command = option(command)
    return command


def story_time_filters(since: str | None, until: str | None, updated_since: str | None,
                       source: str | None, sort: str) -> dict[str, Any]:
    """The options as the service's filters (dates checked: a typo is a usage error)."""
    since_utc = cli_moment(since, "--since")
    until_utc = cli_moment(until, "--until", end_of_day=True)
    if since_utc and until_utc and since_utc > until_utc:
        raise click.BadParameter(f"{since} is after --until {until}", param_hint="--since")
    return {"since": since_utc, "until": until_utc,
            "updated_since": cli_moment(updated_since, "--updated-since"),
            "source": (source or "").strip() or None, "sort": sort}


def print_trending(trends: list[Any]) -> None:
    if not trends:
        click.echo("No stories match these filters.")
    for story, trend in trends:
        click.echo(f"{story.id:>6}  {trend.score:>6.2f}  {trend.recent_articles:>3} new in 6 h"
                   f" ({trend.recent_sources} sources, {trend.recent_languages} languages)"
                   f"  {story.title}")
