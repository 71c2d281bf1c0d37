"""Fact comparison rows: agree, differ and single, with explicit tolerances."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from babelwire.models import Claim
from babelwire.read.compare import Report, compare_reports, compatible, display_value
from babelwire.settings import Settings
from builders import SEEDS, needs_shared


def claim(concept: str, value: float, approx: str = "exact", unit: str = "",
          as_written: str | None = None, upper: float | None = None) -> Claim:
    written = as_written if as_written is not None else f"{value:g}"
    return Claim(concept, value, approx, unit, written, 0, f"... {written} ...", upper)


def report(article: int, *args: object, **kwargs: object) -> Report:
    return Report(article, "xx", f"source {article}", claim(*args, **kwargs))  # type: ignore[arg-type]


def statuses(reports: list[Report]) -> dict[tuple[str, tuple[int, ...]], str]:
    return {(row.concept, tuple(sorted({r.article_id for r in row.reports}))): row.status
            for row in compare_reports(reports)}


def test_over_80_percent_agrees_with_80_1_percent() -> None:
    rows = compare_reports([report(1, "vote_share", 80, "more", "%", "over 80 prosent"),
                            report(2, "vote_share", 80.1, "exact", "%", "80,1%")])
    assert [(r.status, r.articles) for r in rows] == [("agree", 2)]


def test_more_than_2000_agrees_with_2340() -> None:
    assert compatible(claim("police", 2000, "more", as_written="more than 2,000"),
                      claim("police", 2340, as_written="2340"), Settings())


def test_a_revised_death_toll_is_one_differ_row() -> None:
    rows = compare_reports([report(1, "killed", 12), report(2, "killed", 19),
                            report(3, "killed", 19, "more", as_written="at least 19")])
    assert len(rows) == 1 and rows[0].status == "differ"
    assert rows[0].figures[0] == "19"  # the figure most articles give comes first
    assert {r.article_id: r.group for r in rows[0].reports} == {2: 0, 3: 0, 1: 1}


def test_two_figures_of_one_article_never_make_a_disagreement() -> None:
    # Lukashenko 80.1 %, Tikhanovskaya 10.1 % (lv); "over 80 %" (nb)
    found = statuses([report(1, "vote_share", 80.1, unit="%"),
                      report(1, "vote_share", 10.1, unit="%"),
                      report(2, "vote_share", 80, "more", "%")])
    assert found == {("vote_share", (1, 2)): "agree", ("vote_share", (1,)): "single"}


def test_figures_far_apart_count_different_things() -> None:
    found = statuses([report(1, "killed", 4), report(2, "killed", 400)])
    assert set(found.values()) == {"single"}


def test_vague_words_and_generic_concepts_never_differ() -> None:
    thousands = report(1, "detained", 1000, "range", as_written="Tusenvis", upper=9999)
    assert set(statuses([thousands, report(2, "detained", 774)]).values()) == {"single"}
    # the lexicon did not know what 12 and 19 count: no disagreement is claimed
    assert set(statuses([report(1, "people", 12, unit="people"),
                         report(2, "people", 19, unit="people")]).values()) == {"single"}


def test_dates_without_a_year_match_the_same_day_with_one() -> None:
    rows = compare_reports([report(1, "election", 809, unit="date"),
                            report(2, "election", 20200809, unit="date")])
    assert [r.status for r in rows] == ["agree"]
    assert {r.value for r in rows[0].reports} == {"--08-09", "2020-08-09"}


def test_dates_and_years_are_text_counts_are_numbers() -> None:
    assert display_value(809, "date") == "--08-09"
    assert display_value(1994, "year") == "1994"
    assert display_value(774, "people") == 774
    assert display_value(80.1, "%") == 80.1


def test_tolerances_come_from_settings() -> None:
    close = [report(1, "killed", 100), report(2, "killed", 104)]
    assert set(statuses(close).values()) == {"differ"}
    loose = Settings().with_changes(fact_exact_tolerance=0.05)
    assert [r.status for r in compare_reports(close, loose)] == ["agree"]


figures = st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["killed", "injured"]),
                             st.integers(1, 60)), min_size=1, max_size=12)


@given(figures)
def test_every_claim_is_in_exactly_one_row_whatever_the_order(items: list[tuple[int, str, int]]
                                                              ) -> None:
    reports = [report(a, concept, value) for a, concept, value in items]
    rows = compare_reports(reports)
    again = compare_reports(list(reversed(reports)))
    assert sorted((r.status, r.concept, r.articles) for r in rows) == sorted(
        (r.status, r.concept, r.articles) for r in again)
    distinct = {(a, c, v) for a, c, v in items}
    shown = [(r.article_id, row.concept, r.value) for row in rows for r in row.reports]
    assert len(shown) == len(set(shown)) and set(shown) <= distinct
    for row in rows:
        if row.status == "single":
            assert row.articles == 1
        else:
            assert row.articles >= 2


@needs_shared
def test_cli_story_json_carries_the_comparison_rows(tmp_path: Path) -> None:
    from babelwire.cli.main import cli

    db = str(tmp_path / "seeds.db")
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert CliRunner().invoke(cli, ["ingest", *seeds, "--db", db]).exit_code == 0
    listed = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)
    story = CliRunner().invoke(cli, ["story", str(listed[0]["id"]), "--db", db, "--json"])
    rows = json.loads(story.output)["comparison"]
    by_concept = {(r["concept"], r["status"]): r for r in rows}
    values = {(r["concept"], r["status"], x["value"]) for r in rows for x in r["reports"]}
    assert {r["status"] for r in rows} <= {"agree", "differ", "single"}
    share = by_concept[("vote_share", "agree")]
    assert {r["as_written"] for r in share["reports"]} == {"over 80 prosent", "80,1%"}
    assert {r["lang"] for r in share["reports"]} == {"nb", "lv"}
    assert {("detained", "single", 774), ("protesters", "single", 150000),
            ("voted_for", "agree", 25), ("abstained", "agree", 20), ("members", "single", 47),
            ("reports", "single", 450), ("election", "agree", "--08-09")} <= values
    for row in rows:
        for r in row["reports"]:
            assert set(r) >= {"article_id", "lang", "source", "value", "approx", "as_written",
                              "sentence"}
            assert r["as_written"] in r["sentence"]
    table = CliRunner().invoke(cli, ["story", str(listed[0]["id"]), "--db", db]).output
    assert "150,000 people" in table and "774 people" in table and "9 Aug" in table
    assert "809" not in table and "1,994" not in table
    # the seeds agree on every shared figure: the story is not disputed
    disputed = CliRunner().invoke(cli, ["stories", "--db", db, "--disputed", "--json"])
    assert json.loads(disputed.output) == []


def test_stories_disputed_lists_exactly_the_stories_with_a_differ_row(tmp_path: Path) -> None:
    from babelwire.cli.main import cli

    gold = Path(__file__).parents[1] / "evalsets" / "facts-articles.jsonl"
    chosen = [line for line in gold.read_text(encoding="utf-8").splitlines()
              if line.startswith(('{"id": "f01-', '{"id": "f05-'))]
    corpus = tmp_path / "ferry.jsonl"
    corpus.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    db = str(tmp_path / "ferry.db")
    assert CliRunner().invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    stories = json.loads(CliRunner().invoke(cli, ["stories", "--db", db, "--json"]).output)
    expected = set()
    for story in stories:
        detail = json.loads(CliRunner().invoke(
            cli, ["story", str(story["id"]), "--db", db, "--json"]).output)
        if any(row["status"] == "differ" for row in detail["comparison"]):
            expected.add(story["id"])
        only = json.loads(CliRunner().invoke(
            cli, ["story", str(story["id"]), "--db", db, "--json", "--disputed"]).output)
        assert {row["status"] for row in only["comparison"]} <= {"differ"}
    disputed = json.loads(CliRunner().invoke(
        cli, ["stories", "--db", db, "--disputed", "--json"]).output)
    assert expected, "the ferry death toll (12 / 19) should make a disputed story"
    assert {s["id"] for s in disputed} == expected
    # the web list, the JSON API and the Atom feed filter the same way
    from fastapi.testclient import TestClient

    from babelwire.web import create_app

    client = TestClient(create_app(db))
    api = client.get("/api/stories", params={"disputed": "true"}).json()
    assert {s["id"] for s in api["items"]} == expected
    story_id = min(expected)
    page = client.get(f"/stories/{story_id}").text
    assert 'id="only-differ"' in page and 'class="fact-differ"' in page
    assert "<details class=\"evidence\">" in page
    feed = client.get("/stories.atom", params={"disputed": "true"}).text
    assert feed.count("<entry>") == len(expected)
    assert client.get("/api/stories", params={"disputed": "perhaps"}).status_code == 422


def test_fact_metric_counts_matches_per_status(tmp_path: Path) -> None:
    from babelwire.demo import demo_corpus_path
    from babelwire.evaluate.facts import ArticleSource, evaluate_facts, read_fact_gold

    arts = [f"demo:e04-{x}-1" for x in ("es", "en", "pt", "fr", "de")]
    right = {"story": "e04", "split": "dev", "articles": arts,
             "rows": [{"status": "agree", "reports": [[a, 45] for a in arts]}]}
    wrong = {**right, "rows": [{"status": "differ", "reports": [[a, 45] for a in arts]}]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(right) + "\n" + json.dumps(wrong) + "\n", encoding="utf-8")
    stories = read_fact_gold(gold)
    source = ArticleSource(demo_corpus_path(), tmp_path / "none.jsonl", SEEDS, Settings())
    good = evaluate_facts(stories[:1], source, Settings()).by_status
    assert (good["agree"].matched, good["agree"].gold) == (1, 1)
    assert good["agree"].predicted > 1  # the other figures of the story are not in this gold
    bad = evaluate_facts(stories[1:], source, Settings()).by_status
    assert bad["differ"].recall == 0 and bad["agree"].matched == 0


def test_evaluate_facts_from_the_command_line() -> None:
    from babelwire.cli.main import cli

    gold = Path(__file__).parents[1] / "evalsets" / "facts-gold.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", "--format", "facts", str(gold), "--split",
                                      "holdout", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["result"]["by_status"]
    assert set(scores) == {"agree", "differ", "single"}
    assert all(0 <= scores[s]["precision"] <= 1 for s in scores)
    broken = CliRunner().invoke(cli, ["evaluate", "--format", "facts", __file__])
    assert broken.exit_code != 0 and "malformed fact-gold record" in broken.output


def test_one_day_of_one_story_is_named_by_most_articles() -> None:
    rows = compare_reports([report(1, "election", 809, unit="date"),
                            report(2, "election", 809, unit="date"),
                            report(3, "meeting", 809, unit="date")])
    assert [(r.status, r.concept, r.articles) for r in rows] == [("agree", "election", 3)]
