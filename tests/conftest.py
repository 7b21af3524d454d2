"""Shared fixtures. Tests that need ../shared/benchmarks use the ``benchmarks`` fixture,
which skips with a reason when the folder is absent (a user's own clone)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from newslib import config

matplotlib.use("Agg")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def benchmarks() -> Path:
    """Path to ../shared/benchmarks; skips the test when it is absent."""
    path = config.benchmarks_dir()
    if path is None:
        pytest.skip("../shared/benchmarks is absent (set NEWSLIB_SHARED to run benchmark tests)")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return config.SAMPLE_CORPUS


@pytest.fixture(scope="session")
def seed_articles(seed_path):
    """The seed article loaded and cleaned: one row of the articles table."""
    from newslib import corpus

    return corpus.load_articles(seed_path)
