"""`babelwire watch` and `babelwire export`, as click commands the main CLI registers:

    from babelwire.cli.watch import export_command, make_watch_command
    cli.add_command(make_watch_command())      # default sink: the real Pipeline on --db
    cli.add_command(export_command)

`make_watch_command(sink_factory)` takes a hook `sink_factory(db_path) -> SinkBinding` so tests
(and other front ends) can swap the pipeline for any callable taking a list of documents.
"""

from __future__ import annotations

import csv
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from babelwire.cli.common import (
    BabelwireCommand,
    db_option,
    emit_json,
    json_option,
    load_settings,
    open_service,
    settings_option,
)
from babelwire.cli.dates import cli_moment
from babelwire.cli.format import plural
from babelwire.cli.watch_progress import ProgressPrinter, progress_printer
from babelwire.durations import human_duration
from babelwire.errors import BabelwireError
from babelwire.ingest.fetch import Fetcher, user_agent_with_contact
from babelwire.ingest.htmlbound import PARSE_SECONDS, BoundedExtractor
from babelwire.ingest.sources import SourcesError, load_sources
from babelwire.ingest.watch import FeedState, RoundReport, Sink, SourceReport, Watcher
from babelwire.read.languages import language_code
from babelwire.settings import Settings


@dataclass
class SinkBinding:
    sink: Sink
    state_store: Any = None  # the store the watcher keeps its state in (None: open db_path)
    close: Callable[[], None] = lambda: None


SinkFactory = Callable[[Path], SinkBinding]


def pipeline_sink(db_path: Path, settings: Settings | None = None, workers: int = 1,
                  deliver: bool = False, drain: bool = False) -> SinkBinding:
    """The real pipeline (multilingual encoder) writing to the store at `db_path` (a path or
    a URL). It commits under its own write lease, so the state is kept in the same store but
    not in one transaction with it (see `babelwire.ingest.watch_state`). `deliver`: webhook
    alerts are POSTed in the background meanwhile; `drain`: the due ones before it closes."""
    service = open_service(db_path, settings=settings)
    if deliver:
        service.start_deliveries()

    def close() -> None:
        service.stop_deliveries(drain=drain)
        service.close()

    return SinkBinding(lambda batch: service.ingest(batch, workers=workers), service.store,
                       close)


class _NotSourceFailures(logging.Filter):
    """Source failures already show in the progress lines; log only the item-level faults."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "source_failure", False)


class _WipeProgressFirst(logging.Filter):
    """A log line starts on a line of its own, not after the live progress line."""

    def __init__(self, progress: ProgressPrinter) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.wipe()
        return True


def _configure_logging(verbose: bool, progress: ProgressPrinter) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  ! %(message)s"))
    handler.addFilter(_NotSourceFailures())
    handler.addFilter(_WipeProgressFirst(progress))
    logger = logging.getLogger("babelwire.ingest.watch")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    logging.getLogger("httpx").setLevel(logging.WARNING)


def source_line(report: SourceReport) -> str:
    name = report.name if len(report.name) <= 28 else report.name[:27] + "…"
    if report.status == "failed":
        retry = f" (retry in {report.retry_in / 60:.0f} min)" if report.retry_in else ""
        return (click.style("  FAIL  ", fg="red") + f"{name:<28} {report.error}{retry}")
    if report.status == "not-modified":
        return click.style("  304   ", fg="blue") + f"{name:<28} not modified"
    counts = f"{report.new:>3} new {report.duplicates:>3} dup {report.rejected:>3} rejected"
    if report.too_complex:
        counts += f" ({report.too_complex} too-complex)"
    return click.style("  ok    ", fg="green") + f"{name:<28} {counts}  ({report.elapsed:.1f} s)"


def round_line(report: RoundReport) -> str:
    stamp = time.strftime("%H:%M:%S")
    failed = f", {len(report.failed)} failed" if report.failed else ""
    near = f" ({report.near_duplicates} near-duplicate)" if report.near_duplicates else ""
    return (f"[{stamp}] {plural(len(report.sources), 'source')}: {report.new} new, "
            f"{plural(report.duplicates, 'duplicate')}{near}, {report.rejected} rejected{failed} "
            f"({report.elapsed:.1f} s)")


def nothing_due(watcher: Watcher) -> str:
    """Why a round did nothing, when the next poll is, and how to poll now."""
    polls = [(watcher.state.source(s.name).next_poll, s.name) for s in watcher.sources]
    if not polls:
        return "nothing due: no sources"
    when, name = min(polls)
    wait = max(0.0, when - watcher.clock())
    at = time.strftime("%H:%M:%S", time.localtime(when))
    return (f"nothing due: every source was polled recently; the next poll is {name} in "
            f"{human_duration(wait, 90, 5400)} (at {at}). "
            "--force polls every source now.")




def make_watch_command(sink_factory: SinkFactory | None = None) -> click.Command:
    @click.command("watch", cls=BabelwireCommand)
    @click.argument("sources_file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--once", is_flag=True, help="Run one round (the due sources) and exit.")
    @click.option("--force", is_flag=True, help="Poll every source now, ignoring the schedule.")
    @db_option
    @settings_option
    @click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
                  help="Parallel downloads (at most 2 at a time per host).")
    @click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1),
                  help="Seconds to wait for a server before giving up on a request.")
    @click.option("--contact", envvar="BABELWIRE_CONTACT", metavar="EMAIL_OR_URL",
                  help="Your contact, added to the User-Agent so site owners can reach you "
                       "(or $BABELWIRE_CONTACT).")
    @click.option("--parse-timeout", default=PARSE_SECONDS, show_default=True,
                  type=click.FloatRange(0.5),
                  help="Seconds one page may take to parse (in a worker process); a page "
                       "past it is refused as too-complex and the round goes on.")
    @click.option("-v", "--verbose", is_flag=True,
                  help="Also print each item read (source: title <url>) as it is read, and "
                       "a line when a source's downloads end and when the analysis starts "
                       "(on a terminal a live progress line shows these anyway).")
    @click.option("--analysis-workers", default=1, show_default=True,
                  type=click.IntRange(1, 64),
                  help="Processes that analyse and embed new articles (as ingest --workers).")
    @click.option("--deliver/--no-deliver", default=True, show_default=True,
                  help="POST the watchlists' webhook alerts in the background as articles "
                       "come in (with --once: the due ones before it exits).")
    def watch(sources_file: Path, once: bool, force: bool, db_path: Path,
              settings_path: Path | None, workers: int, timeout: float, contact: str | None,
              verbose: bool, analysis_workers: int, parse_timeout: float,
              deliver: bool) -> None:
        """Poll the RSS/Atom/JSON feeds and pages listed in SOURCES_FILE (TOML) and ingest new
        articles; see docs/watch.md. Runs until interrupted, or one round with --once."""
        try:
            sources = load_sources(sources_file)
        except SourcesError as error:
            raise click.ClickException(str(error)) from None
        progress = progress_printer(verbose)
        echo = progress.before(click.echo)  # a round's lines wipe the live progress line
        _configure_logging(verbose, progress)
        try:
            if sink_factory is not None:
                binding = sink_factory(db_path)
            else:
                binding = pipeline_sink(db_path, load_settings(settings_path),
                                        analysis_workers, deliver=deliver, drain=once)
        except BabelwireError as error:
            raise click.ClickException(f"cannot open {db_path}: {error}") from None
        state = FeedState(binding.state_store if binding.state_store is not None else db_path,
                          shared=False)
        fetcher = Fetcher(timeout=timeout, user_agent=user_agent_with_contact(contact))
        watcher = Watcher(sources, binding.sink, state, fetcher, workers=workers,
                          on_source=lambda r: echo(source_line(r)),
                          extractor=BoundedExtractor(parse_timeout), on_progress=progress)
        click.echo(f"Watching {plural(len(sources), 'source')} into {db_path}"
                   + ("" if once else " (Ctrl-C to stop)"))
        try:
            if once:
                report = watcher.run_once(force=force)
                echo(round_line(report) if report.sources else nothing_due(watcher))
                if report.sources and len(report.failed) == len(report.sources):
                    sys.exit(1)
                return
            stop = threading.Event()

            def request_stop(signum: int, frame: object) -> None:
                click.echo("stopping after the downloads in flight…", err=True)
                stop.set()

            signal.signal(signal.SIGINT, request_stop)
            signal.signal(signal.SIGTERM, request_stop)
            if force:
                echo(round_line(watcher.run_once(force=True, stop=stop)))
            watcher.run_forever(stop, on_round=lambda r: echo(round_line(r)))
        finally:
            watcher.close()
            fetcher.close()
            state.close()
            binding.close()

    return watch


# -- export ------------------------------------------------------------------------------------

ARTICLE_COLUMNS = ["id", "story_id", "title", "lang", "source", "country", "homepage", "url",
                   "published", "ingested_at", "duplicate_of", "external_id", "text"]
STORY_COLUMNS = ["id", "title", "article_count", "languages", "sources", "first_published",
                 "last_published", "article_ids"]


def _not_after(moment: str | None, until: str | None) -> bool:
    """Whether an item stamped `moment` (the store's UTC text) is within `--until`."""
    return until is None or moment is None or moment <= until


def write_records(records: Iterator[dict[str, Any]], fmt: str, columns: list[str],
                  out: IO[str]) -> int:
    """JSONL (one object a line) or CSV (nested values as JSON); returns the record count."""
    count = 0
    writer = csv.DictWriter(out, fieldnames=columns) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for record in records:
        if writer is not None:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list)
                             else v for k, v in record.items()})
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


@click.command("export", cls=BabelwireCommand)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--what", type=click.Choice(["stories", "articles"]), default="stories",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--since", help="Only items published (or updated) at or after this date "
                              "(YYYY-MM-DD or ISO 8601).")
@click.option("--until", help="Only items published (or created) at or before this date "
                              "(YYYY-MM-DD means the end of that day).")
@click.option("--lang", help="Only articles in this language, or stories with one (lv, LV, "
                             "latvian).")
@click.option("--entity", help="Only articles naming this entity, or stories with one (any "
                               "spelling, case or script).")
@db_option
@json_option
def export_command(fmt: str, what: str, output: Path | None, since: str | None,
                   until: str | None, lang: str | None, entity: str | None, db_path: Path,
                   as_json: bool) -> None:
    """Write stories or articles as JSON lines or CSV, for other tools.

    The records go to standard output, or to -o FILE. With --json, errors are JSON objects
    and, with -o, the closing summary is {"wrote": N, "what": ..., "path": ...}.
    """
    since_utc = cli_moment(since, "--since")
    until_utc = cli_moment(until, "--until", end_of_day=True)
    if since_utc and until_utc and since_utc > until_utc:
        raise click.BadParameter(f"{since} is after --until {until}", param_hint="--since")
    code = language_code(lang) if lang else None
    with open_service(db_path, must_exist=True) as service:
        # the articles that name the entity, and their stories
        naming = service.articles_naming(entity) if entity else None
        if what == "stories":
            story_ids = set(naming.values()) if naming is not None else None
            records = (dict(zip(STORY_COLUMNS, (r[c] for c in STORY_COLUMNS), strict=True))
                       for r in service.export_stories(since_utc)
                       if _not_after(r["first_published"] or r.get("created_at"), until_utc)
                       and (code is None or code in r["languages"])
                       and (story_ids is None or int(r["id"]) in story_ids))
        else:
            records = ({**dict(r), "country": r["country"], "homepage": r["homepage"]}
                       for r in service.export_articles(since_utc)
                       if _not_after(r["published"] or r["ingested_at"], until_utc)
                       and (code is None or r["lang"] == code)
                       and (naming is None or int(r["id"]) in naming))
        columns = STORY_COLUMNS if what == "stories" else ARTICLE_COLUMNS
        if output is None:
            count = write_records(records, fmt, columns, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write_records(records, fmt, columns, handle)
            if as_json:
                emit_json({"wrote": count, "what": what, "path": str(output)})
            else:
                click.echo(f"wrote {count} {what} to {output}", err=True)

watch_command = make_watch_command()
