"""Options and helpers shared by every CLI command module."""

from __future__ import annotations

import json
import math
import os
import sqlite3
from pathlib import Path
from typing import Any

import click

from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore

DEFAULT_DB = "babelwire.db"


def default_db() -> str:
    return os.environ.get("BABELWIRE_DB", DEFAULT_DB)


db_option = click.option(
    "--db", "db_path", default=default_db, show_default=f"$BABELWIRE_DB or ./{DEFAULT_DB}",
    type=click.Path(dir_okay=False, path_type=Path), help="SQLite database file.")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")
settings_option = click.option(
    "--settings", "settings_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON file of settings (thresholds, weights); see `babelwire settings`.")


def open_store(db_path: Path, must_exist: bool = False) -> SQLiteStore:
    if must_exist and not db_path.exists():
        raise click.ClickException(
            f"no database at {db_path}: run `babelwire ingest ...` first or pass --db")
    try:
        return SQLiteStore(db_path)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path} is not a babelwire database: {error}") from None
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        return Settings.load(path)
    except (ValueError, TypeError) as error:
        raise click.ClickException(f"bad settings file {path}: {error}") from None


def json_safe(data: Any) -> Any:
    """NaN (an undefined metric, e.g. Pearson of a constant) becomes null: strict JSON parsers
    reject the bare NaN that json.dumps writes."""
    if isinstance(data, float) and math.isnan(data):
        return None
    if isinstance(data, dict):
        return {key: json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(value) for value in data]
    return data


def emit_json(data: Any) -> None:
    click.echo(json.dumps(json_safe(data), ensure_ascii=False, indent=2, default=str,
                          allow_nan=False))
