"""The article page: one article's full text as stored, its source, date and language, the
names and figures found in it, and a link to the original (`/articles/ID`, with its `.json`
twin, the same as `GET /api/articles/ID`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse

from babelwire.service import Service
from babelwire.web.pages import render
from babelwire.web.params import MAX_ID
from babelwire.web.state import ApiError, get_service

router = APIRouter()
Svc = Annotated[Service, Depends(get_service)]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _article(service: Service, article_id: int) -> dict[str, Any]:
    found = service.article(article_id)
    if found is None:
        raise ApiError(404, f"no article {article_id}")
    return found


@router.get("/articles/{article_id}.json", summary="Article page",
            tags=["pages (JSON twins)"])
def article_json(service: Svc, article_id: ArticleId) -> dict[str, Any]:
    """The article page as JSON (the same as GET /api/articles/{article_id})."""
    return _article(service, article_id)


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, service: Svc, article_id: ArticleId) -> Response:
    found = _article(service, article_id)
    paragraphs = [p.strip() for p in str(found["text"]).split("\n") if p.strip()]
    return render(request, service, "article.html", {"article": found,
                                                     "paragraphs": paragraphs},
                  str(found["title"]))
