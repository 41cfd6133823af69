"""Helpers for the tournament tests: a small league on real domains."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterable
from pathlib import Path

from accord.tournament import Record, ResultStore, TournamentConfig, run_tournament

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios"
CAMERA_B = SHARED / "genius" / "anac" / "y2012" / "CameraB"


def small_config(**changes: object) -> TournamentConfig:
    """Three strategies (one random), a GENIUS domain and an embedded one, 2 repetitions."""
    fields: dict[str, object] = {
        "name": "small",
        "strategies": ("boulware", "conceder", "random(p=0.3)"),
        "scenarios": (str(CAMERA_B), "job-offer"),
        "deadline": 40,
        "repetitions": 2,
        "seed": 11,
    }
    fields.update(changes)
    return TournamentConfig(**fields)  # type: ignore[arg-type]


def stored(path: Path) -> list[Record]:
    with ResultStore(path, readonly=True) as store:
        return store.records()


def results(records: Iterable[Record]) -> list[tuple[object, ...]]:
    """The records without timings, in plan order."""
    return [r.result() for r in sorted(records, key=lambda r: r.number)]


@functools.cache
def reference() -> tuple[Record, ...]:
    """The small league played serially: what every back-end must reproduce."""
    with tempfile.TemporaryDirectory(prefix="accord-reference-") as folder:
        path = Path(folder) / "serial.sqlite"
        run_tournament(small_config(), path)
        return tuple(stored(path))
