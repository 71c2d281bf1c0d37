"""Canonical URLs: one spelling per article, so the same page is never ingested twice.

`canonical_url` lowercases the scheme and host, drops the fragment, the default port, tracking
parameters (utm_*, fbclid, gclid, mc_*, ref, _ga, ...), resolves dot segments, normalises
percent-escapes, sorts the remaining query parameters and strips the trailing slash of every path
except the root ("https://example.com/"). It never raises: text that is not an http(s) URL comes
back stripped of surrounding whitespace and otherwise unchanged.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Exact names (compared case-insensitively) of parameters that only track the reader.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
    "igshid", "igsh", "ref", "ref_src", "ref_url", "referrer", "_ga", "_gl", "_hsenc", "_hsmi",
    "hsctatracking", "mkt_tok", "mc_cid", "mc_eid", "vero_id", "vero_conv", "oly_anon_id",
    "oly_enc_id", "rb_clickid", "s_cid", "wt_mc", "wt.mc_id", "cmpid", "ncid", "sr_share",
    "spm", "smid", "at_medium", "at_campaign", "at_custom1", "at_custom2",
    "at_custom3", "at_custom4", "xtor", "ito", "icid", "ocid", "_openstat",
})
# Name prefixes of tracking parameter families.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "matomo_", "hmb_", "stm_", "__s")

_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL (see the module docstring)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return url
        host = parts.hostname.rstrip(".")  # urlsplit lowercases it
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal
        return url
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{userinfo}@{netloc}"
    path = _normalise_path(parts.path)
    query = _normalise_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalise_path(path: str) -> str:
    path = _normalise_escapes(path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    if "/." in path:
        trailing = path.endswith(("/", "/.", "/.."))
        path = posixpath.normpath(path)
        if path.startswith("//"):  # normpath keeps a leading double slash
            path = "/" + path.lstrip("/")
        if trailing and path != "/":
            path += "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _normalise_query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name and not is_tracking_param(name)
    ]
    pairs.sort()
    return urlencode(pairs, safe="/:,@!$'()*")


def _normalise_escapes(text: str) -> str:
    """Uppercase hex in percent-escapes and decode escapes of unreserved characters."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT.sub(fix, text)


def host_of(url: str) -> str:
    """The lowercase host[:port] of a URL ('' when there is none)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    return host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
