"""Where the real external domains live: ``../shared/scenarios`` beside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()
SCENARIOS = SHARED / "scenarios"

SMALL_TOURNAMENT = """
name = "small"
strategies = ["boulware", "conceder"]
scenarios = ["job-offer"]
deadline = 20
repetitions = 1
seed = 1
"""
"""A tournament configuration that plays in a second (two strategies, one small scenario)."""
