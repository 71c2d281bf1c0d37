"""The monitoring pages in real headless Chromium: the watchlists page with its alerts and
feed link, a story page that lists a correction made by hand, and an article page reached
from the story page (full text, names, figures, the original). Skipped without the browser,
like tests/test_browser.py (whose fixtures it shares)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.service import Service
from babelwire.web import create_app
from builders import REPO
from test_browser import browser, only_local_requests, screenshot  # noqa: F401 (a fixture)
from webserver import LiveServer

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """A site with a watchlist on the Latvian ferry's port (in any language), its alerts,
    and one story split by hand."""
    db: Path = tmp_path_factory.mktemp("monitor") / "m.db"
    with Service(db, encoder=HashingEncoder()) as service:
        service.add_watchlist("ventspils", entities=["Ventspils"])
        service.ingest(read_inputs([ARTICLES]))
        story = next(s for s in service.list_stories(limit=50) if s.article_count >= 3)
        page = service.story_page(story.id)
        assert page is not None
        article = next(a for items in page.detail.articles_by_language.values() for a in items)
        new = service.split_story(story.id, [article.id], actor="api")
        facts = {"story": story.id, "new": new, "article": article.id,
                 "alerts": len(service.alerts())}
        with LiveServer(create_app(service=service)) as server:
            yield server.url, facts


def test_watchlists_corrections_and_article_pages(browser, monitored):  # noqa: F811
    from selenium.webdriver.common.by import By

    site, facts = monitored
    assert facts["alerts"] >= 1
    browser.set_window_size(1280, 900)
    browser.get(site + "/watchlists")
    assert browser.title.startswith("Watchlists")
    card = browser.find_element(By.ID, "watchlist-ventspils")
    assert "Ventspils" in card.text
    feed = card.find_element(By.CSS_SELECTOR, "a[href$='.atom']").get_attribute("href")
    assert feed == f"{site}/watchlists/ventspils.atom"
    alerts = browser.find_elements(By.CSS_SELECTOR, ".alerts li.alert")
    assert len(alerts) == facts["alerts"]
    assert {a.get_attribute("data-reason") for a in alerts} == {"new-story"}
    assert only_local_requests(browser, site) == []
    screenshot(browser, "watchlists")

    browser.get(f"{site}/stories/{facts['new']}")
    corrected = browser.find_element(By.CSS_SELECTOR, ".corrections").text
    assert f"split off story {facts['story']}" in corrected and "by api" in corrected
    screenshot(browser, "story-corrected")

    browser.find_element(By.CSS_SELECTOR, f"#article-{facts['article']} .more a").click()
    assert browser.current_url == f"{site}/articles/{facts['article']}"
    detail = json.loads(browser.execute_script(
        f"return fetch('/articles/{facts['article']}.json').then(r => r.text())"))
    text = browser.find_element(By.CSS_SELECTOR, ".full-text").text
    assert detail["text"].split("\n")[0].strip()[:60] in text
    names = browser.find_elements(By.CSS_SELECTOR, ".mentions li")
    assert len(names) == len(detail["mentions"]) > 0
    if detail["url"]:
        original = browser.find_element(By.CSS_SELECTOR, ".original a")
        assert original.get_attribute("href") == detail["url"]
    assert only_local_requests(browser, site) == []
    screenshot(browser, "article-page")
