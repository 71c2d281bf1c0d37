"""canonical_url: one spelling per article URL."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.ingest.urls import canonical_url, host_of, is_tracking_param


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://Example.COM/News/Item", "https://example.com/News/Item"),
    ("https://example.com/a/b/", "https://example.com/a/b"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("https://example.com//", "https://example.com/"),
    ("http://example.com:80/x", "http://example.com/x"),
    ("https://example.com:443/x", "https://example.com/x"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("https://example.com/x#comments", "https://example.com/x"),
    ("https://example.com/x?utm_source=rss&utm_medium=feed", "https://example.com/x"),
    ("https://example.com/x?b=2&a=1", "https://example.com/x?a=1&b=2"),
    ("https://example.com/x?id=7&fbclid=abc&gclid=def&mc_cid=1&mc_eid=2&ref=tw&_ga=3",
     "https://example.com/x?id=7"),
    ("https://example.com/x?UTM_Campaign=spring&page=2", "https://example.com/x?page=2"),
    ("https://example.com/a/./b/../c/", "https://example.com/a/c"),
    ("https://example.com/%7Euser/%e2%82%ac", "https://example.com/~user/%E2%82%AC"),
    ("https://example.com/x?q=", "https://example.com/x?q="),
    ("https://example.com./x", "https://example.com/x"),
    ("  https://example.com/x  ", "https://example.com/x"),
    ("https://user:pw@example.com/x", "https://user:pw@example.com/x"),
    ("http://[::1]:8080/x/", "http://[::1]:8080/x"),
])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_spellings_of_one_article_agree() -> None:
    spellings = [
        "https://www.example.no/nyheter/artikkel-123/",
        "HTTPS://WWW.EXAMPLE.NO/nyheter/artikkel-123?utm_source=facebook&fbclid=IwAR0",
        "https://www.example.no:443/nyheter/artikkel-123#kommentarer",
        "https://www.example.no/nyheter/./artikkel-123?ref=frontpage&_ga=2.1",
    ]
    assert len({canonical_url(u) for u in spellings}) == 1


@pytest.mark.parametrize("text", ["", "not a url", "mailto:a@b.c", "ftp://example.com/x",
                                  "//example.com/x", "https://", "http://example.com:99999/"])
def test_non_http_text_comes_back_unchanged(text: str) -> None:
    assert canonical_url(text) == text.strip()


def test_tracking_params() -> None:
    assert is_tracking_param("utm_content") and is_tracking_param("MC_EID")
    assert is_tracking_param("gclid") and not is_tracking_param("id")
    assert not is_tracking_param("page") and not is_tracking_param("reference")


def test_host_of() -> None:
    assert host_of("https://Example.com:443/x") == "example.com"
    assert host_of("http://127.0.0.1:8000/x") == "127.0.0.1:8000"
    assert host_of("nonsense") == ""


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["http", "https"]), st.from_regex(r"[a-z]{1,8}(\.[a-z]{2,5}){1,2}",
                                                          fullmatch=True),
       st.lists(st.from_regex(r"[A-Za-z0-9_~-]{1,6}", fullmatch=True), max_size=4),
       st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True),
                       st.from_regex(r"[a-z0-9]{0,4}", fullmatch=True), max_size=3),
       st.booleans())
def test_canonical_url_is_idempotent(scheme: str, host: str, segments: list[str],
                                     params: dict[str, str], slash: bool) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = f"{scheme}://{host}/{'/'.join(segments)}{'/' if slash else ''}" + (
        f"?{query}" if query else "")
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once and "utm_" not in once
