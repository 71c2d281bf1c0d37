"""Command line: a thin layer over the library (ingest, stories, story, entities, demo)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from babelwire import __version__
from babelwire.cli.common import (
    db_option,
    emit_json,
    json_option,
    load_settings,
    open_service,
    settings_option,
    workers_option,
)
from babelwire.cli.corrections import correction_line, story_group
from babelwire.cli.format import print_entities, print_report, print_stories, print_story
from babelwire.cli.lazy import LazyGroup
from babelwire.cli.monitor import alerts_command, watchlist_group
from babelwire.cli.search import search_command
from babelwire.cli.since import print_trending, since_options, story_time_filters
from babelwire.settings import Settings

# The store, the analysis and the encoder are imported inside the commands that use them, and
# these commands' modules only when they run: `babelwire --help` stays quick (BENCHMARKS.md).
LAZY_COMMANDS = {  # name: (where it is defined, its help's first sentence)
    "evaluate": ("babelwire.cli.evaluate:evaluate", "Measure story quality against gold labels."),
    "export": ("babelwire.cli.watch:export_command",
               "Write stories or articles as JSON lines or CSV, for other tools."),
    "serve": ("babelwire.cli.serve:serve", "Serve the web UI and the JSON API over the database."),
    "tune": ("babelwire.cli.evaluate:tune",
             "Rebuild the same-story model from the development splits of the gold sets."),
    "watch": ("babelwire.cli.watch:watch_command",
              "Poll the RSS/Atom/JSON feeds and pages listed in SOURCES_FILE (TOML) and ingest "
              "new articles; see docs/watch.md."),
}


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="babelwire")
def cli() -> None:
    """babelwire: group news articles in many languages into cross-lingual stories.

    \b
    Typical use:
      babelwire demo                     # try it on the bundled corpus
      babelwire ingest articles/ x.jsonl # add your own files (txt, json, jsonl, html)
      babelwire stories                  # newest stories first
      babelwire story 3                  # one story: articles by language, entities, facts
      babelwire search jordskjelv        # stories about a word, in any language
      babelwire entities                 # most mentioned names with all their spellings
    """


# Exit statuses of `ingest` (README, "Exit statuses"): 0 the run completed, rejections or not.
EXIT_NOTHING_INGESTED = 5  # inputs were given but none was stored or known already
EXIT_REJECTED_STRICT = 6  # --strict: at least one input was rejected


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@json_option
@settings_option
@click.option("--strict", is_flag=True,
              help=f"Exit with status {EXIT_REJECTED_STRICT} when any input is rejected.")
@workers_option
@click.option("--source", metavar="NAME",
              help="The source (outlet) of articles that name none: text files, pages without "
                   "a site name, records without `source`. Default for files: their folder.")
def ingest(paths: tuple[Path, ...], db_path: Path, as_json: bool,
           settings_path: Path | None, strict: bool, workers: int, source: str | None) -> None:
    """Add articles from files and folders (recursive) to the database.

    Accepts .txt (plain text; a first line that is only a date dates it), .md (Markdown: its
    first heading is the title), .json (an object or a list), .jsonl (one object per line:
    text, title, url, source, published, lang, id), .csv/.tsv (one article a row, those names
    in the header), .html pages and saved feeds (.xml/.rss/.atom). Inside a folder, README,
    LICENSE, CHANGELOG and the like are skipped as not-news (name one directly to read it).
    Bad inputs are reported, recorded as rejected in the database (`babelwire rejections`
    lists them), and never stop the run.

    \b
    Exit status: 0 the run completed (some inputs may have been rejected);
    5 nothing could be ingested (every input was rejected, or none was found);
    6 with --strict, when any input was rejected.
    """
    from babelwire.ingest.files import read_inputs

    named = " ".join(source.split()) if source else None
    report = run_ingest(lambda: read_inputs(paths, named), db_path, load_settings(settings_path),
                        quiet=as_json, workers=workers)
    if as_json:
        emit_json(report.as_dict())
    else:
        print_report(report)
    usable = report.ingested + report.duplicates + report.near_duplicates
    if usable == 0:
        click.echo("Nothing was ingested" + (": every input was rejected." if report.rejected
                                             else ": no inputs found."), err=True)
        sys.exit(EXIT_NOTHING_INGESTED)
    if strict and report.rejected:
        click.echo(f"--strict: {report.rejected} input(s) rejected.", err=True)
        sys.exit(EXIT_REJECTED_STRICT)


def run_ingest(read: Callable[[], Any], db_path: Path, settings: Settings,
               quiet: bool = False, workers: int = 1) -> Any:
    items = list(read())
    with open_service(db_path, settings=settings) as service:
        service.store  # noqa: B018 - opens (creates or migrates) it before the progress bar
        show = not quiet and sys.stderr.isatty()
        with click.progressbar(length=len(items), label="Ingesting", file=sys.stderr,
                               hidden=not show, show_pos=True) as bar:
            return service.ingest(items, progress=bar.update, workers=workers)


@cli.command()
@db_option
@json_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--lang", help="Only stories with an article in this language: a code (lv, LV) "
              "or a name (latvian).")
@click.option("--entity", help="Only stories naming this entity: any spelling, any case or "
              "script, with or without diacritics, a surname alone, or its key.")
@click.option("--query", "-q", help="Only stories with an article matching these words.")
@click.option("--min-articles", default=1, show_default=True, type=click.IntRange(1))
@click.option("--disputed", is_flag=True,
              help="Only stories whose sources disagree on a figure (a `differ` fact row).")
@since_options
def stories(db_path: Path, as_json: bool, limit: int, offset: int, lang: str | None,
            entity: str | None, query: str | None, min_articles: int, disputed: bool,
            **more: Any) -> None:
    """List stories, newest first (or most trending first, --sort trending): id, title,
    languages, articles, sources, time span."""
    filters = story_time_filters(**more)
    sort = filters.pop("sort")
    with open_service(db_path, must_exist=True) as service:
        if sort == "trending":
            if disputed:
                raise click.UsageError("--disputed cannot be combined with --sort trending")
            trends = service.trending_stories(limit=limit, offset=offset, lang=lang,
                                              entity=entity, query=query,
                                              min_articles=min_articles, **filters)
            found = [s for s, _ in trends]
        else:
            trends = None
            found = service.list_stories(limit=limit, offset=offset, lang=lang, entity=entity,
                                         query=query, min_articles=min_articles,
                                         disputed=disputed, **filters)
    if as_json:
        emit_json([s.as_dict() for s in found] if trends is None
                  else [{**s.as_dict(), "trend": t.as_dict()} for s, t in trends])
    elif trends is not None:
        print_trending(trends)
    elif not found and (lang or entity or query or min_articles > 1 or offset or disputed
                        or any(filters.values())):
        click.echo("No stories match these filters.")
    else:
        print_stories(found)


@story_group.command(name="show")
@click.argument("story_id", type=int)
@db_option
@json_option
@click.option("--disputed", is_flag=True, help="Show only the figures the sources disagree on.")
def story(story_id: int, db_path: Path, as_json: bool, disputed: bool) -> None:
    """Show one story: its articles by language, entities with all spellings, the fact table
    (figures the sources agree on, differ on, or report alone, with the evidence), time line."""
    with open_service(db_path, must_exist=True) as service:
        page = service.story_page(story_id)  # the same page the web shows
    if page is None:
        raise click.ClickException(f"no story {story_id}; `babelwire stories` lists them")
    detail = page.detail
    if disputed:
        detail.comparison = [row for row in detail.comparison if row.status == "differ"]
    if as_json:
        emit_json(page.as_dict())
    else:
        print_story(detail)
        if disputed and not detail.comparison:
            click.echo("\nNo figure the sources disagree on.")
        if page.corrections:
            click.echo("\nCorrected by hand:")
            for correction in page.corrections:
                click.echo(f"  {correction_line(correction)}")


@cli.command()
@db_option
@json_option
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--lang", help="Only mentions in articles of this language (lv, latvian).")
@click.option("--story", "story_id", type=int, help="Only entities of this story.")
def entities(db_path: Path, as_json: bool, limit: int, lang: str | None,
             story_id: int | None) -> None:
    """Most mentioned entities (by mentions), with their kind and spellings in each language."""
    with open_service(db_path, must_exist=True) as service:
        found = service.list_entities(limit=limit, lang=lang, story_id=story_id)
        total = service.count_entities(story_id=story_id, lang=lang)
    if as_json:
        emit_json([e.__dict__ for e in found])
    else:
        print_entities(found, more=total - len(found))


@cli.command()
@click.option("--db", "db_path", default="babelwire-demo.db", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Database to create. The default file is the demo's own and is rebuilt on "
                   "every run; a file named with --db is only replaced with --force.")
@click.option("--force", is_flag=True, help="Replace the database if it exists.")
@json_option
def demo(db_path: Path, as_json: bool, force: bool) -> None:
    """Ingest the bundled demo corpus (12 events, 18 languages) and print the stories found."""
    from babelwire.demo import demo_corpus_path, score_against_gold
    from babelwire.ingest.files import read_inputs

    named = click.get_current_context().get_parameter_source("db_path")
    own_file = named is click.core.ParameterSource.DEFAULT  # rerunning the README's command
    if db_path.exists() and not (force or own_file):
        raise click.UsageError(f"{db_path} exists; the demo would replace it. Pass --force to "
                               "replace it, or --db NEW.db for a new one.")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    corpus = demo_corpus_path()
    report = run_ingest(lambda: read_inputs([corpus]), db_path, Settings(), quiet=as_json)
    with open_service(db_path) as service:
        found = service.list_stories(limit=1000)
        quality = score_against_gold(service, corpus)
    if as_json:
        emit_json({"report": report.as_dict(), "stories": [s.as_dict() for s in found],
                   "quality": quality})
        return
    print_report(report)
    click.echo()
    print_stories(found)
    click.echo(
        f"\nAgainst the corpus's gold labels: {quality['gold_stories']} gold stories, "
        f"{quality['predicted_stories']} found; BCubed F1 {quality['bcubed_f1']:.3f}, "
        f"pairwise F1 {quality['pairwise_f1']:.3f}.")
    click.echo(f"Explore: babelwire stories --db {db_path}   |   babelwire story "
               f"{found[-1].id if found else 1} --db {db_path}")


@cli.command()
@db_option
@json_option
@click.option("--since", help="Only inputs rejected (or rejected again) at or after this date "
                              "(YYYY-MM-DD or ISO 8601).")
def rejections(db_path: Path, as_json: bool, since: str | None) -> None:
    """List the inputs ingest rejected: when, why, and where (file, file:line or file[index])."""
    from babelwire.cli.dates import cli_moment

    since_utc = cli_moment(since, "--since")
    with open_service(db_path, must_exist=True) as service:
        found = [{**row, **rejection_place(row["origin"], row["detail"])}
                 for row in service.rejections(since_utc)]
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("No rejected inputs" + (f" since {since}." if since else "."))
        return
    for row in found:
        click.echo(f"{row['rejected_at']}  {row['reason']:<16}  {row['origin']}"
                   + (f"  ({row['detail']})" if row["detail"] else ""))
    click.echo(f"{len(found)} rejected input(s).", err=True)


def rejection_place(origin: str, detail: str) -> dict[str, Any]:
    """'a.jsonl:3' -> file a.jsonl, line 3; 'b.json[2]' (detail 'line 7: ...') -> file b.json,
    index 2, line 7; a plain path -> that file."""
    match = re.fullmatch(r"(?s)(.*?)(?::(\d+)|\[(\d+)\])", origin)
    file, line, index = (match.group(1), match.group(2), match.group(3)) if match else (
        origin, None, None)
    if line is None:
        stated = re.match(r"line (\d+):", detail)
        line = stated.group(1) if stated else None
    return {"file": file, "line": int(line) if line else None,
            "index": int(index) if index else None}


@cli.command(name="settings")
def show_settings() -> None:
    """Print the default settings as JSON (save, edit, pass back with --settings)."""
    emit_json(Settings().to_dict())


# Light modules (click and the CLI's own helpers): registered as they are.
for command in (watchlist_group, alerts_command, story_group, search_command):
    cli.add_command(command)

for name, (target, short_help) in LAZY_COMMANDS.items():
    cli.add_lazy_command(name, target, short_help)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Interrupted; everything committed before this point is kept.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
