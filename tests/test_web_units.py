"""Fast checks of the web layer's pieces: parameters, labels, charts, the search matrix cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.web import charts, labels, params


def test_dates_become_the_stores_utc_text():
    assert params.moment("2026-03-02", "since") == "2026-03-02T00:00:00+00:00"
    assert params.moment("2026-03-02", "until", end_of_day=True) == "2026-03-02T23:59:59+00:00"
    assert params.moment("2026-03-02T14:20:00+02:00", "since") == "2026-03-02T12:20:00+00:00"
    assert params.moment("2026-03-02T14:20:00Z", "since") == "2026-03-02T14:20:00+00:00"
    assert params.moment("  ", "since") is None
    with pytest.raises(params.BadParameter, match="since: '2026-02-30' is not a date"):
        params.moment("2026-02-30", "since")


def test_languages_and_text():
    assert params.language("LV") == "lv" and params.language("") is None
    # a name or a tag is the language it names (issue 23: `--lang latvian` was silently empty)
    assert params.language("english") == "en" and params.language("en-GB") == "en"
    assert params.language("Latviešu") == "lv"
    for bad in ("e1", "xx", "klingon"):
        with pytest.raises(params.BadParameter, match="lang"):
            params.language(bad)
    with pytest.raises(params.BadParameter, match="at most 5"):
        params.text("abcdef", "q", 5)


def test_story_filters_reject_an_empty_range():
    with pytest.raises(params.BadParameter, match="after until"):
        params.story_filters(since="2026-05-01", until="2026-04-01")
    filters = params.story_filters(lang="nb", since="2026-05-01", limit=5, offset=10)
    assert filters.query_string(offset=15) == "lang=nb&since=2026-05-01T00%3A00%3A00%2B00%3A00" \
        "&limit=5&offset=15"


def test_labels():
    assert labels.when("2026-03-02T12:20:00+00:00") == "2 Mar 2026, 12:20 UTC"
    assert labels.when(None) == "undated"
    assert labels.span("2026-03-02T12:20:00+00:00", "2026-03-03T09:00:00+00:00") == \
        "2 Mar 2026, 12:20 – 3 Mar, 09:00 UTC (21 hours)"
    assert labels.number(3.4e9) == "3.4 billion" and labels.number(1200.0) == "1,200"
    assert labels.number(0.25) == "0.25"
    merged = labels.merged_spellings({"lv": ["Kalniņš"], "lt": ["Kalniņš"], "ru": ["Калниньш"]})
    assert merged == [("Kalniņš", ["lt", "lv"]), ("Калниньш", ["ru"])]
    assert str(labels.code_spans("use `lv` <b>")) == "use <code>lv</code> &lt;b&gt;"


def test_sparkline_bins_articles_over_the_story_span():
    line = charts.sparkline(["2026-03-02T00:00:00+00:00", "2026-03-02T00:30:00+00:00",
                             "2026-03-03T00:00:00+00:00", None], bins=4)
    assert [bar.count for bar in line.bars] == [2, 1]
    assert line.bars[0].height == line.height and line.label == "4 articles over 24 hours"
    assert charts.sparkline([None]).bars == []


def test_lane_chart_places_dots_in_time_order():
    rows = [charts.LaneInput("Latvian (lv)", "#lang-lv", [
                ("2026-03-02T10:00:00+00:00", "#a1", "first"),
                ("2026-03-02T16:00:00+00:00", "#a2", "second")]),
            charts.LaneInput("Russian (ru)", None, [(None, "#a3", "undated")])]
    chart = charts.lanes(rows)
    first, second = chart.lanes[0].dots
    assert chart.plot_left < first.x < second.x < chart.plot_right
    assert chart.undated == 1 and chart.lanes[1].dots == []
    assert chart.ticks and all(chart.plot_left <= t.x <= chart.plot_right for t in chart.ticks)
    long = charts.lanes([charts.LaneInput("x", None, [
        ("2025-01-01T00:00:00+00:00", "#", "a"), ("2026-06-01T00:00:00+00:00", "#", "b")])])
    assert long.ticks and all(t.label[:3].isalpha() for t in long.ticks)  # "Feb 2025"


def test_search_matrix_is_cached_and_extended(tmp_path: Path):
    from babelwire.analyse.embed import HashingEncoder
    from babelwire.models import RawDocument
    from babelwire.pipeline import Pipeline
    from babelwire.read.search import VectorCache, search
    from babelwire.store.sqlite import SQLiteStore

    text = "The harbour of Ventspils was closed after a ferry ran aground in a storm. " * 3
    other = "The central bank raised its key interest rate by a quarter point on Thursday. " * 3
    with SQLiteStore(tmp_path / "s.db") as store:
        encoder = HashingEncoder()
        pipeline = Pipeline(store, encoder)
        pipeline.ingest([RawDocument("a", text, "Ferry aground", lang_hint="en")])
        cache = VectorCache()
        first = cache.matrix(store)
        assert first.count == 1 and cache.matrix(store) is first
        pipeline.ingest([RawDocument("b", other, "Rates up", lang_hint="en")])
        second = cache.matrix(store)
        assert second.count == 2 and second.vectors.shape == (2, encoder.dim)
        hits = search(store, encoder, "ferry aground in a storm", vectors=cache)
        assert hits[0].story.title == "Ferry aground" and hits[0].full_text_match
        assert search(store, encoder, "   ") == []
