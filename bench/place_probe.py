"""Issue 23 probe: cities named without context, exonyms, and towns named after people.

Reads tests/data/place_evidence_probe.json (new sentences written before the fix) and prints,
per class, how many cases the extractor gets right:

* exonyms: a big city's name in each language in a sentence with no preposition before it is
  a place, and all of one city's names share one key;
* sentence_initial: the same first in a sentence;
* person_towns / person_in_article: a town's name used for the person it is named after is
  no place (a title or a person's verb beside it, the full name in the article);
* town_context: the town after a locative preposition or case, or a place noun, is a place;
* word_controls: an ordinary word that is also a city's name is no place.

Usage: python bench/place_probe.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from babelwire.analyse.entities import extract_mentions
from babelwire.models import Mention

PROBE = Path(__file__).resolve().parents[1] / "tests" / "data" / "place_evidence_probe.json"


def mention_of(name: str, text: str, lang: str) -> Mention | None:
    """The mention whose surface holds the name (the last one: "Pushkin" after the full name)."""
    found = [m for m in extract_mentions(text, lang) if name in m.surface]
    return found[-1] if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    probe = json.loads(PROBE.read_text(encoding="utf-8"))
    typed, names, united = 0, 0, 0
    for city, by_lang in probe["exonyms"].items():
        keys = set()
        all_places = True
        for lang, name in by_lang.items():
            mention = mention_of(name, probe["templates"][lang].format(name), lang)
            is_place = mention is not None and mention.kind == "place"
            typed, names, all_places = typed + is_place, names + 1, all_places and is_place
            keys.add(mention.key if mention else "")
            if args.verbose:
                print(f"  {city:10} {lang} {name:16} -> "
                      f"{(mention.key, mention.kind) if mention else None}")
        united += all_places and len(keys) == 1
    print(f"exonyms typed place: {typed} of {names}; cities with one key in every language: "
          f"{united} of {len(probe['exonyms'])}")
    for group, want_place in (("sentence_initial", True), ("person_towns", False),
                              ("person_in_article", False), ("town_context", True),
                              ("word_controls", False)):
        right = 0
        for lang, name, text in probe[group]:
            mention = mention_of(name, text, lang)
            is_place = mention is not None and mention.kind == "place"
            right += is_place == want_place
            if args.verbose:
                print(f"  {group} {lang} {name}: "
                      f"{(mention.key, mention.kind) if mention else None}")
        print(f"{group} ({'place' if want_place else 'no place'}): {right} of "
              f"{len(probe[group])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
