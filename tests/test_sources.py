"""sources.toml: validation with messages that name the file, the source and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.ingest.sources import SourceConfig, SourcesError, load_sources, parse_duration

GOOD = """
[defaults]
interval = "10m"

[[source]]
name = "NRK"
url = "https://www.nrk.no/toppsaker.rss"
country = "no"
language = "nb"

[[source]]
name = "Le Monde article"
url = "https://www.lemonde.fr/international/article/2024/05/01/x.html"
kind = "page"
interval = 3600
homepage = "https://www.lemonde.fr/"
language = "fr"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file(tmp_path: Path) -> None:
    nrk, monde = load_sources(write(tmp_path, GOOD))
    assert nrk == SourceConfig(name="NRK", url="https://www.nrk.no/toppsaker.rss", kind="feed",
                               interval=600.0, country="NO", language="nb",
                               homepage="https://www.nrk.no/")
    assert monde.kind == "page" and monde.interval == 3600.0 and monde.country is None
    assert monde.homepage == "https://www.lemonde.fr/"


def test_every_problem_is_listed_with_file_and_source(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[source]]
name = "A"
url = "ftp://example.com/feed"
kind = "podcast"
interval = "often"
country = "Norway"
language = "norsk bokmål"
colour = "blue"

[[source]]
url = "https://example.com/rss"

[[source]]
name = "A"
url = "https://example.com/other"
""")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    for expected in ["source 'A' (#1): 'url' must be an http:// or https:// URL",
                     "'kind' must be \"feed\" or \"page\", got 'podcast'",
                     "'interval' must be a number of seconds",
                     "'country' must be a two-letter code",
                     "'language' must be a language code",
                     "unknown key 'colour'",
                     "source #2: 'name' is missing or empty",
                     "source 'A' (#3): the name 'A' is used by an earlier source"]:
        assert expected in message, message
    assert all(line.startswith(str(path)) for line in message.splitlines())
    assert "Traceback" not in message


@pytest.mark.parametrize(("text", "expected"), [
    ("[[source]\nname = 1", "not valid TOML"),
    ("title = 'x'", "unknown top-level key(s) title"),
    ("", "no sources"),
    ("source = 5", "'source' must be an array of tables"),
    ("[defaults]\nname = 'x'\n[[source]]\nname='a'\nurl='http://a/'", "[defaults]: unknown key"),
])
def test_structural_problems(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(SourcesError, match=expected.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)")):
        load_sources(write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="no such file"):
        load_sources(tmp_path / "nope.toml")


@pytest.mark.parametrize(("value", "seconds"), [
    (30, 30.0), (2.5, 2.5), ("90s", 90.0), ("10m", 600.0), ("2h", 7200.0), ("1d", 86400.0),
    ("15 min", 900.0), ("soon", None), (True, None), ([], None)])
def test_parse_duration(value: object, seconds: float | None) -> None:
    assert parse_duration(value) == seconds
