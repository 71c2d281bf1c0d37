"""The candidate index's stories by shared entity key (`cluster/key_rows.py`, issue 24, item 9)
against the sets and `Counter` they replaced: after any history of stories opened, grown and
closed, `sharing_keys` gives the same stories in the same order.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.cluster.key_rows import KeyRows
from babelwire.cluster.online import ActiveStories
from babelwire.cluster.scoring import StoryProfile

KEYS = [f"k{i}" for i in range(12)]
DIM = 4


def reference_sharing(profiles: dict[int, StoryProfile], keys: list[str], k: int) -> list[int]:
    """The index as it was: a set of story ids per key, counted, sorted by (-hits, id)."""
    holders: dict[str, set[int]] = {}
    for story_id, profile in profiles.items():
        for key in profile.entity_counts:
            holders.setdefault(key, set()).add(story_id)
    hits: Counter[int] = Counter()
    for key in keys:
        hits.update(holders.get(key, ()))
    if len(hits) <= 1:
        return list(hits)
    return sorted(hits, key=lambda story_id: (-hits[story_id], story_id))[:k]


# an operation: ("open", keys), ("grow", which open story, keys), ("close", which open story)
operations = st.lists(st.one_of(
    st.tuples(st.just("open"), st.lists(st.sampled_from(KEYS), max_size=5)),
    st.tuples(st.just("grow"), st.integers(0, 10**6), st.lists(st.sampled_from(KEYS),
                                                               max_size=3)),
    st.tuples(st.just("close"), st.integers(0, 10**6))), max_size=120)


@settings(max_examples=150, deadline=None)
@given(operations, st.lists(st.lists(st.sampled_from(KEYS), max_size=7, unique=True),
                            min_size=1, max_size=4), st.integers(1, 12))
def test_sharing_keys_equals_the_counted_sets(history, queries, k):
    index = ActiveStories(DIM)
    next_id = 1
    for step, operation in enumerate(history):
        if operation[0] == "open":
            profile = StoryProfile(next_id, DIM)
            next_id += 1
            profile.entity_counts.update(operation[1])
            index.put(profile, float(step))
        elif index.profiles and operation[0] == "grow":
            profile = list(index.profiles.values())[operation[1] % len(index.profiles)]
            profile.entity_counts.update(operation[2])
            index.put(profile, float(step))
        elif index.profiles:
            index.remove(list(index.profiles)[operation[1] % len(index.profiles)])
    for keys in queries:
        assert index.sharing_keys(keys, k) == reference_sharing(index.profiles, keys, k)


def test_many_rows_and_ties_by_id():
    """Past one machine word of rows, and a common key held by most stories: the order is
    the most shared first, then the lower id, whatever the rows' order."""
    rows = KeyRows()
    rng = np.random.default_rng(3)
    ids = rng.permutation(np.arange(1, 3001))[:700]
    held: dict[int, set[str]] = {}
    for row, story_id in enumerate(ids.tolist()):
        keys = {"common"} if rng.random() < 0.9 else set()
        keys |= {f"r{int(i)}" for i in rng.integers(0, 20, size=2)}
        held[story_id] = keys
        rows.add(keys, row, story_id)
    query = ["r3", "common", "r7", "r11"]
    hits = {s: len(keys & set(query)) for s, keys in held.items() if keys & set(query)}
    ranked = sorted(hits, key=lambda s: (-hits[s], s))
    for k in (1, 10, 25, len(ranked) - 1, len(ranked), 1000):  # in a level, or all of them
        assert rows.sharing(query, k) == ranked[:k]
    assert rows.sharing(["nobody"], 5) == []
