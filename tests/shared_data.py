"""Where the real external domains live: ``../shared/scenarios`` beside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()
SCENARIOS = SHARED / "scenarios"
