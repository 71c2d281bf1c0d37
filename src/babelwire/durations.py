"""Durations as people read them in log lines and CLI messages."""

from __future__ import annotations


def human_duration(seconds: float, minutes_from: float = 120.0, hours_from: float = 7200.0
                   ) -> str:
    """"45 s", "12 min", "2.5 h": seconds below `minutes_from`, minutes below `hours_from`."""
    if seconds < minutes_from:
        return f"{seconds:.0f} s"
    if seconds < hours_from:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
