"""The service's read use cases: each borrows a reader connection from the pool, asks the read
side (`babelwire.read`) for its typed model, and gives the connection back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from babelwire.analyse.embed import Encoder
from babelwire.read import bulk, pages, search, trending, views
from babelwire.read.models import EntitySummary, StoryDetail, StorySummary
from babelwire.read.pages import StoryPage
from babelwire.read.search import SearchHit
from babelwire.read.trending import Trend
from babelwire.store.base import Store


class ReadUseCases:
    search_vectors: search.VectorCache  # the article vectors searches compare with (Service)

    def reading(self) -> AbstractContextManager[Store]:
        raise NotImplementedError

    def encoder(self) -> Encoder:
        raise NotImplementedError

    def list_stories(self, limit: int = 20, offset: int = 0, lang: str | None = None,
                     entity: str | None = None, since: str | None = None,
                     until: str | None = None, query: str | None = None, min_articles: int = 1,
                     disputed: bool = False, updated_since: str | None = None,
                     source: str | None = None, country: str | None = None
                     ) -> list[StorySummary]:
        with self.reading() as store:
            return views.list_stories(store, limit=limit, offset=offset, lang=lang,
                                      entity=entity, since=since, until=until, query=query,
                                      min_articles=min_articles, disputed=disputed,
                                      updated_since=updated_since, source=source,
                                      country=country)

    def trending_stories(self, limit: int = 20, offset: int = 0, **filters: Any
                         ) -> list[tuple[StorySummary, Trend]]:
        """Stories most trending first (`babelwire.read.trending`), with the filters of
        `list_stories` but `disputed`."""
        with self.reading() as store:
            return trending.trending_stories(store, limit, offset, **filters)

    def story_page(self, story_id: int) -> StoryPage | None:
        """The one story page every front end renders (five queries)."""
        with self.reading() as store:
            return pages.story_page(store, story_id)

    def story_detail(self, story_id: int) -> StoryDetail | None:
        page = self.story_page(story_id)
        return page.detail if page is not None else None

    def story_list_page(self, limit: int, offset: int, filters: dict[str, Any],
                        **wanted: Any) -> dict[str, Any]:
        with self.reading() as store:
            return pages.story_list(store, limit, offset, filters, **wanted)

    def list_entities(self, limit: int = 30, story_id: int | None = None,
                      lang: str | None = None) -> list[EntitySummary]:
        with self.reading() as store:
            return views.list_entities(store, limit=limit, story_id=story_id, lang=lang)

    def count_entities(self, story_id: int | None = None, lang: str | None = None) -> int:
        with self.reading() as store:
            return views.count_entities(store, story_id=story_id, lang=lang)

    def entity_list_page(self, lang: str | None, limit: int) -> dict[str, Any]:
        with self.reading() as store:
            return pages.entity_list(store, lang, limit)

    def entity_page(self, name_or_key: str) -> dict[str, Any] | None:
        with self.reading() as store:
            return pages.entity_page(store, name_or_key)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Stories about `query`, in any language, best first (`babelwire.read.search`)."""
        encoder = self.encoder()
        with self.reading() as store:
            return search.search(store, encoder, query, limit, self.search_vectors)

    def articles_naming(self, name_or_key: str) -> dict[int, int]:
        """The articles that name an entity (any spelling, case or script, or its key), each
        with its story."""
        with self.reading() as store:
            key = bulk.resolve_entity_key(store, name_or_key)
            return {int(r["article_id"]): int(r["story_id"])
                    for r in store.mentions_in(keys=[key])}

    def search_page(self, query: str | None, limit: int) -> dict[str, Any]:
        encoder = self.encoder() if query else None
        with self.reading() as store:
            return pages.search_page(store, encoder, query, limit, self.search_vectors)

    def article(self, article_id: int) -> dict[str, Any] | None:
        with self.reading() as store:
            return pages.article(store, article_id)

    def article_list(self, story_id: int | None, lang: str | None, since: str | None,
                     until: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        with self.reading() as store:
            return store.article_page(story_id, lang, since, until, limit, offset)

    def counts(self) -> dict[str, int]:
        with self.reading() as store:
            return views.counts(store)

    def languages(self) -> list[dict[str, Any]]:
        with self.reading() as store:
            return pages.languages(store)

    def rejections(self, since: str | None = None) -> list[dict[str, Any]]:
        with self.reading() as store:
            return store.list_rejections(since)

    def export_articles(self, since: str | None) -> Iterator[dict[str, Any]]:
        with self.reading() as store:
            yield from store.export_articles(since)

    def export_stories(self, since: str | None) -> Iterator[dict[str, Any]]:
        with self.reading() as store:
            yield from store.export_stories(since)

    def external_story_ids(self) -> dict[str, int]:
        with self.reading() as store:
            return store.external_story_ids()
