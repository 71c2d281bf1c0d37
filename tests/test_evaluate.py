"""Evaluation and tuning: the quality gate on our own gold set, pairs, and the fitting code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from babelwire.analyse.embed import HashingEncoder
from babelwire.cli.main import cli
from babelwire.demo import demo_corpus_path
from babelwire.evaluate.goldsets import read_babelwire_jsonl, split_holdout
from babelwire.evaluate.pairsets import read_semeval2022_pairs
from babelwire.evaluate.report import render_report
from babelwire.evaluate.runner import evaluate_clustering, evaluate_pairs
from babelwire.evaluate.tune import (
    fit_logistic,
    model_file,
    oracle_rows,
    prepare_pairs,
    prepare_stream,
    semeval_label,
    tune,
)
from babelwire.settings import Settings
from builders import REPO, SHARED, shared_data

OUR_GOLD = [demo_corpus_path(), REPO / "evalsets" / "gold-extension.jsonl"]
# Pinned from the measured value (1.000 on 2026-11-23, BENCHMARKS.md) minus a small margin.
# Lowering it needs a reason written here, next to the new number. 2026-12-01: 0.970 with the
# issue-11 model on the set grown to 179 articles (hard negatives e29-e33 added; the old model
# scored 0.986 on it): at the floor, not above it (BENCHMARKS.md, "Same-story score").
# 2026-12-07: 0.985 on 223 articles (hard negatives e34-e44 added), so the floor stays.
BCUBED_F1_FLOOR = 0.97
# (story, partner, kind): pairs of gold stories about different events that share people, a
# place or a kind of event (evalsets/README-extension.md).
HARD_NEGATIVE_PAIRS = REPO / "evalsets" / "hard-negative-pairs.tsv"


def our_gold_articles():
    return [a for path in OUR_GOLD for a in read_babelwire_jsonl(path)]


def hard_negative_pairs() -> list[dict[str, str]]:
    with HARD_NEGATIVE_PAIRS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_split_holds_every_kind_of_hard_negative():
    """A split tests a hard negative only when both stories of the pair fall in it."""
    stories = {a.story for a in our_gold_articles()}
    development, held_out = split_holdout(sorted(stories))
    pairs = hard_negative_pairs()
    assert all(p["story"] in stories and p["partner"] in stories for p in pairs), pairs
    for part in (set(development), set(held_out)):
        inside = [p for p in pairs if p["story"] in part and p["partner"] in part]
        assert len(inside) >= 8, inside
        assert {"same-actors-other-meeting", "same-place-other-event", "call-vs-visit",
                "follow-up"} <= {p["kind"] for p in inside}, inside


def test_quality_gate_on_our_gold_set(encoder, capsys):
    result = evaluate_clustering(our_gold_articles(), encoder, examples=1000)
    with capsys.disabled():
        print(f"\n[quality gate] our gold set: BCubed F1 {result.bcubed.f1:.4f} "
              f"(P {result.bcubed.precision:.3f}, R {result.bcubed.recall:.3f}), pairwise F1 "
              f"{result.pairwise.f1:.4f}, cross-lingual pairwise F1 "
              f"{result.crosslingual_pairwise.f1:.4f}, {result.predicted_stories} stories "
              f"for {result.gold_stories} gold; floor {BCUBED_F1_FLOOR}")
    assert result.articles == 223 and result.gold_stories == 44
    assert result.bcubed.f1 >= BCUBED_F1_FLOOR
    # With publication dates no hard-negative pair shares a story (without them some do:
    # BENCHMARKS.md, "Hard negatives in every split").
    mixes = [{story for story, _ in m["gold_stories"]} for m in result.worst_merges]
    assert not [p for p in hard_negative_pairs()
                if any({p["story"], p["partner"]} <= mix for mix in mixes)], mixes


def test_demo_hard_negatives_stay_apart(encoder):
    """Same people at a different meeting, a quake elsewhere, a follow-up a week later."""
    articles = list(read_babelwire_jsonl(demo_corpus_path()))
    result = evaluate_clustering(articles, encoder)
    merged_pairs = {frozenset(s for s, _ in m["gold_stories"]) for m in result.worst_merges}
    for first, second in (("e01", "e02"), ("e03", "e04"), ("e05", "e06")):
        assert not any(any(s.startswith(first) for s in pair) and
                       any(s.startswith(second) for s in pair) for pair in merged_pairs), (
            first, second, result.worst_merges)


def test_pair_evaluation_reports_ours_and_the_cosine_baseline():
    pairs = list(read_semeval2022_pairs(REPO / "tests" / "data" / "semeval-pairs-sample.csv"))
    result = evaluate_pairs(pairs, HashingEncoder())
    assert result.pairs == len(pairs)
    assert len(result.scores) == len(pairs) and all(0 <= s <= 1 for s in result.scores)
    assert "baseline_cosine_pearson" in result.as_dict()


def test_logistic_fit_finds_the_informative_feature():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 3))
    y = (2.0 * x[:, 0] - 0.5 + 0.3 * rng.standard_normal(400) > 0).astype(float)
    weights, bias = fit_logistic(x, y)
    assert weights[0] > 2 and abs(weights[1]) < 0.5 and abs(weights[2]) < 0.5 and bias < 0


def test_oracle_rows_label_the_gold_story_positive():
    settings = Settings()
    stream = prepare_stream("sample", our_gold_articles()[:30], HashingEncoder(), settings)
    rows = oracle_rows(stream, settings)
    y = np.array(rows.labels)
    assert rows.matrix().shape[0] == len(y) == len(rows.groups) > 0 and 0 < y.sum() < len(y)
    # every article whose gold story was open has exactly one positive row
    positives_by_group = {g for g, label in zip(rows.groups, y, strict=True) if label == 1}
    assert positives_by_group and all(g.startswith("sample:") for g in positives_by_group)


def test_soft_labels_follow_the_semeval_scale():
    assert semeval_label(1.0) == 1.0  # Overall 1: very similar
    assert semeval_label((4 - 1.5) / 3) == 1.0
    assert semeval_label((4 - 2.5) / 3) == 0.5
    assert semeval_label(0.0) == 0.0


def test_tune_fits_every_feature_and_writes_a_model_file_with_provenance():
    settings = Settings()
    stream = prepare_stream("sample", our_gold_articles()[:40], HashingEncoder(), settings)
    pairs = list(read_semeval2022_pairs(REPO / "tests" / "data" / "semeval-pairs-sample.csv"))
    pair_set = prepare_pairs("semeval2022", pairs, HashingEncoder(), settings)
    result = tune([stream], [pair_set], settings)
    assert f"{result.settings.threshold}/-" in result.threshold_scores
    from babelwire.cluster.features import MODEL_FEATURES

    assert set(result.settings.weights) == set(MODEL_FEATURES)
    data = model_file(result, {"sample": 40}, "babelwire tune", "2026-12-01")
    assert data["provenance"]["command"] == "babelwire tune"
    assert data["provenance"]["data"]["sample"] == 40
    assert set(data["language_means"]["vectors"]) == set(result.language_means)
    json.dumps(data)  # the model file is plain JSON


def test_evaluate_cli_json_and_report(tmp_path: Path, monkeypatch):
    import babelwire.cli.evaluate as cli_evaluate

    monkeypatch.setattr(cli_evaluate, "make_encoder", lambda cache, choice="fitted": HashingEncoder())
    report = tmp_path / "report.html"
    gold = REPO / "tests" / "data" / "hard_negatives.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--json", "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # progress goes to stderr
    assert data["result"]["articles"] == 4 and data["result"]["gold_stories"] == 4
    assert report.read_text().startswith("<!doctype html>")


def test_evaluate_cli_rejects_bad_gold_file(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "no story label"}\n')
    result = CliRunner().invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code != 0 and "no gold records" in result.output


def test_report_lists_merges_with_titles():
    data = {"files": ["x.jsonl"], "format": "babelwire", "split": "all", "date": "today",
            "settings": {}, "result": {
                "bcubed": {"precision": 0.5, "recall": 1.0, "f1": 0.667},
                "worst_merges": [{"cluster": "3", "size": 2,
                                  "gold_stories": [["a", 1], ["b", 1]],
                                  "gold_titles": {"a": "Quake in Izmir", "b": "Quake in Peru"}}]}}
    page = render_report(data)
    assert "Quake in Izmir" in page and "Quake in Peru" in page


@shared_data(SHARED / "eval")
def test_shared_gold_sets_are_readable_by_the_cli_formats():
    pairs = list(read_semeval2022_pairs(SHARED / "eval" / "semeval2022-pairs" / "pairs.csv"))
    assert len(pairs) == 1283


def _downloaded_article(folder: Path, article_id: str, title: str, paragraphs: list[str]) -> None:
    """One article as the SemEval-2022 downloader writes it (newspaper3k fields, full text)."""
    place = folder / article_id[-2:]
    place.mkdir(parents=True, exist_ok=True)
    record = {"source_url": "https://example.org", "url": f"https://example.org/{article_id}",
              "title": title, "text": "\n\n".join(paragraphs), "authors": ["A. Writer"],
              "publish_date": "2020-03-01 00:00:00", "meta_lang": "en", "keywords": [],
              "images": [], "summary": ""}
    (place / f"{article_id}.json").write_text(json.dumps(record), encoding="utf-8")


def test_evaluate_cli_reads_the_official_semeval_layout_with_full_texts(tmp_path: Path,
                                                                        monkeypatch):
    import babelwire.cli.evaluate as cli_evaluate

    monkeypatch.setattr(cli_evaluate, "make_encoder", lambda cache, choice="fitted": HashingEncoder())
    articles = tmp_path / "articles"
    flood = ["The river Elbe rose above seven metres in Dresden on Sunday, and the city "
             "opened emergency shelters for residents of low-lying streets."] * 12
    flood_de = ["Die Elbe stieg am Sonntag in Dresden über sieben Meter; die Stadt öffnete "
                "Notunterkünfte für Anwohner tief gelegener Straßen."] * 12
    budget = ["Posłowie przyjęli w piątek budżet na przyszły rok po długiej debacie w Sejmie."] * 9
    cup = ["The home side won the cup final 2-1 after extra time in front of 60,000 fans."] * 9
    _downloaded_article(articles, "1500000011", "Flood waters rise in Dresden", flood)
    _downloaded_article(articles, "1500000022", "Hochwasser in Dresden", flood_de)
    _downloaded_article(articles, "1500000033", "Sejm przyjął budżet", budget)
    _downloaded_article(articles, "1500000044", "Cup final goes to extra time", cup)
    _downloaded_article(articles, "1500000055", "Dresden shelters fill up", flood[:6])
    _downloaded_article(articles, "1500000066", "Final: home win", cup[:5])
    header = "url1_lang,url2_lang,pair_id,link1,link2,ia_link1,ia_link2,Geography,Entities," \
             "Time,Narrative,Overall,Style,Tone\n"
    rows = [("en", "de", "1500000011_1500000022", "1.0"), ("pl", "en", "1500000033_1500000044",
            "4.0"), ("en", "en", "1500000055_1500000011", "1.5"),
            ("en", "en", "1500000066_1500000044", "2.0"),
            ("en", "en", "1500000077_1500000011", "3.0")]  # 77 was never downloaded
    csv_text = header + "".join(f"{a},{b},{i},l1,l2,i1,i2,1,1,1,1,{o},1,1\n" for a, b, i, o in rows)
    (tmp_path / "pairs.csv").write_text(csv_text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "--format", "semeval2022",
                                      str(tmp_path / "pairs.csv"), str(articles), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped_records"] == 1  # the pair whose article is missing, reported
    figures = data["result"]
    assert figures["pairs"] == 4 and figures["labelled_pairs"] == 3
    for name in ("pearson", "pearson_crosslingual", "baseline_cosine_pearson",
                 "baseline_cosine_pearson_crosslingual"):
        assert name in figures
    assert figures["pearson"] is not None and -1 <= figures["pearson"] <= 1
