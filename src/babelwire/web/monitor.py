"""Watchlists and alerts on the web: the JSON API (`/api/watchlists`, `/api/alerts`), a page
(`/watchlists`, with its `.json` twin) and an Atom feed of each watchlist's alerts
(`/watchlists/NAME.atom`), all thin routes over the process's `Service`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from babelwire.errors import InputError
from babelwire.service import Service
from babelwire.web.api import require_token
from babelwire.web.atom import ATOM, _add, _iso
from babelwire.web.pages import render
from babelwire.web.params import date_query, moment, text
from babelwire.web.state import get_service

router = APIRouter()
Svc = Annotated[Service, Depends(get_service)]
Name = Annotated[str, Path(max_length=64)]
AlertLimit = Annotated[int, Query(ge=1, le=1000)]
Since = Annotated[str | None, date_query("Only alerts created at or after this date.")]
_WATCHLIST_BODY = {
    "name": "belarus", "entities": ["Лукашенко"], "query": None, "langs": ["nb", "ru"],
    "sources": [], "min_articles": 1, "min_languages": 1}


@router.get("/api/watchlists", tags=["watchlists"])
def watchlists(service: Svc) -> dict[str, Any]:
    """The watchlists, by name, with their filters."""
    return {"items": [w.as_dict() for w in service.watchlists()]}


@router.post("/api/watchlists", tags=["watchlists"], dependencies=[Depends(require_token)])
async def add_watchlist(service: Svc, body: Annotated[dict[str, Any], Body(
        examples=[_WATCHLIST_BODY])]) -> dict[str, Any]:
    """Add a watchlist: `name` and at least one filter (`entities`, `query`, `langs`,
    `sources`, `min_articles`, `min_languages`). It alerts on the articles ingested after
    it."""
    known = {"name", "entities", "query", "langs", "sources", "min_articles",
             "min_languages"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(unknown)}; known: "
                         f"{', '.join(sorted(known))}")
    added = await run_in_threadpool(
        service.add_watchlist, str(body.get("name") or ""), _strings(body, "entities"),
        _optional_string(body, "query"), _strings(body, "langs"), _strings(body, "sources"),
        _count(body, "min_articles"), _count(body, "min_languages"))
    return added.as_dict()


@router.delete("/api/watchlists/{name}", tags=["watchlists"],
               dependencies=[Depends(require_token)])
def remove_watchlist(service: Svc, name: Name) -> dict[str, Any]:
    """Remove a watchlist and its alerts."""
    service.remove_watchlist(name)
    return {"removed": name}


@router.get("/api/alerts", tags=["watchlists"])
def alerts(service: Svc, watchlist: Annotated[str | None, Query(max_length=64)] = None,
           since: Since = None, limit: AlertLimit = 100) -> dict[str, Any]:
    """Alerts newest first (`watchlist`, `story_id`, `reason`, `detail`, `created`)."""
    return {"items": service.alerts(text(watchlist, "watchlist", 64), moment(since, "since"),
                                    limit)}


@router.get("/watchlists.json", summary="Watchlists page", tags=["pages (JSON twins)"])
def watchlists_json(service: Svc) -> dict[str, Any]:
    """The watchlists page as JSON: the watchlists and the latest alerts."""
    return _watchlists_page(service)


@router.get("/watchlists", response_class=HTMLResponse, include_in_schema=False)
def watchlists_page(request: Request, service: Svc) -> Response:
    return render(request, service, "watchlists.html", _watchlists_page(service), "Watchlists")


def _watchlists_page(service: Service) -> dict[str, Any]:
    return {"watchlists": [w.as_dict() for w in service.watchlists()],
            "alerts": service.alerts(limit=50)}


@router.get("/watchlists/{name}.atom", response_class=Response, tags=["feeds"],
            responses={200: {"content": {"application/atom+xml": {}}}})
def watchlist_feed(request: Request, service: Svc, name: Name,
                   limit: AlertLimit = 100) -> Response:
    """An Atom feed of one watchlist's alerts, newest first: one entry per alert."""
    found = service.alerts(name, None, limit)  # a 404 for an unknown watchlist
    body = alerts_feed(name, found, str(request.base_url), str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


REASON_TEXT = {"new-story": "new story", "new-language": "new language",
               "growing": "growing fast", "disputed": "sources disagree"}


def alerts_feed(name: str, found: list[dict[str, Any]], base_url: str, self_url: str) -> bytes:
    """The alerts as an Atom document; an entry's id names the alert, which is never reused."""
    generated = _iso(datetime.now(UTC).isoformat(), "")
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", self_url)
    _add(feed, "title", f"babelwire alerts: {name}")
    _add(feed, "updated", max((_iso(a["created"], generated) for a in found),
                              default=generated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=f"{base_url}watchlists")
    _add(feed, "generator", "babelwire")
    for alert in found:
        page = f"{base_url}stories/{alert['story_id']}"
        entry = _add(feed, "entry")
        _add(entry, "id", f"{base_url}alerts/{alert['id']}")
        reason = REASON_TEXT.get(alert["reason"], alert["reason"])
        detail = f" ({alert['detail']})" if alert["detail"] else ""
        _add(entry, "title", f"{reason}{detail}: {alert['story_title'] or alert['story_id']}")
        _add(entry, "link", rel="alternate", type="text/html", href=page)
        _add(entry, "updated", _iso(alert["created"], generated))
        _add(entry, "category", term=alert["reason"])
        _add(entry, "summary", f"Story {alert['story_id']}, {alert['story_article_count'] or 0}"
             f" articles: {reason}{detail}.")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode")).encode()


def _strings(body: dict[str, Any], field: str) -> list[str]:
    value = body.get(field) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{field}: give a list of strings")
    return value


def _optional_string(body: dict[str, Any], field: str) -> str | None:
    value = body.get(field)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{field}: give a string")
    return value


def _count(body: dict[str, Any], field: str) -> int:
    value = body.get(field, 1)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{field}: give a whole number")
    return value
