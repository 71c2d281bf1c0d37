"""CSV/TSV tables and saved RSS/Atom feeds are read as articles, not refused by their suffix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babelwire.ingest.files import read_inputs
from babelwire.models import RawDocument, Rejection

TEXT = ("Vladimir Putin met Alexander Lukashenko in Sochi on Monday and promised Belarus a loan "
        "of 1.5 billion dollars, the Kremlin said.")


def read(path: Path) -> tuple[list[RawDocument], list[Rejection]]:
    items = list(read_inputs([path]))
    return ([i for i in items if isinstance(i, RawDocument)],
            [i for i in items if isinstance(i, Rejection)])


def test_a_csv_table_one_article_a_row(tmp_path: Path):
    path = tmp_path / "articles.csv"
    path.write_text(f'ID,Title,Text,Date\n1,Putin meets Lukashenko,"{TEXT}",2020-09-14\n'
                    f'2,,"{TEXT}\nA second paragraph, inside the cell.",1600105500\n\n'
                    f'3,A,"{TEXT}",2020-09-14,an extra cell\n', encoding="utf-8")
    documents, rejections = read(path)
    assert [d.external_id for d in documents] == ["1", "2"]
    assert documents[0].title == "Putin meets Lukashenko"
    assert documents[0].published == datetime(2020, 9, 14, tzinfo=UTC)
    assert documents[1].published == datetime.fromtimestamp(1600105500, tz=UTC)
    assert "A second paragraph" in documents[1].text
    assert documents[1].title  # derived from the text
    [rejection] = rejections
    assert rejection.reason == "malformed-record" and rejection.origin.endswith(":6")


def test_a_tsv_table_and_a_date_that_is_no_date(tmp_path: Path):
    path = tmp_path / "articles.tsv"
    path.write_text(f"body\tpublished\n{TEXT}\t2020-09-14\n{TEXT} Again.\tsoon\n",
                    encoding="utf-8")
    documents, rejections = read(path)
    assert len(documents) == 1 and documents[0].text == TEXT
    assert [r.reason for r in rejections] == ["bad-date"]


def test_a_quote_never_closed_is_refused_not_swallowed(tmp_path: Path):
    """Without strict parsing the open quote made one cell of the rest of the file: the
    second row's article was lost inside the first's text, without a word."""
    path = tmp_path / "broken.csv"
    path.write_text(f'id,text\n1,"{TEXT}\n2,{TEXT} Another row.\n3,{TEXT} A third.\n',
                    encoding="utf-8")
    documents, [rejection] = read(path)
    assert documents == []
    assert rejection.reason == "malformed-csv" and "never closed" in rejection.detail
    assert rejection.origin.endswith(":2")


def test_a_table_without_a_text_column_is_refused_once(tmp_path: Path):
    path = tmp_path / "links.csv"
    path.write_text("url,headline\nhttps://example.com/a,A\nhttps://example.com/b,B\n",
                    encoding="utf-8")
    documents, [rejection] = read(path)
    assert documents == []
    assert rejection.reason == "missing-text" and "url, headline" in rejection.detail


def test_a_saved_rss_feed_one_article_an_item(tmp_path: Path):
    path = tmp_path / "feed.rss"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World News Daily</title>
<item><title>Putin meets Lukashenko</title><link>https://example.com/a</link>
<guid>a-1</guid><description>{TEXT}</description>
<pubDate>Mon, 14 Sep 2020 18:00:00 GMT</pubDate></item>
<item><title>Headline only</title><link>https://example.com/b</link></item>
</channel></rss>""", encoding="utf-8")
    documents, [rejection] = read(path)
    [document] = documents
    assert (document.title, document.url, document.external_id) == (
        "Putin meets Lukashenko", "https://example.com/a", "a-1")
    assert document.source == "World News Daily"
    assert document.published == datetime(2020, 9, 14, 18, tzinfo=UTC)
    assert rejection.reason == "no-article-text" and rejection.origin == "https://example.com/b"


def test_an_xml_file_that_is_no_feed_says_so(tmp_path: Path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><catalog><book>x</book></catalog>", encoding="utf-8")
    documents, [rejection] = read(path)
    assert documents == [] and rejection.reason == "not-a-feed"


def test_other_suffixes_are_still_refused_by_name(tmp_path: Path):
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    _, [rejection] = read(path)
    assert rejection.reason == "unsupported-type" and ".csv" in rejection.detail
