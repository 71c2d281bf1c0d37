"""`babelwire watch` and `babelwire export` through click, with a local server and a fake sink."""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli.watch import SinkBinding, export_command, make_watch_command
from babelwire.models import RawDocument, Rejection
from feedserver import RSS_TYPE, STORIES, FeedServer, article_page, rss


@pytest.fixture(autouse=True)
def _no_proxies_and_clean_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    logger = logging.getLogger("babelwire.ingest.watch")
    yield
    logger.handlers.clear()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for story in STORIES.values():
            running.route(f"/articles/{story.slug}.html", article_page(story))
        running.route("/rss.xml", rss([STORIES["harbour-en"], STORIES["most-ru"]],
                                      running.base), content_type=RSS_TYPE)
        running.route("/broken.xml", "<rss><channel>", content_type=RSS_TYPE)
        yield running


def test_watch_once_shows_progress(server: FeedServer, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[[source]]
name = "Wire"
url = "{server.url('/rss.xml')}"
language = "en"

[[source]]
name = "Broken"
url = "{server.url('/broken.xml')}"
""", encoding="utf-8")
    received: list[RawDocument | Rejection] = []

    def factory(db_path: Path) -> SinkBinding:
        return SinkBinding(received.extend)

    command = make_watch_command(factory)
    db = tmp_path / "watch.db"
    result = CliRunner().invoke(command, [str(sources), "--once", "--db", str(db),
                                          "--timeout", "2"])
    assert result.exit_code == 0, result.output
    assert "Watching 2 sources" in result.output
    assert "ok" in result.output and "Wire" in result.output and "2 new" in result.output
    assert "FAIL" in result.output and "invalid-xml" in result.output
    assert "2 new, 0 duplicates, 0 rejected, 1 failed" in result.output
    assert len(received) == 2
    again = CliRunner().invoke(command, [str(sources), "--once", "--db", str(db)])
    assert again.exit_code == 0 and "nothing due" in again.output
    assert len(received) == 2


def test_watch_reports_bad_sources_without_traceback(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "X"\nurl = "not a url"\n', encoding="utf-8")
    result = CliRunner().invoke(make_watch_command(lambda db: SinkBinding(print)),
                                [str(sources), "--once", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1
    assert "source 'X' (#1): 'url' must be an http:// or https:// URL" in result.output
    assert "Traceback" not in result.output


def make_store(path: Path) -> None:
    """A real store with watch_sources metadata and rows written in place."""
    from babelwire.store.sqlite import SQLiteStore

    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.executescript("""
        INSERT INTO watch_sources (name, url, kind, interval, country, homepage)
            VALUES ('NRK', 'https://www.nrk.no/rss', 'feed', 600, 'NO', 'https://www.nrk.no/');
        INSERT INTO stories (id, title, article_count, first_published, last_published,
            created_at) VALUES (1, 'Storm', 3, '2024-05-01T08:00:00+00:00',
            '2024-05-02T08:00:00+00:00', '2024-05-01T09:00:00+00:00');
        INSERT INTO articles (id, story_id, external_id, url, content_hash, title, text, lang,
            source, published, ingested_at, duplicate_of) VALUES
            (1, 1, 'a', 'https://nrk.no/1', 'h1', 'Uvær', 'Tekst, med "komma"
            og linjeskift.', 'nb', 'NRK', '2024-05-01T08:00:00+00:00', 'now', NULL),
            (2, 1, NULL, 'https://x.lv/2', 'h2', 'Vētra', 'Teksts', 'lv', 'LSM',
             '2024-05-02T08:00:00+00:00', 'now', NULL),
            (3, 1, NULL, 'https://y.lv/3', 'h3', 'Vētra', 'Teksts', 'lv', 'Delfi',
             '2024-05-02T08:00:00+00:00', 'now', 2);
    """)
    db.commit()
    db.close()


def test_export_articles_and_stories(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    make_store(db)
    runner = CliRunner()
    result = runner.invoke(export_command, ["--what", "articles", "--db", str(db)])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in result.output.splitlines()]
    assert [a["id"] for a in articles] == [1, 2, 3]
    assert articles[0]["country"] == "NO" and articles[0]["homepage"] == "https://www.nrk.no/"
    assert articles[2]["duplicate_of"] == 2 and articles[1]["country"] is None

    out = tmp_path / "stories.csv"
    result = runner.invoke(export_command, ["--format", "csv", "--what", "stories", "--db",
                                            str(db), "-o", str(out)])
    assert result.exit_code == 0 and "wrote 1 stories" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["title"] == "Storm" and json.loads(rows[0]["languages"]) == {"lv": 2, "nb": 1}
    assert json.loads(rows[0]["sources"]) == ["Delfi", "LSM", "NRK"]
    assert json.loads(rows[0]["article_ids"]) == [1, 2, 3]

    result = runner.invoke(export_command, ["--format", "csv", "--what", "articles", "--db",
                                            str(db), "--since", "2024-05-02"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in rows] == ["2", "3"]


def test_export_without_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(export_command, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database" in result.output
