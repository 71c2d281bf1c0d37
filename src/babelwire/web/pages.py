"""Server-rendered pages, each with a `.json` twin built by the same function in `web.data`."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from babelwire.read import views
from babelwire.store.base import Store as AnyStore
from babelwire.web import atom, data
from babelwire.web.app import ApiError, get_store, state_of
from babelwire.web.params import (
    MAX_ID,
    LangQuery,
    LimitParam,
    StoryFilters,
    language,
    story_filters,
    text,
)

router = APIRouter()
Store = Annotated[AnyStore, Depends(get_store)]
Filters = Annotated[StoryFilters, Depends(story_filters)]
SearchLimit = Annotated[int, Query(ge=1, le=100)]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID)]
SearchQuery = Annotated[str | None, Query(max_length=500)]
_TWIN: dict[str, Any] = {"tags": ["pages (JSON twins)"]}
_HTML: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}


def render(request: Request, store: AnyStore, template: str, context: dict[str, Any],
           title: str, **extra: Any) -> Response:
    """The page's data (the same dict its .json twin returns) rendered by a template."""
    templates: Jinja2Templates = request.app.state.templates
    # A page that already read the counts passes them (one query less).
    totals = extra.pop("totals") if "totals" in extra else views.counts(store)
    return templates.TemplateResponse(request, template, {
        **context, **extra, "page_title": title, "totals": totals,
        "json_url": _json_twin(request)})


def _json_twin(request: Request) -> str:
    path = request.url.path.rstrip("/") or "/stories"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{quote(path, safe='/%')}.json{query}"


@router.get("/stories.json", summary="Story list page", **_TWIN)
def story_list_json(store: Store, filters: Filters) -> dict[str, Any]:
    """The story list page as JSON: newest stories (filtered), biggest stories, languages."""
    return data.story_list(store, filters)


@router.get("/", **_HTML)
@router.get("/stories", **_HTML)
def story_list(request: Request, store: Store, filters: Filters) -> Response:
    feed_query = filters.query_string(offset=0)
    found = data.story_list(store, filters)
    return render(request, store, "index.html", found, "Stories", totals=found["counts"],
                  filters_query=filters.query_string,
                  feed_url="/stories.atom" + (f"?{feed_query}" if feed_query else ""))


@router.get("/stories.atom", response_class=Response, tags=["feeds"],
            responses={200: {"content": {"application/atom+xml": {}}}})
def story_feed(request: Request, store: Store, filters: Filters) -> Response:
    """An Atom feed of the stories, newest first, with the story list's filters (`lang`,
    `entity`, `since`, `until`, `q`, `limit`)."""
    stories = data.filtered_stories(store, filters)
    wanted = [f"in {filters.lang}" if filters.lang else "",
              f"naming {filters.entity}" if filters.entity else ""]
    title = " ".join(["babelwire stories", *[w for w in wanted if w]])
    body = atom.stories_feed(stories, str(request.base_url), str(request.url), title)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/stories/{story_id}.json", summary="Story page", **_TWIN)
def story_json(store: Store, story_id: StoryId) -> dict[str, Any]:
    """The story page as JSON (the same as GET /api/stories/{story_id})."""
    return _story(store, story_id)


@router.get("/stories/{story_id}", **_HTML)
def story(request: Request, store: Store, story_id: StoryId) -> Response:
    found = _story(store, story_id)
    return render(request, store, "story.html", found, found["story"]["title"],
                  totals=found["counts"])


def _story(store: AnyStore, story_id: int) -> dict[str, Any]:
    found = data.story_page(store, story_id)
    if found is None:
        raise ApiError(404, f"no story {story_id}")
    return found


@router.get("/entities.json", summary="Entity list page", **_TWIN)
def entity_list_json(store: Store, lang: LangQuery = None, limit: LimitParam = 60
                     ) -> dict[str, Any]:
    """The entity list page as JSON: most mentioned entities with their spellings."""
    return data.entity_list(store, language(lang), limit)


@router.get("/entities", **_HTML)
def entity_list(request: Request, store: Store, lang: LangQuery = None,
                limit: LimitParam = 60) -> Response:
    return render(request, store, "entities.html", data.entity_list(store, language(lang), limit),
                  "Entities")


@router.get("/entities/{key}.json", summary="Entity page", **_TWIN)
def entity_json(store: Store, key: str) -> dict[str, Any]:
    """The entity page as JSON: spellings by language and stories, newest first."""
    return _entity(store, key)


@router.get("/entities/{key}", **_HTML)
def entity(request: Request, store: Store, key: str) -> Response:
    found = _entity(store, key)
    return render(request, store, "entity.html", found, found["entity"]["name"])


def _entity(store: AnyStore, key: str) -> dict[str, Any]:
    found = data.entity_page(store, text(key, "key") or "")
    if found is None:
        raise ApiError(404, f"no entity {key!r}")
    return found


@router.get("/search.json", summary="Search page", **_TWIN)
def search_json(request: Request, store: Store, q: SearchQuery = None,
                limit: SearchLimit = 20) -> dict[str, Any]:
    """The search page as JSON (the same results as GET /api/search)."""
    return _search(request, store, q, limit)


@router.get("/search", **_HTML)
def search(request: Request, store: Store, q: SearchQuery = None,
           limit: SearchLimit = 20) -> Response:
    found = _search(request, store, q, limit)
    title = f"Search: {found['query']}" if found["query"] else "Search"
    return render(request, store, "search.html", found, title)


def _search(request: Request, store: AnyStore, q: str | None, limit: int) -> dict[str, Any]:
    query = text(q, "q", 500)
    encoder = state_of(request).encoder() if query else None
    return data.search_page(store, encoder, query, limit)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=308)
