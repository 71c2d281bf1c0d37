"""Issue 24.6: invisible characters are removed once where text enters analysis (names keep
their keys, the same text its hash); an `id` given to two different texts is refused, and an
empty `id` is refused rather than stored as none; titles are shown isolated (dir="auto");
Host headers with anything after the host and port are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from babelwire.analyse.article import analyse_text
from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.ingest.records import document_from_record
from babelwire.models import RawDocument, Rejection
from babelwire.pipeline import Pipeline
from babelwire.settings import Settings
from babelwire.store.sqlite import SQLiteStore
from babelwire.web import create_app
from babelwire.web.guard import default_allowed_hosts, host_allowed
from babelwire.web.params import text

TEXT = ("Ukraine and Poland signed a new grain agreement in Warsaw on Monday, officials from "
        "Ukraine said. The deal covers exports through Polish ports for the next two years.")
HIDDEN = (TEXT.replace("Ukraine", "Ukrai\u00adne").replace("Poland", "Po\u200bland")
          .replace("Warsaw", "\u2067Warsaw\u2069").replace("grain", "gr\u202eain\u202c"))


def test_invisible_characters_change_no_key_hash_or_title() -> None:
    plain, hidden = (analyse_text(RawDocument(origin="x", text=text, title=title), Settings())
                     for text, title in ((TEXT, "Ukraine deal"),
                                         (HIDDEN, "Ukrai\u00adne \u2066deal\u2069")))
    assert not isinstance(plain, Rejection) and not isinstance(hidden, Rejection)
    assert {m.key for m in plain.mentions} >= {"ukraine", "poland", "warsaw"}
    assert [m.key for m in hidden.mentions] == [m.key for m in plain.mentions]
    assert hidden.content_hash == plain.content_hash  # the same article: a duplicate
    assert (hidden.title, hidden.text) == (plain.title, plain.text)


def test_zwnj_and_zwj_are_letters_of_words_and_stay() -> None:
    persian = "می\u200cخواهم " * 40
    article = analyse_text(RawDocument(origin="x", text=persian, lang_hint="fa"), Settings())
    assert not isinstance(article, Rejection) and "\u200c" in article.text


def test_query_parameters_are_normalised_like_article_text() -> None:
    assert text("  Ukrai\u00adne\u200b ", "q") == "Ukraine"
    assert text("\u2066\u2069", "q") is None


@pytest.mark.parametrize("value", ["", "   ", "\u200b"])
def test_an_empty_id_is_refused_not_dropped(value: str) -> None:
    refused = document_from_record({"text": TEXT, "id": value}, "in.json")
    assert isinstance(refused, Rejection) and refused.reason == "malformed-record"
    assert "'id' must not be empty" in refused.detail
    kept = document_from_record({"text": TEXT, "id": " a\u00ad1 "}, "in.json")
    assert isinstance(kept, RawDocument) and kept.external_id == "a1"


def test_one_id_for_two_texts_is_refused_within_an_input_and_across_runs(tmp_path: Path):
    def ingest(records: list[dict[str, object]], name: str) -> list[tuple[str, str]]:
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        report = pipeline.ingest(read_inputs([path]))
        return [(r.origin.rsplit("/", 1)[-1], r.reason) for r in report.rejections]

    other = TEXT.replace("Monday", "Tuesday").replace("two", "three")
    with SQLiteStore(tmp_path / "ids.db") as store:
        pipeline = Pipeline(store, HashingEncoder())
        assert ingest([{"id": "a1", "text": TEXT}, {"id": "a1", "text": other},
                       {"id": "a1", "text": TEXT}], "first.jsonl") == [
            ("first.jsonl:2", "conflicting-id")]
        assert store.counts()["articles"] == 1  # the third record: the same text, a duplicate
        assert ingest([{"id": "a1", "text": other + " Again."}], "second.jsonl") == [
            ("second.jsonl:1", "conflicting-id")]
        assert ingest([{"id": "a1", "text": other + " Again.", "source": "Other wire"}],
                      "third.jsonl") == []  # another source's ids are its own
        assert store.counts()["articles"] == 2


def test_titles_are_isolated_from_the_page_around_them(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "title": "אוקראינה deal", "lang": "en"}))
    with SQLiteStore(tmp_path / "web.db") as store:
        Pipeline(store, HashingEncoder()).ingest(read_inputs([path]))
    app = create_app(tmp_path / "web.db", encoder=HashingEncoder(),
                     allowed_hosts=["testserver"])
    with TestClient(app) as client:
        index = client.get("/", headers={"accept": "text/html"}).text
        story = client.get("/stories/1", headers={"accept": "text/html"}).text
    assert 'dir="auto">אוקראינה deal</a>' in index
    assert '<h1 dir="auto">אוקראינה deal</h1>' in story
    assert '<h4 dir="auto">' in story


@pytest.mark.parametrize("header", ["localhost:1@evil.example", "[::1]evil.example",
                                    "127.0.0.1:80/evil", "localhost evil.example",
                                    "[::1", "localhost:8765:1", "[::1]:80@evil.example"])
def test_a_host_with_anything_after_it_is_refused(header: str) -> None:
    assert not host_allowed(header, default_allowed_hosts("127.0.0.1"))


@pytest.mark.parametrize("header", ["localhost", "LOCALHOST:8765", "127.0.0.1:8765",
                                    "[::1]:8765", "[0:0::1]", "localhost."])
def test_the_loopback_names_are_still_answered(header: str) -> None:
    assert host_allowed(header, default_allowed_hosts("127.0.0.1"))
