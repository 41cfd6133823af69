"""Shared test fixtures: where the real external domains live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from shared_data import SCENARIOS

# On CI, property tests draw the same examples every run (a failure there is reproducible);
# elsewhere they explore new ones each run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The folder of real GENIUS / GeniusWeb / ANL domains (``../shared/scenarios``)."""
    if not SCENARIOS.is_dir():
        pytest.fail(f"the shared scenarios folder is missing: {SCENARIOS}")
    return SCENARIOS
