"""Closing stories by time without scanning every open story per article (issue 24.9): the
heap in ActiveStories closes exactly the stories, in exactly the order, that the scan did
(touched before the cut-off and dated; then the oldest past the limit, ties in arrival order)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from babelwire.cluster.online import ActiveStories
from babelwire.cluster.scoring import StoryProfile


class ScanningStories:
    """The expiry as it was: a scan of every open story on each call."""

    def __init__(self) -> None:
        self.touched: dict[int, float] = {}
        self.dated: dict[int, bool] = {}

    def put(self, story_id: int, now: float, dated: bool) -> None:
        self.touched[story_id] = now
        self.dated[story_id] = dated

    def expire(self, before: float, limit: int) -> list[int]:
        closed = [s for s, t in self.touched.items() if t < before and self.dated[s]]
        for story_id in closed:
            del self.touched[story_id]
        while len(self.touched) > limit:
            oldest = min(self.touched, key=self.touched.__getitem__)
            closed.append(oldest)
            del self.touched[oldest]
        return closed


operations = st.lists(st.one_of(
    st.tuples(st.just("put"), st.integers(1, 30), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("expire"), st.integers(0, 45), st.integers(0, 35), st.just(False)),
), max_size=120)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_the_heap_closes_what_the_scan_closed_in_the_same_order(steps) -> None:
    index, reference = ActiveStories(2), ScanningStories()
    profiles: dict[int, StoryProfile] = {}
    for name, number, moment, dated in steps:
        if name == "put":
            if number not in index.profiles:  # a story closed earlier comes back as new
                profiles[number] = StoryProfile(number, 2, 2)
            profile = index.profiles.get(number, profiles[number])
            if dated or number not in reference.dated:  # once dated, a story stays dated
                profile.first_time = float(moment) if dated else None
            index.put(profile, float(moment))
            reference.put(number, float(moment), profile.first_time is not None)
        else:
            closed = [p.story_id for p in index.expire(float(number), limit=moment)]
            assert closed == reference.expire(float(number), moment)
            assert sorted(index.touched) == sorted(reference.touched)
    assert index.touched == reference.touched


def test_the_heap_stays_bounded_by_the_open_stories() -> None:
    index = ActiveStories(2)
    profile = StoryProfile(1, 2, 2)
    profile.first_time = 0.0
    for moment in range(20_000):  # one story touched again and again, never expired
        index.put(profile, float(moment))
    assert len(index._by_time) <= 2 * len(index) + 1024
