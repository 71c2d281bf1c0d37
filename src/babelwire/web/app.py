"""The ASGI app: `create_app(db_path)` wires the JSON API (`web.api`) and the pages
(`web.pages`) to one database, with one error shape for every error."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from babelwire import __version__
from babelwire.analyse.embed import Encoder
from babelwire.errors import BabelwireError
from babelwire.service import Service
from babelwire.settings import Settings
from babelwire.web import charts, figures, guard, labels
from babelwire.web.limits import BODY_REFUSED, MAX_BODY_BYTES, BodyCap
from babelwire.web.params import BadParameter
from babelwire.web.state import ERROR_CODES, AppState

log = logging.getLogger("babelwire.web")
HERE = Path(__file__).parent
INTERNAL_ERROR = "internal server error; the server log has the details"
# Pages load nothing from anywhere but this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self';"
                               " script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    # Nothing to other sites; "no-referrer" would also make the browser send `Origin: null`
    # with the pages' own form POSTs, which the write checks (web.guard) refuse.
    "Referrer-Policy": "same-origin",
}


def finite(data: Any) -> Any:
    """`data` with every NaN or infinite float as null: strict JSON has no such numbers, and a
    figure too large for a float (a 400-digit number in an article) must not break a page."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(finite(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")


def error_body(status: int, message: str, code: str | None = None,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code or ERROR_CODES.get(status, "error"),
                      "message": message, "details": details or []}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path.endswith(".json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, code: str | None = None,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = error_body(status, message, code, details)
    if wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {**body["error"], "page_title": f"Error {status}"},
            status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = getattr(exc, "code", None)
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}; the API is under /api (see /docs)"
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            allowed = guard.allowed_methods(request.app, request.scope)
            headers["Allow"] = ", ".join(allowed) or headers.get("Allow", "GET")
            message = (f"{request.method} is not allowed on {request.url.path}; "
                       f"allowed: {headers['Allow']}")
        return error_response(request, exc.status_code, message, code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = []
        for error in exc.errors():
            where = _location(error.get("loc", ()))
            given = error.get("input")
            message = str(error.get("msg", "invalid"))
            if not isinstance(given, dict | list) and given is not None:
                message += f" (got {given!r})"
            details.append({"location": where, "message": message})
        summary = "; ".join(f"{d['location'].split('.', 1)[-1]}: {d['message']}"
                            for d in details[:3])
        return error_response(request, 422, f"invalid request: {summary}", details=details)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return error_response(request, 422, f"invalid request: {exc}",
                              details=[{"location": f"query.{exc.name}", "message": str(exc)}])

    @app.exception_handler(BabelwireError)
    async def library_error(request: Request, exc: BabelwireError) -> Response:
        # The one translation of the library's errors (e.g. the store is unreachable: 503).
        if exc.http_status >= 500:
            log.error("%s on %s %s: %s", exc.code, request.method, request.url.path, exc)
        return error_response(request, exc.http_status, str(exc), exc.code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error on %s %s", request.method, request.url.path)
        return error_response(request, 500, INTERNAL_ERROR)


def when(value: str | None, with_time: bool = True, precision: str | None = None) -> str:
    """`labels.when`, but a partial date shows only what is known: 'Sep 2020', '2020'."""
    moment = charts.parse_time(value)
    if moment is None or precision is None:
        return labels.when(value, with_time)
    if precision == "year":
        return str(moment.year)
    if precision == "month":
        return moment.strftime("%b %Y")
    return labels.when(value, with_time=False)


def span(first: str | None, last: str | None, precision: str | None = None) -> str:
    """`labels.span`, but a span of partial dates shows only what is known: 'Sep 2020'."""
    if precision is None:
        return labels.span(first, last)
    start, end = when(first, False, precision), when(last or first, False, precision)
    return start if start == end else f"{start} – {end}"


def common_precision(articles_by_language: dict[str, list[dict[str, Any]]]) -> str | None:
    """The precision every dated article of a story shares, if they all share a partial one."""
    found = {a.get("published_precision") for group in articles_by_language.values()
             for a in group if a.get("published")}
    return found.pop() if len(found) == 1 else None


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.globals.update(language_name=labels.language_name, when=when, span=span,
                       common_precision=common_precision,
                       sparkline=charts.sparkline, version=__version__,
                       merged_spellings=labels.merged_spellings, number=labels.number,
                       coverage_chart=figures.coverage_chart,
                       stories_chart=figures.stories_chart)
    env.filters["pathquote"] = lambda value: quote(str(value), safe="")
    # Only http(s) links are rendered as links: a javascript: or data: URL is shown as text.
    env.tests["web_link"] = lambda value: isinstance(value, str) and value.strip().lower(
        ).startswith(("https://", "http://"))
    env.filters["ticks"] = labels.code_spans
    env.trim_blocks = env.lstrip_blocks = True
    return templates


def reject_unknown_query(request: Request) -> None:
    """A query parameter the route does not take is an error, not silently ignored."""
    unknown = guard.unknown_query_parameters(request)
    if unknown:
        raise BadParameter(unknown[0], "unknown query parameter"
                           + (f"s {', '.join(unknown)}" if len(unknown) > 1 else "")
                           + "; /docs lists each route's parameters")


def create_app(db_path: str | Path | None = None, encoder: Encoder | None = None,
               token: str | None = None, settings: Settings | None = None,
               allowed_hosts: Sequence[str] | None = None,
               service: Service | None = None, form_secret: str | None = None,
               deliver_webhooks: bool = False) -> FastAPI:
    """The web app over the database at `db_path`. The encoder (for search and POSTed
    articles) is loaded on first use unless given; with a `token`, writes require it.
    `allowed_hosts` are the Host names answered (`*` any; `*.example.org` a domain; `*ip`
    any IP address); None answers any, for embedding behind a proxy that checks it.
    A `service` given is used as it is (its stores, pipeline and encoder); otherwise the app
    makes one for `db_path`, closed when the app shuts down. `form_secret` keys the pages'
    correction forms (random when not given; processes serving one site must share it).
    `deliver_webhooks`: the service drains the alerts' webhook outbox in the background from
    startup to shutdown (`Service.start_deliveries`)."""
    from babelwire.web import api, articles, correction_forms, corrections, monitor, pages

    app = FastAPI(
        title="babelwire", version=__version__, docs_url=None, redoc_url=None,
        dependencies=[Depends(reject_unknown_query)], default_response_class=SafeJSONResponse,
        description="Cross-lingual news stories: browse stories, articles and entities, search "
                    "in any language, add articles. Errors always have the shape "
                    '`{"error": {"status", "code", "message", "details"}}`.')
    if service is None:
        if db_path is None:
            raise ValueError("create_app needs a database location or a service")
        service = Service(db_path, settings or Settings(), encoder)
        app.router.on_shutdown.append(service.close)
    if deliver_webhooks:
        app.router.on_startup.append(service.start_deliveries)
        app.router.on_shutdown.insert(0, service.stop_deliveries)
    app.state.babelwire = AppState(service, token, form_secret)
    app.state.templates = make_templates()
    install_error_handlers(app)

    @app.middleware("http")
    async def headers_and_errors(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        refusal = None
        if allowed_hosts is not None and not guard.host_allowed(request.headers.get("host"),
                                                                allowed_hosts):
            refusal = ("400 this server does not answer to the host name "
                       f"{(request.headers.get('host') or '')[:100]!r} (see serve --allow-host)")
        if refusal is None and request.method not in guard.SAFE_METHODS and (
                request.method in guard.allowed_methods(app, request.scope)):
            refusal = guard.cross_site_write(request)  # else the router answers 405
        try:
            if refusal is not None:
                status, message = refusal.split(" ", 1)
                response = error_response(request, int(status), message)
            else:
                response = await call_next(request)
        except Exception:  # answered here, so the server keeps the connection open
            if not request.scope.get(BODY_REFUSED):  # BodyCap has answered 413 already
                log.exception("error on %s %s", request.method, request.url.path)
            response = error_response(request, 500, INTERNAL_ERROR)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_middleware(BodyCap, limit=MAX_BODY_BYTES)  # outermost: wraps every route's body
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(monitor.router)
    app.include_router(corrections.router)
    app.include_router(correction_forms.router)
    app.include_router(articles.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> Response:
        """The API reference, rendered here from the OpenAPI schema (no external assets)."""
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(request, "docs.html", {"schema": app.openapi()})

    return app
