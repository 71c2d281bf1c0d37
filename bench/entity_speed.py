"""Cost of entity analysis per article: warm-up (lexicons, CLDR, pykakasi) and steady state.

Reads real news (WMT documents, both sides, cut to about 2,000 characters like the pipeline
speed bench), analyses each article's entities once to warm the caches of its language, then
times a second pass over *different* articles of the same languages (cold per-word caches, warm
lexicons): that is the cost a long-running `babelwire watch` pays per article.

    .venv/bin/python bench/entity_speed.py [--articles 400]
Writes bench/results/entity_speed.json. Run it alone on the machine (timings).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from babelwire.analyse.entities import extract_mentions

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
RESULTS = Path(__file__).parent / "results"
CUT = 2000


def articles(path: Path, count: int) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            found.append((doc["src_text"][:CUT], doc["src_lang"]))
            found.append((doc["ref_text"][:CUT], doc["ref_lang"]))
    step = max(1, len(found) // count)
    return found[::step][:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400, help="articles timed (steady state)")
    parser.add_argument("--wmt", type=Path, default=SHARED_EVAL / "wmt-news-docs.jsonl")
    args = parser.parse_args()
    sample = articles(args.wmt, 2 * args.articles)
    warm, timed = sample[0::2], sample[1::2]
    start = time.perf_counter()
    for text, lang in warm:
        extract_mentions(text, lang)
    warm_s = time.perf_counter() - start
    per_lang: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    start = time.perf_counter()
    for text, lang in timed:
        began = time.perf_counter()
        extract_mentions(text, lang)
        seconds[lang] += time.perf_counter() - began
        per_lang[lang] += 1
    total = time.perf_counter() - start
    result = {
        "articles": len(timed), "warm_up_articles": len(warm), "warm_up_s": round(warm_s, 2),
        "ms_per_article": round(1000 * total / max(len(timed), 1), 2),
        "ms_per_article_by_lang": {lang: round(1000 * seconds[lang] / n, 2)
                                   for lang, n in sorted(per_lang.items())},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "entity_speed.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
