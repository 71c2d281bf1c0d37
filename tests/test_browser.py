"""The web UI in real headless Chromium (Debian's /usr/bin/chromium driven by Selenium):
story list, a search in another language than the story's, the story page with articles in
three languages side by side, keyboard use, phone layout. Screenshots go to test-artifacts/.

Install the browser with scripts/install-browser.sh. Without it these tests are skipped, except
under CI (CI set), where a missing browser fails them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from babelwire.web import create_app
from builders import REPO
from webserver import LiveServer, fixture_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "test-artifacts"
ENGLISH_QUERY = "ferry ran aground, passengers evacuated"
pytestmark = pytest.mark.slow


def chromium_options(user_data_dir: str, width: int = 1280, height: int = 900) -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--hide-scrollbars", f"--window-size={width},{height}",
                 f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    return options


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = (f"{' and '.join(missing)} missing: run scripts/install-browser.sh "
                   "(Debian's chromium and chromium-driver)")
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need a browser under CI: {message}")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="babelwire-chromium-") as profile:
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                                  options=chromium_options(profile))
        driver.set_page_load_timeout(30)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture(scope="module")
def site(encoder) -> Iterator[str]:
    with LiveServer(create_app(fixture_database(encoder), encoder=encoder)) as server:
        yield server.url


def screenshot(driver: Any, name: str, full_page: bool = True) -> Path:
    """Saves test-artifacts/NAME.png; a full page is captured beyond the viewport."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full_page:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
    else:
        driver.save_screenshot(str(path))
    return path


def only_local_requests(driver: Any, site: str) -> list[str]:
    """Resources the page loaded from anywhere but the test server (should be none)."""
    urls = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    return [u for u in urls if not u.startswith(site)]


def test_search_in_another_language_opens_a_three_language_story(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.set_window_size(1280, 900)
    browser.get(site + "/")
    assert browser.title.startswith("Stories")
    cards = browser.find_elements(By.CSS_SELECTOR, ".newest .story-card")
    assert len(cards) == 3
    assert browser.find_elements(By.CSS_SELECTOR, ".story-card svg.spark rect")
    assert only_local_requests(browser, site) == []
    screenshot(browser, "story-list")

    # An English query; the ferry story has only Latvian, Norwegian and Russian articles.
    box = browser.find_element(By.ID, "site-q")
    box.send_keys(ENGLISH_QUERY, Keys.ENTER)
    wait.until(ec.title_contains("Search"))
    first = browser.find_element(By.CSS_SELECTOR, ".results .story-card")
    languages = {li.text.split()[0].lower()
                 for li in first.find_elements(By.CSS_SELECTOR, ".langs li")}
    assert languages == {"lv", "nb", "ru"}, languages
    screenshot(browser, "search-english-finds-latvian-story")

    first.find_element(By.CSS_SELECTOR, ".title a").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".columns")))
    articles = browser.find_elements(By.CSS_SELECTOR, "article.article[lang]")
    shown = {a.get_attribute("lang") for a in articles if a.is_displayed()}
    assert len(shown) >= 3 and {"lv", "nb", "ru"} <= shown, shown
    columns = browser.find_elements(By.CSS_SELECTOR, ".lang-column")
    tops = {c.location["y"] for c in columns}
    assert len(columns) == 3 and len(tops) == 1, "the languages sit side by side on a laptop"
    for article in articles:
        assert article.find_element(By.CSS_SELECTOR, ".byline time").text
        assert article.find_element(By.CSS_SELECTOR, ".lead").text
    chart_dots = browser.find_elements(By.CSS_SELECTOR, "#coverage-h ~ figure circle")
    assert len(chart_dots) == 6
    assert browser.find_elements(By.CSS_SELECTOR, ".entities .spellings li")
    assert only_local_requests(browser, site) == []
    screenshot(browser, "story-page")

    # On a phone the language columns stack.
    browser.set_window_size(390, 844)
    tops = [c.location["y"] for c in browser.find_elements(By.CSS_SELECTOR, ".lang-column")]
    lefts = {c.location["x"] for c in browser.find_elements(By.CSS_SELECTOR, ".lang-column")}
    assert tops == sorted(tops) and len(set(tops)) == 3 and len(lefts) == 1
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling of the page on a phone"
    screenshot(browser, "story-page-phone")
    browser.set_window_size(1280, 900)


def test_keyboard_and_entity_page(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to content"
    outline = browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus is visible"
    for label in browser.find_elements(By.CSS_SELECTOR, "form label[for]"):
        assert browser.find_element(By.ID, label.get_attribute("for"))

    # Filter by language with the form, then open an entity of the story.
    select = browser.find_element(By.ID, "f-lang")
    select.find_element(By.CSS_SELECTOR, "option[value='lv']").click()
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait = WebDriverWait(browser, 20)  # a click starts a navigation; wait for its page
    wait.until(ec.url_contains("lang=lv"))
    cards = browser.find_elements(By.CSS_SELECTOR, ".newest .story-card")
    assert len(cards) == 1
    cards[0].find_element(By.CSS_SELECTOR, ".title a").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".entities .entity-name")))
    browser.find_element(By.CSS_SELECTOR, ".entities .entity-name").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".spelling-table tbody tr")))
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline-h ~ figure circle")
    screenshot(browser, "entity-page")
