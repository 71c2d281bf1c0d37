"""The story page's correction buttons: plain HTML forms (no script) that merge, split and
move, then send the browser to the story that holds the articles now (303).

An HTML form cannot send the API's `Authorization` header, so a form write is let in by:
- the same-origin checks of every write (`web.guard.cross_site_write`: `Sec-Fetch-Site`,
  `Origin`), done before any route runs;
- `form_key`, a hidden field every page of this server carries (an HMAC of a server secret
  and the token): another site's page cannot read it, so it cannot forge the form, even in a
  browser that sends neither header;
- `token`, a password field the person fills in, compared with the server's token, when the
  server has one: reading the pages (and their form key) does not give the right to write.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from babelwire.errors import InputError
from babelwire.service import Service
from babelwire.web.params import MAX_ID
from babelwire.web.state import ApiError, get_service, state_of

router = APIRouter(include_in_schema=False)
Svc = Annotated[Service, Depends(get_service)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 256 * 1024  # a split of 10,000 articles fits
MAX_FIELDS = 10_010
Form = dict[str, list[str]]


async def correction_form(request: Request) -> Form:
    """The form's fields, once its content type, form key and token are checked."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_TYPE:
        raise ApiError(415, f"a correction form is sent as {FORM_TYPE}, got "
                            f"{content_type or 'none'!r}; scripts use the JSON API (/docs)")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ApiError(413, f"a correction form is at most {MAX_FORM_BYTES} bytes")
    try:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True,
                        max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise InputError("the form could not be read (UTF-8 fields, at most "
                         f"{MAX_FIELDS})") from None
    state = state_of(request)
    sent_key = _one(form, "form_key")
    if not hmac.compare_digest(sent_key.encode(), state.form_key.encode()):
        raise ApiError(403, "this form did not come from this server's page (or the server "
                            "restarted since): reload the story page and try again")
    if state.token is not None:
        token = _one(form, "token")
        if not token:
            raise ApiError(401, "this server needs its API token for corrections: fill in "
                                "the token field")
        if not hmac.compare_digest(token.encode(), state.token.encode()):
            raise ApiError(403, "the API token is wrong")
    return form


def _one(form: Form, field: str) -> str:
    values = form.get(field) or [""]
    return values[0].strip()


def _id(value: str, field: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InputError(f"{field}: give a story or article number (a positive whole number), "
                         f"got {value[:40]!r}")
    return int(value)


def _to_story(story_id: int) -> RedirectResponse:
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/stories/{story_id}/merge")
async def merge(request: Request, service: Svc, story_id: Id) -> RedirectResponse:
    """Merge the story numbered in `other` into this one."""
    other = _id(_one(await correction_form(request), "other"), "other")
    return _to_story(await run_in_threadpool(service.merge_stories, story_id, other, "web"))


@router.post("/stories/{story_id}/split")
async def split(request: Request, service: Svc, story_id: Id) -> RedirectResponse:
    """Split the ticked `articles` off into a new story."""
    form = await correction_form(request)
    ticked = [_id(v.strip(), "articles") for v in form.get("articles", [])]
    if not ticked:
        raise InputError("tick the articles to split off, then press the split button")
    return _to_story(await run_in_threadpool(service.split_story, story_id, ticked, "web"))


@router.post("/articles/{article_id}/move")
async def move(request: Request, service: Svc, article_id: Id) -> RedirectResponse:
    """Move this article (and its republished copies) into the story numbered in `to`."""
    to = _id(_one(await correction_form(request), "to"), "to")
    return _to_story(await run_in_threadpool(service.move_article, article_id, to, "web"))
