"""Shared test fixtures: where the real external domains live."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import SCENARIOS


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The folder of real GENIUS / GeniusWeb / ANL domains (``../shared/scenarios``)."""
    if not SCENARIOS.is_dir():
        pytest.fail(f"the shared scenarios folder is missing: {SCENARIOS}")
    return SCENARIOS
