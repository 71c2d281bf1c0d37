"""sources.toml: the feeds and pages `babelwire watch` polls.

    [defaults]              # optional, applies to every source
    interval = "15m"

    [[source]]
    name = "NRK"            # required, unique; shown in stories
    url = "https://www.nrk.no/toppsaker.rss"
    kind = "feed"           # "feed" (RSS/Atom/JSON Feed, the default) or "page" (one article)
    interval = "10m"        # seconds as a number, or "90s", "10m", "2h", "1d"
    country = "NO"          # ISO 3166 alpha-2, optional
    language = "nb"         # language hint (BCP 47), optional
    homepage = "https://www.nrk.no/"   # optional; defaults to the scheme and host of url
    allow_private = false   # optional; true lets items and redirects reach loopback, private
                            # and link-local addresses (allowed anyway when url's host is one)

Every problem is reported as a `SourcesError` naming the file, the source and what is wrong;
all problems in the file are listed at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

KINDS = ("feed", "page")
DEFAULT_INTERVAL = 900.0
MIN_INTERVAL = 1.0
_SOURCE_KEYS = {"name", "url", "kind", "interval", "country", "language", "homepage",
                "allow_private"}
_DEFAULT_KEYS = _SOURCE_KEYS - {"name", "url", "homepage"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.I)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class SourcesError(Exception):
    """A sources file that cannot be used; the message is meant for the user as is."""


@dataclass(frozen=True)
class SourceConfig:
    name: str
    url: str
    kind: str = "feed"
    interval: float = DEFAULT_INTERVAL  # seconds between polls
    country: str | None = None
    language: str | None = None
    homepage: str | None = None  # defaults to the scheme and host of url
    allow_private: bool = False  # may fetch loopback/private/link-local targets

    def __post_init__(self) -> None:
        if self.homepage is None:
            parts = urlsplit(self.url)
            if parts.scheme and parts.netloc:
                object.__setattr__(self, "homepage", f"{parts.scheme}://{parts.netloc}/")


def parse_duration(value: Any) -> float | None:
    """Seconds from a number or a string like '90s', '10m', '2h', '1d'; None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    return None


def load_sources(path: str | Path) -> list[SourceConfig]:
    """Read and validate a sources TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(f"{path}: cannot read the file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: not valid TOML: {error}") from None
    return parse_sources(data, str(path))


def parse_sources(data: dict[str, Any], where: str = "sources") -> list[SourceConfig]:
    problems: list[str] = []
    unknown = sorted(set(data) - {"source", "defaults"})
    if unknown:
        problems.append(f"unknown top-level key(s) {', '.join(unknown)} "
                        "(expected [[source]] entries and an optional [defaults] table)")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append("[defaults] must be a table")
        defaults = {}
    for key in sorted(set(defaults) - _DEFAULT_KEYS):
        problems.append(f"[defaults]: unknown key '{key}' (allowed: "
                        f"{', '.join(sorted(_DEFAULT_KEYS))})")
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append("'source' must be an array of tables, written [[source]]")
        entries = []
    if not entries and not problems:
        problems.append("no sources: add at least one [[source]] with a name and a url")
    sources: list[SourceConfig] = []
    names: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        merged = {**{k: v for k, v in defaults.items() if k in _DEFAULT_KEYS}, **entry}
        label = f"source #{number}"
        errors: list[str] = []
        source = _source(merged, errors)
        name = entry.get("name")
        if isinstance(name, str) and name.strip():
            label = f"source '{name.strip()}' (#{number})"
            if name.strip() in names:
                errors.append(f"the name '{name.strip()}' is used by an earlier source")
            names.add(name.strip())
        problems.extend(f"{label}: {error}" for error in errors)
        if source is not None and not errors:
            sources.append(source)
    if problems:
        raise SourcesError("\n".join(f"{where}: {problem}" for problem in problems))
    return sources


def _http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _source(entry: dict[str, Any], errors: list[str]) -> SourceConfig | None:
    for key in sorted(set(entry) - _SOURCE_KEYS):
        errors.append(f"unknown key '{key}' (allowed: {', '.join(sorted(_SOURCE_KEYS))})")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append("'name' is missing or empty")
    url = entry.get("url")
    if url is None:
        errors.append("'url' is missing")
    elif not _http_url(url):
        errors.append(f"'url' must be an http:// or https:// URL, got {url!r}")
    kind = entry.get("kind", "feed")
    if kind not in KINDS:
        errors.append(f"'kind' must be \"feed\" or \"page\", got {kind!r}")
    interval = parse_duration(entry.get("interval", DEFAULT_INTERVAL))
    if interval is None or interval < MIN_INTERVAL:
        errors.append("'interval' must be a number of seconds >= 1 or a duration like "
                      f"\"10m\", got {entry.get('interval')!r}")
    country = entry.get("country")
    if country is not None and (not isinstance(country, str)
                                or not re.fullmatch(r"[A-Za-z]{2}", country)):
        errors.append(f"'country' must be a two-letter code like \"NO\", got {country!r}")
    language = entry.get("language")
    if language is not None and (not isinstance(language, str)
                                 or not _LANGUAGE.match(language)):
        errors.append(f"'language' must be a language code like \"nb\" or \"pt-BR\", "
                      f"got {language!r}")
    homepage = entry.get("homepage")
    if homepage is not None and not _http_url(homepage):
        errors.append(f"'homepage' must be an http:// or https:// URL, got {homepage!r}")
    allow_private = entry.get("allow_private", False)
    if not isinstance(allow_private, bool):
        errors.append(f"'allow_private' must be true or false, got {allow_private!r}")
    if errors:
        return None
    assert isinstance(name, str) and isinstance(url, str) and interval is not None
    return SourceConfig(
        name=name.strip(), url=url.strip(), kind=str(kind), interval=interval,
        country=country.upper() if isinstance(country, str) else None,
        language=language.replace("_", "-") if isinstance(language, str) else None,
        homepage=homepage.strip() if isinstance(homepage, str) else None,
        allow_private=bool(allow_private),
    )
