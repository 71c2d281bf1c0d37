"""Six-language probe: does each real name get one key in nb, lv, ru, de, en and pl?

The same invented news texts written in six languages (by the developers, not from any gold
set; bench/entity_probe_texts.json), naming people, places and organisations in their
inflected forms. For every expected entity the script prints the keys its mentions got per
language; one key across all six languages is the goal.

Usage: python bench/entity_probe.py [--json bench/results/entity_probe.json]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from babelwire.analyse.entities import extract_mentions

PROBES = Path(__file__).with_name("entity_probe_texts.json")


def keys_by_entity(texts: dict[str, str], entities: dict[str, tuple[str, ...]],
                   ) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {entity: {} for entity in entities}
    for lang, text in texts.items():
        for mention in extract_mentions(text, lang):
            words = mention.surface.replace("-", " ").split()
            for entity, forms in entities.items():
                if any(word in forms for word in words):
                    keys = found[entity].setdefault(lang, [])
                    if mention.key not in keys:
                        keys.append(mention.key)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=Path("bench/results/entity_probe.json"))
    args = parser.parse_args()
    found: dict[str, dict[str, list[str]]] = {}
    per_probe: dict[str, str] = {}
    one_key, languages = 0, 0
    for probe in json.loads(PROBES.read_text(encoding="utf-8"))["probes"]:
        texts, entities = probe["texts"], probe["entities"]
        print(probe["name"])
        languages, united_here = len(texts), 0
        for entity, per_lang in keys_by_entity(texts, entities).items():
            keys = {key for lang_keys in per_lang.values() for key in lang_keys}
            united = len(keys) == 1 and len(per_lang) == len(texts)
            united_here += united
            found[entity] = per_lang
            print(f"{'ok ' if united else '   '}{entity}: {len(per_lang)}/{len(texts)} "
                  f"languages, {len(keys)} key(s): " + "; ".join(
                      f"{lang} {','.join(k)}" for lang, k in per_lang.items()))
        per_probe[probe["name"]] = f"{united_here} of {len(entities)}"
        one_key += united_here
    for name, figure in per_probe.items():
        print(f"{figure}  {name}")
    print(f"{one_key} of {len(found)} entities have one key in all {languages} languages")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "command": "python bench/entity_probe.py", "one_key": one_key, "entities": len(found),
        "per_probe": per_probe, "keys": found}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
