"""Issue 23, files as a new user drops them in a folder: Markdown is read as Markdown (the
heading is the title, links keep their text), a folder's README/LICENSE/CHANGELOG is no news
unless named directly, a file's source is its folder, its page's site name or --source, and a
title made from a first sentence reads like a headline."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner

from babelwire.cli.main import cli
from babelwire.ingest.files import derive_title, document_from_html, read_inputs
from babelwire.ingest.markdown import front_matter, is_folder_documentation, markdown_to_text
from babelwire.models import RawDocument, Rejection

BODY = ("Ein Passagierschiff ist in der Nacht vor der lettischen Küste auf Grund gelaufen. "
        "Alle Reisenden wurden mit Hubschraubern in Sicherheit gebracht, teilte die Küstenwache "
        "am Morgen mit.")
MARKDOWN = f"""---
title: "Fähre vor Ventspils auf Grund gelaufen"
date: 2026-03-02
---

# Schiff auf Grund

**{BODY[:40]}**{BODY[40:]} Mehr bei [der Küstenwache](https://example.org/kw) und
![ein Foto](foto.jpg) <https://example.org/x>.

- erster Punkt mit `Code`
> ein Zitat

| a | b |
|---|---|
| Zelle | Wert |

```
code that is no news
```
"""


def documents(items) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def test_markdown_becomes_its_plain_text():
    fields, rest = front_matter(MARKDOWN)
    assert fields == {"title": "Fähre vor Ventspils auf Grund gelaufen", "date": "2026-03-02"}
    title, text = markdown_to_text(rest)
    assert title == "Schiff auf Grund"
    for markup in ("#", "**", "](", "![", "`", "> ", "|", "---", "code that is no news",
                   "https://example.org/kw", "- erster"):
        assert markup not in text, markup
    assert "der Küstenwache" in text and "ein Foto" in text and "erster Punkt mit Code" in text
    assert "ein Zitat" in text and "Zelle Wert" in text
    setext, _ = markdown_to_text("Ferry aground\n=============\n\nText.")
    assert setext == "Ferry aground"


def test_folder_documentation_is_skipped_unless_named(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "README.md").write_text("# Seed articles\n\nTwo articles on one event. " * 5)
    (folder / "LICENSE").write_text("MIT License " * 20)
    (folder / "CHANGELOG.txt").write_text("Version 1.0: first release. " * 10)
    (folder / "ferry.md").write_text(MARKDOWN, encoding="utf-8")
    items = list(read_inputs([folder]))
    skipped = {Path(r.origin).name for r in items if isinstance(r, Rejection)
               and r.reason == "not-news"}
    assert skipped == {"README.md", "LICENSE", "CHANGELOG.txt"}
    (article,) = documents(items)
    assert article.title == "Fähre vor Ventspils auf Grund gelaufen"  # front matter wins
    assert article.published is not None and article.published.date().isoformat() == "2026-03-02"
    assert "**" not in article.text and "#" not in article.text
    named = documents(read_inputs([folder / "README.md"]))
    assert named and named[0].title == "Seed articles"  # named directly: read, as Markdown
    for name in ("README", "readme.txt", "License.md", "CODE-OF-CONDUCT.md", "COPYING"):
        assert is_folder_documentation(Path(name)), name
    for name in ("readme-notes.txt", "news.md", "licensing-row.txt", "history-of-riga.md"):
        assert not is_folder_documentation(Path(name)), name


def test_a_file_has_a_source(tmp_path: Path):
    folder = tmp_path / "Rigas Vestis"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    (folder / "b.json").write_text(json.dumps([{"text": BODY + " Zwei.", "source": "NRK"},
                                               {"text": BODY + " Drei."}]), encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Fähre</title><meta property='og:site_name' content='Kieler Blatt'>"
        f"</head><body><article><h1>Fähre</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>",
        encoding="utf-8")
    sources = sorted(d.source or "-" for d in documents(read_inputs([folder])))
    # the text file: its folder; a record's own source; a page's site name; a bare record: none
    assert sources == ["-", "Kieler Blatt", "NRK", "Rigas Vestis"]
    given = {d.source for d in documents(read_inputs([folder], source="Agentur X"))}
    assert given == {"Agentur X", "NRK", "Kieler Blatt"}


def test_titles_read_like_headlines():
    assert derive_title("En hardt presset Aleksandr Lukasjenko søker hjelp hos Putin.\nMer") == (
        "En hardt presset Aleksandr Lukasjenko søker hjelp hos Putin")
    long = ("Šī ir pirmā Lukašenko ārvalstu vizīte kopš 9.augustā notikušajām prezidenta "
            "vēlēšanām, kuru rezultātu viltošana izsauca Baltkrievijā nepieredzēti plašus masu "
            "protestus.")
    assert derive_title(long) == ("Šī ir pirmā Lukašenko ārvalstu vizīte kopš 9.augustā "
                                  "notikušajām prezidenta vēlēšanām")
    assert derive_title("Talks resume in the U.S.") == "Talks resume in the U.S."
    assert derive_title("Storm hits the coast\nText.") == "Storm hits the coast"


def test_ingest_help_names_the_source_option():
    text = CliRunner().invoke(cli, ["ingest", "--help"]).output
    assert "--source" in text and "README" in text and "Markdown" in text


PAGE = ("<html><head><title>Fähre</title>{head}</head><body><article><h1>Fähre</h1>"
        + f"<p>{BODY}</p><p>{BODY}</p></article></body></html>")


@pytest.mark.parametrize("head", [
    '<meta property="article:published_time" content="2026-03-02T12:20:00+00:00">',
    '<meta content="2026-03-02T12:20:00Z" itemprop="datePublished">',
    '<script type="application/ld+json">{"@type": "NewsArticle", '
    '"datePublished": "2026-03-02T13:20:00+01:00"}</script>',
])
def test_a_page_keeps_its_time_of_day(head: str):
    page = document_from_html(PAGE.format(head=head), "page.html")
    assert isinstance(page, RawDocument)
    assert page.published is not None and page.published_precision is None
    assert page.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == "2026-03-02 12:20"


def test_a_page_with_a_day_only_stays_a_day():
    page = document_from_html(PAGE.format(head='<meta name="date" content="2026-03-02">'),
                              "page.html")
    assert isinstance(page, RawDocument) and page.published_precision == "day"
