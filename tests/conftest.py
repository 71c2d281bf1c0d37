"""Shared fixtures: temp databases and the real encoder (loaded once); the `slow` and
`shared_data` markers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that loads the real encoder is slow (seconds), so `pytest -m "not slow"`
    leaves it out without each test having to say so."""
    for item in items:
        if "encoder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `shared_data(path, ...)` (builders.shared_data) are skipped when a path is
    missing, except under CI=true, where that is a failure: CI must run the data tests."""
    for marker in item.iter_markers("shared_data"):
        missing = [str(path) for path in marker.args if not Path(path).exists()]
        if not missing:
            continue
        reason = (f"shared data not found: {', '.join(missing)} (the `shared` folder beside "
                  "the repository, or $BABELWIRE_SHARED_DIR)")
        if under_ci():
            pytest.fail(reason + "; under CI=true the data tests must run", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def encoder():
    """The real multilingual encoder the shipped model was fitted with, loaded once."""
    from babelwire.encoder.choice import default_encoder

    return default_encoder()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


# -- PostgreSQL: a throwaway cluster per test session (scripts/pg-throwaway.sh) ---------------

REPO_ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = REPO_ROOT / "scripts" / "pg-throwaway.sh"


class PostgresServer:
    """A running server; `database()` gives the URL of a new, empty database on it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rsplit("/", 1)[0]
        self._count = 0

    def database(self, prefix: str = "t") -> str:
        import uuid

        self._count += 1
        return f"{self.base_url}/{prefix}_{self._count}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def postgres_server():
    """$BABELWIRE_TEST_PG_URL if set (a server someone started), else a throwaway cluster
    started here. Without PostgreSQL's server binaries the PostgreSQL tests are skipped, except
    under CI=true, where that is a failure: CI must test both backends."""
    import shlex
    import subprocess

    given = os.environ.get("BABELWIRE_TEST_PG_URL")
    if given:
        yield PostgresServer(given)
        return
    started = subprocess.run(["bash", str(PG_SCRIPT), "start"], capture_output=True, text=True)
    if started.returncode != 0:
        reason = (f"no PostgreSQL server for the PostgreSQL tests ({PG_SCRIPT.name}: "
                  f"{started.stderr.strip()[-300:]})")
        if under_ci():
            pytest.fail(reason + "; under CI=true both backends must be tested")
        pytest.skip(reason)
    values = dict(line.removeprefix("export ").split("=", 1)
                  for line in started.stdout.splitlines() if "=" in line)
    values = {key: shlex.split(value)[0] for key, value in values.items()}
    try:
        yield PostgresServer(values["BABELWIRE_PG_URL"])
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", values["BABELWIRE_PG_DIR"]],
                       capture_output=True)


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request, tmp_path: Path) -> str:
    """Where a fresh store lives: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.database()
