"""Watchlists: saved filters an analyst is alerted on. Entities in any spelling or script
("Лукашенко" matches "Lukasjenko": both have the cross-lingual key `lukasenk`, the key
`babelwire stories --entity` resolves names to), words in any language (the query's embedding
against the story's article vectors, as `babelwire.read.search` compares them, or every word
written in an article), languages, sources, and a minimum of articles or languages."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from babelwire.errors import InputError

NAME = re.compile(r"^[\w][\w.-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
MAX_ENTITIES = 20


@dataclass
class Watchlist:
    name: str
    entities: list[str] = field(default_factory=list)  # as the analyst wrote them
    query: str | None = None  # words in any language
    langs: list[str] = field(default_factory=list)  # a story with an article in one of these
    sources: list[str] = field(default_factory=list)  # a story with an article from one
    min_articles: int = 1
    min_languages: int = 1
    webhook: str | None = None  # POSTed each alert (from the outbox), when set
    allow_internal: bool = False  # let the webhook go to a loopback or private address
    id: int | None = None
    created: str | None = None

    def spec(self) -> str:
        """The filters as stored (JSON)."""
        return json.dumps({"entities": self.entities, "query": self.query, "langs": self.langs,
                           "sources": self.sources, "min_articles": self.min_articles,
                           "min_languages": self.min_languages}, ensure_ascii=False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Watchlist:
        spec = json.loads(row["spec"])
        return cls(name=str(row["name"]), entities=list(spec.get("entities") or []),
                   query=spec.get("query"), langs=list(spec.get("langs") or []),
                   sources=list(spec.get("sources") or []),
                   min_articles=int(spec.get("min_articles") or 1),
                   min_languages=int(spec.get("min_languages") or 1),
                   webhook=row["webhook"], allow_internal=bool(row["allow_internal"]),
                   id=int(row["id"]), created=row["created"])


def new_watchlist(name: str, entities: list[str] | tuple[str, ...] = (), query: str | None = None,
                  langs: list[str] | tuple[str, ...] = (),
                  sources: list[str] | tuple[str, ...] = (), min_articles: int = 1,
                  min_languages: int = 1, webhook: str | None = None,
                  allow_internal: bool = False) -> Watchlist:
    """A checked watchlist, or an InputError that says what is wrong."""
    name = (name or "").strip()
    if not NAME.match(name):
        raise InputError(f"watchlist name {name!r}: use 1-64 letters, digits, '.', '-' or '_' "
                         "(it is part of the feed's URL)")
    cleaned = [e.strip() for e in entities if e and e.strip()]
    if len(cleaned) > MAX_ENTITIES:
        raise InputError(f"at most {MAX_ENTITIES} entities per watchlist")
    if any(len(e) > 200 for e in cleaned):
        raise InputError("an entity is at most 200 characters")
    query = (query or "").strip() or None
    if query is not None and len(query) > 500:
        raise InputError("the query is at most 500 characters")
    codes = [lang.strip().lower() for lang in langs if lang and lang.strip()]
    for code in codes:
        if not _LANG.match(code):
            raise InputError(f"{code!r} is not a language code; use ISO 639-1 such as 'en'")
    if min_articles < 1 or min_languages < 1:
        raise InputError("--min-articles and --min-languages are at least 1")
    if webhook is not None:
        webhook = webhook.strip() or None
    if webhook is not None and not webhook.lower().startswith(("http://", "https://")):
        raise InputError(f"webhook {webhook!r}: give an http:// or https:// URL")
    if not (cleaned or query or codes or sources or min_articles > 1 or min_languages > 1):
        raise InputError("a watchlist needs at least one filter: --entity, --query, --lang, "
                         "--source, --min-articles or --min-languages")
    return Watchlist(name, cleaned, query, list(dict.fromkeys(codes)),
                     [s.strip() for s in sources if s and s.strip()], min_articles,
                     min_languages, webhook, allow_internal)
