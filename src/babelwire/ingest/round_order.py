"""How a watch round hands its items to the sink: in one fixed order, with each feed's language
as a prior, and with each source's share of the ingest report for its progress line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlsplit

from babelwire.analyse.language import detect_language, normalise_language_code
from babelwire.models import RawDocument, Rejection

_EPOCH = datetime.min.replace(tzinfo=UTC)
# Languages the identifier confuses on short texts: a hint inside the same group is kept.
_CLOSE_LANGUAGES = [{"nb", "nn", "no", "da", "sv"}, {"ru", "uk", "be", "bg", "mk", "sr"},
                    {"hr", "sr", "bs", "sl"}, {"cs", "sk"}, {"es", "ca", "gl", "pt"},
                    {"id", "ms"}, {"lv", "lt"}]


def arrival_order(item: RawDocument | Rejection) -> tuple[bool, datetime, str, str, str]:
    """The order a round's items reach the sink: dated first by time, then by URL (then by
    source and origin, so that even the same URL from two feeds has a fixed order)."""
    if isinstance(item, Rejection):
        return (True, _EPOCH, item.origin, "", item.origin)
    return (item.published is None, item.published or _EPOCH, item.url or item.origin,
            item.source or "", item.origin)


def language_prior(hint: str | None, title: str, text: str) -> str | None:
    """The source's language as a prior, not a force: kept when the text is too short or
    ambiguous to tell, or is in that language (or one the identifier confuses it with);
    dropped when the text is identifiably in another, so detection decides."""
    code = normalise_language_code(hint)
    if code is None:
        return hint
    guess = detect_language(f"{title}\n{text}")
    if guess.lang is None or guess.lang == code:
        return hint
    if any(code in group and guess.lang in group for group in _CLOSE_LANGUAGES):
        return hint
    return None


def share_of(batch: Sequence[RawDocument | Rejection], result: object) -> object:
    """One source's part of the round's ingest report (matched by origin), for its counts."""
    rejections = getattr(result, "rejections", None)
    duplicate_origins = getattr(result, "duplicate_origins", None)
    near_origins = getattr(result, "near_duplicate_origins", [])
    if not isinstance(rejections, list) or not isinstance(duplicate_origins, list):
        return result
    origins = {item.origin for item in batch}
    rejected = sum(1 for r in rejections if getattr(r, "origin", None) in origins)
    duplicates = sum(1 for origin in duplicate_origins if origin in origins)
    documents = sum(isinstance(item, RawDocument) for item in batch)
    rejected_later = rejected - (len(batch) - documents)  # by the pipeline, e.g. too short
    return SimpleNamespace(ingested=max(0, documents - duplicates - rejected_later),
                           duplicates=duplicates, rejected=rejected,
                           near_duplicates=sum(1 for o in near_origins if o in origins))


def outlet_of(source_name: str, source_url: str, page: RawDocument | None, url: str) -> str:
    """The source an article is shown under: the configured name for the source's own pages
    (its metadata, country and homepage, hang on that name), but the page's own site name
    for a page on another site that the feed links to (an aggregator, a local test feed)."""
    if page is None or not page.source or page.source == source_name:
        return source_name
    feed_host = (urlsplit(source_url).hostname or "").removeprefix("www.")
    page_host = (urlsplit(url).hostname or "").removeprefix("www.")
    same_site = not page_host or page_host == feed_host or feed_host.endswith(
        "." + page_host) or page_host.endswith("." + feed_host)
    return source_name if same_site else page.source
