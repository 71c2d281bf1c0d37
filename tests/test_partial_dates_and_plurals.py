"""Issue 23: a month-only date shows as a month everywhere (the story list, the CLI, the story
page's coverage chart), never as "2020-09-01 00:00"; counts read "1 source", "1 article"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.format import plural, time_span
from babelwire.cli.main import cli
from babelwire.models import RawDocument
from babelwire.pipeline import Pipeline
from babelwire.read import views
from babelwire.service import Service
from babelwire.store import open_store
from babelwire.store.base import Store, is_database_url
from babelwire.web import create_app

MONTH_ONLY = RawDocument(
    origin="flood.txt", source="Il Piccolo",
    title="Alluvione nel Piemonte: evacuate cento famiglie",
    text=("Le piogge torrenziali hanno fatto esondare il fiume Tanaro nella provincia di Cuneo. "
          "Cento famiglie sono state evacuate e le scuole resteranno chiuse fino a lunedì."),
    published=datetime(2020, 9, 1, tzinfo=UTC), published_precision="month", lang_hint="it")
TIMED = RawDocument(
    origin="ferry.txt", source="Rīgas Vēstis",
    title="Prāmis uzskrējis uz sēkļa pie Ventspils",
    text=("Pasažieru prāmis naktī uzskrēja uz sēkļa netālu no Ventspils ostas. Visi pasažieri "
          "tika izglābti, un neviens netika ievainots, paziņoja krasta apsardze."),
    published=datetime(2026, 3, 2, 12, 20, tzinfo=UTC), lang_hint="lv")


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    with open_store(store_location) as opened:
        Pipeline(opened, HashingEncoder()).ingest([MONTH_ONLY, TIMED])
        yield opened


def by_title(store: Store) -> dict[str, views.StorySummary]:
    return {s.title: s for s in views.list_stories(store)}


def test_a_story_knows_how_precisely_it_is_dated(store):
    stories = by_title(store)
    assert stories[MONTH_ONLY.title].published_precision == "month"
    assert stories[TIMED.title].published_precision is None
    detail = views.get_story(store, stories[MONTH_ONLY.title].id)
    assert detail is not None and detail.story.published_precision == "month"


def test_time_spans_show_only_what_is_known():
    moment = "2020-09-01T00:00:00+00:00"
    assert time_span(moment, moment, "month") == "2020-09"
    assert time_span(moment, "2020-10-01T00:00:00+00:00", "month") == "2020-09 – 2020-10"
    assert time_span(moment, moment, "year") == "2020"
    assert time_span("2026-03-02T12:20:00+00:00", "2026-03-02T15:05:00+00:00") == (
        "2026-03-02 12:20 – 15:05")


def test_plurals():
    assert plural(1, "source") == "1 source" and plural(2, "source") == "2 sources"
    assert plural(1, "new story") == "1 new story" and plural(0, "new story") == "0 new stories"


def test_cli_shows_a_month_and_counts_in_the_singular(store, tmp_path: Path):
    if is_database_url(str(store.location)):
        pytest.skip("the CLI part runs once, on SQLite")
    runner = CliRunner()
    listed = runner.invoke(cli, ["stories", "--db", str(store.location)])
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if "Piemonte" in row)
    assert "2020-09" in line and "00:00" not in line and "2020-09-01" not in line
    story = by_title(store)[MONTH_ONLY.title].id
    shown = runner.invoke(cli, ["story", str(story), "--db", str(store.location)])
    assert shown.exit_code == 0, shown.output
    assert "1 article in 1 language from 1 source" in shown.output
    assert "1 articles" not in shown.output and "1 sources" not in shown.output


def test_story_page_chart_shows_a_month(store):
    app = create_app(service=Service.over(store, encoder=HashingEncoder()))
    story = by_title(store)[MONTH_ONLY.title].id
    with TestClient(app) as client:
        page = client.get(f"/stories/{story}").text
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "Sep 2020" in chart
    assert "00:00" not in chart and "01 Sep" not in chart
    lede = re.sub(r"<[^>]+>", "", page[page.index('class="lede"'):])[:200]
    assert "1 article in 1 language from 1 source" in lede, lede
