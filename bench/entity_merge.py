"""Entity merge precision and recall on the hand-aligned entity gold (evalsets/README-entities.md).

    .venv/bin/python bench/entity_merge.py evalsets/entities-dev.jsonl
    .venv/bin/python bench/entity_merge.py evalsets/entities-holdout.jsonl --json out.json

Keys are taken in context (the WMT document is analysed) unless --isolated is given. With
--stories, a document and its translation are keyed as one story, as the pipeline keys them
once the clusterer has put them together (analyse.story_linking: a lone surname takes the one
full name with that surname in the story); without it, each document alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from babelwire.errors import InputError
from babelwire.evaluate.entities import (
    GoldMention,
    KeyOf,
    evaluate_entities,
    pipeline_key_of,
    read_documents,
    read_entity_gold,
)

ROOT = Path(__file__).resolve().parents[1]
WMT = ROOT.parent / "shared" / "eval" / "wmt-news-docs.jsonl"


def story_key_of(mentions: list[GoldMention], texts: dict[tuple[str, str], str]) -> KeyOf:
    """Keys with each document and its translation linked as one story (source first)."""
    from babelwire.analyse.entities import entity_key, extract_mentions
    from babelwire.analyse.script_linking import is_latin, link_across_scripts
    from babelwire.analyse.story_linking import link_to_story, rekeys_for_story

    langs = {(m.doc, m.side): m.lang for m in mentions}
    keyed: dict[str, list[tuple[str, str]]] = {}
    for doc in {m.doc for m in mentions}:
        if (doc, "src") not in texts or (doc, "src") not in langs or (doc, "ref") not in langs:
            continue
        source = extract_mentions(texts[(doc, "src")], langs[(doc, "src")])
        story = {m.key for m in source}
        translation = extract_mentions(texts[(doc, "ref")], langs[(doc, "ref")])
        renamed = rekeys_for_story(translation, story)
        source = [replace(m, key=renamed.get(m.key, m.key)) for m in source]
        translation = link_to_story(translation, story)
        # names in another script take the Latin key that sounds the same (script_linking);
        # the source side is re-keyed as the store would re-key the story's earlier mentions
        latin = {m.key for m in (*source, *translation) if is_latin(m.surface)}
        keyed[texts[(doc, "src")]] = [(m.surface, m.key)
                                      for m in link_across_scripts(source, latin)]
        keyed[texts[(doc, "ref")]] = [(m.surface, m.key)
                                      for m in link_across_scripts(translation, latin)]
    fallback = pipeline_key_of()

    def key_of(surface: str, lang: str, text: str | None) -> tuple[str, bool]:
        for written, key in keyed.get(text or "", []):
            if written == surface:
                return key, True
        return fallback(surface, lang, text) if text not in keyed else (
            entity_key(surface, lang), False)

    return key_of


def main() -> int:
    parser = argparse.ArgumentParser(description="Entity merge precision/recall on entity gold.")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--wmt", type=Path, default=WMT, help="WMT documents (for context)")
    parser.add_argument("--isolated", action="store_true", help="key each name alone")
    parser.add_argument("--stories", action="store_true",
                        help="key a document and its translation as one story")
    parser.add_argument("--json", dest="json_out", type=Path, help="write the figures here")
    parser.add_argument("--missed", type=int, default=0, help="list this many missed merges")
    args = parser.parse_args()
    try:
        mentions, apart = read_entity_gold(args.gold)
        texts = None if args.isolated else read_documents(args.wmt, {m.doc for m in mentions})
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    key_of = story_key_of(mentions, texts) if args.stories and texts else pipeline_key_of()
    result = evaluate_entities(mentions, apart, key_of, texts)
    o = result.overall
    print(f"{args.gold.name}: {result.mentions} mentions, found {result.found}/{result.mentions}")
    print(f"overall  precision {o.precision:.3f}  recall {o.recall:.3f}  "
          f"({o.positive_pairs} gold pairs, {o.merged_pairs} merged pairs)")
    for pair, f in sorted(result.per_pair.items()):
        print(f"  {pair:6} precision {f.precision:.3f}  recall {f.recall:.3f}  "
              f"({f.positive_pairs} gold pairs)")
    print(f"look-alike merges: {len(result.lookalike_merges)} of {result.lookalike_pairs}")
    for apart_pair, key in result.lookalike_merges:
        print(f"  {apart_pair.a} ({apart_pair.lang_a}) ~ {apart_pair.b} ({apart_pair.lang_b})"
              f" -> {key!r}: {apart_pair.why}")
    print("worst false merges:")
    for key, names in result.false_merges:
        print(f"  {key!r}: {' | '.join(names)}")
    for a, key_a, b, key_b in result.missed[: args.missed]:
        print(f"  missed: {a} [{key_a}]  ~  {b} [{key_b}]")
    if args.json_out:
        args.json_out.write_text(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
