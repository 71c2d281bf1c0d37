"""Reading inputs: every file yields documents or rejections with a reason, never nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.ingest.files import decode_bytes, read_inputs
from babelwire.models import RawDocument, Rejection
from builders import LV_SEED, NB_SEED, needs_shared

LATVIAN = "Latvijas premjerministrs Aivars Kalniņš pirmdien Rīgā tikās ar Norvēģijas premjeru. " * 3


def read_all(*paths: Path) -> list[RawDocument | Rejection]:
    return list(read_inputs(paths))


def reasons(items) -> list[str]:
    return [i.reason for i in items if isinstance(i, Rejection)]


@needs_shared
def test_seed_texts_lose_caption_and_date_line():
    nb, lv = read_all(NB_SEED, LV_SEED)
    assert isinstance(nb, RawDocument) and isinstance(lv, RawDocument)
    assert "Foto:" not in nb.text and nb.text.startswith("En hardt presset")
    assert not lv.text.lstrip().startswith("date") and lv.text.startswith("Šī ir pirmā")
    # A month-only stamp is kept as what it is: September 2020, month precision.
    assert lv.published is not None and (lv.published.year, lv.published.month) == (2020, 9)
    assert lv.published_precision == "month"
    assert nb.title.startswith("En hardt presset Aleksandr Lukasjenko")


def test_bad_files_each_get_a_reason(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.json").write_text('{"text": "unterminated')
    items = read_all(tmp_path, tmp_path / "missing.txt")
    assert sorted(reasons(items)) == sorted(
        ["empty", "empty", "binary", "unsupported-type", "malformed-json", "not-found"])
    assert all(isinstance(i, Rejection) for i in items)


def test_jsonl_keeps_good_lines_and_rejects_bad_ones_with_line_numbers(tmp_path: Path):
    good = {"id": "a1", "title": "Tikšanās Rīgā", "text": LATVIAN, "lang": "lv",
            "published": "2026-03-02T10:00:00+02:00", "url": "https://x.example/a",
            "source": "Rīgas Vēstis"}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"title": "no text"}),
             "", json.dumps({"text": LATVIAN, "published": "next tuesday"}), "[1, 2]"]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = read_all(tmp_path / "feed.jsonl")
    document = items[0]
    assert isinstance(document, RawDocument)
    assert document.external_id == "a1" and document.lang_hint == "lv"
    assert document.published is not None and document.published.utcoffset() is not None
    assert [(i.origin.rsplit(":", 1)[1], i.reason) for i in items[1:]] == [
        ("2", "malformed-json"), ("3", "missing-text"), ("5", "bad-date"),
        ("6", "malformed-record")]


def test_json_list_and_naive_dates(tmp_path: Path):
    records = [{"text": LATVIAN, "published": "2026-03-02 10:00"}, {"body": LATVIAN + " 2"}]
    (tmp_path / "list.json").write_text(json.dumps(records), encoding="utf-8")
    first, second = read_all(tmp_path / "list.json")
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.published is not None and first.published.tzinfo is not None
    assert first.origin.endswith("list.json[0]") and second.text.endswith("2")


def test_legacy_encoding_is_decoded_not_rejected(tmp_path: Path):
    text = "Le président français a rencontré hier à Genève les délégués étrangers. " * 4
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (document,) = read_all(tmp_path / "latin.txt")
    assert isinstance(document, RawDocument) and "président" in document.text


def test_html_page_main_text_title_date_and_site(tmp_path: Path):
    paragraphs = "".join(f"<p>{LATVIAN} Rindkopa {i}.</p>" for i in range(4))
    (tmp_path / "page.html").write_text(
        "<html><head><title>Kalniņš un Hauglands paraksta līgumu</title>"
        '<meta property="og:site_name" content="Rīgas Vēstis">'
        '<meta property="article:published_time" content="2026-03-02T10:00:00+02:00">'
        f"</head><body><nav><a href='/'>Sākums</a></nav><article><h1>Kalniņš un Hauglands"
        f" paraksta līgumu</h1>{paragraphs}</article><footer>© 2026</footer></body></html>",
        encoding="utf-8")
    (document,) = read_all(tmp_path / "page.html")
    assert isinstance(document, RawDocument)
    assert document.title == "Kalniņš un Hauglands paraksta līgumu"
    assert document.source == "Rīgas Vēstis"
    assert document.published is not None and document.published.year == 2026
    assert "Sākums" not in document.text and "Rindkopa 3" in document.text


def test_html_without_article_text_is_rejected(tmp_path: Path):
    (tmp_path / "empty.html").write_text(
        "<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>")
    assert reasons(read_all(tmp_path / "empty.html")) == ["no-article-text"]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_get_a_reason(data: bytes):
    result = decode_bytes(data, "x")
    assert isinstance(result, str) or result.reason in {"empty", "binary", "encoding"}


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".json", ".html"])
def test_hidden_files_in_folders_are_skipped_with_a_reason(tmp_path: Path, suffix: str):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / f"x{suffix}").write_text("junk")
    (tmp_path / f".x{suffix}").write_text("junk")
    assert reasons(read_all(tmp_path)) == ["hidden", "hidden"]
