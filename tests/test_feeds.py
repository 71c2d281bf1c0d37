"""Feed parsing: RSS 2.0, RSS 1.0, Atom, JSON Feed, and every way a feed can be broken."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from babelwire.ingest.feeds import FeedError, html_to_text, parse_date, parse_feed
from feedserver import STORIES, atom, json_feed, rss

BASE = "http://127.0.0.1:1"


def test_rss_items() -> None:
    stories = [STORIES["harbour-en"], STORIES["bibliotek-nb"]]
    feed = parse_feed(rss(stories, BASE).encode(), f"{BASE}/rss.xml")
    assert feed.kind == "rss" and feed.title == "Test RSS" and feed.link == f"{BASE}/"
    first = feed.items[0]
    assert first.title == stories[0].title
    assert first.link == f"{BASE}/articles/harbour-en.html"
    assert first.id == "harbour-en"
    assert first.summary == stories[0].summary  # the escaped <p> is gone
    assert first.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert feed.items[1].title == "Biblioteket i sentrum holder åpent om natten"


def test_atom_entries() -> None:
    feed = parse_feed(atom([STORIES["radweg-de"], STORIES["marche-fr"]], BASE).encode())
    assert feed.kind == "atom" and len(feed.items) == 2
    entry = feed.items[1]
    assert entry.id == "urn:test:marche-fr" and entry.link == f"{BASE}/articles/marche-fr.html"
    assert entry.summary == STORIES["marche-fr"].summary
    assert entry.published == STORIES["marche-fr"].published


def test_json_feed() -> None:
    feed = parse_feed(json_feed([STORIES["most-ru"]], BASE).encode(),
                      content_type="application/feed+json")
    assert feed.kind == "json"
    item = feed.items[0]
    assert (item.id, item.title, item.summary) == ("most-ru", STORIES["most-ru"].title,
                                                   STORIES["most-ru"].summary)
    assert item.published == STORIES["most-ru"].published


def test_rss1_rdf_with_content_encoded_and_relative_links() -> None:
    doc = """<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:content="http://purl.org/rss/1.0/modules/content/">
      <channel rdf:about="http://x/"><title>RDF feed</title><link>http://x/</link></channel>
      <item rdf:about="http://x/a1"><title>A &amp; B</title><link>/a1?utm_source=rss</link>
        <dc:date>2024-03-05T10:00:00+01:00</dc:date>
        <content:encoded><![CDATA[<p>First paragraph.</p><p>Second<br>line.</p>]]></content:encoded>
      </item>
    </rdf:RDF>"""
    feed = parse_feed(doc.encode(), "https://site.example/feed.rdf")
    item = feed.items[0]
    assert feed.kind == "rdf" and feed.title == "RDF feed"
    assert item.title == "A & B" and item.id == "http://x/a1"
    assert item.link == "https://site.example/a1?utm_source=rss"
    assert item.content == "First paragraph.\nSecond\nline."
    assert item.published == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)


def test_guid_permalink_used_as_link_and_odd_items() -> None:
    doc = b"""<rss version="2.0"><channel><title>t</title>
      <item><guid>https://site.example/p/1</guid><title>No link</title></item>
      <item><title>Only text</title><description>Just a note.</description></item>
      <item><link>javascript:alert(1)</link><title>Bad link</title></item>
    </channel></rss>"""
    items = parse_feed(doc).items
    assert items[0].link == "https://site.example/p/1"
    assert items[1].link is None and items[1].summary == "Just a note."
    assert items[2].link is None


def test_invalid_xml_is_a_clear_error() -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(b"<?xml version='1.0'?><rss><channel><item><title>x</item></channel></rss>")
    assert caught.value.reason == "invalid-xml"
    assert "line 1" in caught.value.detail


def test_html_page_instead_of_a_feed_names_the_advertised_feed() -> None:
    page = (b"<!DOCTYPE html><html><head><link rel='alternate' type='application/rss+xml' "
            b"href='/rss'></head><body><p>Front page</p></body></html>")
    with pytest.raises(FeedError) as caught:
        parse_feed(page, "https://news.example/")
    assert caught.value.reason == "html-not-feed"
    assert "https://news.example/rss" in caught.value.detail
    with pytest.raises(FeedError, match="html-not-feed"):
        parse_feed(b"<html><body><p>unclosed<br></body></html>")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", "not-a-feed"),
    (b"<rss version='2.0'></rss>", "not-a-feed"),
    (b'{"title": "no items"}', "not-a-feed"),
    (b'{"items": [', "invalid-json"),
    (b'{"items": [], "title": "\xff"}', "encoding"),
    (b"<?xml version='1.0' encoding='klingon-8'?><rss/>", "encoding"),
])
def test_broken_documents(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(data)
    assert caught.value.reason == reason
    assert caught.value.detail


def test_utf8_bytes_declared_latin1_are_repaired() -> None:
    doc = ("<?xml version='1.0' encoding='ISO-8859-1'?><rss><channel><title>Blåbær</title>"
           "<item><title>Grüße aus Zürich</title><link>http://x/1</link></item>"
           "</channel></rss>").encode()
    feed = parse_feed(doc)
    assert feed.title == "Blåbær" and feed.items[0].title == "Grüße aus Zürich"
    assert feed.warnings and "UTF-8" in feed.warnings[0]


def test_latin1_bytes_declared_utf8_are_repaired() -> None:
    doc = ("<?xml version='1.0' encoding='utf-8'?><rss><channel><title>Café</title>"
           "<item><title>Élections à Besançon</title><link>http://x/1</link></item>"
           "</channel></rss>").encode("latin-1")
    feed = parse_feed(doc)
    assert feed.items[0].title == "Élections à Besançon"
    assert feed.warnings and "utf-8" in feed.warnings[0]


def test_header_charset_helps_when_the_declaration_lies() -> None:
    doc = ("<?xml version='1.0' encoding='utf-8'?><rss><channel><title>t</title>"
           "<item><title>Новости</title></item></channel></rss>").encode("koi8-r")
    feed = parse_feed(doc, content_type="application/rss+xml; charset=koi8-r")
    assert feed.items[0].title == "Новости"


def test_undecodable_bytes_are_an_encoding_error() -> None:
    doc = (b"<?xml version='1.0' encoding='utf-8'?><rss><channel><title>t</title><item><title>"
           ) + bytes(range(0x80, 0xA0)) * 3 + b"</title></item></channel></rss>"
    with pytest.raises(FeedError) as caught:
        parse_feed(doc)
    assert caught.value.reason == "encoding" and "utf-8" in caught.value.detail


def test_billion_laughs_is_not_expanded() -> None:
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    doc = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "lol">{entities}]>'
           '<rss><channel><title>&e9;</title><item><title>ok</title></item></channel></rss>')
    try:
        feed = parse_feed(doc.encode())
    except FeedError as error:  # refusing it is fine too
        assert error.reason == "invalid-xml"
    else:
        assert len(feed.title) < 1000


def test_external_entities_are_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
           '<rss><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>')
    try:
        feed = parse_feed(doc.encode())
    except FeedError:
        return
    assert "TOP-SECRET" not in feed.items[0].title


def test_max_items() -> None:
    doc = "<rss><channel>" + "<item><title>x</title></item>" * 20 + "</channel></rss>"
    assert len(parse_feed(doc.encode(), max_items=5).items) == 5


def test_json_feed_with_odd_records() -> None:
    data = {"version": "https://jsonfeed.org/version/1", "items": [
        "not an object", {"id": 5, "content_html": "<p>Hello <b>world</b></p>",
                          "date_modified": "2024-01-02T03:04:05Z"}]}
    item = parse_feed(json.dumps(data).encode()).items[0]
    assert item.id == "5" and item.content == "Hello world" and item.link is None
    assert item.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("Wed, 01 May 2024 08:00:00 GMT", datetime(2024, 5, 1, 8, tzinfo=UTC)),
    ("Wed, 01 May 2024 10:00:00 +0200", datetime(2024, 5, 1, 8, tzinfo=UTC)),
    ("2024-05-01T08:00:00Z", datetime(2024, 5, 1, 8, tzinfo=UTC)),
    ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
    ("yesterday", None),
    ("", None),
])
def test_parse_date(value: str, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_html_to_text() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; three</p><script>x()</script>") == \
        "One\nTwo & three"
    assert html_to_text("Plain &lt;text&gt;") == "Plain <text>"


def test_html_named_entities_are_accepted() -> None:
    doc = (b"<rss><channel><title>A&nbsp;B &eacute;t&eacute; &amp; co</title>"
           b"<item><title>x&mdash;y</title></item></channel></rss>")
    feed = parse_feed(doc)
    assert feed.title == "A B été & co"  # the no-break space is normalised to a space
    assert feed.items[0].title == "x—y"
