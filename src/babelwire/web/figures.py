"""The charts of the pages, built from the pages' data (see `web.data`) for the templates."""

from __future__ import annotations

from typing import Any

from babelwire.web.charts import LaneChart, LaneInput, lanes
from babelwire.web.labels import language_name


def coverage_chart(articles_by_language: dict[str, list[dict[str, Any]]]) -> LaneChart:
    """Story page: one row per language, one dot per article, linking to the article."""
    rows = [LaneInput(f"{language_name(lang)} ({lang})", f"#lang-{lang}",
                      [(a["published"], f"#article-{a['id']}", a["title"]) for a in items])
            for lang, items in articles_by_language.items()]
    known = {a.get("published_precision") for items in articles_by_language.values()
             for a in items if a.get("published")}
    return lanes(rows, width=900, label_width=190,
                 precision=known.pop() if len(known) == 1 else None)


def stories_chart(stories: list[dict[str, Any]], most: int = 15) -> LaneChart:
    """Entity page: one row per story (newest on top), one dot per article of the story."""
    rows = [LaneInput(s["title"], f"/stories/{s['id']}",
                      [(p, f"/stories/{s['id']}", s["title"]) for p in s["published"]],
                      s.get("title_lang"))
            for s in stories[:most]]
    return lanes(rows, width=900, label_width=260, lane_height=28, what="articles")
