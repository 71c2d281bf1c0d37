"""Speed of fact comparison: claim extraction per article, and alignment per story.

Target (issue 14): claim extraction + alignment <= 5 ms per article on average.

Articles: the demo corpus, the fact gold's own articles (evalsets/facts-articles.jsonl) and the
WMT news documents of the shared eval folder when present (cut to 2,000 characters, as the
pipeline benchmark does). Each article is analysed once first so the lexicon caches are warm,
as they are in a running ingest; the timed passes then repeat `extract_claims` over all texts.
Alignment is timed per demo story (all claims of its articles) and reported per article.

Usage: python bench/claims_speed.py [--articles 500] [--repeat 3]
Writes bench/results/claims_speed.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from babelwire.analyse.claims import extract_claims
from babelwire.demo import demo_corpus_path
from babelwire.read.compare import Report, compare_reports

ROOT = Path(__file__).resolve().parents[1]
WMT = ROOT.parent / "shared" / "eval" / "wmt-news-docs.jsonl"
RESULTS = Path(__file__).parent / "results"


def load(limit: int) -> list[dict[str, str]]:
    records = []
    for path in (demo_corpus_path(), ROOT / "evalsets" / "facts-articles.jsonl", WMT):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                text = (r.get("title", "") + "\n" + (r.get("text") or r.get("body") or ""))
                records.append({"lang": r.get("lang") or "en", "text": text[:2000],
                                "story": r.get("story", r.get("id", ""))})
    return records[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records = load(args.articles)
    claims = [extract_claims(r["text"], r["lang"]) for r in records]  # warm the caches
    passes = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for r in records:
            extract_claims(r["text"], r["lang"])
        passes.append((time.perf_counter() - start) / len(records) * 1000)
    by_story: dict[str, list[Report]] = defaultdict(list)
    for index, (r, found) in enumerate(zip(records, claims, strict=True)):
        by_story[r["story"]].extend(Report(index, r["lang"], None, c) for c in found)
    start = time.perf_counter()
    for reports in by_story.values():
        compare_reports(reports)
    align_ms = (time.perf_counter() - start) / len(records) * 1000
    result = {
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "articles": len(records), "stories": len(by_story),
        "claims_per_article": sum(map(len, claims)) / len(records),
        "extract_ms_per_article": {"median": statistics.median(passes), "passes": passes},
        "align_ms_per_article": align_ms,
        "total_ms_per_article": statistics.median(passes) + align_ms,
        "target_ms_per_article": 5.0,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "claims_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
