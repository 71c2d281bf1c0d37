"""The story page's correction buttons in real headless Chromium, on a server with a token:
split ticked articles off, move an article, merge two stories, each by clicking; and the
refusals: a form sent without the token or with a wrong one, a POST without the page's form
key, and another site's page posting the same form. Skipped without the browser, like
tests/test_browser.py (whose fixtures it shares)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.service import Service
from babelwire.web import create_app
from builders import REPO
from test_browser import browser, only_local_requests, screenshot  # noqa: F401 (a fixture)
from webserver import LiveServer

ARTICLES = REPO / "tests" / "data" / "web_articles.jsonl"
TOKEN = "correct-horse-battery"
pytestmark = pytest.mark.slow


@pytest.fixture
def corrected_site(tmp_path: Path) -> Iterator[tuple[str, Service]]:
    """A fresh database (each test corrects it) served with a token."""
    with Service(tmp_path / "c.db", encoder=HashingEncoder()) as service:
        service.ingest(read_inputs([ARTICLES]))
        with LiveServer(create_app(service=service, token=TOKEN)) as server:
            yield server.url, service


def article_ids(service: Service, story_id: int) -> set[int]:
    page = service.story_page(story_id)
    assert page is not None
    return {a.id for items in page.detail.articles_by_language.values() for a in items}


def biggest(service: Service) -> tuple[int, int]:
    """The story with most articles, and another one."""
    stories = sorted(service.list_stories(limit=50), key=lambda s: -s.article_count)
    assert stories[0].article_count >= 3
    return stories[0].id, stories[1].id


def submit(driver: Any, form_id: str, token: str | None = TOKEN, **fields: str) -> str:
    """Fills a form of the page (the token field too, unless None) and clicks its button;
    returns the text of the page it leads to."""
    from selenium.webdriver.common.by import By

    form = driver.find_element(By.ID, form_id)
    for name, value in fields.items():
        form.find_element(By.NAME, name).send_keys(value)
    if token is not None:
        form.find_element(By.NAME, "token").send_keys(token)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return next_page_text(driver, form, "main")


def next_page_text(driver: Any, old: Any, tag: str) -> str:
    """The text of `tag` on the page a click leads to, once the old page is gone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(old))
    return str(driver.find_element(By.TAG_NAME, tag).text)


def test_split_move_and_merge_by_clicking(browser, corrected_site):  # noqa: F811
    from selenium.webdriver.common.by import By

    site, service = corrected_site
    story, other = biggest(service)
    before = sorted(article_ids(service, story))
    browser.get(f"{site}/stories/{story}")
    # Split: tick the first article, press the split button.
    browser.find_element(
        By.CSS_SELECTOR, f"input[name=articles][value='{before[0]}']").click()
    text = submit(browser, "split-form")
    assert "Error" not in text, text
    new = int(browser.current_url.rsplit("/", 1)[1])
    assert new not in (story, other)
    assert article_ids(service, new) == {before[0]}
    assert before[0] not in article_ids(service, story)
    assert f"split off story {story}" in text and "by web" in text
    screenshot(browser, "story-split-by-hand")

    # Move: the second article into the story `other`, from its card's own form.
    browser.get(f"{site}/stories/{story}")
    browser.find_element(By.CSS_SELECTOR, f"#article-{before[1]} details.move summary").click()
    text = submit(browser, f"move-{before[1]}", to=str(other))
    assert browser.current_url == f"{site}/stories/{other}"
    assert browser.find_elements(By.ID, f"article-{before[1]}")
    assert before[1] in article_ids(service, other)
    assert f"article {before[1]} moved here from story {story}" in text

    # Merge: the split-off story back into the story, by number.
    browser.get(f"{site}/stories/{story}")
    text = submit(browser, "merge-form", other=str(new))
    assert browser.current_url == f"{site}/stories/{story}"
    assert before[0] in article_ids(service, story)
    assert service.story_page(new) is None
    assert f"story {new} merged into this one" in text
    assert only_local_requests(browser, site) == []


def test_corrections_without_the_token_or_form_key_are_refused(browser, corrected_site):  # noqa: F811
    from selenium.webdriver.common.by import By

    site, service = corrected_site
    story, other = biggest(service)
    before = article_ids(service, story)
    browser.get(f"{site}/stories/{story}")
    # The token field is required in the page; a person (or script) that drops it is refused.
    browser.execute_script(
        "document.querySelector('#merge-form input[name=token]').closest('label').remove()")
    text = submit(browser, "merge-form", token=None, other=str(other))
    assert "Error 401" in text and "token" in text
    browser.get(f"{site}/stories/{story}")
    text = submit(browser, "merge-form", token="not-the-token", other=str(other))
    assert "Error 403" in text and "token is wrong" in text

    # The right token without the page's form key (a script on this very site): refused.
    status = browser.execute_script(
        "return fetch(arguments[0], {method: 'POST', body: new URLSearchParams("
        "{other: arguments[1], token: arguments[2]})}).then(r => r.status)",
        f"/stories/{story}/merge", str(other), TOKEN)
    assert status == 403

    # Another site's page that knows the key and the token still cannot post the form.
    browser.get(f"{site}/stories/{story}")
    key = browser.find_element(By.CSS_SELECTOR, "#merge-form input[name=form_key]"
                               ).get_attribute("value")
    forged = (f"<form id='f' method='post' action='{site}/stories/{story}/merge'>"
              f"<input name='form_key' value='{key}'><input name='token' value='{TOKEN}'>"
              f"<input name='other' value='{other}'><button>go</button></form>")
    browser.get("data:text/html," + quote(forged))
    button = browser.find_element(By.TAG_NAME, "button")
    button.click()
    assert "Error 403" in next_page_text(browser, button, "body")
    assert article_ids(service, story) == before
    assert service.story_page(other) is not None
