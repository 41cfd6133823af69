"""User strategy files written by the tests (a researcher's own code, outside accord)."""

from __future__ import annotations

from pathlib import Path

SPRINT = '''
"""A researcher's strategy in a plain file: Boulware-like, with a parameter."""

from accord.engine.strategies import Param, PartyStrategy


class Sprint(PartyStrategy):
    """Concedes as 1 - t**k from its best outcome to its floor."""

    params = (Param("k", float, 3.0, "concession exponent", low=0.1, high=50.0),)
    k: float

    def target(self, view):
        return self.u_max - (self.u_max - self.floor) * view.time ** self.k


class NotAStrategy:
    pass
'''


def write_sprint(folder: Path, name: str = "sprint.py") -> Path:
    path = folder / name
    path.write_text(SPRINT, encoding="utf-8")
    return path
