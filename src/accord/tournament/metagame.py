"""The meta-game of a tournament: which strategy to bring, when everyone can choose.

From a tournament's results, the *empirical game* between strategies is the symmetric
two-player game whose payoff ``A[i][j]`` is the mean score (utility by default) of
strategy i when it met strategy j (the tournament's pair matrix; in negotiations of more
than two parties every other seat counts as an opponent, an approximation). Of that game:

- its Nash equilibria, pure and mixed, found by Nashpy (support enumeration: every
  equilibrium of a non-degenerate game, for up to 8 strategies; beyond that Lemke-Howson
  from every starting label, which finds some of them). The symmetric ones (both players
  mixing alike) are the meta-game's answer: a population of strategies none would leave;
- replicator dynamics from the uniform population (how shares evolve when each strategy
  grows with its payoff against the population);
- each strategy's regret: the most any strategy gains by entering a population that all
  plays this one (``max_j A[j][i] - A[i][i]``; 0 means a pure symmetric equilibrium), and
  what it loses against the equilibrium population (``u(sigma, sigma) - (A sigma)_i``).

Nashpy is an optional extra: ``pip install -e '.[metagame]' (from the clone)``.
"""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.errors import AnalysisError
from accord.tournament.records import Record

__all__ = ["Equilibrium", "MetaGame", "empirical_game", "metagame", "solve_game"]

SUPPORT_ENUMERATION_LIMIT = 8
_TOL = 1e-9


@dataclass(frozen=True)
class Equilibrium:
    """One Nash equilibrium of the empirical game: each player's mixture over the strategies."""

    row: tuple[float, ...]
    column: tuple[float, ...]
    payoffs: tuple[float, float]

    @property
    def symmetric(self) -> bool:
        return all(abs(a - b) <= 1e-7 for a, b in zip(self.row, self.column, strict=True))

    @property
    def pure(self) -> bool:
        return max(self.row) > 1 - 1e-7 and max(self.column) > 1 - 1e-7

    def support(self, strategies: Sequence[str], *, player: int = 0) -> dict[str, float]:
        mix = self.row if player == 0 else self.column
        return {s: p for s, p in zip(strategies, mix, strict=True) if p > 1e-9}


@dataclass(frozen=True)
class MetaGame:
    """The empirical game of a tournament and what is known of it."""

    strategies: tuple[str, ...]
    metric: str
    payoffs: tuple[tuple[float, ...], ...]  # A[i][j]: row strategy i against column strategy j
    equilibria: tuple[Equilibrium, ...]
    method: str  # "support enumeration (all equilibria)" or "Lemke-Howson (some equilibria)"
    degenerate: bool
    times: tuple[float, ...]
    replicator: tuple[tuple[float, ...], ...]  # population shares at each time
    regret: tuple[float, ...]  # of the pure profile "everyone plays i"
    equilibrium_loss: tuple[float, ...] | None  # against the reference symmetric equilibrium

    @property
    def symmetric(self) -> tuple[Equilibrium, ...]:
        return tuple(e for e in self.equilibria if e.symmetric)

    @property
    def reference(self) -> Equilibrium | None:
        """The symmetric equilibrium with the widest support (the first found, among ties)."""
        sym = self.symmetric
        return max(sym, key=lambda e: sum(p > 1e-9 for p in e.row)) if sym else None

    def to_dict(self) -> dict[str, Any]:
        ref = self.reference
        return {
            "strategies": list(self.strategies),
            "metric": self.metric,
            "payoffs": [list(r) for r in self.payoffs],
            "method": self.method,
            "degenerate": self.degenerate,
            "equilibria": [
                {
                    "row": e.support(self.strategies, player=0),
                    "column": e.support(self.strategies, player=1),
                    "payoffs": list(e.payoffs),
                    "symmetric": e.symmetric,
                    "pure": e.pure,
                }
                for e in self.equilibria
            ],
            "reference": None if ref is None else ref.support(self.strategies),
            "replicator": {
                "times": list(self.times),
                "shares": [dict(zip(self.strategies, row, strict=True)) for row in self.replicator],
            },
            "regret": dict(zip(self.strategies, self.regret, strict=True)),
            "equilibrium_loss": None
            if self.equilibrium_loss is None
            else dict(zip(self.strategies, self.equilibrium_loss, strict=True)),
        }


def _nashpy() -> Any:
    try:
        return importlib.import_module("nashpy")
    except ImportError:
        raise AnalysisError("the meta-game needs Nashpy: pip install -e '.[metagame]' (from the clone)") from None


def empirical_game(records: Sequence[Record], *, metric: str = "utility") -> tuple[tuple[str, ...], FloatMatrix]:
    """The strategies and the payoff matrix ``A[i][j]`` (mean ``metric`` of i against j)."""
    from accord.tournament.scores import pair_matrix

    if not records:
        raise AnalysisError("no results: the meta-game needs a played tournament")
    m = pair_matrix(records, metric=metric)
    missing = [
        (a, b)
        for a, row in zip(m.strategies, m.values, strict=True)
        for b, v in zip(m.strategies, row, strict=True)
        if v is None
    ]
    if missing:
        a, b = missing[0]
        raise AnalysisError(
            f"the meta-game needs every strategy to have met every other (and itself): {a!r} never met {b!r}"
            + (f" ({len(missing)} pairs missing)" if len(missing) > 1 else "")
            + "; play the tournament with self_play = true"
        )
    return m.strategies, np.array(m.values, dtype=np.float64)


FloatMatrix = npt.NDArray[np.float64]


def _equilibria(nash: Any, a: FloatMatrix) -> tuple[list[Equilibrium], str, bool]:
    game = nash.Game(a, a.T)
    n = a.shape[0]
    found: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if n <= SUPPORT_ENUMERATION_LIMIT:
            method = "support enumeration (all equilibria of a non-degenerate game)"
            found = [(np.asarray(r), np.asarray(c)) for r, c in game.support_enumeration()]
        else:
            method = "Lemke-Howson from every label (some equilibria)"
            for label in range(2 * n):
                r, c = game.lemke_howson(initial_dropped_label=label)
                if np.all(np.isfinite(r)) and np.all(np.isfinite(c)) and r.sum() > 0 and c.sum() > 0:
                    found.append((np.asarray(r), np.asarray(c)))
    degenerate = any("degenerate" in str(w.message) for w in caught)
    out: list[Equilibrium] = []
    seen: set[tuple[float, ...]] = set()
    for r, c in found:
        r = np.where(np.abs(r) < _TOL, 0.0, r)
        c = np.where(np.abs(c) < _TOL, 0.0, c)
        r, c = r / r.sum(), c / c.sum()
        key = tuple(round(float(x), 9) for x in (*r, *c))
        if key in seen:
            continue
        seen.add(key)
        payoffs = (float(r @ a @ c), float(r @ a.T @ c))
        out.append(Equilibrium(tuple(float(x) for x in r), tuple(float(x) for x in c), payoffs))
    out.sort(key=lambda e: (not e.symmetric, not e.pure, [-x for x in e.row]))
    return out, method, degenerate


def solve_game(
    strategies: Sequence[str],
    payoffs: FloatMatrix,
    *,
    metric: str = "utility",
    horizon: float = 100.0,
    samples: int = 11,
) -> MetaGame:
    """Equilibria, replicator dynamics and regrets of the symmetric game with row payoffs ``payoffs``."""
    a = np.asarray(payoffs, dtype=np.float64)
    n = len(strategies)
    if a.shape != (n, n) or n == 0:
        raise AnalysisError(f"a symmetric game needs a square payoff table for its {n} strategies (found {a.shape})")
    if not np.all(np.isfinite(a)):
        raise AnalysisError("the payoff table holds values that are not finite numbers")
    nash = _nashpy()
    equilibria, method, degenerate = _equilibria(nash, a)
    times = np.linspace(0.0, horizon, max(2, samples))
    game = nash.Game(a, a.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy's integrator may warn on stiff steps; shares are checked below
        shares = np.asarray(game.replicator_dynamics(y0=np.full(n, 1.0 / n), timepoints=times))
    shares = np.clip(shares, 0.0, None)
    shares = shares / shares.sum(axis=1, keepdims=True)
    diag = np.diag(a)
    regret = tuple(float(max(0.0, a[:, i].max() - diag[i])) for i in range(n))
    loss: tuple[float, ...] | None = None
    sym = [e for e in equilibria if e.symmetric]
    if sym:
        ref = max(sym, key=lambda e: sum(p > 1e-9 for p in e.row))
        sigma = np.asarray(ref.row)
        value = float(sigma @ a @ sigma)
        loss = tuple(
            float(max(0.0, value - x)) if not math.isclose(value, x, abs_tol=1e-12) else 0.0 for x in a @ sigma
        )
    return MetaGame(
        strategies=tuple(strategies),
        metric=metric,
        payoffs=tuple(tuple(float(x) for x in row) for row in a),
        equilibria=tuple(equilibria),
        method=method,
        degenerate=degenerate,
        times=tuple(float(t) for t in times),
        replicator=tuple(tuple(float(x) for x in row) for row in shares),
        regret=regret,
        equilibrium_loss=loss,
    )


def metagame(records: Sequence[Record], *, metric: str = "utility", horizon: float = 100.0) -> MetaGame:
    """The meta-game of a tournament's results (see the module's description)."""
    strategies, a = empirical_game(records, metric=metric)
    return solve_game(strategies, a, metric=metric, horizon=horizon)
