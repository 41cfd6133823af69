"""Drafting a single negotiating text where the space is too large to list every package.

``nash-seeking`` weighs every package of a small space. Beyond
:data:`~accord.engine.strategies.base.MEDIATOR_TABLE_OUTCOMES` it does not (the table would
grow with the space), but what it weighs is additive:
the parties report issue weights and option values, and the critiques' pull is a sum over
the issues they name. :class:`SearchedReports` keeps the reports as per-issue tables and
:class:`SearchedDrafting` drafts from them without enumerating:

1. **a pool of drafts**, each the exact maximiser, issue by issue, of a weighted sum of the
   reported utilities and the critics' named gains: each party's best package, the current
   bargaining weights, seeded random weights, and the Nash product linearised at the draft
   of the bargaining weights (then at each draft that gives, a few times); when no draft meets
   every reported no-deal value, also the package meeting the largest common share of them
   (by steepest ascent);
2. **the same choice as over an enumerated space** (weighted Nash product or welfare over the
   reported claims, texts every party objected to kept off the table, critiques' pull),
   made among the pool;
3. **steepest ascent** from the chosen draft on that score, one issue at a time, then on the
   sum of utilities among packages no worse for anyone, so no single change of an issue
   improves the draft for everyone.

Declared red lines and options outside the frame are removed before the search; issues tied
by exclusions (``[[incompatible]]``) are merged into compound issues of their feasible option
combinations, so every draft can exist. The weighted-sum steps are exact; the Nash product
and the claims are not additive, so the draft is a local optimum found from many starts,
not the proven best of an enumeration: the transcript says so with the first draft.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np
import numpy.typing as npt

from accord.arrays import FloatArray, IntArray
from accord.engine.events import PriorityReport
from accord.engine.search import Stacked, ascend, stack
from accord.engine.units import Unit, feasible_units
from accord.engine.view import View
from accord.errors import StrategyError
from accord.model.space import OutcomeSpace

__all__ = ["SearchedDrafting", "SearchedReports"]

RANDOM_STARTS = 4
"""Seeded random weightings of the parties added to each pool of drafts."""
NASH_STEPS = 4
"""Linearisations of the Nash product (each an exact weighted-sum search) per draft."""
APPROXIMATE = (
    "the space holds {size:,} packages, too many to weigh each: it searches the issues for its draft "
    "(a local optimum of the reports, not an exhaustive choice)"
)


Critics = tuple[tuple[int, tuple[int, ...]], ...]
"""The critiques a draft answers: (party index, issues it named)."""


class _Utilities:
    """``u[outcome]`` (every party's reported utility) and ``u[outcome, i]``, on demand."""

    def __init__(self, rep: SearchedReports) -> None:
        self._rep = rep
        self._memo: dict[int, FloatArray] = {}

    @overload
    def __getitem__(self, key: int) -> FloatArray: ...
    @overload
    def __getitem__(self, key: tuple[int, int]) -> float: ...
    def __getitem__(self, key: int | tuple[int, int]) -> FloatArray | float:
        if isinstance(key, tuple):
            return float(self[key[0]][key[1]])
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > 4_096:
                self._memo.clear()
            hit = self._memo[key] = self._rep.utilities(self._rep.space.outcome(key))
        return hit


class _Units:
    """The issues of a draft as units (an issue, or a compound of issues tied by exclusions).

    ``options[u]`` lists the allowed option digits of unit ``u`` (one row per option),
    ``crit[u]`` what each adds to every party's reported utility.
    """

    def __init__(self, units: list[Unit], tables: Sequence[FloatArray]) -> None:
        self.issues = [issues for issues, _ in units]
        self.options = [np.asarray(rows, dtype=np.int64) for _, rows in units]
        self._rows = [rows for _, rows in units]
        self.crit: list[FloatArray] = []
        for issues, rows in zip(self.issues, self.options, strict=True):
            total = np.zeros((rows.shape[0], tables[0].shape[1]))
            for pos, j in enumerate(issues):
                total += tables[j][rows[:, pos]]
            self.crit.append(total)
        self.width = max(rows.shape[0] for rows in self.options)
        pad = np.zeros((len(units), self.width, tables[0].shape[1]))
        self.valid = np.zeros((len(units), self.width), dtype=bool)
        for u, c in enumerate(self.crit):
            pad[u, : c.shape[0]] = c
            self.valid[u, : c.shape[0]] = True
        self.padded = pad
        self._columns: dict[Critics, tuple[FloatArray, Stacked]] = {}

    def digits(self, choice: Sequence[int], n_issues: int) -> list[int]:
        out = [0] * n_issues
        for issues, rows, k in zip(self.issues, self._rows, choice, strict=True):
            for j, v in zip(issues, rows[k], strict=True):
                out[j] = v
        return out

    def columns(self, critics: Critics, rep: SearchedReports) -> tuple[FloatArray, Stacked]:
        """Per-unit criteria, with each critic's reported gain on the issues it named added
        as a column (padded 3-D, and stacked); cached per set of critiques."""
        hit = self._columns.get(critics)
        if hit is not None:
            return hit
        if not critics:
            hit = (self.padded, stack(self.crit))
        else:
            extra = [rep.named(i, issues) for i, issues in critics]
            full = []
            for issues, rows, crit in zip(self.issues, self.options, self.crit, strict=True):
                more = np.zeros((rows.shape[0], len(extra)))
                for pos, j in enumerate(issues):
                    for c, table in enumerate(extra):
                        more[:, c] += table[j][rows[:, pos]]
                full.append(np.concatenate((crit, more), axis=1))
            pad = np.zeros((len(full), self.width, full[0].shape[1]))
            for u, block in enumerate(full):
                pad[u, : block.shape[0]] = block
            hit = (pad, stack(full))
        if len(self._columns) > 64:
            self._columns.clear()
        self._columns[critics] = hit
        return hit


class SearchedReports:
    """The parties' reports as per-issue tables, for a space too large to enumerate.

    The same figures as the enumerated reports give: ``parties``, reported no-deal values
    ``r``, each party's best and worst reported utility (``top``; ``scale``, ``span`` as
    there) and ``u[outcome]`` on demand; ``tables[j]`` is an (options, parties) array of what
    each option of issue ``j`` adds to each party's reported utility.
    """

    def __init__(self, reports: tuple[tuple[str, PriorityReport], ...], space: OutcomeSpace) -> None:
        self.space = space
        self.parties = tuple(p for p, _ in reports)
        self.tables: list[FloatArray] = []
        for j, r in enumerate(space.radices):
            t = np.zeros((r, len(reports)))
            for i, (_, rep) in enumerate(reports):
                t[:, i] = rep.weights[j] * np.asarray(rep.values[j], dtype=np.float64)
            self.tables.append(t)
        self.r: FloatArray = np.asarray([rep.reservation for _, rep in reports], dtype=np.float64)
        self.red = frozenset(pair for _, rep in reports for pair in rep.red_lines)
        self.top: FloatArray = np.sum([t.max(axis=0) for t in self.tables], axis=0)
        lo = np.sum([t.min(axis=0) for t in self.tables], axis=0)
        self.scale: FloatArray = np.maximum(self.top - lo, 1e-12)
        self.span: FloatArray = np.maximum(self.r - lo, 1e-12)
        self.u = _Utilities(self)
        self._units: dict[tuple[int | None, tuple[int, ...]], _Units] = {}

    def utilities(self, digits: Sequence[int]) -> FloatArray:
        return np.asarray(np.sum([t[k] for t, k in zip(self.tables, digits, strict=True)], axis=0))

    def named(self, i: int, issues: Sequence[int]) -> list[FloatArray]:
        """Party ``i``'s reported contribution per option, on ``issues`` only (zero elsewhere)."""
        keep = set(issues)
        return [t[:, i] if j in keep else np.zeros(t.shape[0]) for j, t in enumerate(self.tables)]

    def units(self, view: View) -> _Units:
        """The units a draft under ``view``'s frame may change, red lines removed where possible."""
        key = (view.frame, view.issues)
        hit = self._units.get(key)
        if hit is None:
            space = self.space
            n = space.n_issues
            fixed: dict[int, int] = {}
            if view.frame is not None and view.issues and len(view.issues) < n:
                frame = space.outcome(view.frame)
                fixed = {j: frame[j] for j in range(n) if j not in view.issues}
            hit = None
            for red in (self.red, frozenset()):
                allowed = [
                    [fixed[j]] if j in fixed else [k for k in range(r) if (j, k) not in red]
                    for j, r in enumerate(space.radices)
                ]
                built = feasible_units(space, allowed)
                if built is not None:
                    hit = _Units(built, self.tables)
                    break
            if hit is None:
                raise StrategyError("no package can be drafted: every combination in play is excluded")
            self._units[key] = hit
        return hit


def _maximisers(padded: FloatArray, valid: npt.NDArray[np.bool_], weights: FloatArray) -> IntArray:
    """For each column of ``weights`` (criteria x k), the best option of every unit: (k, units)."""
    obj = np.einsum("uoc,ck->uok", padded, weights)
    obj[~valid] = -np.inf
    return np.asarray(np.argmax(obj, axis=1).T, dtype=np.int64)


class SearchedDrafting:
    """The ``nash-seeking`` choice of a draft on a space too large to enumerate (module docstring)."""

    # what the mediator strategy provides (see accord.engine.strategies.mediators.NashSeeking)
    solution: str
    listen: float
    slack: float
    memory: int
    explore: float
    own: float
    size: int
    _weights: dict[str, dict[str, float]]
    _tabu: dict[tuple[int, str], dict[int, int]]
    _critics: dict[str, list[tuple[int, tuple[int, ...], int]]]
    _doubt: dict[tuple[int, str], float]

    if TYPE_CHECKING:  # provided by Strategy and by the mediator strategy

        @property
        def rng(self) -> np.random.Generator: ...

        def explain(self, view: View, note: str, tabu: dict[int, int], best: int, kappa: float) -> str: ...

    def searched_choice(self, view: View, rep: SearchedReports) -> tuple[int, str]:
        """The next draft and what the mediator says with it, found by search (see the module)."""
        key = view.group
        said = getattr(self, "_approx_said", None)
        if said is None:
            said = set()
            self._approx_said: set[tuple[int, str]] = said
        weights = self._weights.setdefault(key, dict.fromkeys(rep.parties, 1.0))
        w = np.asarray([weights.get(p, 1.0) for p in rep.parties])
        if self.explore > 0:
            w = w * np.exp(self.explore * self.rng.standard_normal(w.shape[0]))
        m = len(rep.parties)
        units = rep.units(view)
        critics = tuple((i, issues) for i, issues, _ in self._critics.get(key, ()))
        padded, stacked = units.columns(critics, rep)
        listen = np.asarray([self.listen / float(rep.scale[i]) for i, _ in critics], dtype=np.float64)
        n_units = len(units.options)
        flat, offset, _ = stacked
        every = np.ones(flat.shape[0], dtype=bool)
        tabu = self._tabu.get((view.day, key), {})
        recent = [rep.u[x] for x, r in tabu.items() if view.round - 1 - r < self.memory]
        objected = np.stack(recent) if recent else np.zeros((0, m))

        def fresh_of(uc: FloatArray) -> npt.NDArray[np.bool_]:
            """Packages better for someone than each text every party just objected to."""
            return np.asarray(np.all(np.any(uc[:, None, :] > objected[None, :, :] + 1e-12, axis=2), axis=1))

        def totals(pool: IntArray) -> FloatArray:
            return np.asarray(flat[offset[None, :] + pool].sum(axis=1))

        # 1. the pool: exact weighted-sum maximisers, issue by issue
        inv = 1.0 / rep.scale
        lam = np.concatenate(
            (np.eye(m) * inv + 1e-3 * inv, (w * inv)[None, :], self.rng.dirichlet(np.ones(m), RANDOM_STARTS) * inv)
        )
        cols = np.concatenate((lam, np.broadcast_to(listen, (lam.shape[0], listen.shape[0]))), axis=1).T
        pool = _maximisers(padded, units.valid, cols)
        tot = totals(pool)
        need = np.clip(np.max((rep.r - tot[:, :m]) / rep.span, axis=1), 0.0, 1.0)
        if need.min() > 1e-9:
            # the package meeting the largest common share of every claim (steepest ascent)
            def common_share(t: FloatArray) -> FloatArray:
                return np.asarray(np.min((t[:, :m] - rep.r) / rep.span, axis=1))

            claims, _ = ascend(stacked, pool[m].tolist(), range(n_units), common_share, every, moves=200)
            pool = np.concatenate((pool, np.asarray([claims], dtype=np.int64)))
            tot = totals(pool)
            need = np.clip(np.max((rep.r - tot[:, :m]) / rep.span, axis=1), 0.0, 1.0)
        fresh = fresh_of(tot[:, :m]) if recent else np.ones(pool.shape[0], dtype=bool)
        kappa = float(need[fresh].min() if fresh.any() else need.min())
        doubt = self._doubt.get((view.day, key), 0.0) + (self.slack if kappa > 1e-9 else 0.0)
        r_eff = rep.r - min(1.0, kappa + doubt) * rep.span
        if self.solution == "nash":
            # the Nash product's linearisation, from the draft of the bargaining weights
            last = pool[m]
            x = tot[m, :m]
            steps = []
            for _ in range(NASH_STEPS):
                col = np.concatenate((w / np.maximum(x - r_eff, 1e-6 * rep.scale), listen))[:, None]
                step = _maximisers(padded, units.valid, col)
                if np.array_equal(step[0], last):
                    break  # a fixed point of the linearisation
                last, x = step[0], totals(step)[0, :m]
                steps.append(step)
            pool = np.concatenate((pool, *steps))
            tot = totals(pool)
            need = np.clip(np.max((rep.r - tot[:, :m]) / rep.span, axis=1), 0.0, 1.0)

        def score_of(t: FloatArray) -> FloatArray:
            u = t[:, :m]
            surplus = u - r_eff
            s = np.log(np.maximum(surplus, 1e-6)) @ w if self.solution == "nash" else u @ w
            if listen.shape[0]:
                s = s + t[:, m:] @ listen
            ok = np.all(surplus >= -1e-9, axis=1)
            if recent:
                ok &= fresh_of(u)
            return np.where(ok, s, -np.inf)

        # 2. the choice among the pool, as over an enumerated space
        note = ""
        score = score_of(tot)
        own = view.preferences if self.own > 0 else None
        if own is not None:
            digits = np.asarray([units.digits(c, len(rep.tables)) for c in pool.tolist()], dtype=np.int64)
            score = score + self.own * np.log(np.maximum(own.evaluate(digits), 1e-12))
        if not np.isfinite(score).any():
            if recent and not fresh_of(tot[:, :m]).any():
                note = "every other draft open to it was objected to; it tables this one again"
                recent.clear()
                score = score_of(tot)
            if not np.isfinite(score).any():
                score = -need  # nothing meets the claims as doubted: the nearest to them
        best: tuple[int, ...] = tuple(pool[int(np.argmax(score))].tolist())
        # 3. steepest ascent from it on the same score, then for everyone
        final = -np.inf
        if own is None:
            best, final = ascend(stacked, best, range(n_units), score_of, every)
        if critics or own is not None or not np.isfinite(final):
            # the score rises with every party's utility (positive weights), so a draft no
            # single change improves on it is already one no change improves for everyone,
            # unless the critiques' pull or the mediator's own interest is part of the score
            best = _pareto_step(stacked, best, m, rep.scale, fresh_of if recent else None)
        outcome = view.space.index(units.digits(best, len(rep.tables)))
        note = self.explain(view, note, tabu, outcome, kappa)
        if (view.day, key) not in said:  # the first draft of the day says it was searched for
            said.add((view.day, key))
            approx = APPROXIMATE.format(size=self.size)
            note = f"{note}; {approx}" if note else approx
        return outcome, note


def _pareto_step(
    stacked: Stacked,
    start: tuple[int, ...],
    m: int,
    scale: FloatArray,
    fresh: Callable[[FloatArray], npt.NDArray[np.bool_]] | None,
) -> tuple[int, ...]:
    """Single changes of an issue that leave no party worse and someone better, while any remain."""
    flat, offset, _ = stacked
    base = flat[offset + np.asarray(start, dtype=np.int64)].sum(axis=0)[:m]

    def gain(t: FloatArray) -> FloatArray:
        u = t[:, :m]
        ok = np.all(u >= base - 1e-12, axis=1)
        if fresh is not None:
            ok &= fresh(u)
        return np.where(ok, (u / scale).sum(axis=1), -np.inf)

    every = np.ones(flat.shape[0], dtype=bool)
    out, _ = ascend(stacked, start, range(len(start)), gain, every)
    return out
