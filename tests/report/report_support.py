"""Reading the figures a report file embeds, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_FIGURE = re.compile(r"\(function\(\)\{var f=(\{.*?\});Plotly\.newPlot\(")


def figures_in(path: Path) -> list[dict[str, Any]]:
    """The figures a report file embeds (data and layout), read without a browser."""
    text = path.read_text(encoding="utf-8")
    return [json.loads(m.group(1)) for m in _FIGURE.finditer(text)]


def traces_in(path: Path, kind: str) -> list[dict[str, Any]]:
    """The embedded traces whose ``meta.kind`` is ``kind``."""
    return [t for f in figures_in(path) for t in f["data"] if (t.get("meta") or {}).get("kind") == kind]
