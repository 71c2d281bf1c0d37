"""Entity merge quality: are two mentions of one real name given one key, and two names two?

The gold (evalsets/entities-*.jsonl, see evalsets/README-entities.md) has two kinds of
records. "same": a name in a WMT document and the same name in its human translation, with a
hand-written entity label. "apart": two look-alike names that must keep different keys.

Figures, like pairwise clustering metrics:

* recall: of the mention pairs that the translations guarantee are one entity (same label,
  same document pair), the share that got one key;
* precision: of all mention pairs in the split that got one key (across documents too), the
  share with one label;
* look-alike merges: "apart" pairs that got one key (target: none).

Keys are taken as the pipeline assigns them: the document text is analysed and the mention
written as the gold surface supplies the key ("in context"); a surface that the extractor does
not find falls back to the key of the name alone and counts against the "found" rate.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from babelwire.errors import InputError

KeyOf = Callable[[str, str, str | None], tuple[str, bool]]  # (surface, lang, text) -> key, found


@dataclass(frozen=True)
class GoldMention:
    doc: str  # WMT doc_id
    side: str  # "src" or "ref"
    text: str
    lang: str
    entity: str
    pair: str
    translated: bool = False


@dataclass(frozen=True)
class ApartPair:
    a: str
    lang_a: str
    b: str
    lang_b: str
    why: str


@dataclass
class PairFigures:
    positive_pairs: int = 0
    merged_positive: int = 0
    merged_pairs: int = 0
    correct_merged: int = 0

    @property
    def recall(self) -> float:
        return self.merged_positive / self.positive_pairs if self.positive_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.correct_merged / self.merged_pairs if self.merged_pairs else 1.0


@dataclass
class EntityEvaluation:
    overall: PairFigures
    per_pair: dict[str, PairFigures]
    mentions: int
    found: int
    lookalike_pairs: int
    lookalike_merges: list[tuple[ApartPair, str]]
    false_merges: list[tuple[str, list[str]]]  # key -> the different entities it holds
    missed: list[tuple[str, str, str, str]] = field(default_factory=list)  # a, key, b, key

    def as_dict(self) -> dict[str, object]:
        def figures(f: PairFigures) -> dict[str, object]:
            return {"precision": round(f.precision, 4), "recall": round(f.recall, 4),
                    "positive_pairs": f.positive_pairs, "merged_pairs": f.merged_pairs}

        return {
            **figures(self.overall),
            "per_pair": {pair: figures(f) for pair, f in sorted(self.per_pair.items())},
            "mentions": self.mentions, "found_rate": round(self.found / max(self.mentions, 1), 4),
            "lookalike_pairs": self.lookalike_pairs,
            "lookalike_merges": [
                {"a": p.a, "lang_a": p.lang_a, "b": p.b, "lang_b": p.lang_b, "key": key,
                 "why": p.why} for p, key in self.lookalike_merges],
            "false_merges": [{"key": key, "entities": names} for key, names in self.false_merges],
            "missed": [list(item) for item in self.missed],
        }


def read_entity_gold(path: Path) -> tuple[list[GoldMention], list[ApartPair]]:
    """Mentions (one per document side and surface) and look-alike pairs of a gold file."""
    mentions: dict[tuple[str, str, str], GoldMention] = {}
    apart: list[ApartPair] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"cannot read entity gold {path}: {error.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            a, b = record["a"], record["b"]
            if record["type"] == "apart":
                apart.append(ApartPair(a["text"], a["lang"], b["text"], b["lang"], record["why"]))
                continue
            for side, name in (("src", a), ("ref", b)):
                mention = GoldMention(record["doc_id"], side, name["text"], name["lang"],
                                      record["entity"], record["pair"],
                                      bool(record.get("translated")))
                mentions.setdefault((mention.doc, side, mention.text), mention)
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: not an entity gold record ({error})") from None
    return list(mentions.values()), apart


def read_documents(path: Path, doc_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """(doc_id, side) -> text from the WMT document file, for the documents wanted."""
    wanted = set(doc_ids)
    texts: dict[tuple[str, str], str] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                if doc["doc_id"] in wanted:
                    texts[(doc["doc_id"], "src")] = doc["src_text"]
                    texts[(doc["doc_id"], "ref")] = doc["ref_text"]
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"cannot read WMT documents {path}: {error}") from None
    return texts


def pipeline_key_of() -> KeyOf:
    """Keys as babelwire assigns them (in the document when a text is given)."""
    from babelwire.analyse.entities import entity_key, extract_mentions

    cache: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def key_of(surface: str, lang: str, text: str | None) -> tuple[str, bool]:
        if text is not None:
            if (text, lang) not in cache:
                cache[(text, lang)] = [(m.surface, m.key) for m in extract_mentions(text, lang)]
            found = cache[(text, lang)]
            for written, key in found:
                if written == surface:
                    return key, True
        return entity_key(surface, lang), False

    return key_of


def evaluate_entities(
    mentions: list[GoldMention], apart: list[ApartPair], key_of: KeyOf,
    texts: dict[tuple[str, str], str] | None = None, worst: int = 15,
) -> EntityEvaluation:
    texts = texts or {}
    keys: list[str] = []
    found = 0
    for mention in mentions:
        key, was_found = key_of(mention.text, mention.lang, texts.get((mention.doc, mention.side)))
        keys.append(key)
        found += was_found
    overall = PairFigures()
    per_pair: dict[str, PairFigures] = defaultdict(PairFigures)
    missed: list[tuple[str, str, str, str]] = []
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        by_doc[mention.doc].append(index)
    for indices in by_doc.values():  # recall: pairs inside one document and its translation
        for i, j in combinations(indices, 2):
            if mentions[i].entity != mentions[j].entity:
                continue
            merged = bool(keys[i]) and keys[i] == keys[j]
            for figures in (overall, per_pair[mentions[i].pair]):
                figures.positive_pairs += 1
                figures.merged_positive += merged
            if not merged:
                missed.append((mentions[i].text, keys[i], mentions[j].text, keys[j]))
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key:
            by_key[key].append(index)
    false_merges: list[tuple[str, list[str]]] = []
    for key, indices in by_key.items():  # precision: every pair one key holds, across documents
        for i, j in combinations(indices, 2):
            correct = mentions[i].entity == mentions[j].entity
            overall.merged_pairs += 1
            overall.correct_merged += correct
            if mentions[i].pair == mentions[j].pair:
                per_pair[mentions[i].pair].merged_pairs += 1
                per_pair[mentions[i].pair].correct_merged += correct
        entities = Counter(mentions[i].entity for i in indices)
        if len(entities) > 1:
            false_merges.append((key, [name for name, _ in entities.most_common()]))
    false_merges.sort(key=lambda item: -len(item[1]))
    lookalike_merges = []
    for pair in apart:
        key_a, _ = key_of(pair.a, pair.lang_a, None)
        key_b, _ = key_of(pair.b, pair.lang_b, None)
        if key_a and key_a == key_b:
            lookalike_merges.append((pair, key_a))
    return EntityEvaluation(overall, dict(per_pair), len(mentions), found, len(apart),
                            lookalike_merges, false_merges[:worst], missed)
