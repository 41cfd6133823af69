"""The rooms in a real headless Chromium (Debian's package, as the report tests open it) and a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.conftest import ROOT, browser

__all__ = ["artifacts", "browser"]

ARTIFACTS = ROOT / "artifacts" / "rooms"


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
