"""Every input is stored, a duplicate, or rejected with a reason: never a crash, never silence,
and a bad file never takes the good ones of the same run down with it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.analyse.embed import HashingEncoder
from babelwire.ingest.files import read_inputs
from babelwire.ingest.jsonstream import split_json
from babelwire.ingest.records import MAX_ARTICLE_BYTES, MAX_ARTICLE_CHARS, document_from_record
from babelwire.models import RawDocument, Rejection
from babelwire.pipeline import Pipeline
from babelwire.store.sqlite import SQLiteStore

ARTICLE = ("Latvijas premjerministrs Aivars Kalniņš pirmdien Rīgā tikās ar Norvēģijas premjeru, "
           "lai apspriestu enerģētikas sadarbību un jaunu starpsavienojumu Baltijas jūrā. ")


def article(n: int) -> str:
    return f"{ARTICLE * 2} Ziņa numur {n}: {'abcdefghij'[n % 10] * (n + 3)}."


def hostile_folder(root: Path) -> dict[str, str | None]:
    """A folder of valid articles and every kind of bad input; name -> expected reason."""
    expected: dict[str, str | None] = {}

    def put(name: str, data: str | bytes, reason: str | None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        expected[name] = reason

    put("good1.txt", article(1), None)
    put("good2.json", json.dumps({"text": article(2), "published": "2026-03-02T10:00:00Z"}),
        None)
    put("deep.json", "[" * 100_000 + "]" * 100_000, "malformed-json")
    put("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "malformed-json")
    put("e20.json", '{"text": ' + json.dumps(article(3)) + ', "published": 1e20}', "bad-date")
    put("nan.json", '{"text": ' + json.dumps(article(4)) + ', "published": NaN}', "bad-date")
    put("y9999.json", json.dumps({"text": article(5),
                                  "published": "9999-12-31T23:59:59-05:00"}), "bad-date")
    put("surrogate.json", '{"text": ' + json.dumps(article(6)) + ', "title": "\\ud800 alone"}',
        None)
    put("baddate.txt", " date 2020-13-45\n" + article(7), "bad-date")
    put("url-list.json", json.dumps({"text": article(8), "url": ["a", "b"]}),
        "malformed-record")
    put("source-dict.json", json.dumps({"text": article(9), "source": {"x": 1}}),
        "malformed-record")
    put("published-true.json", json.dumps({"text": article(10), "published": True}),
        "malformed-record")
    put("utf16.txt", article(11).encode("utf-16-le"), None)
    put("late-nul.txt", (article(12) * 40).encode() + b"\x00 tail", "binary")
    put("json-nul.json", json.dumps({"text": article(13) + "\u0000"}), None)
    put("huge.txt", "x" * (MAX_ARTICLE_BYTES + 10), "too-large")
    put("digits.txt", f"{article(15)} Evakuēti {'9' * 400} cilvēki.", None)  # parses to inf
    put(".hidden.txt", article(14), "hidden")
    os.symlink("nowhere.txt", root / "dangling.txt")
    expected["dangling.txt"] = "broken-link"
    os.symlink("loop.txt", root / "loop.txt")
    expected["loop.txt"] = "link-loop"
    os.mkfifo(root / "pipe.txt")
    expected["pipe.txt"] = "not-a-file"
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    expected["sub/up"] = "link-loop"
    return expected


def by_name(items: list[RawDocument | Rejection], root: Path) -> dict[str, RawDocument | Rejection]:
    """Items by file name relative to `root`, without a ':line' or '[index]' suffix."""
    return {os.path.relpath(re.sub(r"(\[\d+\]|:\d+)$", "", item.origin), root): item
            for item in items}


def test_a_hostile_folder_gives_a_document_or_a_reason_for_every_entry(tmp_path: Path) -> None:
    expected = hostile_folder(tmp_path)
    items = list(read_inputs([tmp_path]))
    found = by_name(items, tmp_path)
    assert set(found) == set(expected)
    for name, reason in expected.items():
        item = found[name]
        if reason is None:
            assert isinstance(item, RawDocument), (name, item)
            assert "\x00" not in item.text and item.text.encode("utf-8")
            assert item.title.encode("utf-8")
        else:
            assert isinstance(item, Rejection) and item.reason == reason, (name, item)


def test_named_directly_they_are_not_not_found(tmp_path: Path) -> None:
    hostile_folder(tmp_path)
    names = ["dangling.txt", "loop.txt", "pipe.txt", ".hidden.txt", "missing.txt"]
    items = list(read_inputs([tmp_path / name for name in names]))
    assert [i.reason if isinstance(i, Rejection) else "document" for i in items] == [
        "broken-link", "link-loop", "not-a-file", "document", "not-found"]


def test_the_whole_run_survives_and_rejections_are_stored_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expected = hostile_folder(folder)
    rejected = sum(reason is not None for reason in expected.values())
    with SQLiteStore(tmp_path / "db.sqlite") as store:
        pipeline = Pipeline(store, HashingEncoder())
        first = pipeline.ingest(read_inputs([folder]))
        for _ in range(2):
            pipeline.ingest(read_inputs([folder]))
        rows = store.list_rejections()
    assert first.ingested >= 4 and first.rejected == rejected
    assert len(rows) == rejected  # three runs of the same bad inputs: one row each
    assert {row["reason"] for row in rows} == {r for r in expected.values() if r}


def test_the_seed_date_line_is_a_partial_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-09 " + article(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(" date 2020-09-14\n" + article(2), encoding="utf-8")
    month, day = read_inputs([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert isinstance(month, RawDocument) and isinstance(day, RawDocument)
    assert (month.published.isoformat()[:10], month.published_precision) == ("2020-09-01",
                                                                             "month")
    assert (day.published.isoformat()[:10], day.published_precision) == ("2020-09-14", "day")


def test_oversized_records_are_skipped_and_the_rest_is_read(tmp_path: Path) -> None:
    huge = "y" * (MAX_ARTICLE_CHARS + 5)
    lines = [json.dumps({"text": huge}), json.dumps({"text": article(1)})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([{"text": "z" * (MAX_ARTICLE_BYTES + 5)},
                                                 {"text": huge}, {"text": article(2)}]),
                                     encoding="utf-8")
    items = list(read_inputs([tmp_path / "a.jsonl", tmp_path / "b.json"]))
    assert [i.reason if isinstance(i, Rejection) else "document" for i in items] == [
        "too-large", "document", "too-large", "too-large", "document"]
    assert items[1].origin.endswith("a.jsonl:2") and items[4].origin.endswith("b.json[2]")


def test_a_broken_record_in_a_list_does_not_take_the_others_down(tmp_path: Path) -> None:
    good = json.dumps({"text": article(1)})
    (tmp_path / "a.json").write_text(f'[{good}, {{"text": tru}}, {good.replace("1", "2")}]',
                                     encoding="utf-8")
    reasons = [i.reason if isinstance(i, Rejection) else "document"
               for i in read_inputs([tmp_path / "a.json"])]
    assert reasons == ["document", "malformed-json", "document"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["text", "title", "url", "source", "published", "lang",
                                       "id", "body", "x"]), children, max_size=6),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_a_document_or_a_reason(value: object) -> None:
    result = document_from_record(value, "x")
    assert isinstance(result, RawDocument | Rejection)
    if isinstance(result, RawDocument):
        for text in (result.text, result.title, result.url or "", result.source or ""):
            assert "\x00" not in text
            text.encode("utf-8")  # no lone surrogates: the store can write it
        if result.published is not None:
            assert result.published.utcoffset() is not None


records = st.lists(st.dictionaries(st.sampled_from(["text", "title", "n"]),
                                   st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
                                   | st.integers() | st.lists(st.integers(), max_size=3),
                                   max_size=3), max_size=6)


@settings(max_examples=150, deadline=None)
@given(records, st.integers(min_value=1, max_value=40), st.booleans())
def test_split_json_round_trips_in_any_chunking(values: list, chunk: int, indent: bool) -> None:
    text = json.dumps(values, indent=2 if indent else None, ensure_ascii=False)
    chunks = [text[i:i + chunk] for i in range(0, len(text), chunk)]
    pieces = list(split_json(chunks, 10_000))
    assert [json.loads(p.text) for p in pieces if p.text is not None] == values
    assert all(p.in_list and not p.problem for p in pieces)


@pytest.mark.parametrize("text", ['{"text": "unterminated', "[1, 2", "[1,,2]", "[1,]"])
def test_split_json_reports_broken_structure(text: str) -> None:
    pieces = list(split_json([text], 1000))
    assert any(p.problem for p in pieces)
