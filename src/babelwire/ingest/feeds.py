"""Feed parsing: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed -> a list of `FeedItem`.

XML is parsed with entity expansion, DTD loading and network access switched off, so a hostile
feed cannot expand entities ("billion laughs") or make the parser fetch anything. Every problem
is a `FeedError` with a short reason code ("invalid-xml", "html-not-feed", "encoding",
"not-a-feed", "invalid-json", "empty") and one human sentence. A wrongly declared encoding that
can be repaired (UTF-8 bytes declared as Latin-1, or Latin-1 bytes declared as UTF-8) is decoded
correctly and noted in `Feed.warnings` instead of failing the whole feed.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from html.entities import name2codepoint
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

MAX_ITEMS = 500

_XML_DECL = re.compile(r"^<\?xml[^>]*?\?>", re.IGNORECASE)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)
_HTML_START = re.compile(r"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_FEED_LINK = re.compile(
    r"<link\b[^>]*type=[\"']application/(?:rss|atom)\+xml[\"'][^>]*>", re.I)
_HREF = re.compile(r"href=[\"']([^\"']+)[\"']", re.I)
_BLOCK_TAGS = re.compile(r"<(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote|/tr)\s*>", re.I)
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class FeedError(Exception):
    """A feed that cannot be read; `reason` is a short code, `detail` one sentence."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str | None
    summary: str = ""  # plain text of the description/summary
    published: datetime | None = None  # timezone-aware (UTC when the feed gives no zone)
    id: str | None = None  # guid / atom:id / JSON Feed id
    content: str = ""  # plain text of the full content (content:encoded, atom:content), if any


@dataclass(frozen=True)
class Feed:
    kind: str  # "rss", "rdf", "atom" or "json"
    title: str
    link: str | None
    items: list[FeedItem]
    warnings: list[str] = field(default_factory=list)


def parse_feed(data: bytes, url: str | None = None, content_type: str | None = None,
               max_items: int = MAX_ITEMS) -> Feed:
    """Parse a feed document; raises FeedError with a clear reason when it is not one."""
    body = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise FeedError("empty", "the response body is empty")
    if body[:1] in (b"{", b"[") or "json" in (content_type or "").lower():
        return _parse_json_feed(body, url, max_items)
    warnings: list[str] = []
    text = _decode_xml(body, _charset(content_type), warnings)
    if _HTML_START.match(text.lstrip()):
        raise FeedError("html-not-feed", _html_detail(text, url))
    text = _NAMED_ENTITY.sub(_numeric_entity, text)  # &nbsp; etc. are common and not XML
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_pis=True, remove_comments=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        if re.search(r"<html[\s>]", text[:4000], re.I):
            raise FeedError("html-not-feed", _html_detail(text, url)) from None
        line = f"line {error.lineno}: " if error.lineno else ""
        raise FeedError("invalid-xml", f"the feed is not well-formed XML ({line}"
                                       f"{error.msg})") from None
    name = _local(root).lower()
    if name == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError("not-a-feed", "an <rss> document without a <channel>")
        items = [_rss_item(el, url) for el in _children(channel, "item")[:max_items]]
        return Feed("rss", _text(_child(channel, "title")), _link_text(channel, url), items,
                    warnings)
    if name == "rdf":
        channel = _child(root, "channel")
        items = [_rss_item(el, url) for el in _children(root, "item")[:max_items]]
        return Feed("rdf", _text(_child(channel, "title")) if channel is not None else "",
                    _link_text(channel, url) if channel is not None else None, items, warnings)
    if name == "feed":
        items = [_atom_entry(el, url) for el in _children(root, "entry")[:max_items]]
        return Feed("atom", _text(_child(root, "title")), _atom_link(root, url), items, warnings)
    if name == "html":
        raise FeedError("html-not-feed", _html_detail(text, url))
    raise FeedError("not-a-feed", f"an XML document with root <{_local(root)}>, "
                                  "not <rss>, <feed> or <rdf:RDF>")


# -- encodings --------------------------------------------------------------------------------


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset=[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    return match.group(1).lower() if match else None


def _decode_xml(body: bytes, header_charset: str | None, warnings: list[str]) -> str:
    """Decode XML bytes, repairing a declared encoding that does not match the bytes."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        declared = "utf-16"
    else:
        match = _DECLARED.match(body)
        declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise FeedError("encoding", f"the feed declares an unknown encoding {declared!r}") from None
    if codec in ("iso8859-1", "cp1252", "ascii"):
        # UTF-8 bytes labelled as a single-byte encoding would silently become mojibake.
        if not body.isascii():
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                warnings.append(f"declared encoding {declared} but the bytes are UTF-8; "
                                "decoded as UTF-8")
                return _strip_decl(text)
        return _strip_decl(body.decode("cp1252", errors="replace"))
    try:
        return _strip_decl(body.decode(codec))
    except UnicodeDecodeError as error:
        position = error.start
    for fallback in (header_charset, "cp1252"):
        if not fallback or fallback == codec:
            continue
        try:
            text = body.decode(fallback)
        except (UnicodeDecodeError, LookupError):
            continue
        if fallback == "cp1252" and not _looks_latin(text):
            break
        warnings.append(f"declared encoding {declared} but byte {position} is invalid in it; "
                        f"decoded as {fallback}")
        return _strip_decl(text)
    raise FeedError("encoding", f"the bytes do not match the declared encoding {declared} "
                                f"(invalid byte at offset {position}) and no other fits")


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};"


def _looks_latin(text: str) -> bool:
    """Text decoded as cp1252 is plausible when the non-ASCII letters are Latin ones."""
    odd = sum(1 for ch in text if not ch.isascii() and not ch.isalpha() and ch not in "«»–—’‘“”…€°")
    return odd <= max(2, len(text) // 200)


def _strip_decl(text: str) -> str:
    """Drop the XML declaration: the text is decoded now and lxml gets it re-encoded as UTF-8."""
    text = text.lstrip("\ufeff").lstrip()
    match = _XML_DECL.match(text)
    return text[match.end():] if match else text


def _html_detail(text: str, url: str | None) -> str:
    detail = "the URL serves an HTML page, not an RSS/Atom/JSON feed"
    for tag in _FEED_LINK.findall(text[:100_000]):
        href = _HREF.search(tag)
        if href:
            found = urljoin(url or "", unescape(href.group(1)))
            return f"{detail}; the page advertises a feed at {found}"
    return detail


# -- XML helpers ------------------------------------------------------------------------------


def _local(el: Any) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [child for child in el if _local(child) == name]


def _child(el: Any, *names: str) -> Any:
    for name in names:
        for child in el:
            if _local(child) == name:
                return child
    return None


def _text(el: Any) -> str:
    if el is None:
        return ""
    return _clean("".join(el.itertext()))


def _clean(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (feed descriptions often carry escaped HTML)."""
    if "<" not in markup:
        return _clean(unescape(markup))
    try:
        fragment = lxml_html.fragment_fromstring(_BLOCK_TAGS.sub("\n", markup),
                                                 create_parent="div")
        for bad in fragment.xpath(".//script|.//style"):
            bad.drop_tree()
        return _clean(fragment.text_content())
    except (etree.ParserError, ValueError):
        return _clean(unescape(re.sub(r"<[^>]+>", " ", markup)))


def _http_link(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    resolved = urljoin(base, link.strip()) if base else link.strip()
    return resolved if resolved.lower().startswith(("http://", "https://")) else None


def _link_text(el: Any, base: str | None) -> str | None:
    for child in _children(el, "link"):
        text = (child.text or "").strip()
        if text:
            return _http_link(text, base)
    return None


def _rss_item(el: Any, base: str | None) -> FeedItem:
    rdf_about = next((v for k, v in el.attrib.items() if k.endswith("about")), None)
    guid = _text(_child(el, "guid", "identifier")) or rdf_about
    link = _link_text(el, base)
    if link is None and guid:
        guid_el = _child(el, "guid")
        permalink = guid_el is None or guid_el.get("isPermaLink", "true").lower() != "false"
        link = _http_link(guid, base) if permalink else None
    date = _text(_child(el, "pubDate", "date", "published", "updated", "issued"))
    return FeedItem(
        title=html_to_text(_text(_child(el, "title"))),
        link=link,
        summary=html_to_text(_text(_child(el, "description", "summary"))),
        published=parse_date(date),
        id=guid or None,
        content=html_to_text(_text(_child(el, "encoded"))),
    )


def _atom_link(el: Any, base: str | None) -> str | None:
    links = [c for c in _children(el, "link") if c.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate":
            return _http_link(link.get("href"), base)
    return _http_link(links[0].get("href"), base) if links else None


def _atom_text(el: Any) -> str:
    if el is None:
        return ""
    if el.get("type") == "xhtml":
        return _text(el)
    text = "".join(el.itertext())
    return html_to_text(text) if el.get("type") == "html" or "<" in text else _clean(text)


def _atom_entry(el: Any, base: str | None) -> FeedItem:
    date = _text(_child(el, "published")) or _text(_child(el, "updated", "issued"))
    return FeedItem(
        title=_atom_text(_child(el, "title")),
        link=_atom_link(el, base),
        summary=_atom_text(_child(el, "summary")),
        published=parse_date(date),
        id=_text(_child(el, "id")) or None,
        content=_atom_text(_child(el, "content")),
    )


# -- JSON Feed --------------------------------------------------------------------------------


def _parse_json_feed(body: bytes, url: str | None, max_items: int) -> Feed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError("encoding", f"a JSON feed must be UTF-8 (invalid byte at offset "
                                    f"{error.start})") from None
    except json.JSONDecodeError as error:
        raise FeedError("invalid-json", f"line {error.lineno}: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("not-a-feed", "JSON without an 'items' list is not a JSON Feed")
    items = []
    for record in data["items"][:max_items]:
        if not isinstance(record, dict):
            continue
        link = record.get("url") or record.get("external_url")
        summary = record.get("summary")
        content = record.get("content_text") or html_to_text(str(record.get("content_html") or ""))
        raw_id = record.get("id")
        items.append(FeedItem(
            title=html_to_text(str(record.get("title") or "")),
            link=_http_link(link if isinstance(link, str) else None, url),
            summary=html_to_text(summary) if isinstance(summary, str) else "",
            published=parse_date(str(record.get("date_published")
                                     or record.get("date_modified") or "")),
            id=str(raw_id) if raw_id not in (None, "") else None,
            content=_clean(str(content or "")),
        ))
    home = data.get("home_page_url")
    return Feed("json", str(data.get("title") or ""),
                _http_link(home if isinstance(home, str) else None, url), items)


def parse_date(value: str) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, JSON Feed) date -> aware datetime, None if unreadable."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
