"""Open stories by entity key, as bit masks over the rows of the candidate index (issue 24, item 9).

A common name reaches most open stories: counting how many of an article's rare keys each
story shares was a `Counter` over sets of up to a thousand story ids per key, the largest cost
of finding candidates. Here each key holds a Python int whose bit r is set when the story in
row r of `ActiveStories` has the key. The counts come from a few big-int operations (a
bit-sliced adder) and numpy, and the order is the one of the sets: most keys shared first,
then the lower story id (tests/test_cluster_key_rows.py checks them against the `Counter`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


class KeyRows:
    """key -> bit mask of the rows holding a story with that key; row -> story id."""

    def __init__(self) -> None:
        self._masks: dict[str, int] = {}
        self._ids = np.zeros(64, dtype=np.int64)

    def add(self, keys: Iterable[str], row: int, story_id: int) -> None:
        """The story in `row` has `keys` (more may be added to a row later)."""
        if row >= len(self._ids):
            self._ids = np.concatenate([self._ids, np.zeros(max(row + 1, len(self._ids)),
                                                            dtype=np.int64)])
        self._ids[row] = story_id
        bit = 1 << row
        masks = self._masks
        for key in keys:
            masks[key] = masks.get(key, 0) | bit

    def discard(self, keys: Iterable[str], row: int) -> None:
        """The story in `row` leaves: clear its bit under each of its keys."""
        bit = 1 << row
        masks = self._masks
        for key in keys:
            mask = masks.get(key)
            if mask is not None and mask & bit:
                if mask == bit:
                    del masks[key]
                else:
                    masks[key] = mask ^ bit

    def move(self, keys: Iterable[str], source: int, target: int, story_id: int) -> None:
        """The story in row `source` moves to the free row `target` (its bits with it)."""
        self._ids[target] = story_id
        source_bit, target_bit = 1 << source, 1 << target
        masks = self._masks
        for key in keys:
            mask = masks.get(key)
            if mask is not None and mask & source_bit:
                masks[key] = (mask ^ source_bit) | target_bit

    def sharing(self, keys: Sequence[str], k: int) -> list[int]:
        """The ids of the `k` stories that share the most of `keys`, ties to the lower id."""
        masks = [self._masks[key] for key in keys if key in self._masks]
        if not masks:
            return []
        # planes[j]: bit r set when bit j of row r's count is; a ripple-carry add per key
        planes: list[int] = []
        anywhere = 0
        for mask in masks:
            anywhere |= mask
            carry = mask
            for j, plane in enumerate(planes):
                planes[j], carry = plane ^ carry, plane & carry
                if not carry:
                    break
            if carry:
                planes.append(carry)
        if anywhere.bit_count() <= 1:  # one story (as the sets gave it, whatever k)
            return self._ids_of(anywhere)
        # by level, the most shared first: the rows with exactly `count` keys, lower ids first
        found: list[int] = []
        for count in range(len(masks), 0, -1):
            if len(found) >= k:
                break
            if count >> len(planes):
                continue
            level = anywhere
            for j, plane in enumerate(planes):
                level &= plane if count >> j & 1 else ~plane
            if level:
                found += self._ids_of(level, k - len(found))
        return found

    def _ids_of(self, mask: int, limit: int | None = None) -> list[int]:
        """The ids of the rows in `mask`, ascending; only the `limit` lowest when given."""
        if mask.bit_count() <= 8:  # a few rows: bit by bit
            rows = []
            while mask:
                low = mask & -mask
                rows.append(low.bit_length() - 1)
                mask ^= low
            ids = sorted(self._ids[rows].tolist())
            return ids if limit is None else ids[:limit]
        size = (mask.bit_length() + 7) // 8
        bits = np.unpackbits(np.frombuffer(mask.to_bytes(size, "little"), dtype=np.uint8),
                             bitorder="little")
        chosen = self._ids[np.flatnonzero(bits)]
        if limit is not None and len(chosen) > limit:
            chosen = np.partition(chosen, limit - 1)[:limit] if limit > 0 else chosen[:0]
        chosen.sort()
        return chosen.tolist()
