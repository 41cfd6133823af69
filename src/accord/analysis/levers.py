"""Levers: what each action outside the table (and each pair of them) does to the chances of a deal.

A :class:`~accord.model.uncertainty.Lever` changes other parties' reservation values,
weights, option values or red lines. :func:`rank_levers` applies each lever, and each pair
of levers (their effects add up), to the scenario and measures, against the scenario as it
is: the exact size of the zone of possible agreement (:func:`accord.analysis.zopa`) and
whether it opens or closes, where the Nash package moves and what it gives each party, and,
when asked (``runs > 0``), the share of simulated runs that end in agreement (the engine's
runs under seeds ``0 .. runs - 1``). The ranking: opening a closed zone first, then the
largest growth of the zone, then the cost to the party that pulls the lever.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from accord.analysis.panel import Panel, select_parties
from accord.analysis.pareto import frontier_of
from accord.analysis.solutions import Solution, nash
from accord.analysis.zopa import zopa_of
from accord.errors import AnalysisError
from accord.model.preferences import Preferences
from accord.model.scenario import Party, Scenario
from accord.model.uncertainty import Lever, apply_effects

__all__ = ["LeverEffect", "rank_levers"]


@dataclass(frozen=True)
class LeverEffect:
    """What pulling ``levers`` (one or two) does; ``zone`` None when only bounds are known."""

    levers: tuple[str, ...]
    names: tuple[str, ...]
    by: tuple[str, ...]
    cost: float
    zone: int | None
    zone_before: int | None
    opens: bool
    closes: bool
    nash: Solution | None
    nash_before: Solution | None
    agreement_rate: float | None = None

    @property
    def growth(self) -> int:
        return (self.zone or 0) - (self.zone_before or 0)

    @property
    def nash_moves(self) -> bool:
        if self.nash is None or self.nash_before is None:
            return self.nash is not self.nash_before
        return self.nash.outcome != self.nash_before.outcome

    def sentence(self) -> str:
        what = " and ".join(self.names)
        zone = "unknown" if self.zone is None else f"{self.zone:,}"
        plural = "" if abs(self.growth) == 1 else "s"
        change = (
            "opens the zone"
            if self.opens
            else "closes the zone"
            if self.closes
            else f"{self.growth:+,} package{plural}"
        )
        moved = ""
        if self.nash is not None and self.nash_before is not None and self.nash_moves:
            moved = "; the Nash package moves: " + ", ".join(
                f"{k} {self.nash_before.package[k]} -> {v}"
                for k, v in self.nash.package.items()
                if self.nash_before.package[k] != v
            )
        rate = "" if self.agreement_rate is None else f"; simulated agreement rate {self.agreement_rate:.0%}"
        return f"{what}: zone {zone} ({change}){moved}{rate}; cost {self.cost:.2f}."

    def to_dict(self) -> dict[str, object]:
        return {
            "levers": list(self.levers),
            "names": list(self.names),
            "by": list(self.by),
            "cost": self.cost,
            "zone": self.zone,
            "zone_before": self.zone_before,
            "growth": self.growth,
            "opens": self.opens,
            "closes": self.closes,
            "nash": None if self.nash is None else self.nash.to_dict(),
            "nash_moves": self.nash_moves,
            "agreement_rate": self.agreement_rate,
            "sentence": self.sentence(),
        }


def rank_levers(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    pairs: bool = True,
    runs: int = 0,
    protocol: str = "phased",
) -> tuple[tuple[LeverEffect, ...], LeverEffect]:
    """``(ranked effects, baseline)``: every lever and (with ``pairs``) every pair of levers."""
    if not scenario.levers:
        raise AnalysisError(f"scenario {scenario.id!r} declares no levers (add [levers.ID] tables)")
    panel = select_parties(scenario, parties)
    base = _measure(scenario, panel, (), runs, protocol)
    combos: list[tuple[Lever, ...]] = [(lv,) for lv in scenario.levers]
    if pairs:
        combos += list(itertools.combinations(scenario.levers, 2))
    out = []
    for combo in combos:
        out.append(_measure(scenario, panel, combo, runs, protocol, base))
    out.sort(key=lambda e: (not e.opens, e.closes, -e.growth, e.cost, e.levers))
    return tuple(out), base


def _measure(
    scenario: Scenario,
    panel: Panel,
    combo: tuple[Lever, ...],
    runs: int,
    protocol: str,
    base: LeverEffect | None = None,
) -> LeverEffect:
    changed = scenario
    if combo:
        held = {p.id: p.preferences for p in scenario.parties if p.preferences is not None}
        new = apply_effects(held, [e for lv in combo for e in lv.effects])
        changed = scenario.with_parties([p if p.preferences is None else _swap(p, new[p.id]) for p in scenario.parties])
    sub = select_parties(changed, panel.ids)
    z = zopa_of(sub)
    solution: Solution | None = None
    if z.high > 0:
        try:
            solution = nash(frontier_of(sub, acceptable=True))
        except AnalysisError:
            solution = None
    rate = _agreement_rate(changed, runs, protocol) if runs > 0 else None
    before = base.zone if base is not None else z.count
    return LeverEffect(
        tuple(lv.id for lv in combo),
        tuple(lv.name for lv in combo) or ("as it is",),
        tuple(lv.by for lv in combo),
        sum(lv.cost for lv in combo),
        z.count,
        before,
        bool(before == 0 and (z.count or 0) > 0),
        bool((before or 0) > 0 and z.count == 0),
        solution,
        base.nash if base is not None else solution,
        rate,
    )


def _swap(party: Party, prefs: Preferences) -> Party:
    return replace(party, preferences=prefs)


def _agreement_rate(scenario: Scenario, runs: int, protocol: str) -> float:
    from accord.engine import simulate

    agreed = sum(1 for seed in range(runs) if simulate(scenario, protocol=protocol, seed=seed).metrics().agreement)
    return agreed / runs
