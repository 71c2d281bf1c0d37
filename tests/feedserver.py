"""A real HTTP server on 127.0.0.1 for the watch tests: feeds, article pages and every fault.

    with FeedServer() as server:
        server.route("/feed.xml", rss([...]), content_type=RSS_TYPE, etag='"v1"')
        url = server.url("/feed.xml")

Routes can change between rounds (`route` again, `remove`), answer slowly (`delay`), stream a
huge body (`stream_bytes`), redirect, honour If-None-Match / If-Modified-Since, and every request
is recorded in `server.requests` as (path, headers).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_TYPE = "application/feed+json"
HTML_TYPE = "text/html; charset=utf-8"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = HTML_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)
    etag: str | None = None
    last_modified: str | None = None
    stream_bytes: int = 0  # > 0: stream this many bytes with no Content-Length


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Route(ROBOTS.encode(),
                                                              content_type="text/plain")}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, body: bytes | str = b"", **options: object) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.routes[path] = Route(data, **options)  # type: ignore[arg-type]

    def redirect(self, path: str, target: str, status: int = 302) -> None:
        self.route(path, status=status, headers={"Location": target})

    def remove(self, path: str) -> None:
        with self._lock:
            self.routes.pop(path, None)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with server._lock:
                server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(path)
            if route is None:
                self._send(404, b"not found", "text/plain", {})
                return
            if route.delay:
                time.sleep(route.delay)
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            if route.last_modified:
                headers["Last-Modified"] = route.last_modified
            fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and not route.etag
                and self.headers.get("If-Modified-Since") == route.last_modified)
            try:
                if fresh:
                    self._send(304, b"", None, headers)
                elif route.stream_bytes:
                    self._stream(route)
                else:
                    self._send(route.status, route.body, route.content_type, headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (as it should on huge or slow answers)

        def _send(self, status: int, body: bytes, content_type: str | None,
                  headers: dict[str, str]) -> None:
            self.send_response(status)
            if content_type and status != 304:
                self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.end_headers()
            chunk = b"<item><title>filler</title></item>\n" * 2000
            sent = 0
            while sent < route.stream_bytes:
                self.wfile.write(chunk)
                sent += len(chunk)

    return Handler


# -- content ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    slug: str
    lang: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    published: datetime = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def article_page(story: Story) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return (f"<!DOCTYPE html><html lang=\"{story.lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(story.title)}</title></head><body>"
            "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
            f"<article><h1>{escape(story.title)}</h1>{body}</article>"
            "<footer>© Test Outlet</footer></body></html>")


def rss(stories: Iterable[Story], base: str, title: str = "Test RSS",
        link_path: str = "/articles/{slug}.html") -> str:
    items = "".join(
        f"<item><title>{escape(s.title)}</title>"
        f"<link>{escape(base + link_path.format(slug=s.slug))}</link>"
        f"<guid isPermaLink=\"false\">{s.slug}</guid>"
        f"<description>{escape('<p>' + s.summary + '</p>')}</description>"
        f"<pubDate>{format_datetime(s.published)}</pubDate></item>"
        for s in stories)
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>{escape(title)}</title><link>{base}/</link>{items}</channel></rss>")


def atom(stories: Iterable[Story], base: str, title: str = "Test Atom") -> str:
    entries = "".join(
        f"<entry><title>{escape(s.title)}</title>"
        f"<link rel=\"alternate\" href=\"{base}/articles/{s.slug}.html\"/>"
        f"<id>urn:test:{s.slug}</id><published>{s.published.isoformat()}</published>"
        f"<summary type=\"html\">{escape('<b>' + s.summary + '</b>')}</summary></entry>"
        for s in stories)
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            f"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{escape(title)}</title>"
            f"<link href=\"{base}/\"/>{entries}</feed>")


def json_feed(stories: Iterable[Story], base: str, title: str = "Test JSON") -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": base,
        "items": [{"id": s.slug, "url": f"{base}/articles/{s.slug}.html", "title": s.title,
                   "summary": s.summary, "date_published": s.published.isoformat()}
                  for s in stories],
    }, ensure_ascii=False)


STORIES = {s.slug: s for s in [
    Story("harbour-en", "en", "Harbour crane fleet replaced after storm damage",
          "The port authority will replace four cranes.",
          ("The port authority of the northern harbour said on Tuesday that it will replace "
           "four container cranes that were damaged during last week's storm.",
           "Engineers found cracks in the steel frames of the oldest cranes, which were "
           "installed in 1987, and decided that repairs would cost more than new machines.",
           "Shipping lines have been asked to divert some vessels to the southern terminal "
           "until the new cranes arrive, which is expected to take about seven months.")),
    Story("bibliotek-nb", "nb", "Biblioteket i sentrum holder åpent om natten",
          "Hovedbiblioteket prøver ut nattåpent i tre måneder.",
          ("Hovedbiblioteket i sentrum skal holde åpent til klokken to om natten i tre "
           "måneder som et forsøk, opplyser kommunen.",
           "Studenter har lenge etterlyst et sted å lese sent på kvelden, og biblioteket "
           "har fått ekstra midler til vektere og renhold i forsøksperioden.",
           "Dersom ordningen blir brukt av mange nok, kan den bli gjort permanent fra neste "
           "år, sier biblioteksjefen.")),
    Story("radweg-de", "de", "Neuer Radweg verbindet zwei Nachbardörfer",
          "Der Radweg zwischen den Dörfern ist fertig.",
          ("Nach zwei Jahren Bauzeit ist der neue Radweg zwischen den beiden Nachbardörfern "
           "am Samstag feierlich eröffnet worden.",
           "Die Strecke ist knapp neun Kilometer lang und führt größtenteils entlang eines "
           "alten Bahndamms, der dafür von Gestrüpp befreit und neu befestigt wurde.",
           "Der Bürgermeister sagte, er hoffe, dass künftig mehr Schüler mit dem Fahrrad "
           "zur weiterführenden Schule fahren werden.")),
    Story("marche-fr", "fr", "Le marché couvert rouvre après deux ans de travaux",
          "Le marché couvert accueille de nouveau les commerçants.",
          ("Le marché couvert de la ville a rouvert ses portes samedi matin après deux ans "
           "de travaux de rénovation de la charpente et de la toiture.",
           "Une quarantaine de commerçants ont retrouvé leurs étals, et plusieurs jeunes "
           "producteurs de la région ont obtenu un emplacement pour la première fois.",
           "La mairie prévoit des nocturnes le vendredi pendant l'été afin d'attirer une "
           "clientèle plus jeune.")),
    Story("sequia-es", "es", "Los embalses del sur bajan al treinta por ciento",
          "La reserva de agua de los embalses sigue bajando.",
          ("Los embalses de la cuenca del sur se encuentran al treinta por ciento de su "
           "capacidad, según los datos publicados este lunes por la confederación hidrográfica.",
           "Los agricultores de regadío han pedido ayudas para modernizar los sistemas de "
           "riego y reducir las pérdidas de agua en los canales más antiguos.",
           "Las autoridades no descartan restricciones al consumo doméstico si no llueve "
           "de forma abundante durante el otoño.")),
    Story("most-ru", "ru", "Старый мост через реку закроют на ремонт",
          "Мост закроют на ремонт с первого июня.",
          ("Городская администрация сообщила, что старый мост через реку будет закрыт на "
           "капитальный ремонт с первого июня.",
           "Инженеры обнаружили коррозию опор, и по их оценке ремонт займёт не меньше "
           "полугода, поэтому автобусные маршруты временно изменятся.",
           "Пешеходам разрешат переходить реку по временному понтонному мосту, который "
           "установят рядом с набережной.")),
]}


def wire_watcher(feeds: FeedServer, store: Any, listed: Story, later: Story) -> Any:
    """A watcher of one feed, "Wire", polled every 0.2 s, that lists `listed`; the page of
    `later` is served too, for a round after the feed is changed to list it."""
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.ingest.fetch import Fetcher
    from babelwire.ingest.sources import SourceConfig
    from babelwire.ingest.watch import FeedState, Watcher
    from babelwire.pipeline import Pipeline

    for story in (listed, later):
        feeds.route(f"/articles/{story.slug}.html", article_page(story))
    feeds.route("/rss.xml", rss([listed], feeds.base), content_type=RSS_TYPE)
    fetcher = Fetcher(timeout=2, retries=0, max_bytes=200_000, trust_env=False)
    return Watcher([SourceConfig("Wire", feeds.url("/rss.xml"), interval=0.2)],
                   Pipeline(store, HashingEncoder()).ingest, FeedState(store), fetcher)
