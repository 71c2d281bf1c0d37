"""Monitoring commands: `babelwire watchlist add|list|remove` (saved filters) and `babelwire
alerts` (what the watchlists caught, written as each ingest chunk commits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from babelwire.cli.common import db_option, emit_json, json_option, open_service
from babelwire.cli.dates import cli_moment


@click.group(name="watchlist")
def watchlist_group() -> None:
    """Saved filters that raise alerts as articles arrive (see `babelwire alerts`).

    \b
    A story matches a watchlist when it names every --entity (any spelling or script:
    "Лукашенко" matches "Lukasjenko"), is about the --query words (in any language), has
    an article in one of the --lang languages and from one of the --source sources, and has
    at least --min-articles articles in --min-languages languages. A watchlist alerts on
    the articles ingested after it was added.
    """


@watchlist_group.command(name="add")
@click.argument("name")
@click.option("--entity", "entities", multiple=True, metavar="TEXT",
              help="A name the story must mention, in any spelling (repeatable: all of them).")
@click.option("--query", help="Words the story is about, in any language.")
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="A language the story must have an article in (repeatable: any of them).")
@click.option("--source", "sources", multiple=True, metavar="SOURCE",
              help="A source the story must have an article from (repeatable: any of them).")
@click.option("--min-articles", default=1, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--min-languages", default=1, show_default=True, type=click.IntRange(1, 200))
@click.option("--webhook", metavar="URL",
              help="POST each alert here as JSON (`babelwire alerts --deliver` sends them).")
@click.option("--allow-internal", is_flag=True,
              help="Let the webhook go to a loopback or private address.")
@db_option
@json_option
def watchlist_add(name: str, entities: tuple[str, ...], query: str | None,
                  langs: tuple[str, ...], sources: tuple[str, ...], min_articles: int,
                  min_languages: int, webhook: str | None, allow_internal: bool,
                  db_path: Path, as_json: bool) -> None:
    """Add the watchlist NAME (letters, digits, '.', '-', '_'): at least one filter."""
    with open_service(db_path) as service:
        added = service.add_watchlist(name, entities, query, langs, sources, min_articles,
                                      min_languages, webhook, allow_internal)
    if as_json:
        emit_json(added.as_dict())
    else:
        click.echo(f"Added watchlist {added.name}: {describe(added.as_dict())}")


@watchlist_group.command(name="list")
@db_option
@json_option
def watchlist_list(db_path: Path, as_json: bool) -> None:
    """The watchlists, by name, with their filters."""
    with open_service(db_path, must_exist=True) as service:
        found = [w.as_dict() for w in service.watchlists()]
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("No watchlists; `babelwire watchlist add NAME --entity ...` adds one.",
                   err=True)
    for watchlist in found:
        click.echo(f"{watchlist['name']:<20} {describe(watchlist)}")


@watchlist_group.command(name="remove")
@click.argument("name")
@db_option
@json_option
def watchlist_remove(name: str, db_path: Path, as_json: bool) -> None:
    """Remove the watchlist NAME and its alerts."""
    with open_service(db_path, must_exist=True) as service:
        service.remove_watchlist(name)
    if as_json:
        emit_json({"removed": name})
    else:
        click.echo(f"Removed watchlist {name}")


def describe(watchlist: dict[str, Any]) -> str:
    parts = [f"entity {e!r}" for e in watchlist["entities"]]
    if watchlist["query"]:
        parts.append(f"about {watchlist['query']!r}")
    if watchlist["langs"]:
        parts.append("in " + "/".join(watchlist["langs"]))
    if watchlist["sources"]:
        parts.append("from " + "/".join(watchlist["sources"]))
    if watchlist["min_articles"] > 1:
        parts.append(f">= {watchlist['min_articles']} articles")
    if watchlist["min_languages"] > 1:
        parts.append(f">= {watchlist['min_languages']} languages")
    if watchlist["webhook"]:
        parts.append(f"webhook {watchlist['webhook']}")
    return ", ".join(parts)


@click.command(name="alerts")
@click.option("--watchlist", "watchlist_name", metavar="NAME", help="Only this watchlist's.")
@click.option("--since", help="Only alerts created at or after this date (YYYY-MM-DD or ISO).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--deliver", is_flag=True, help="Instead: POST the webhook deliveries that are "
              "due (new alerts, retries) once, and print what happened.")
@db_option
@json_option
def alerts_command(watchlist_name: str | None, since: str | None, limit: int, deliver: bool,
                   db_path: Path, as_json: bool) -> None:
    """Alerts, newest first: a story first matched a watchlist (new-story), or a matched story
    got a new language (new-language), grows fast (growing) or its sources newly disagree on
    a figure (disputed)."""
    since_utc = cli_moment(since, "--since")
    if deliver:
        with open_service(db_path, must_exist=True) as service:
            report = service.deliver_alerts().as_dict()
        if as_json:
            emit_json(report)
        else:
            click.echo(", ".join(f"{n} {k}" for k, n in report.items() if k != "errors"))
            for error in report["errors"]:
                click.echo(f"  {error}", err=True)
        return
    with open_service(db_path, must_exist=True) as service:
        found = service.alerts(watchlist_name, since_utc, limit)
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("No alerts" + (f" since {since}" if since else "") + ".", err=True)
    for alert in found:
        detail = f" ({alert['detail']})" if alert["detail"] else ""
        click.echo(f"{alert['created']}  {alert['watchlist']:<16} {alert['reason']:<12}"
                   f" story {alert['story_id']}{detail}: {alert['story_title'] or ''}")
