"""Server-rendered pages, each with a `.json` twin built by the same read model (`read.pages`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from babelwire.service import Service
from babelwire.web import atom
from babelwire.web.params import (
    MAX_ID,
    BadParameter,
    LangQuery,
    LimitParam,
    StoryFilters,
    language,
    moment,
    story_filters,
    text,
)
from babelwire.web.state import ApiError, get_service, state_of

router = APIRouter()
Svc = Annotated[Service, Depends(get_service)]
Filters = Annotated[StoryFilters, Depends(story_filters)]
SearchLimit = Annotated[int, Query(ge=1, le=100)]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID)]
SearchQuery = Annotated[str | None, Query(max_length=500)]
_TWIN: dict[str, Any] = {"tags": ["pages (JSON twins)"]}
_HTML: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}


def render(request: Request, service: Service, template: str, context: dict[str, Any],
           title: str, **extra: Any) -> Response:
    """The page's data (the same dict its .json twin returns) rendered by a template."""
    templates: Jinja2Templates = request.app.state.templates
    # A page that already read the counts passes them (one query less).
    totals = extra.pop("totals") if "totals" in extra else service.counts()
    return templates.TemplateResponse(request, template, {
        **context, **extra, "page_title": title, "totals": totals,
        "json_url": _json_twin(request)})


def _json_twin(request: Request) -> str:
    path = request.url.path.rstrip("/") or "/stories"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{quote(path, safe='/%')}.json{query}"


@router.get("/stories.json", summary="Story list page", **_TWIN)
def story_list_json(service: Svc, filters: Filters) -> dict[str, Any]:
    """The story list page as JSON: newest stories (filtered), biggest stories, languages."""
    return _story_list(service, filters)


def _story_list(service: Service, filters: StoryFilters) -> dict[str, Any]:
    return service.story_list_page(filters.limit, filters.offset, filters.as_dict(),
                                   lang=filters.lang, entity=filters.entity,
                                   since=filters.since, until=filters.until, query=filters.q,
                                   disputed=filters.disputed, source=filters.source,
                                   country=filters.country)


@router.get("/", **_HTML)
@router.get("/stories", **_HTML)
def story_list(request: Request, service: Svc, filters: Filters) -> Response:
    feed_query = filters.query_string(offset=0)
    found = _story_list(service, filters)
    # "New since your last visit": the stories created or changed since the moment this
    # browser last saw the list (a cookie; the server keeps nothing per visitor).
    last_visit = _last_visit(request.cookies.get(LAST_VISIT_COOKIE))
    for card in [*found["stories"], *found["biggest"]]:
        changed = card.get("changed_at")
        card["new_since_visit"] = bool(last_visit and changed and changed > last_visit)
    response = render(request, service, "index.html", found, "Stories", totals=found["counts"],
                      filters_query=filters.query_string, last_visit=last_visit,
                      feed_url="/stories.atom" + (f"?{feed_query}" if feed_query else ""))
    response.set_cookie(LAST_VISIT_COOKIE, datetime.now(UTC).isoformat(timespec="seconds"),
                        max_age=400 * 86400, httponly=True, samesite="lax")
    return response


LAST_VISIT_COOKIE = "babelwire_last_visit"


def _last_visit(value: str | None) -> str | None:
    """The cookie's moment in the store's UTC text form, or None when absent or not a date."""
    try:
        return moment(value, "last visit") if value else None
    except BadParameter:
        return None


@router.get("/stories.atom", response_class=Response, tags=["feeds"],
            responses={200: {"content": {"application/atom+xml": {}}}})
def story_feed(request: Request, service: Svc, filters: Filters) -> Response:
    """An Atom feed of the stories, newest first, with the story list's filters (`lang`,
    `entity`, `since`, `until`, `q`, `limit`)."""
    stories = service.list_stories(limit=filters.limit, offset=filters.offset,
                                   lang=filters.lang, entity=filters.entity,
                                   since=filters.since, until=filters.until, query=filters.q,
                                   disputed=filters.disputed, source=filters.source,
                                   country=filters.country)
    wanted = [f"in {filters.lang}" if filters.lang else "",
              f"naming {filters.entity}" if filters.entity else ""]
    title = " ".join(["babelwire stories", *[w for w in wanted if w]])
    body = atom.stories_feed(stories, str(request.base_url), str(request.url), title)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/stories/{story_id}.json", summary="Story page", **_TWIN)
def story_json(service: Svc, story_id: StoryId) -> dict[str, Any]:
    """The story page as JSON (the same as GET /api/stories/{story_id})."""
    return _story(service, story_id)


@router.get("/stories/{story_id}", **_HTML)
def story(request: Request, service: Svc, story_id: StoryId) -> Response:
    found = _story(service, story_id)
    state = state_of(request)  # the correction forms' key (web.correction_forms), not in JSON
    return render(request, service, "story.html", found, found["story"]["title"],
                  totals=found["counts"], form_key=state.form_key,
                  needs_token=state.token is not None)


def _story(service: Service, story_id: int) -> dict[str, Any]:
    found = service.story_page(story_id)
    if found is None:
        raise ApiError(404, f"no story {story_id}")
    return found.as_dict()


@router.get("/entities.json", summary="Entity list page", **_TWIN)
def entity_list_json(service: Svc, lang: LangQuery = None, limit: LimitParam = 60
                     ) -> dict[str, Any]:
    """The entity list page as JSON: most mentioned entities with their spellings."""
    return service.entity_list_page(language(lang), limit)


@router.get("/entities", **_HTML)
def entity_list(request: Request, service: Svc, lang: LangQuery = None,
                limit: LimitParam = 60) -> Response:
    return render(request, service, "entities.html",
                  service.entity_list_page(language(lang), limit), "Entities")


@router.get("/entities/{key}.json", summary="Entity page", **_TWIN)
def entity_json(service: Svc, key: str) -> dict[str, Any]:
    """The entity page as JSON: spellings by language and stories, newest first."""
    return _entity(service, key)


@router.get("/entities/{key}", **_HTML)
def entity(request: Request, service: Svc, key: str) -> Response:
    found = _entity(service, key)
    return render(request, service, "entity.html", found, found["entity"]["name"])


def _entity(service: Service, key: str) -> dict[str, Any]:
    found = service.entity_page(text(key, "key") or "")
    if found is None:
        raise ApiError(404, f"no entity {key!r}")
    return found


@router.get("/search.json", summary="Search page", **_TWIN)
def search_json(service: Svc, q: SearchQuery = None,
                limit: SearchLimit = 20) -> dict[str, Any]:
    """The search page as JSON (the same results as GET /api/search)."""
    return _search(service, q, limit)


@router.get("/search", **_HTML)
def search(request: Request, service: Svc, q: SearchQuery = None,
           limit: SearchLimit = 20) -> Response:
    found = _search(service, q, limit)
    title = f"Search: {found['query']}" if found["query"] else "Search"
    return render(request, service, "search.html", found, title)


def _search(service: Service, q: str | None, limit: int) -> dict[str, Any]:
    return service.search_page(text(q, "q", 500), limit)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=308)
