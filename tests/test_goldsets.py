from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from babelwire.evaluate import pairsets
from babelwire.evaluate.goldsets import (
    GoldArticle,
    GoldFormatError,
    GoldPair,
    read_babelwire_jsonl,
    read_miranda_json,
    read_wmt_docs,
    split_holdout,
)
from babelwire.evaluate.pairsets import fix_mojibake, read_semeval2022_pairs, read_tgcontest_pairs
from builders import SHARED_EVAL, shared_data

DATA = Path(__file__).parent / "data"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- our own format ---------------------------------------------------------------------------


def test_babelwire_jsonl_reads_every_field() -> None:
    articles = list(read_babelwire_jsonl(DATA / "babelwire-sample.jsonl"))
    assert [a.id for a in articles] == ["a1", "a2", "a3", "4"]  # file order; blank line ignored
    assert articles[0] == GoldArticle(
        id="a1",
        text="Storm Ciarán hit the coast of Brittany overnight.",
        story="storm",
        title="Storm hits Brittany",
        lang="en",
        published=datetime(2023, 11, 2, 6, 0, tzinfo=UTC),
        source="example.org",
        url="https://example.org/storm",
    )
    assert articles[1].published == datetime(
        2023, 11, 2, 7, 30, tzinfo=timezone(timedelta(hours=1))
    )
    assert articles[2].published == datetime(2023, 11, 3)
    assert articles[3] == GoldArticle("4", "Парламент Германии принял бюджет.", "budget")


def test_babelwire_jsonl_malformed_lines_raise_or_are_skipped(tmp_path: Path) -> None:
    lines = [
        '{"id": "ok", "text": "fine", "story": "s"}',
        '{"id": "no-story", "text": "x"}',
        "{not json",
        '{"id": "bad-date", "text": "x", "story": "s", "published": "yesterday"}',
        '{"id": "ok", "text": "again", "story": "s"}',
        '["a list"]',
        '{"id": "ok2", "text": 5.5, "story": "s"}',
    ]
    path = write(tmp_path / "gold.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(GoldFormatError) as error:
        list(read_babelwire_jsonl(path))
    assert error.value.where == 2 and "story" in error.value.reason
    assert str(error.value).startswith(f"{path}:2:")

    stream = read_babelwire_jsonl(path, strict=False)
    assert [a.id for a in stream] == ["ok"]
    assert [e.where for e in stream.skipped] == [2, 3, 4, 5, 6, 7]
    assert "duplicate id" in stream.skipped[3].reason


def test_invalid_utf8_is_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "\xff", "story": "s"}\n{"id": "b", "text": "", "story": "s"}\n'
    )
    stream = read_babelwire_jsonl(path, strict=False)
    assert [a.id for a in stream] == ["b"]  # an empty text is present, hence not malformed
    assert stream.skipped[0].where == 1


# --- WMT --------------------------------------------------------------------------------------


def test_wmt_docs_give_two_articles_per_line_sorted_by_id() -> None:
    articles = list(read_wmt_docs(DATA / "wmt-sample.jsonl"))
    story_de = "newstest2021:example.de.1"
    story_ru = "newstest2021:example.ru.7"
    assert [a.id for a in articles] == [
        f"{story_de}:de",
        f"{story_de}:fr",
        f"{story_ru}:en",
        f"{story_ru}:ru",
    ]
    by_id = {a.id: a for a in articles}
    source = by_id[f"{story_de}:de"]
    assert (source.story, source.lang, source.title) == (story_de, "de", "Neue Brücke eröffnet")
    assert source.text.startswith("Die neue Brücke") and source.published is None
    assert by_id[f"{story_de}:fr"].lang == "fr"
    assert by_id[f"{story_ru}:ru"].title == ""  # one-line document: title stays in the text
    assert by_id[f"{story_ru}:ru"].text.startswith("В Хабаровске")


def _wmt_line(pair: str, src: str, ref_lang: str, ref: str, doc: str = "guardian.1") -> str:
    return json.dumps({"testset": "newstest2021", "pair": pair, "doc_id": doc, "src_lang": "en",
                       "src_text": src, "ref_lang": ref_lang, "ref_text": ref}) + "\n"


def test_wmt_one_source_translated_twice_is_one_story_of_three(tmp_path: Path) -> None:
    english = "Storm hits the coast\nThousands lost power on Monday."
    path = write(tmp_path / "wmt.jsonl", _wmt_line("en-is", english, "is", "Stormur skellur á")
                 + _wmt_line("en-ja", english, "ja", "嵐が海岸を襲う"))
    articles = list(read_wmt_docs(path))
    assert [a.id for a in articles] == ["newstest2021:guardian.1:en", "newstest2021:guardian.1:is",
                                        "newstest2021:guardian.1:ja"]
    assert {a.story for a in articles} == {"newstest2021:guardian.1"}


def test_wmt_same_document_with_two_different_sources_is_malformed(tmp_path: Path) -> None:
    path = write(tmp_path / "wmt.jsonl", _wmt_line("en-is", "One text", "is", "Einn")
                 + _wmt_line("en-ja", "Another text", "ja", "別"))
    stream = read_wmt_docs(path, strict=False)
    assert [a.id for a in stream] == ["newstest2021:guardian.1:en", "newstest2021:guardian.1:is"]
    assert "two different" in stream.skipped[0].reason


def test_wmt_docs_report_missing_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "wmt.jsonl", '{"testset": "t", "pair": "de-fr", "doc_id": "d"}\n')
    with pytest.raises(GoldFormatError, match="src_text"):
        list(read_wmt_docs(path))


# --- Miranda et al. 2018 ----------------------------------------------------------------------


def test_miranda_json_sorted_by_date_with_iso_639_1_languages() -> None:
    articles = list(read_miranda_json(DATA / "miranda-sample.json"))
    assert [a.id for a in articles] == ["e7", "e1", "d4", "s2", "d9", "s5"]
    assert Counter(a.story for a in articles) == {"c-quake": 3, "c-rates": 2, "c-league": 1}
    assert {a.lang for a in articles} == {"en", "de", "es"}
    first = articles[0]
    assert first.published == datetime(2014, 11, 2, 21, 5)
    assert first.title == "Central bank holds rates"
    assert first.text == "The central bank left interest rates unchanged."


def test_miranda_json_malformed_documents(tmp_path: Path) -> None:
    documents = [
        {"id": "a", "date": "2014-11-03 08:00:00", "lang": "eng", "title": "t", "text": "x"},
        {
            "id": "b",
            "date": "11/03/2014 09:00",
            "lang": "eng",
            "title": "t",
            "text": "x",
            "cluster": 7,
        },
    ]
    path = write(tmp_path / "dataset.test.json", json.dumps(documents))
    stream = read_miranda_json(path, strict=False)
    assert [(a.id, a.story, a.published) for a in stream] == [("b", "7", datetime(2014, 11, 3, 9))]
    assert stream.skipped[0].where == "document 0" and "cluster" in stream.skipped[0].reason
    with pytest.raises(GoldFormatError, match="JSON list"):
        list(read_miranda_json(write(tmp_path / "object.json", "{}")))


# --- SemEval-2022 Task 8 ----------------------------------------------------------------------


def test_semeval_pairs_with_texts() -> None:
    pairs = list(read_semeval2022_pairs(DATA / "semeval-pairs-sample.csv"))
    assert [p.id for p in pairs] == [
        "1484000011_1484000022",
        "1484000033_1484000044",
        "1484000055_1484000066",
    ]
    first, second, third = pairs
    assert (first.lang1, first.lang2, first.similarity, first.same_story) == ("de", "en", 1.0, True)
    assert first.text1.startswith("Neue Brücke")
    assert second.similarity == pytest.approx(0.5) and second.same_story is None
    assert second.text1 == "Horoz dövüşü yaptıran zanlılar yakalandı"  # mojibake repaired
    assert third.similarity == pytest.approx(1 / 9) and third.same_story is False


def test_semeval_official_layout_reads_downloaded_articles() -> None:
    folder = DATA / "semeval-official"
    stream = read_semeval2022_pairs(folder / "pairs.csv", folder / "articles")
    pairs = list(stream)
    assert pairs == [
        GoldPair(
            id="1500000011_1500000022",
            text1="The Elbe rose above seven metres on Sunday.",
            text2="Die Elbe stieg am Sonntag über sieben Meter.",
            lang1="en",
            lang2="de",
            title1="Flood waters rise in Dresden",
            title2="Hochwasser in Dresden",
            similarity=2.75 / 3,  # (4 - 1.25) / 3, computed the same way
            same_story=True,
        ),
        GoldPair(
            id="1500000033_1500000044",
            text1="Posłowie przyjęli budżet na przyszły rok.",
            text2="The home side won the cup final 2-1.",
            lang1="pl",
            lang2="en",
            title1="Sejm przyjął budżet",
            title2="Local team wins the cup",
            similarity=0.0,
            same_story=False,
        ),
    ]
    # the third pair's second article was never downloaded: reported, even in strict mode
    assert len(stream.skipped) == 1
    assert stream.skipped[0].where == 4 and "1500000099 not downloaded" in stream.skipped[0].reason


def test_semeval_official_csv_finds_the_articles_folder_beside_it() -> None:
    folder = DATA / "semeval-official"
    alone = list(read_semeval2022_pairs(folder / "pairs.csv"))
    assert alone == list(read_semeval2022_pairs(folder / "pairs.csv", folder / "articles"))


def test_semeval_csv_without_texts_needs_the_articles_folder(tmp_path: Path) -> None:
    lonely = tmp_path / "pairs.csv"
    lonely.write_bytes((DATA / "semeval-official" / "pairs.csv").read_bytes())
    with pytest.raises(GoldFormatError, match="text1"):
        list(read_semeval2022_pairs(lonely))


def test_semeval_malformed_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pairs.csv",
        "pair_id,lang1,lang2,text1,text2,Overall\n"
        "1_2,en,en,a,b,5\n"
        "12,en,en,a,b,1\n"
        "3_4,en,en,a,b,many\n"
        "5_6,en,en,a,b\n"
        "7_8,en,en,a,b,\n",
    )
    stream = read_semeval2022_pairs(path, strict=False)
    assert [(p.id, p.similarity, p.same_story) for p in stream] == [("7_8", None, None)]
    reasons = [e.reason for e in stream.skipped]
    assert "outside 1..4" in reasons[0] and "id1_id2" in reasons[1]
    assert "not a number" in reasons[2] and "fields" in reasons[3]


@pytest.mark.parametrize("with_ftfy", [True, False])
def test_fix_mojibake(with_ftfy: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not with_ftfy:  # the whole-text fallback used when ftfy is not installed
        monkeypatch.setattr(pairsets, "_ftfy_fix_encoding", None)
    clean = "Fuß“ und Straße, „Zitat“ – naïve café, 中文, Ελληνικά"
    assert fix_mojibake(clean) == clean
    for original in ("Die Bürgermeisterin von Köln", "Horoz dövüşü", "利比亚总统选举"):
        garbled = original.encode().decode("cp1252", errors="replace")
        assert garbled != original and fix_mojibake(garbled) == original


# --- Telegram contest -------------------------------------------------------------------------


def test_tgcontest_pairs() -> None:
    pairs = list(read_tgcontest_pairs(DATA / "ru_sample_pool.tsv"))
    assert [p.id for p in pairs] == ["ru_sample_pool:2", "ru_sample_pool:3", "ru_sample_pool:4"]
    assert [p.same_story for p in pairs] == [True, False, None]
    assert {(p.lang1, p.lang2, p.similarity) for p in pairs} == {("ru", "ru", None)}
    assert pairs[0].text2 == '"Впервые с начала пандемии", - сообщает агентство.'
    assert pairs[1].title1 == 'Купер: "Тампа" выросла как команда'
    english = read_tgcontest_pairs(DATA / "ru_sample_pool.tsv", lang="en")
    assert next(english).lang1 == "en"


def test_tgcontest_unknown_quality_and_missing_columns(tmp_path: Path) -> None:
    header = (
        "INPUT:first_title\tINPUT:second_title\tINPUT:first_text\tINPUT:second_text\tGOLDEN:quality"
    )
    path = write(tmp_path / "pool.tsv", f"{header}\na\tb\tc\td\tMAYBE\n")
    with pytest.raises(GoldFormatError, match="MAYBE"):
        list(read_tgcontest_pairs(path))
    lenient = read_tgcontest_pairs(path, strict=False)
    assert list(lenient) == [] and lenient.skipped[0].where == 2
    missing = write(tmp_path / "en_pool.tsv", "INPUT:first_title\tGOLDEN:quality\na\tOK\n")
    with pytest.raises(GoldFormatError, match="missing columns"):
        list(read_tgcontest_pairs(missing))


# --- held-out split ---------------------------------------------------------------------------


def test_split_holdout_is_stable() -> None:
    ids = [f"item-{k}" for k in range(2000)]
    development, held_out = split_holdout(ids)
    assert 0.27 < len(held_out) / len(ids) < 0.33
    assert sorted(development + held_out) == sorted(ids)
    # order and company do not matter: each item's side is a function of its id alone
    _, held_out_reversed = split_holdout(list(reversed(ids[:500])))
    assert set(held_out_reversed) == set(held_out) & set(ids[:500])
    assert split_holdout(ids, seed="other")[1] != held_out
    assert split_holdout(ids, fraction=0.0)[1] == [] and split_holdout(ids, fraction=1.0)[0] == []
    with pytest.raises(ValueError):
        split_holdout(ids, fraction=1.5)


def test_split_holdout_by_story_keeps_stories_whole() -> None:
    articles = list(read_miranda_json(DATA / "miranda-sample.json"))
    development, held_out = split_holdout(articles, 0.5, key=lambda article: article.story)
    assert not {a.story for a in development} & {a.story for a in held_out}
    # by default records are split by id, exactly as their ids alone would be
    held_out_ids = split_holdout([a.id for a in articles])[1]
    assert [a.id for a in split_holdout(articles)[1]] == held_out_ids


# --- the real shared files --------------------------------------------------------------------

needs_gold_sets = shared_data(SHARED_EVAL)


@needs_gold_sets
def test_shared_wmt_docs() -> None:
    stream = read_wmt_docs(SHARED_EVAL / "wmt-news-docs.jsonl")
    articles = list(stream)
    # 801 documents; 65 English sources were translated into both Icelandic and Japanese
    assert len(articles) == 1602 - 65 and not stream.skipped
    stories = Counter(a.story for a in articles)
    assert len(stories) == 801 - 65 and Counter(stories.values()) == {2: 671, 3: 65}
    assert all(a.lang for a in articles)


@needs_gold_sets
def test_shared_semeval_pairs() -> None:
    stream = read_semeval2022_pairs(SHARED_EVAL / "semeval2022-pairs" / "pairs.csv")
    pairs = list(stream)
    assert len(pairs) == 1283 and not stream.skipped
    assert sum(p.lang1 != p.lang2 for p in pairs) == 383
    assert all(p.similarity is not None and 0.0 <= p.similarity <= 1.0 for p in pairs)
    assert not any("Ã¶" in p.text1 + p.text2 for p in pairs)


@needs_gold_sets
def test_shared_tgcontest_pairs() -> None:
    labelled: Counter[bool | None] = Counter()
    for path in sorted((SHARED_EVAL / "tgcontest-pairs").glob("*.tsv")):
        stream = read_tgcontest_pairs(path)
        for pair in stream:
            assert pair.lang1 == path.name[:2]
            labelled[pair.same_story] += 1
        assert not stream.skipped
    assert labelled == {True: 117, False: 133}
