"""Where babelwire keeps what it builds once per machine (tables, the tuned encoder file)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$BABELWIRE_CACHE_DIR, else $XDG_CACHE_HOME/babelwire, else ~/.cache/babelwire."""
    chosen = os.environ.get("BABELWIRE_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "babelwire"
