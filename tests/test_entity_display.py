"""Entity display names, kinds, listing order and "N more", and the entity merge metric."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.errors import InputError
from babelwire.evaluate.entities import evaluate_entities, pipeline_key_of, read_entity_gold
from babelwire.models import Assignment, Mention
from babelwire.read import views
from babelwire.read.entity_names import display_name, entity_kind, is_latin
from babelwire.store.sqlite import SQLiteStore
from builders import make_article, unit

BACHELET = [("Mičela Bačeleta", "lv"), ("Michelle Bachelet", "nb"), ("Michelle Bachelet", "en"),
            ("Bachelet", "nb"), ("Мишель Бачелет", "ru"), ("Mičela Bačeleta", "lv")]


def test_display_name_is_the_full_latin_form_most_used_in_english_first() -> None:
    assert display_name(BACHELET) == "Michelle Bachelet"
    assert display_name([("Путин", "ru"), ("Путин", "ru"), ("Putin", "lv")]) == "Putin"
    assert display_name([("東京", "ja")]) == "東京"
    assert display_name([]) == ""


@given(st.permutations(BACHELET))
def test_display_name_does_not_depend_on_ingest_order(forms: list[tuple[str, str]]) -> None:
    assert display_name(forms) == display_name(BACHELET)


def test_is_latin_and_kinds() -> None:
    assert is_latin("Lukašenko") and not is_latin("Лукашенко") and not is_latin("123")
    assert entity_kind(["other", "person", "person", "place"]) == "person"
    assert entity_kind(["other", "bogus"]) == "other"


def _article(store: SQLiteStore, story: int, new: bool, mentions: list[Mention], title: str
             ) -> None:
    article = make_article(unit(np.ones(4)), title=title, text=title)
    article = type(article)(**{**article.__dict__, "mentions": mentions})
    store.add_article(article, Assignment(story, new, 0.0, 0))


def test_entities_are_sorted_by_mentions_with_kind_and_a_count(db_path: Path) -> None:
    many = [Mention("Baltkrievija", "Baltkrievija", "belarus", 0, "place")] * 7
    with SQLiteStore(db_path) as store:
        _article(store, 1, True, [*many, Mention("ANO", "ANO", "ano", 0, "organisation")], "a")
        _article(store, 1, False, [Mention("ANO", "ANO", "ano", 0, "organisation"),
                                   Mention("Putin", "Putin", "putin", 0, "person")], "b")
        found = views.list_entities(store, limit=2)
        assert [e.key for e in found] == ["belarus", "ano"]  # 7 mentions beat 2 articles
        assert [e.kind for e in found] == ["place", "organisation"]
        assert views.count_entities(store) == 3
        detail = views.get_story(store, 1)
        assert detail is not None
        assert [e.key for e in detail.entities][:1] == ["belarus"]
        assert detail.entities_more == 0


def test_entity_metric_counts_merges_and_look_alike_merges(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    records = [
        {"type": "same", "pair": "ru-en", "doc_id": "d1", "entity": "Putin", "kind": "person",
         "a": {"text": "Путина", "lang": "ru"}, "b": {"text": "Putin", "lang": "en"}},
        {"type": "same", "pair": "ru-en", "doc_id": "d1", "entity": "Berlin", "kind": "place",
         "a": {"text": "Берлине", "lang": "ru"}, "b": {"text": "Berlin", "lang": "en"}},
        {"type": "same", "pair": "ru-en", "doc_id": "d2", "entity": "Air Berlin",
         "kind": "organisation", "a": {"text": "Air Berlin", "lang": "ru"},
         "b": {"text": "Air Berlin", "lang": "en"}},
        {"type": "apart", "id": "x", "why": "airline", "a": {"text": "Berlin", "lang": "en"},
         "b": {"text": "Air Berlin", "lang": "en"}},
        {"type": "apart", "id": "y", "why": "same key on purpose",
         "a": {"text": "Putin", "lang": "en"}, "b": {"text": "Путин", "lang": "ru"}},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    mentions, apart = read_entity_gold(gold)
    assert len(mentions) == 6 and len(apart) == 2  # one mention per document side
    result = evaluate_entities(mentions, apart, pipeline_key_of())
    assert result.overall.positive_pairs == 3
    assert result.overall.recall == 1.0 and result.overall.precision == 1.0
    assert [pair.why for pair, _ in result.lookalike_merges] == ["same key on purpose"]


def test_entity_metric_rejects_bad_gold(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "same"}\n')
    with pytest.raises(InputError, match="not an entity gold record"):
        read_entity_gold(bad)
    with pytest.raises(InputError, match="cannot read"):
        read_entity_gold(tmp_path / "missing.jsonl")


def test_cli_lists_entities_by_mentions_with_kind_and_says_how_many_more(db_path: Path) -> None:
    from click.testing import CliRunner

    from babelwire.cli.main import cli

    with SQLiteStore(db_path) as store:
        _article(store, 1, True, [Mention("Riga", "Riga", "riga", 0, "place")] * 3
                 + [Mention("ANO", "ANO", "ano", 0, "organisation"),
                    Mention("Putin", "Putin", "putin", 0, "person")], "a")
    listing = CliRunner().invoke(cli, ["entities", "--db", str(db_path), "--limit", "1"])
    assert listing.exit_code == 0, listing.output
    assert "Riga" in listing.output and "place" in listing.output
    assert "… and 2 more" in listing.output
    as_json = CliRunner().invoke(cli, ["entities", "--db", str(db_path), "--json"])
    items = json.loads(as_json.output)
    assert [item["key"] for item in items] == ["riga", "ano", "putin"]  # ties: by key
    assert {"key", "name", "mentions", "articles", "languages", "spellings", "stories",
            "kind"} <= set(items[0])
