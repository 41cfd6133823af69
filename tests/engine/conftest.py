"""Fixtures for the engine tests: small scenarios built in code, and real ANAC domains."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_scenarios import bilateral, trilateral

from accord.model import Scenario


@pytest.fixture(scope="session")
def two() -> Scenario:
    return bilateral()


@pytest.fixture(scope="session")
def three() -> Scenario:
    return trilateral()


@pytest.fixture(scope="session")
def car_a(scenarios_dir: Path) -> Scenario:
    from accord.formats import load_scenario

    return load_scenario(scenarios_dir / "genius" / "anac" / "y2012" / "CarA")
