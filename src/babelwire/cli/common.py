"""Options and helpers shared by every CLI command module, and the CLI's error boundary:
every `BabelwireError` (and every click usage error) leaves as one error shape, a line on
stderr, or with `--json` the object {"error": {"code", "message", "exit_status"}} on stdout."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from babelwire.errors import BabelwireError, NotFound, SettingsError
from babelwire.settings import Settings

if TYPE_CHECKING:  # the service (the store, numpy, the analysis) is imported by the commands
    from babelwire.service import Service  # that open one: `babelwire --help` stays quick

DEFAULT_DB = "babelwire.db"


def default_db() -> str:
    return os.environ.get("BABELWIRE_DB", DEFAULT_DB)


class StoreLocation(click.ParamType):
    """A SQLite file (kept as a Path) or a postgresql:// URL (kept as text)."""

    name = "PATH|URL"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str | Path:
        from babelwire.service import is_database_url

        if isinstance(value, Path) or is_database_url(value):
            return value
        text = str(value)
        if "://" in text:
            self.fail(f"{text!r}: only postgresql:// URLs or file paths are stores", param, ctx)
        path = Path(text)
        if path.is_dir():
            self.fail(f"{text!r} is a folder; give a database file or a postgresql:// URL",
                      param, ctx)
        return path


db_option = click.option(
    "--db", "db_path", default=default_db, show_default=f"$BABELWIRE_DB or ./{DEFAULT_DB}",
    type=StoreLocation(),
    help="SQLite database file, or a PostgreSQL URL (postgresql://user@host:port/dbname).")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
settings_option = click.option(
    "--settings", "settings_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON file of settings (thresholds, weights); see `babelwire settings`.")
workers_option = click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Processes that analyse and embed in parallel (this one assigns and stores).")


def open_service(location: str | Path, must_exist: bool = False,
                 settings: Settings | None = None) -> Service:
    """The service over the database at `location` (opened on first use); errors are
    BabelwireErrors, shown by the CLI boundary."""
    from babelwire.service import Service, service_exists

    if must_exist and not service_exists(location):
        raise NotFound(f"no database at {location}: run `babelwire ingest ...` first or "
                       "pass --db")
    return Service(location, settings)


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        return Settings.load(path)
    except (ValueError, TypeError) as error:
        raise SettingsError(f"bad settings file {path}: {error}") from None


def json_safe(data: Any) -> Any:
    """NaN (an undefined metric, e.g. Pearson of a constant) and infinities become null: strict
    JSON parsers reject the bare NaN and Infinity that json.dumps writes."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {key: json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(value) for value in data]
    return data


def emit_json(data: Any) -> None:
    click.echo(json.dumps(json_safe(data), ensure_ascii=False, indent=2, default=str,
                          allow_nan=False))


# -- the error boundary -------------------------------------------------------------------------

class CliError(click.ClickException):
    """An error in the one shape: `code`, `message`, exit status; JSON when --json was given."""

    def __init__(self, message: str, code: str = "error", exit_status: int = 1,
                 as_json: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.exit_code = exit_status  # type: ignore[misc]
        self.as_json = as_json

    def show(self, file: IO[Any] | None = None) -> None:
        if self.as_json:
            click.echo(json.dumps({"error": {"code": self.code, "message": self.message,
                                             "exit_status": self.exit_code}},
                                  ensure_ascii=False))
        else:
            click.echo(f"Error: {self.message}", err=True)


def _invoke_translating(invoke: Any, ctx: click.Context, raw: list[str]) -> Any:
    as_json = "--json" in raw
    try:
        return invoke(ctx)
    except CliError:
        raise
    except BabelwireError as error:
        raise CliError(str(error), error.code, error.exit_status, as_json) from None
    except click.UsageError as error:
        if not as_json:
            raise
        raise CliError(error.format_message(), "usage", error.exit_code, True) from None
    except click.ClickException as error:
        raise CliError(error.format_message(), "error", error.exit_code, as_json) from None


class BabelwireGroup(click.Group):
    """The CLI's one boundary: library errors become `CliError`s in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke_translating(super().invoke, ctx, [*ctx._protected_args, *ctx.args])


class BabelwireCommand(click.Command):
    """The same boundary for a command used on its own (tests, other front ends)."""

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke_translating(super().invoke, ctx,
                                   ["--json"] if ctx.params.get("as_json") else [])
