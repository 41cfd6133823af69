"""Random negotiation domains and brute-force oracles for the analysis tests.

The oracles enumerate every package and decide dominance pairwise with plain numpy, on
utilities from ``Preferences.evaluate`` rounded to 9 decimals. The hypothesis domains
draw weights and values from small rational grids (k/20, k/12; k/4, k/7, ...), so ties
are frequent and the rounding makes true ties exact ties for the oracle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

from accord.model import (
    CategoricalIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Role,
    Scenario,
    UtilityFunction,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Opaque(UtilityFunction):
    """Another utility's values behind the generic interface: forces the enumeration path."""

    inner: UtilityFunction
    kind: str = field(default="opaque", init=False)

    @property
    def space(self) -> OutcomeSpace:
        return self.inner.space

    def evaluate(self, outcomes: npt.ArrayLike) -> FloatArray:
        return self.inner.evaluate(outcomes)


def build(
    radices: Sequence[int],
    weights: Sequence[Sequence[float]],
    values: Sequence[Sequence[Sequence[float]]],
    *,
    reservations: Sequence[float] | None = None,
    red_lines: Sequence[dict[str, set[str]]] | None = None,
    opaque: Sequence[bool] | None = None,
    mediator: bool = False,
) -> Scenario:
    """A scenario with categorical issues i0.. (options o0..) and parties p0.. from tables.

    With ``mediator``, the last party is the mediator (holding preferences).
    """
    space = OutcomeSpace([CategoricalIssue(f"i{j}", [f"o{k}" for k in range(r)]) for j, r in enumerate(radices)])
    parties = []
    n = len(weights)
    for i in range(n):
        u: UtilityFunction = LinearAdditive.create(space, weights[i], values[i])
        if opaque is not None and opaque[i]:
            u = Opaque(u)
        prefs = Preferences(
            u,
            reservation=reservations[i] if reservations else 0.0,
            red_lines=red_lines[i] if red_lines else {},
        )
        role = Role.MEDIATOR if mediator and i == n - 1 else Role.PARTY
        parties.append(Party(f"p{i}", role=role, preferences=prefs))
    return Scenario("random", space, tuple(parties))


@st.composite
def grid_scenarios(
    draw: st.DrawFn,
    *,
    parties: tuple[int, int] = (2, 5),
    issues: tuple[int, int] = (1, 4),
    options: tuple[int, int] = (1, 5),
    with_red_lines: bool = True,
    with_reservations: bool = True,
    opaque: bool = False,
) -> Scenario:
    """Small additive scenarios with values and weights on rational grids (many ties)."""
    n_issues = draw(st.integers(*issues))
    radices = [draw(st.integers(*options)) for _ in range(n_issues)]
    n = draw(st.integers(*parties))
    weights, values, reservations, red = [], [], [], []
    for _ in range(n):
        total = draw(st.sampled_from([10, 12, 20]))
        cuts = sorted(draw(st.lists(st.integers(0, total), min_size=n_issues - 1, max_size=n_issues - 1)))
        parts = np.diff([0, *cuts, total])
        weights.append([float(k) / total for k in parts])
        den = draw(st.sampled_from([2, 3, 4, 7, 8]))
        values.append([[draw(st.integers(0, den)) / den for _ in range(r)] for r in radices])
        reservations.append(draw(st.integers(0, 12)) / 20 if with_reservations else 0.0)
        lines: dict[str, set[str]] = {}
        if with_red_lines and draw(st.booleans()):
            j = draw(st.integers(0, n_issues - 1))
            lines[f"i{j}"] = {f"o{draw(st.integers(0, radices[j] - 1))}"}
        red.append(lines)
    kinds = [draw(st.booleans()) for _ in range(n)] if opaque else None
    return build(radices, weights, values, reservations=reservations, red_lines=red, opaque=kinds)


def random_scenario(
    rng: np.random.Generator,
    n_parties: int,
    radices: Sequence[int],
    *,
    reservation: float = 0.0,
) -> Scenario:
    """Continuous random additive preferences (no ties, almost surely)."""
    weights, values = [], []
    for _ in range(n_parties):
        w = rng.random(len(radices))
        weights.append(list(w / w.sum()))
        values.append([list(rng.random(r)) for r in radices])
    return build(radices, weights, values, reservations=[reservation] * n_parties)


# -- oracles -------------------------------------------------------------------------------
def utilities(scenario: Scenario, outcomes: IntArray, parties: Sequence[str] | None = None) -> FloatArray:
    return np.round(scenario.utilities(outcomes, parties), 9)


def acceptable(scenario: Scenario, outcomes: IntArray, parties: Sequence[str] | None = None) -> npt.NDArray[np.bool_]:
    ids = list(parties) if parties is not None else [p.id for p in scenario.negotiators]
    ok = np.ones(outcomes.shape[0], dtype=bool)
    for pid in ids:
        ok &= scenario.preferences(pid).acceptable(outcomes)
    return ok


def pareto_mask(u: FloatArray) -> npt.NDArray[np.bool_]:
    """Rows of ``u`` no other row dominates (pairwise, in blocks)."""
    keep = np.ones(u.shape[0], dtype=bool)
    for start in range(0, u.shape[0], 512):
        block = u[start : start + 512, None, :]
        dominated = np.all(u[None, :, :] >= block, axis=2) & np.any(u[None, :, :] > block, axis=2)
        keep[start : start + 512] = ~dominated.any(axis=1)
    return keep


def brute_frontier(
    scenario: Scenario, *, acceptable_only: bool, parties: Sequence[str] | None = None
) -> tuple[IntArray, FloatArray]:
    """Every Pareto-optimal outcome (of the acceptable ones, if asked) and its utilities."""
    every = scenario.space.all()
    if acceptable_only:
        every = every[acceptable(scenario, every, parties)]
    u = utilities(scenario, every, parties)
    keep = pareto_mask(u)
    return every[keep], u[keep]


def as_set(outcomes: IntArray) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in row) for row in outcomes}
