"""Inline SVG charts as plain geometry for the templates: no JavaScript, no external assets.

`sparkline` bins a story's articles over its own time span; `lanes` draws one row per language
(story page) or per story (entity page) with a dot per article on a shared time axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

HOUR = 3600
DAY = 24 * HOUR
_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY]


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int


@dataclass
class Sparkline:
    width: int
    height: int
    bars: list[Bar]
    label: str  # for screen readers: "6 articles over 27 hours"


def sparkline(published: Sequence[str | None], bins: int = 16, width: int = 120,
              height: int = 28) -> Sparkline:
    times = sorted(t.timestamp() for t in map(parse_time, published) if t is not None)
    counts = [0] * bins
    if times:
        start, end = times[0], times[-1]
        span = max(end - start, HOUR)
        for t in times:
            counts[min(bins - 1, int((t - start) / span * bins))] += 1
    top = max(counts) or 1
    slot = width / bins
    bars = [Bar(x=round(i * slot + 1, 2), y=round(height - max(2.0, n / top * height), 2),
                width=round(slot - 2, 2), height=round(max(2.0, n / top * height), 2), count=n)
            for i, n in enumerate(counts) if n]
    return Sparkline(width, height, bars, f"{len(published)} articles over "
                     f"{describe_span(times[-1] - times[0]) if times else 'no known time'}")


def describe_span(seconds: float) -> str:
    if seconds < HOUR:
        return "less than an hour"
    if seconds < 2 * DAY:
        hours = round(seconds / HOUR)
        return f"{hours} hour{'s' * (hours != 1)}"
    return f"{round(seconds / DAY)} days"


@dataclass
class Dot:
    x: float
    y: float
    href: str
    title: str


@dataclass
class Lane:
    label: str
    y: float
    href: str | None
    count: int
    lang: str | None = None  # language of the label text, for the lang attribute
    dots: list[Dot] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class LaneChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    lanes: list[Lane]
    ticks: list[Tick]
    undated: int
    label: str


@dataclass
class LaneInput:
    label: str
    href: str | None
    items: list[tuple[str | None, str, str]]  # (published, link, tooltip)
    lang: str | None = None


# How a moment known only to the day, month or year is written: never with an invented time
_PARTIAL = {"day": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def lanes(rows: Sequence[LaneInput], width: int = 640, label_width: int = 110,
          lane_height: int = 30, what: str = "articles", precision: str | None = None
          ) -> LaneChart:
    """Lanes of dots over time. `precision` ("day", "month", "year"): every dated item is known
    only so far, so tips, ticks and the label show no time of day ("Sep 2020", not
    "01 Sep 00:00")."""
    shown = _PARTIAL.get(precision or "", "%d %b %Y %H:%M")
    zone = "" if precision in _PARTIAL else " UTC"
    stamped = [(parse_time(p), link, tip) for row in rows for p, link, tip in row.items]
    times = [t.timestamp() for t, _, _ in stamped if t is not None]
    start, end = (min(times), max(times)) if times else (0.0, 1.0)
    pad = max((end - start) * 0.04, HOUR / 2)
    start, end = start - pad, end + pad
    left, right, top = label_width + 10, width - 40, 8
    scale = (right - left) / (end - start)
    chart_lanes = []
    undated = 0
    for index, row in enumerate(rows):
        y = top + index * lane_height + lane_height / 2
        lane = Lane(row.label, y, row.href, len(row.items), row.lang)
        for published, link, tip in row.items:
            moment = parse_time(published)
            if moment is None:
                undated += 1
                continue
            lane.dots.append(Dot(round(left + (moment.timestamp() - start) * scale, 1), y, link,
                                 f"{tip} — {moment.strftime(shown)}{zone}"))
        chart_lanes.append(lane)
    height = top + len(rows) * lane_height + 26
    if precision in _PARTIAL:  # a tick at each known date, labelled as far as it is known
        ticks = [Tick(round(left + (t - start) * scale, 1), _fmt(t, shown))
                 for t in sorted(set(times))][:8]
    else:
        ticks = [Tick(round(left + (t - start) * scale, 1), label)
                 for t, label in _ticks(start, end)] if times else []
    first, last = _fmt(start + pad, shown), _fmt(end - pad, shown)
    label = (f"{len(times)} {what} in {len(rows)} rows "
             + (f"from {first} to {last}{zone}" if first != last else f"in {first}")
             if times else f"no dated {what}")
    return LaneChart(width, height, left, right, chart_lanes, ticks, undated, label)


def _fmt(timestamp: float, pattern: str) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime(pattern)


def _ticks(start: float, end: float, most: int = 6) -> list[tuple[float, str]]:
    span = end - start
    step = next((s for s in _STEPS if span / s <= most), 0)
    if step:
        first = (int(start) // step + 1) * step
        pattern = "%d %b" if step >= DAY else "%d %b %H:%M"
        return [(t, _fmt(t, pattern)) for t in range(first, int(end) + 1, step)]
    # Months (or years for very long spans): ticks on the first of a month.
    months = max(1, round(span / (30 * DAY) / most + 0.5))
    moment = datetime.fromtimestamp(start, tz=UTC).replace(day=1, hour=0, minute=0, second=0)
    ticks = []
    while moment.timestamp() <= end:
        if moment.timestamp() >= start:
            ticks.append((moment.timestamp(), moment.strftime("%b %Y")))
        month = moment.month - 1 + months
        moment = moment.replace(year=moment.year + month // 12, month=month % 12 + 1)
    return ticks

