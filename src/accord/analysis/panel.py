"""Whose interests an analysis weighs: a scenario's parties, by id, with their preferences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accord.errors import AnalysisError, ModelError
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = ["Panel", "select_parties"]


@dataclass(frozen=True)
class Panel:
    """The parties an analysis looks at, in order, with their preferences over one space."""

    ids: tuple[str, ...]
    preferences: tuple[Preferences, ...]
    space: OutcomeSpace

    def __post_init__(self) -> None:
        if len(self.ids) != len(self.preferences):
            raise AnalysisError("a panel needs one set of preferences per party")
        if len(self.ids) < 2:
            raise AnalysisError(f"an analysis of agreements needs at least two parties (found {len(self.ids)})")
        if len(set(self.ids)) != len(self.ids):
            raise AnalysisError("a party is listed twice: " + ", ".join(self.ids))
        for pid, prefs in zip(self.ids, self.preferences, strict=True):
            if prefs.space != self.space:
                raise AnalysisError(f"party {pid!r} has preferences over a different set of issues")

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def additive(self) -> bool:
        """Whether every party's utility is linear-additive (the fast, exact path)."""
        return all(isinstance(p.utility, LinearAdditive) for p in self.preferences)


def select_parties(
    scenario: Scenario, parties: Sequence[str] | None = None, *, include_mediator: bool = False
) -> Panel:
    """The panel for ``parties`` (default: the negotiators, in scenario order).

    ``include_mediator`` appends the mediator, whose own preferences then count like a
    party's (it must hold preferences). Naming the mediator in ``parties`` does the same.
    """
    ids = [p.id for p in scenario.negotiators] if parties is None else list(parties)
    if include_mediator:
        mediator = scenario.mediator
        if mediator is None:
            raise AnalysisError(f"scenario {scenario.id!r} has no mediator to include")
        if mediator.id not in ids:
            ids.append(mediator.id)
    prefs = []
    for pid in ids:
        try:
            prefs.append(scenario.preferences(pid))
        except ModelError as e:
            raise AnalysisError(str(e)) from None
    return Panel(tuple(ids), tuple(prefs), scenario.space)
