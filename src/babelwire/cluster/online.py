"""Online story clustering: each article joins a story, or opens one, the moment it arrives.

River-style contract: `learn_one(article)` assigns and updates, `predict_one(article)` only
scores; `to_state()`/`from_state()` save and restore everything needed to continue the stream.
A batch run is the same code over articles sorted by date.
"""

from __future__ import annotations

import base64
import heapq
from collections import Counter
from collections.abc import Collection
from typing import Any, Protocol

import numpy as np

from babelwire.cluster.conflicts import event_conflict
from babelwire.cluster.decision import decide
from babelwire.cluster.key_rows import KeyRows
from babelwire.cluster.language_means import LanguageMeans
from babelwire.cluster.model import (
    candidate_features,
    new_language_means,
    probability,
    threshold_for,
    weighed_features,
)
from babelwire.cluster.scoring import (
    EntityRarity,
    StoryProfile,
    fact_keys,
    is_exactly_dated,
    precision_seconds,
)
from babelwire.models import Article, Assignment
from babelwire.settings import Settings

_RARE_KEYS_PER_ARTICLE = 6  # entity keys used to look up candidate stories
MAX_ACTIVE_STORIES = 50_000  # bounds memory for undated streams, where nothing expires by time
# Stories closed by time that undated articles, and dated ones older than the stream's clock,
# may still join (an undated file about a 2020 event, or a page of 2020 ingested after 2026
# pages, must still find its story). Kept slim: the centroid and one recent vector each.
CLOSED_STORIES_KEPT = 500
_CLOSED_RECENT_KEPT = 1


class Clusterer(Protocol):
    """What the pipeline needs of any clusterer; tests/test_cluster_contract.py checks it."""

    def learn_one(self, article: Article) -> Assignment: ...

    def predict_one(self, article: Article) -> Assignment: ...

    def to_state(self) -> dict[str, Any]: ...


class ActiveStories:
    """Stories still open for articles, indexed by centroid (a matrix) and by entity key."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.profiles: dict[int, StoryProfile] = {}
        self.touched: dict[int, float] = {}  # stream time of each story's last article
        self._row_of: dict[int, int] = {}
        self._ids: list[int] = []
        self._centroids = np.zeros((64, dim), dtype=np.float32)
        self._by_key = KeyRows()  # which rows' stories have each entity key
        # Expiry without scanning every open story per article: a heap of (touched, arrival,
        # story id), an entry current while touched[story] is still its time (older ones are
        # dropped when they reach the top). `arrival` breaks ties as the scan did (dict order).
        self._by_time: list[tuple[float, int, int]] = []
        self._arrival: dict[int, int] = {}
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._ids)

    def put(self, profile: StoryProfile, now: float) -> None:
        story_id = profile.story_id
        row = self._row_of.get(story_id)
        if row is None:
            if len(self._ids) == len(self._centroids):
                self._centroids = np.vstack([self._centroids, np.zeros_like(self._centroids)])
            row = self._row_of[story_id] = len(self._ids)
            self._ids.append(story_id)
            self.profiles[story_id] = profile
            self._arrival[story_id] = self._arrivals
            self._arrivals += 1
        self._centroids[row] = profile.centroid
        # never earlier than it was: a late or imprecisely dated article does not make a story
        # older than its latest member
        now = self.touched[story_id] = max(now, self.touched.get(story_id, now))
        heapq.heappush(self._by_time, (now, self._arrival[story_id], story_id))
        if len(self._by_time) > 2 * len(self._ids) + 1024:  # mostly outdated entries: rebuild
            self._by_time = [(t, self._arrival[s], s) for s, t in self.touched.items()]
            heapq.heapify(self._by_time)
        self._by_key.add(profile.entity_counts, row, story_id)

    def remove(self, story_id: int) -> None:
        row = self._row_of.pop(story_id)
        profile = self.profiles.pop(story_id)
        self._by_key.discard(profile.entity_counts, row)
        last_id = self._ids.pop()
        if last_id != story_id:  # move the last row into the hole
            self._ids[row] = last_id
            self._row_of[last_id] = row
            self._centroids[row] = self._centroids[len(self._ids)]
            self._by_key.move(self.profiles[last_id].entity_counts, len(self._ids), row, last_id)
        del self.touched[story_id]
        del self._arrival[story_id]

    def expire(self, before: float, limit: int = MAX_ACTIVE_STORIES) -> list[StoryProfile]:
        """Close the dated stories last touched before `before`, and the oldest ones past
        `limit`; return what was closed. A story of undated articles only has no time to
        expire by: it stays open (within `limit`) for the dated articles of its event."""
        expired: dict[int, int] = {}  # story id: arrival
        undated: list[tuple[float, int, int]] = []
        while (oldest := self._oldest()) is not None and oldest[0] < before:
            entry = heapq.heappop(self._by_time)  # (a story touched twice at one time: twice)
            if self.profiles[entry[2]].first_time is None:
                undated.append(entry)
            else:
                expired[entry[2]] = entry[1]
        for entry in undated:  # still open: back in the heap
            heapq.heappush(self._by_time, entry)
        closed = []
        for story_id in sorted(expired, key=expired.__getitem__):  # arrival order, as before
            closed.append(self.profiles[story_id])
            self.remove(story_id)
        while len(self._ids) > limit:
            oldest = self._oldest()
            assert oldest is not None
            closed.append(self.profiles[oldest[2]])
            self.remove(oldest[2])
        return closed

    def _oldest(self) -> tuple[float, int, int] | None:
        """The current entry of the story touched longest ago (ties: first arrived)."""
        heap = self._by_time
        while heap:
            touched, _, story_id = heap[0]
            if self.touched.get(story_id) == touched:
                return heap[0]
            heapq.heappop(heap)
        return None

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        count = len(self._ids)
        if count == 0:
            return []
        # Not `@`: OpenBLAS runs a matrix-vector product this size on several threads, whose
        # hand-off costs more than the product and which spin on the other cores (BENCHMARKS.md).
        similarities = np.einsum("ij,j->i", self._centroids[:count], vector)
        top = np.argpartition(-similarities, k)[:k] if count > k else np.arange(count)
        return [self._ids[i] for i in top]

    def sharing_keys(self, keys: list[str], k: int) -> list[int]:
        """The `k` stories that share the most of `keys`; ties go to the older story (lower
        id), not to the order of the index's sets, which its history decides."""
        return self._by_key.sharing(keys, k)


class OnlineClusterer:
    def __init__(self, dim: int, settings: Settings | None = None, next_story_id: int = 1) -> None:
        self.settings = settings or Settings()
        self.dim = dim
        self.next_story_id = next_story_id
        self.stream_time = 0.0  # latest publication time seen; undated articles arrive "now"
        self.rarity = EntityRarity()
        self.means: LanguageMeans = new_language_means(dim)
        self.active = ActiveStories(dim)
        self.closed = ActiveStories(dim)  # recently closed stories, for undated articles

    def scored_candidates(self, article: Article, also: int | None = None,
                          wanted: Collection[str] | None = None
                          ) -> list[tuple[int, dict[str, float]]]:
        """(story id, features) of every candidate story, and of the active story `also` when
        the index did not offer it; `tune` learns from these rows. With `wanted`, the rows
        may hold only those features (`candidate_features`)."""
        candidates = self.candidates(article)
        if also is not None and also in self.active.profiles and also not in candidates:
            candidates.append(also)
        stories = [self.profile(story_id) for story_id in candidates]
        rows = candidate_features(article, stories, self.rarity, self.means, self.settings,
                                  wanted)
        return list(zip(candidates, rows, strict=True))

    def predict_one(self, article: Article) -> Assignment:
        """The highest-scoring candidate story that clears its threshold, else a new story."""
        scored = self.scored_candidates(article, wanted=weighed_features(self.settings))
        best_id, best_score, top_score = -1, 0.0, 0.0
        for story_id, values in scored:
            score = probability(values, self.settings)
            top_score = max(top_score, score)
            story = self.profile(story_id)
            passes = score >= threshold_for(article, story, self.settings)
            if passes and score > best_score and event_conflict(article, story, score) is None:
                best_id, best_score = story_id, score
        if best_id != -1:
            return Assignment(best_id, False, best_score, len(scored))
        return Assignment(-1, True, top_score, len(scored))

    def learn_one(self, article: Article) -> Assignment:
        if article.vector is None:
            raise ValueError("article has no vector: embed it before clustering")
        self.advance_clock(article)  # expire stories first, so they are not candidates
        # predict_one's choice, without scoring the candidates that cannot clear the threshold
        candidates = self.candidates(article)
        story_id, score = decide(article, [(c, self.profile(c)) for c in candidates],
                                 self.rarity, self.means, self.settings)
        if story_id == -1:
            opened = self.assign_to(article, None)
            return Assignment(opened.story_id, True, 0.0, len(candidates))
        self.assign_to(article, story_id)
        return Assignment(story_id, False, score, len(candidates))

    def assign_to(self, article: Article, story_id: int | None) -> Assignment:
        """Put the article in an active story, or in a new one when `story_id` is None.

        `learn_one` decides with the model; tuning uses this directly to follow gold labels.
        """
        if article.vector is None:
            raise ValueError("article has no vector: embed it before clustering")
        now = self.advance_clock(article)
        if story_id is not None and story_id in self.closed.profiles:
            profile = self.closed.profiles[story_id]  # a late article joins a closed story
            profile.add(article)
            self.closed.put(profile, self.closed.touched[story_id])
        else:
            if story_id is None or story_id not in self.active.profiles:
                profile = StoryProfile(self.next_story_id, self.dim, self.settings.members_kept)
                self.next_story_id += 1
            else:
                profile = self.active.profiles[story_id]
            profile.add(article)
            self.active.put(profile, now)
        self.rarity.learn(article.entity_keys)
        self.means.learn(article.lang, article.vector)
        return Assignment(profile.story_id, profile.size == 1, 0.0, 0)

    def advance_clock(self, article: Article) -> float:
        """Move the stream's time to an article dated to the day (closing the stories it left
        behind) and return the time its story is touched at: its own; the stream's for an
        undated one; the end of its month or year for one dated that loosely, which keeps the
        story open for the reports of that month, whenever they arrive."""
        timestamp = article.timestamp
        if timestamp is None:
            return self.stream_time
        if not is_exactly_dated(article):
            return max(timestamp + precision_seconds(article.published_precision), 0.0)
        if timestamp > self.stream_time:
            self.stream_time = timestamp
            for profile in self.active.expire(
                    before=timestamp - self.settings.window_days * 86400):
                self.keep_closed(profile)
        return max(timestamp, 0.0)

    def keep_closed(self, profile: StoryProfile) -> None:
        """Keep a closed story, slimmed, for undated articles (the oldest go past the limit)."""
        while len(profile.recent_vectors) > _CLOSED_RECENT_KEPT:
            profile.recent_vectors.popleft()
        self.closed.put(profile, profile.last_time or self.stream_time)
        self.closed.expire(before=float("-inf"), limit=CLOSED_STORIES_KEPT)

    def profile(self, story_id: int) -> StoryProfile:
        """An open story's profile, or a recently closed one's (undated articles see those)."""
        found = self.active.profiles.get(story_id)
        return found if found is not None else self.closed.profiles[story_id]

    def candidates(self, article: Article) -> list[int]:
        assert article.vector is not None
        # rarest first; keys of equal weight by name, not in the set's order (the string hash,
        # seeded anew in every process: tests/test_cluster_determinism.py)
        weight = self.rarity.weight
        rare_keys = sorted(article.entity_keys, key=lambda key: (-weight(key), key))
        # an article not dated to the day, or dated before the stream's clock (ingested after
        # later news), may report an event whose story has closed
        in_time = (is_exactly_dated(article) and article.timestamp is not None
                   and article.timestamp >= self.stream_time)
        indexes = [self.active] if in_time else [self.active, self.closed]
        found: list[int] = []
        for index in indexes:
            found += index.nearest(article.vector, self.settings.vector_candidates)
            found += index.sharing_keys(rare_keys[:_RARE_KEYS_PER_ARTICLE],
                                        self.settings.entity_candidates)
        return list(dict.fromkeys(found))

    # -- saving and restoring -------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Plain JSON-serialisable data holding everything needed to continue the stream."""
        return {
            "version": 3,
            "dim": self.dim,
            "next_story_id": self.next_story_id,
            "stream_time": self.stream_time,
            "rarity": {"documents": self.rarity.document_count,
                       "frequency": dict(self.rarity.document_frequency)},
            # float64, as kept in memory: a restored stream must score exactly the same
            "language_means": {lang: {"count": self.means.counts[lang],
                                      "sum64": base64.b64encode(np.ascontiguousarray(
                                          total, dtype=np.float64).tobytes()).decode()}
                               for lang, total in self.means.sums.items()},
            "stories": [_profile_to_state(p, self.active.touched[p.story_id])
                        for p in self.active.profiles.values()],
            "closed_stories": [_profile_to_state(p, self.closed.touched[p.story_id])
                               for p in self.closed.profiles.values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], settings: Settings | None = None) -> OnlineClusterer:
        # 1: before language means and entity kinds; 2: before leads and closed stories
        if state.get("version") not in (1, 2, 3):
            raise ValueError(f"unsupported clusterer state version {state.get('version')!r}")
        clusterer = cls(state["dim"], settings, state["next_story_id"])
        clusterer.stream_time = state["stream_time"]
        clusterer.rarity.document_count = state["rarity"]["documents"]
        clusterer.rarity.document_frequency = Counter(state["rarity"]["frequency"])
        for lang, mean in state.get("language_means", {}).items():
            clusterer.means.sums[lang] = np.frombuffer(base64.b64decode(mean["sum64"]),
                                                       dtype=np.float64).copy()
            clusterer.means.counts[lang] = float(mean["count"])
        for story in state["stories"]:
            profile, touched = _profile_from_state(story, clusterer.dim,
                                                   clusterer.settings.members_kept)
            clusterer.active.put(profile, touched)
        for story in state.get("closed_stories", []):
            profile, touched = _profile_from_state(story, clusterer.dim, _CLOSED_RECENT_KEPT)
            clusterer.closed.put(profile, touched)
        return clusterer


def _encode_array(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.float32).tobytes()).decode()


def _decode_array(text: str, dim: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.float32).reshape(-1, dim).copy()


def _profile_to_state(profile: StoryProfile, touched: float) -> dict[str, Any]:
    return {
        "id": profile.story_id, "size": profile.size, "touched": touched,
        "vector_sum": _encode_array(profile.vector_sum),
        "recent": _encode_array(np.array(list(profile.recent_vectors))),
        "entities": dict(profile.entity_counts), "entity_kinds": profile.entity_kinds,
        "facts": dict(profile.fact_counts),
        "languages": dict(profile.language_counts),
        "first_time": profile.first_time, "last_time": profile.last_time,
        "leads": dict(profile.lead_counts),
        "weekdays": {str(day): n for day, n in profile.weekday_counts.items()},
        "text_span": [profile.text_first, profile.text_last],
        "exact_members": profile.exact_members,
    }


def _profile_from_state(data: dict[str, Any], dim: int, kept: int) -> tuple[StoryProfile, float]:
    profile = StoryProfile(data["id"], dim, kept)
    profile.size = data["size"]
    profile.vector_sum = _decode_array(data["vector_sum"], dim)[0]
    profile.recent_vectors.extend(_decode_array(data["recent"], dim))
    profile.entity_counts = Counter(data["entities"])
    profile.entity_kinds = dict(data.get("entity_kinds", {}))
    profile.fact_counts = Counter(data["facts"])
    profile.language_counts = Counter(data["languages"])
    profile.first_time, profile.last_time = data["first_time"], data["last_time"]
    profile.lead_counts = Counter(data.get("leads", {}))
    profile.weekday_counts = Counter({int(day): n for day, n in data.get("weekdays", {}).items()})
    profile.text_first, profile.text_last = data.get("text_span", [None, None])
    # states before version 3 did not count them: members with a known time, as a best guess
    profile.exact_members = data.get("exact_members",
                                     profile.size if data["first_time"] is not None else 0)
    profile.forget_derived()
    return profile, data["touched"]


__all__ = ["ActiveStories", "Clusterer", "OnlineClusterer", "fact_keys"]
