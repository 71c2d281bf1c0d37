"""Dates as files and records write them: a date line above a text file's article, and the
publication time under the field names exports use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from babelwire.ingest.date_lines import date_of_line
from babelwire.ingest.files import read_inputs
from babelwire.ingest.records import document_from_record
from babelwire.models import RawDocument, Rejection


@pytest.mark.parametrize(("line", "stated", "precision"), [
    ("14.09.2020, 19:40", datetime(2020, 9, 14, 19, 40, tzinfo=UTC), None),
    ("14.09.2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("2020-09-14", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("2020-09-14 18:05", datetime(2020, 9, 14, 18, 5, tzinfo=UTC), None),
    ("2020-09-14T18:05:00+02:00", datetime(2020, 9, 14, 16, 5, tzinfo=UTC), None),
    ("14 September 2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("September 14, 2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("Sept. 14, 2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("Monday, 14 September 2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("14 сентября 2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("14. september 2020 kl. 12.30", datetime(2020, 9, 14, 12, 30, tzinfo=UTC), None),
    ("15 settembre 2020", datetime(2020, 9, 15, tzinfo=UTC), "day"),
    ("14/09/2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
    ("09/14/2020", datetime(2020, 9, 14, tzinfo=UTC), "day"),
])
def test_a_line_that_is_a_date(line: str, stated: datetime, precision: str | None):
    assert date_of_line(line) == (stated, precision)


@pytest.mark.parametrize("line", [
    "03/04/2020",  # the 3rd of April or the 4th of March
    "31.02.2020",
    "Putin met Lukashenko on 14 September 2020",  # a sentence, not a date line
    "Putin i Łukaszenka",
    "1917",
    "",
])
def test_a_line_that_is_not_only_a_date(line: str):
    assert date_of_line(line) is None


@given(st.text(max_size=80))
def test_any_line_gives_a_date_or_none(line: str):
    found = date_of_line(line)
    assert found is None or (found[0].tzinfo is not None and found[1] in (None, "day"))


def test_a_text_file_dated_by_its_first_line(tmp_path: Path):
    """The date line was the article's title and left it undated (blind probe 8, issue 21)."""
    path = tmp_path / "pl.txt"
    path.write_text("14.09.2020, 19:40\nPutin przyjął Łukaszenkę w Soczi\n"
                    "Prezydent Rosji przyjął w poniedziałek Alaksandra Łukaszenkę.\n",
                    encoding="utf-8")
    [document] = list(read_inputs([path]))
    assert isinstance(document, RawDocument)
    assert document.title == "Putin przyjął Łukaszenkę w Soczi"
    assert document.published == datetime(2020, 9, 14, 19, 40, tzinfo=UTC)
    assert "19:40" not in document.text


@pytest.mark.parametrize("field", ["published", "date", "published_at", "publishedAt", "pubDate",
                                   "pub_date", "publish_date", "datePublished", "date_published"])
def test_a_record_dated_under_a_common_field_name(field: str):
    """A JSON export with `date` or `pubDate` was read as undated, without a word."""
    document = document_from_record({"text": "Putin met Lukashenko.", field: "2020-09-14"}, "r")
    assert isinstance(document, RawDocument)
    assert document.published == datetime(2020, 9, 14, tzinfo=UTC)
    assert document.published_precision == "day"


def test_a_record_dated_as_pages_write_it():
    document = document_from_record({"text": "Putin met Lukashenko.",
                                     "date": "14.09.2020, 19:40"}, "r")
    assert isinstance(document, RawDocument)
    assert document.published == datetime(2020, 9, 14, 19, 40, tzinfo=UTC)
    assert document.published_precision is None


def test_a_date_that_is_no_date_names_its_field():
    rejection = document_from_record({"text": "Putin met Lukashenko.", "pubDate": "soon"}, "r")
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "bad-date"
    assert "'pubDate'" in rejection.detail
