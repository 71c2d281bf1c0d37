"""Build evalsets/entities-{dev,holdout}.jsonl from the hand-aligned sources in
evalsets/entities-src/ (see evalsets/README-entities.md).

Every surface is checked against the WMT document it was read from, so a typo fails loudly.
Documents (and look-alike pairs) are split by a hash of their id, half and half within each
language pair, so the split is stable when pairs are added.

    .venv/bin/python bench/entity_gold_build.py [--wmt ../shared/eval/wmt-news-docs.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "evalsets" / "entities-src"
OUT = ROOT / "evalsets"


def _fields(line: str) -> list[str]:
    return [field.strip() for field in line.split(" | ")]


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _split_ids(ids: list[str]) -> set[str]:
    """Every other id in hash order goes to the held-out split."""
    ordered = sorted(set(ids), key=_hash)
    return set(ordered[1::2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path,
                        default=ROOT.parent / "shared" / "eval" / "wmt-news-docs.jsonl")
    args = parser.parse_args()
    docs = {}
    with args.wmt.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            docs[doc["doc_id"]] = doc
    same: list[dict[str, object]] = []
    errors: list[str] = []
    for source in sorted(SOURCES.glob("*-*.txt")):
        pair = source.stem
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = _fields(line)
            doc_id, src, ref, entity, kind = fields[:5]
            doc = docs.get(doc_id)
            if doc is None or doc["pair"] != pair:
                errors.append(f"{source.name}:{number}: no {pair} document {doc_id}")
                continue
            for surface, side in ((src, "src"), (ref, "ref")):
                if surface not in doc[f"{side}_text"]:
                    errors.append(f"{source.name}:{number}: {surface!r} not in {side} of {doc_id}")
            same.append({
                "type": "same", "pair": pair, "doc_id": doc_id, "entity": entity, "kind": kind,
                "translated": "translated" in fields[5:],
                "a": {"text": src, "lang": doc["src_lang"]},
                "b": {"text": ref, "lang": doc["ref_lang"]},
            })
    apart: list[dict[str, object]] = []
    for number, line in enumerate((SOURCES / "lookalikes.txt").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        a, lang_a, b, lang_b, why = _fields(line)
        apart.append({"type": "apart", "id": f"apart-{number}", "why": why,
                      "a": {"text": a, "lang": lang_a}, "b": {"text": b, "lang": lang_b}})
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    by_pair: dict[str, list[str]] = defaultdict(list)
    for record in same:
        by_pair[str(record["pair"])].append(str(record["doc_id"]))
    held_docs = set().union(*(_split_ids(ids) for ids in by_pair.values()))
    held_apart = _split_ids([str(record["id"]) for record in apart])
    splits: dict[str, list[dict[str, object]]] = {"dev": [], "holdout": []}
    for record in same:
        splits["holdout" if record["doc_id"] in held_docs else "dev"].append(record)
    for record in apart:
        splits["holdout" if record["id"] in held_apart else "dev"].append(record)
    for name, records in splits.items():
        path = OUT / f"entities-{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        kinds = defaultdict(int)
        for record in records:
            kinds[str(record.get("pair", "apart"))] += 1
        print(path.name, dict(sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
