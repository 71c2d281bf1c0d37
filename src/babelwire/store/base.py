"""The storage seam: what the pipeline, the read side, the watcher and the CLI may ask of a
store, whichever database is behind it, and the one function that opens a store from a
location (a file path means SQLite, a `postgresql://` URL means PostgreSQL).

Writers coordinate through `write_lease()`: one transaction at a time holds it (SQLite
`BEGIN IMMEDIATE`, PostgreSQL a transaction-scoped advisory lock), so the clusterer state,
story ids and article ids are read and written by one writer at a time, while analysis and
embedding, the expensive part, run outside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from babelwire.models import Article, Assignment, Rejection

if TYPE_CHECKING:
    from babelwire.store.reads import StoryFilter

Row = dict[str, Any]
URL_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class ClustererSnapshot:
    """The clusterer state as stored, with the version it had (bumped on every save)."""

    version: int
    state: dict[str, Any] | None


@dataclass(frozen=True)
class FullTextHit:
    story_id: int
    article_id: int
    matched_terms: int  # how many of the query's terms the article contains


class WriteStore(Protocol):
    """What `Pipeline` needs."""

    def transaction(self) -> AbstractContextManager[Any]: ...

    def write_lease(self) -> AbstractContextManager[Any]: ...

    def find_duplicate(self, url: str | None, content_hash: str) -> int | None: ...

    def add_article(self, article: Article, assignment: Assignment,
                    duplicate_of: int | None = None) -> int: ...

    def add_rejection(self, rejection: Rejection) -> None: ...

    def story_of(self, article_id: int) -> int: ...

    def add_signature(self, article_id: int, signature: bytes) -> None: ...

    def recent_signatures(self, limit: int) -> list[tuple[int, bytes]]: ...

    def signatures_after(self, article_id: int) -> list[tuple[int, bytes]]: ...

    def load_clusterer_state(self) -> dict[str, Any] | None: ...

    def clusterer_snapshot(self, known_version: int | None = None) -> ClustererSnapshot: ...

    def save_clusterer_state(self, state: dict[str, Any]) -> int: ...

    def max_story_id(self) -> int: ...

    def entity_counts_of_story(self, story_id: int) -> dict[str, int]: ...

    def mention_spellings_of_story(self, story_id: int) -> list[tuple[str, str]]: ...

    def rekey_story_mentions(self, story_id: int, old_key: str, new_key: str,
                             kind: str) -> int: ...

    def rekey_story_spellings(self, story_id: int, old_key: str, surfaces: Sequence[str],
                              new_key: str, kind: str | None) -> int: ...


class ReadStore(Protocol):
    """What `babelwire.read`, `babelwire.web` and export need: rows as dicts, in bulk."""

    location: str
    queries: int  # statements issued so far (tests count them)

    def counts(self) -> dict[str, int]: ...

    def story_rows(self, where: StoryFilter, limit: int, offset: int = 0,
                   order: str = "newest") -> list[Row]: ...

    def stories_by_id(self, story_ids: Sequence[int]) -> list[Row]: ...

    def story_coverage(self, story_ids: Sequence[int]) -> list[Row]: ...

    def story_articles(self, story_id: int) -> list[Row]: ...

    def stories_with_articles(self, story_ids: Sequence[int], biggest: int = 0,
                              totals: bool = False) -> list[Row]: ...

    def article_publication_times(self, story_ids: Sequence[int]) -> list[Row]: ...

    def language_counts(self) -> list[tuple[str, int]]: ...

    def overview(self) -> tuple[list[tuple[str, int]], dict[str, int]]: ...

    def external_story_ids(self) -> dict[str, int]: ...

    def source_metadata(self) -> dict[str, tuple[str | None, str | None]]: ...

    def mentions_in(self, *, article_ids: Sequence[int] | None = None,
                    keys: Sequence[str] | None = None) -> list[Row]: ...

    def top_entity_keys(self, limit: int, story_id: int | None = None,
                        lang: str | None = None, article_ids: Sequence[int] | None = None
                        ) -> list[str]: ...

    def count_entity_keys(self, story_id: int | None = None, lang: str | None = None
                          ) -> int: ...

    def resolve_entity(self, name_or_key: str) -> str | None: ...

    def most_mentioned_key(self, keys: Sequence[str], surnames: Sequence[str] = ()
                           ) -> str | None: ...

    def has_entity(self, key: str) -> bool: ...

    def facts_in(self, article_ids: Sequence[int]) -> list[Row]: ...

    def claims_in(self, article_ids: Sequence[int]) -> list[Row]: ...

    def claims_shared_in_stories(self) -> list[Row]: ...

    def entity_counts_of_story(self, story_id: int) -> dict[str, int]: ...

    def entity_counts_elsewhere(self, keys: Sequence[str], story_id: int) -> list[Row]: ...

    def entity_counts_around(self, story_id: int) -> list[Row]: ...

    def article_rows(self, ids: Sequence[int]) -> list[Row]: ...

    def article_detail(self, article_id: int) -> tuple[Row | None, list[Row], list[Row]]: ...

    def article_page(self, story_id: int | None, lang: str | None, since: str | None,
                     until: str | None, limit: int, offset: int) -> list[Row]: ...

    def full_text_hits(self, terms: Sequence[str], limit: int = 200) -> list[FullTextHit]: ...

    def vector_stats(self) -> tuple[int, int]: ...

    def vectors_after(self, article_id: int) -> list[tuple[int, int, bytes]]: ...

    def article_vectors(self, article_ids: list[int]) -> dict[int, np.ndarray]: ...

    def list_rejections(self, since: str | None = None) -> list[Row]: ...

    def export_articles(self, since: str | None) -> Iterator[Row]: ...

    def export_stories(self, since: str | None) -> Iterator[Row]: ...


class WatchStore(Protocol):
    """What the watcher's `FeedState` needs."""

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[Any]: ...

    def in_transaction(self) -> bool: ...

    def watch_register(self, sources: Iterable[Sequence[Any]]) -> None: ...

    def watch_source(self, name: str) -> tuple[Any, ...] | None: ...

    def watch_update_source(self, name: str, values: Sequence[Any], now: float,
                            ok: bool) -> None: ...

    def watch_seen(self, keys: Sequence[str]) -> dict[str, tuple[str, int]]: ...

    def watch_mark(self, source: str, keys: Sequence[str], status: str, now: float,
                   attempts: int = 0) -> None: ...

    def watch_touch(self, keys: Sequence[str], now: float) -> None: ...

    def watch_prune(self, before: float) -> int: ...


class Store(WriteStore, ReadStore, WatchStore, Protocol):
    """A whole store: SQLite (`SQLiteStore`) or PostgreSQL (`PostgresStore`)."""

    def close(self) -> None: ...

    def schema_version(self) -> int: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def open_store(location: str | Path) -> Store:
    """The store at `location`: a `postgresql://user@host:port/db` URL, or a SQLite file."""
    if is_database_url(location):
        from babelwire.store.postgres import PostgresStore

        return PostgresStore(str(location))
    from babelwire.store.sqlite import SQLiteStore

    return SQLiteStore(location)


def store_exists(location: str | Path) -> bool:
    """Whether there is something to read at `location` (a server is assumed to exist)."""
    return is_database_url(location) or Path(location).exists()
