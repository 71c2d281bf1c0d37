"""The JSON API under /api: thin routes over the process's `Service` (its read use cases, its
warm ingest pipeline). Every error has the shape {"error": {status, code, message, details}}."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from babelwire.ingest.records import MAX_ARTICLE_CHARS, MAX_YEAR, MIN_YEAR
from babelwire.service import Service
from babelwire.web.limits import BODY_SECONDS, MAX_BODY_BYTES, BodyTooLarge, read_body
from babelwire.web.params import (
    MAX_ID,
    LangQuery,
    LimitParam,
    OffsetParam,
    StoryFilters,
    date_query,
    language,
    moment,
    story_filters,
    text,
)
from babelwire.web.state import ApiError, AppState, get_service, state_of

router = APIRouter(prefix="/api")
Svc = Annotated[Service, Depends(get_service)]
MAX_RECORDS = 1000
_bearer = HTTPBearer(auto_error=False, description="The server's API token (`--token` or "
                     "`BABELWIRE_TOKEN`); needed for writes when the server has one.")
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text_, "content": {"application/json": {"example": {"error": {
        "status": code, "code": name, "message": "...", "details": []}}}}}
    for code, name, text_ in ((404, "not_found", "Not found"),
                              (422, "invalid_parameters", "Bad parameters"))}


LangParam = LangQuery
StoryParam = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this story.")]
IdParam = Annotated[int, Path(ge=1, le=MAX_ID)]


def require_token(request: Request, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """Writes need `Authorization: Bearer <token>` when the server was given a token."""
    token = state_of(request).token
    if token is None:
        return
    if credentials is None:
        raise ApiError(401, "this server needs an API token for writes: send the header "
                       "'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(403, "the API token is wrong")


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of `limit` items from a query that fetched limit + 1 to see if more follow."""
    return {"items": items[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) > limit else None}


@router.get("/stories", tags=["stories"], responses=_ERRORS)
def stories(service: Svc, filters: Annotated[StoryFilters, Depends(story_filters)]
            ) -> dict[str, Any]:
    """Stories, newest first, filtered by language, entity, time range and full-text words."""
    found = service.list_stories(limit=filters.limit + 1, offset=filters.offset,
                                 lang=filters.lang, entity=filters.entity, since=filters.since,
                                 until=filters.until, query=filters.q, disputed=filters.disputed,
                                 source=filters.source, country=filters.country)
    return {**_page([s.as_dict() for s in found], filters.limit, filters.offset),
            "filters": filters.as_dict()}


@router.get("/stories/{story_id}", tags=["stories"], responses=_ERRORS)
def story(service: Svc, story_id: IdParam) -> dict[str, Any]:
    """One story: articles by language, entities with their spellings, facts, time line data
    (articles per day and language) and related stories (shared entities)."""
    found = service.story_page(story_id)
    if found is None:
        raise ApiError(404, f"no story {story_id}")
    return found.as_dict()


@router.get("/articles", tags=["articles"], responses=_ERRORS)
def articles(service: Svc, limit: LimitParam = 20, offset: OffsetParam = 0,
             story_id: StoryParam = None, lang: LangParam = None,
             since: Annotated[str | None, date_query("Published on or after this date.")] = None,
             until: Annotated[str | None, date_query("Published on or before this date "
                                                     "(YYYY-MM-DD means the end of that day).")
                              ] = None
             ) -> dict[str, Any]:
    """Articles newest first (leads only), optionally of one story, language or time range."""
    found = service.article_list(story_id, language(lang), moment(since, "since"),
                              moment(until, "until", end_of_day=True), limit + 1, offset)
    return _page(found, limit, offset)


@router.get("/articles/{article_id}", tags=["articles"], responses=_ERRORS)
def article(service: Svc, article_id: IdParam) -> dict[str, Any]:
    """One article in full, with its entity mentions and facts."""
    found = service.article(article_id)
    if found is None:
        raise ApiError(404, f"no article {article_id}")
    return found


@router.get("/entities", tags=["entities"], responses=_ERRORS)
def entities(service: Svc, limit: LimitParam = 30, lang: LangParam = None,
             story_id: StoryParam = None) -> dict[str, Any]:
    """Most mentioned entities, each with its spellings by language and its stories."""
    found = service.list_entities(limit=limit, story_id=story_id, lang=language(lang))
    total = service.count_entities(story_id=story_id, lang=language(lang))
    return {"items": [e.__dict__ for e in found], "limit": limit, "total": total,
            "more": max(0, total - len(found))}


@router.get("/entities/{name_or_key}", tags=["entities"], responses=_ERRORS)
def entity(service: Svc, name_or_key: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One entity by key or any spelling: its spellings by language and its stories."""
    found = service.entity_page(name_or_key)
    if found is None:
        raise ApiError(404, f"no entity {name_or_key!r}")
    return found


@router.get("/search", tags=["search"], responses=_ERRORS)
def search(service: Svc,
           q: Annotated[str, Query(description="Words in any language.")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Cross-lingual search: a query in any language finds stories in every language
    (embedding similarity plus full-text matches), best first."""
    query = text(q, "q", 500)
    if query is None:
        raise ApiError(422, "q: give some words to search for")
    return service.search_page(query, limit)


@router.get("/stats", tags=["meta"])
def stats(service: Svc) -> dict[str, Any]:
    """Numbers of articles, stories and rejected inputs, and articles per language."""
    return {**service.counts(), "languages": service.languages()}


_RECORD = {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "maxLength": MAX_ARTICLE_CHARS,
             "description": "The body; `body` or `content` are accepted too. Longer texts are "
                            "rejected as `too-large`."},
    "title": {"type": "string", "description": "Derived from the text when missing."},
    "lang": {"type": "string", "description": "ISO 639-1; a hint, kept unless the text is "
                                              "confidently in another language."},
    "published": {"type": ["string", "number"], "description": "ISO 8601 or RFC 2822 (no "
                  "offset means UTC), a partial date (`2020-09`, `2020`) or a Unix timestamp; "
                  f"years {MIN_YEAR}-{MAX_YEAR}, expressible in UTC."},
    "source": {"type": "string"}, "url": {"type": "string"},
    "id": {"type": ["string", "integer"], "description": "Your own id for the article."}}}
_INGEST_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"oneOf": [_RECORD, {"type": "array", "items": _RECORD,
                                   "maxItems": MAX_RECORDS}]},
    "example": {"title": "Ferry runs aground near Ventspils", "text": "A passenger ferry ...",
                "lang": "en", "published": "2026-02-10T06:40:00+02:00",
                "source": "Example News", "url": "https://news.example/ferry"}}}}}


@router.post("/articles", tags=["articles"], dependencies=[Depends(require_token)],
             openapi_extra=_INGEST_BODY)
async def ingest(request: Request) -> dict[str, Any]:
    """Add one article record or a list of them: the same fields, validation and rejection
    reasons as `babelwire ingest` of a JSON file. Returns the ingest report: counts, each
    rejection with its reason, and the ids of the new articles."""
    try:  # counted as it arrives: a chunked body has no Content-Length to check first
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        raise ApiError(413, f"the body is larger than {MAX_BODY_BYTES // 2**20} MiB",
                       headers={"Connection": "close"}) from None
    except TimeoutError:
        raise ApiError(408, f"the body did not arrive within {BODY_SECONDS:g} s",
                       headers={"Connection": "close"}) from None
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ApiError(400, f"the body is not JSON: {error}", "malformed_json") from None
    except RecursionError:
        raise ApiError(400, "the body is not usable JSON: nested too deeply",
                       "malformed_json") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise ApiError(400, f"the body is not usable JSON: {error}"[:300],
                       "malformed_json") from None
    records = payload if isinstance(payload, list) else [payload]
    if len(records) > MAX_RECORDS:
        raise ApiError(413, f"{len(records)} records; at most {MAX_RECORDS} per request")
    return await run_in_threadpool(_ingest, state_of(request), records,
                                   isinstance(payload, list))


def _ingest(state: AppState, records: list[Any], as_list: bool) -> dict[str, Any]:
    from babelwire.ingest.files import document_from_record

    items = [document_from_record(r, f"POST /api/articles[{i}]" if as_list
                                  else "POST /api/articles") for i, r in enumerate(records)]
    report = state.service.ingest(items)  # its warm pipeline, one ingest at a time
    return {**report.as_dict(), "article_ids": report.article_ids}
