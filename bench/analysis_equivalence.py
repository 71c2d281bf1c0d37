"""The analysis stage's output, article by article, to prove a speed change changes nothing.

Usage:
  python bench/analysis_equivalence.py --out /tmp/before.jsonl      # before the change
  python bench/analysis_equivalence.py --out /tmp/after.jsonl --against /tmp/before.jsonl

About 330 varied articles: WMT documents in nine languages (some given a publication date, so
relative dates in the text are resolved), SemEval-2022 pair texts in ten languages, Telegram
contest pool texts (ru, en), the demo corpus and the seed articles. Each analysed article
(language, confidence, mentions with keys and kinds, facts, claims, event signature with its
text dates, entity keys, content hash...) is written as one JSON line; the digest of the lines
is printed and kept in bench/results/analysis_equivalence.json. With --against, the two runs are
compared field by field and every difference is listed; the exit status is 1 if any.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from babelwire.analyse.article import analyse_text
from babelwire.evaluate.goldsets import read_babelwire_jsonl, read_wmt_docs
from babelwire.evaluate.pairsets import read_semeval2022_pairs, read_tgcontest_pairs
from babelwire.models import Article, RawDocument
from babelwire.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATED = datetime(2021, 3, 4, 9, 30, tzinfo=UTC)  # a Thursday: "on Tuesday" resolves


def documents(shared: Path) -> Iterator[tuple[str, RawDocument]]:
    """(id, document) of every article compared, always the same ones in the same order."""
    eval_dir = shared / "eval"
    per_lang: dict[str, int] = {}
    for doc in read_wmt_docs(eval_dir / "wmt-news-docs.jsonl", strict=False):
        lang = doc.lang or "?"
        if per_lang.get(lang, 0) >= 18:
            continue
        count = per_lang[lang] = per_lang.get(lang, 0) + 1
        dated = count % 2 == 0  # half with a publication date: relative dates resolve
        yield f"wmt:{doc.id}", RawDocument(
            origin=doc.id, text=doc.text[:3000], title=doc.title,
            published=DATED + timedelta(days=count) if dated else None)
    pair_langs: dict[str, int] = {}
    for pair in read_semeval2022_pairs(eval_dir / "semeval2022-pairs" / "pairs.csv",
                                       strict=False):
        for side, (text, lang) in enumerate(((pair.text1, pair.lang1), (pair.text2, pair.lang2))):
            key = lang or "?"
            if pair_langs.get(key, 0) >= 10:
                continue
            pair_langs[key] = pair_langs.get(key, 0) + 1
            yield f"semeval:{pair.id}:{side}", RawDocument(origin=pair.id, text=text,
                                                           lang_hint=lang)
    for pool in ("ru_honey_pool.tsv", "en_train_pool.tsv"):
        for pair in islice(read_tgcontest_pairs(eval_dir / "tgcontest-pairs" / pool,
                                                strict=False), 12):
            yield f"tg:{pair.id}", RawDocument(origin=pair.id, text=pair.text1,
                                               title=pair.title1, published=DATED)
    for doc in read_babelwire_jsonl(REPO / "src" / "babelwire" / "demo" / "articles.jsonl",
                                    strict=False):
        yield f"demo:{doc.id}", RawDocument(origin=doc.id, text=doc.text, title=doc.title,
                                            lang_hint=doc.lang, published=doc.published)
    for path in sorted((shared / "seeds").glob("*.txt")):
        yield f"seed:{path.name}", RawDocument(origin=path.name, text=path.read_text())


def _plain(value: Any) -> Any:
    """JSON-ready form of an analysed article's fields (the embedding is not computed here)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "vector"}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(item) for item in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # exact, not rounded
    return value


def analysed(shared: Path) -> Iterator[dict[str, Any]]:
    settings = Settings()
    for identifier, document in documents(shared):
        result = analyse_text(document, settings)
        record: dict[str, Any] = {"id": identifier, "type": type(result).__name__,
                                  "fields": _plain(result)}
        if isinstance(result, Article):
            record["entity_keys"] = sorted(result.entity_keys)
        yield record


def differences(before: dict[str, Any], after: dict[str, Any], path: str = "") -> list[str]:
    """Every field (by its path) whose value differs."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            found += differences(before.get(key), after.get(key), f"{path}.{key}")
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for i, (b, a) in enumerate(zip(before, after, strict=True))
                for d in differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"[:400]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON lines written here")
    parser.add_argument("--against", type=Path, help="an earlier --out to compare with")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    records = list(analysed(args.shared))
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
    args.out.write_text("\n".join(lines) + "\n")
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    kinds = {kind: sum(r["type"] == kind for r in records) for kind in ("Article", "Rejection")}
    summary = {"documents": len(records), **kinds,
               "mentions": sum(len(r["fields"].get("mentions", [])) for r in records),
               "facts": sum(len(r["fields"].get("facts", [])) for r in records),
               "claims": sum(len(r["fields"].get("claims", [])) for r in records),
               "sha256": digest}
    print(json.dumps(summary))
    (REPO / "bench" / "results" / "analysis_equivalence.json").write_text(
        json.dumps(summary, indent=2) + "\n")
    if args.against is None:
        return
    earlier = {r["id"]: r for r in map(json.loads, args.against.read_text().splitlines())}
    now = {r["id"]: r for r in records}
    found = [f"{i}: missing" for i in earlier.keys() - now.keys()]
    found += [f"{i}: new" for i in now.keys() - earlier.keys()]
    for identifier in earlier.keys() & now.keys():
        found += [f"{identifier}{d}" for d in differences(earlier[identifier], now[identifier])]
    for line in found[:50]:
        print(line)
    print(f"{len(found)} differences over {len(earlier.keys() & now.keys())} articles compared")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
