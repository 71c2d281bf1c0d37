"""Request checks that keep other sites out: which Host names are served, which writes are
accepted, which query parameters a route takes, and what a 405 allows.

- Host: a page on attacker.example that rebinds its DNS name to 127.0.0.1 reaches the server
  with `Host: attacker.example`; only the names the server is bound to are answered.
- Writes: a form or fetch() from another site can POST without CORS preflight when the body is
  text/plain. Unsafe methods need a JSON content type, and are refused when the browser says
  the request is cross-site (`Sec-Fetch-Site`) or its `Origin` is not this server.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from starlette.routing import Match, Mount

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PROBED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


# RFC 9110 Host = uri-host [ ":" port ]: a bracketed IPv6 literal or a registered name (or
# IPv4), nothing after the port. Anything else ('localhost:1@evil.example',
# '[::1]evil.example') names no host of ours, however it starts.
_HOST = re.compile(r"(?:\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9._-]+))(?::[0-9]{0,5})?")


def host_name(host_header: str) -> str | None:
    """'Example.org:8765' -> 'example.org', '[::1]:80' -> '::1'; None when malformed."""
    match = _HOST.fullmatch(host_header.strip().lower())
    if match is None:
        return None
    if match["ip6"] is not None:
        try:
            return str(ipaddress.IPv6Address(match["ip6"]))
        except ValueError:
            return None
    return match["name"].rstrip(".")  # 'localhost.' is 'localhost'


def default_allowed_hosts(bind: str) -> list[str]:
    """The names a server bound to `bind` answers to: the address itself, the loopback names
    when it is loopback, and this machine's names when it listens on every interface."""
    bind = bind.strip("[]").lower()
    names = [bind] if bind not in WILDCARD_ADDRESSES else []
    if bind in WILDCARD_ADDRESSES or bind == "localhost" or _is_loopback(bind):
        names.extend(LOOPBACK_NAMES)
    if bind in WILDCARD_ADDRESSES:
        names.extend({socket.gethostname().lower(), socket.getfqdn().lower()})
        names.append("*ip")  # any IP literal: rebinding needs a DNS name
    return list(dict.fromkeys(names))


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def host_allowed(host_header: str | None, allowed: Iterable[str]) -> bool:
    if not host_header:
        return False
    name = host_name(host_header)
    if name is None:
        return False
    for pattern in allowed:
        if pattern == "*" or pattern == name or (pattern == "*ip" and _is_ip(name)):
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def cross_site_write(request: Request) -> str | None:
    """Why an unsafe request is refused (403/415), or None when it may go on."""
    if request.method in SAFE_METHODS:
        return None
    fetch_site = request.headers.get("sec-fetch-site", "").lower()
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return f"403 a {fetch_site} request may not write here"
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "")
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc.lower() != host.lower():
            return f"403 writes from {origin[:100]} are refused; only this server's pages may write"
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if request.url.path.startswith("/api/") and not (
            content_type == "application/json" or content_type.endswith("+json")):
        return (f"415 the body must be sent as Content-Type: application/json, got "
                f"{content_type or 'none'!r}")
    return None


def unknown_query_parameters(request: Request) -> list[str]:
    """Query parameters the matched route does not take (a typo would silently match all)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return []
    known: set[str] = set()
    stack = [dependant]
    while stack:  # the route's own parameters and those of its dependencies
        current = stack.pop()
        known.update(param.alias for param in current.query_params)
        stack.extend(current.dependencies)
    return sorted({name for name in request.query_params if name not in known})


def allowed_methods(app: Any, scope: MutableMapping[str, Any]) -> list[str]:
    """Every method some route accepts on the request's path (for a 405's Allow header),
    found by asking each route whether it would take the path with that method."""
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, Mount):  # static files: read-only
            if route.matches(scope)[0] == Match.FULL:
                methods.update({"GET", "HEAD"})
            continue
        methods.update(method for method in PROBED_METHODS
                       if route.matches({**scope, "method": method})[0] == Match.FULL)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)
