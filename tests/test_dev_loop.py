"""The test set-up itself: without the shared data, CI fails instead of skipping the data tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import REPO

# Each runs pytest again in a subprocess (about 20 s here): CI runs them, the quick loop does not.
pytestmark = pytest.mark.slow

# A quick data test (it only reads the shared WMT gold file).
DATA_TEST = "tests/test_goldsets.py::test_shared_wmt_docs"


def run_data_test(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BABELWIRE_SHARED_DIR": str(tmp_path / "no-shared-here")}
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", DATA_TEST, "-q", "-rs",
                           "-p", "no:cacheprovider"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_missing_shared_data_fails_under_ci_and_is_skipped_elsewhere(tmp_path: Path) -> None:
    under_ci = run_data_test(tmp_path, ci=True)
    assert under_ci.returncode == 1, under_ci.stdout
    # failed in set-up: pytest counts it as an error, which fails the run all the same
    assert "1 error" in under_ci.stdout and "under CI=true" in under_ci.stdout

    developer = run_data_test(tmp_path, ci=False)
    assert developer.returncode == 0, developer.stdout
    assert "1 skipped" in developer.stdout and "shared data not found" in developer.stdout


def collected(*args: str) -> set[str]:
    listing = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                              "-p", "no:cacheprovider", *args],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stdout + listing.stderr
    return {line for line in listing.stdout.splitlines() if "::" in line}


def test_the_quick_loop_leaves_out_encoder_tests_that_a_plain_run_keeps() -> None:
    # test_quality_gate_on_our_gold_set only takes the `encoder` fixture: conftest marks it slow.
    gate = "tests/test_evaluate.py::test_quality_gate_on_our_gold_set"
    everything = collected("tests/test_evaluate.py")
    quick = collected("tests/test_evaluate.py", "-m", "not slow")
    assert gate in everything and gate not in quick
    assert quick and quick < everything
