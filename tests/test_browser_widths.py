"""Every web page at a phone's, a laptop's and a wide screen's width (375, 1400, 1920 px) in
headless Chromium: nothing wider than the window, and no table column so narrow that its words
break inside ("What it counts" and "Status" of the fact table shrank to two or three letters,
"a/g/re/e", at 1400 and 1920 px). Shares tests/test_browser.py's fixtures."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from test_browser import browser, screenshot, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
WIDTHS = (375, 1400, 1920)

# Words of table cells (outside the evidence a reader opens) that the layout split over two
# lines, as [cell text, word] (a line may end at a hyphen: "YYYY-MM-DD"); and the page's width
# beyond the window.
LAYOUT_PROBLEMS = """
const broken = [];
for (const cell of document.querySelectorAll('table th, table td')) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('details, blockquote')) continue;
    for (const match of node.data.matchAll(/[^\\s-]{2,}/g)) {  // a hyphen may end a line
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push([cell.textContent.trim().slice(0, 40), match[0]]);
    }
  }
}
return {broken: broken,
        overflow: document.documentElement.scrollWidth - window.innerWidth};
"""


def page_paths(site_url: str) -> list[str]:
    def get(path: str) -> Any:
        with urllib.request.urlopen(site_url + path, timeout=30) as response:
            return json.loads(response.read())

    stories = get("/stories.json")["stories"]
    story = get(f"/stories/{stories[0]['id']}.json")
    entities = get("/entities.json")["entities"]
    article = next(a["id"] for articles in story["articles_by_language"].values()
                   for a in articles)
    return ["/", "/search?q=heat+record", *(f"/stories/{s['id']}" for s in stories),
            "/entities", f"/entities/{entities[0]['key']}", f"/articles/{article}", "/docs",
            "/watchlists", "/no-such-page"]


def test_every_page_fits_every_width(browser, site):  # noqa: F811 (fixtures)
    problems = {}
    for path in page_paths(site):
        for width in WIDTHS:
            browser.set_window_size(width, 900)
            browser.get(site + path)
            found = browser.execute_script(LAYOUT_PROBLEMS)
            if found["broken"] or found["overflow"] > 0:
                problems[(path, width)] = found
                screenshot(browser, f"width-{width}-{path.strip('/').replace('/', '-') or 'home'}")
    browser.set_window_size(1280, 900)
    assert not problems, (sorted(problems), problems)


def test_the_fact_tables_columns_keep_their_words(browser, site):  # noqa: F811 (fixtures)
    """The story with a fact comparison: each column at least as wide as its longest word."""
    from selenium.webdriver.common.by import By

    checked = 0
    for path in page_paths(site):
        if not path.startswith("/stories/"):
            continue
        for width in WIDTHS:
            browser.set_window_size(width, 900)
            browser.get(site + path)
            for table in browser.find_elements(By.CSS_SELECTOR, ".comparison table"):
                headers = table.find_elements(By.CSS_SELECTOR, "thead th")
                widths = [h.rect["width"] for h in headers]
                assert min(widths[:3]) >= 60, (path, width, widths)  # "Status" is ~40 px
                checked += 1
    browser.set_window_size(1280, 900)
    assert checked, "no story page showed a fact comparison"
