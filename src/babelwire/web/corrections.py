"""Corrections by hand over the API, behind the write protections of every write (the token
when the server has one, JSON bodies only): merge, split, move. Each answers
{"story_id": N}, the story that holds the articles now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path
from fastapi.concurrency import run_in_threadpool

from babelwire.errors import InputError
from babelwire.service import Service
from babelwire.web.api import require_token
from babelwire.web.params import MAX_ID
from babelwire.web.state import get_service

router = APIRouter(prefix="/api", tags=["corrections"], dependencies=[Depends(require_token)])
Svc = Annotated[Service, Depends(get_service)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def _id(body: dict[str, Any], field: str) -> int:
    value = body.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise InputError(f"{field}: give a story or article id (a positive whole number)")
    return value


@router.post("/stories/{story_id}/merge")
async def merge(service: Svc, story_id: Id, body: Annotated[dict[str, Any], Body(
        examples=[{"other": 7}])]) -> dict[str, int]:
    """Merge story `other` into this story (its articles join this one; it is removed)."""
    other = _id(body, "other")
    return {"story_id": await run_in_threadpool(service.merge_stories, story_id, other, "api")}


@router.post("/stories/{story_id}/split")
async def split(service: Svc, story_id: Id, body: Annotated[dict[str, Any], Body(
        examples=[{"articles": [12, 15]}])]) -> dict[str, int]:
    """Split `articles` (ids of this story's articles) off into a new story."""
    articles = body.get("articles")
    if not isinstance(articles, list) or not articles or len(articles) > 10_000:
        raise InputError("articles: give a list of article ids")
    ids = [_id({"articles": a}, "articles") for a in articles]
    return {"story_id": await run_in_threadpool(service.split_story, story_id, ids, "api")}


@router.post("/articles/{article_id}/move")
async def move(service: Svc, article_id: Id, body: Annotated[dict[str, Any], Body(
        examples=[{"to": 7}])]) -> dict[str, int]:
    """Move this article (and its republished copies) into story `to`."""
    to = _id(body, "to")
    return {"story_id": await run_in_threadpool(service.move_article, article_id, to, "api")}
