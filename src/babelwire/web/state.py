"""What the routes share, apart from the app that wires them: the process's one `Service`
(reached through `get_service`), the API token, and the error the routes raise."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request
from starlette.exceptions import HTTPException

from babelwire.analyse.embed import Encoder
from babelwire.service import Service

ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
               408: "request_timeout", 413: "payload_too_large",
               415: "unsupported_media_type",
               422: "invalid_parameters", 500: "internal_error", 503: "unavailable"}


class ApiError(HTTPException):
    """An HTTP error with a machine-friendly code, rendered in the one error shape."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status, message, headers)
        self.code = code or ERROR_CODES.get(status, "error")


class AppState:
    """What the routes share: the process's one `Service` (its stores, warm pipeline and
    encoder are built once, not per request), the token, and the key of the pages' forms."""

    def __init__(self, service: Service, token: str | None,
                 form_secret: str | None = None) -> None:
        self.service = service
        self.token = token or None
        self.settings = service.settings
        # The forms' anti-forgery key: a page of this server carries it, another site cannot
        # read it. Tied to the token, so a new token retires old pages' forms; `serve
        # --workers N` gives every worker the same secret (a page and its POST may meet
        # different workers).
        secret = (form_secret or secrets.token_hex(32)).encode()
        self.form_key = hmac.new(secret, b"babelwire-forms\0" + (self.token or "").encode(),
                                 hashlib.sha256).hexdigest()

    def encoder(self) -> Encoder:
        return self.service.encoder()


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.babelwire
    return state


def get_service(request: Request) -> Service:
    return state_of(request).service
