"""Outcome search at a target utility, for outcome spaces too large to enumerate.

An enumerated :class:`~accord.engine.tables.UtilityTable` sorts every outcome by utility;
on 10^7 outcomes and more that costs time and memory that grow with the space. A
:class:`SearchTable` answers the same questions (the utility of an outcome, its red lines,
the best and worst utility, the least outcome at or above a target) by searching the
structure of the utility function instead, with a set-up that does not depend on the size
of the space:

- **linear-additive** utilities: first a dynamic programme over the issues keeps every
  distinct utility the outcomes reach, with one outcome for each, while there are at most
  ``DISTINCT_SUMS`` of them per issue (equally weighted issues, coarse values: ANAC 2016
  AgentHp2 has 189 to 1,995 for 5,764,801 outcomes); the least outcome at or above a target
  is then a binary search away, exactly. Beyond, a depth-first branch and bound over the
  issues (largest spread first, each issue's options in increasing contribution), pruned
  with the best and worst contribution the remaining issues can still add and never
  searching the same (issue, partial utility) state twice, stops at the first outcome
  within ``CLOSE`` (1e-6) above the target, or at the least one once it has searched
  everything or ``NODE_BUDGET`` nodes; what it returns is always at or above the target
  (the bounds make every branch it enters completable). Red-lined options are never
  chosen. Utilities are compared as integers (2^44 units per utility point).
- **constraint** (hyper-rectangle) utilities: a depth-first search over the boxes, from
  the most valuable, keeps every non-empty intersection of boxes it reaches (up to a node
  budget); a point of each, and a few hundred seeded random outcomes for the low range, are
  evaluated exactly and kept as a ladder sorted by utility. The least ladder outcome at or
  above a target is returned: its utility is exact, but an outcome outside the ladder may
  lie nearer the target (``exact`` is False and ``note`` says so). With boxes of positive
  utility only, the search bound makes the best outcome exact when the search completes
  (:mod:`accord.engine.box_search`).
- any other utility: the ladder of a seeded sample alone (``note`` says so).

Utilities of single outcomes are computed on demand (and memoised), so strategies index
``u_list[outcome]`` exactly as with an enumerated table.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, Generic, NamedTuple, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from accord.engine.box_search import LADDER_SAMPLE, BoxEvaluator, box_ladder
from accord.engine.tables import MAX_TABLE_OUTCOMES, UtilityTable, utility_table
from accord.engine.units import Unit, feasible_units, sample_units
from accord.errors import ModelError
from accord.model.constraint import ConstraintUtility
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.space import OutcomeSpace

__all__ = ["Lookup", "PartyTable", "SearchTable", "Stacked", "ascend", "party_table", "stack"]

NODE_BUDGET = 4_000
"""Nodes one additive search may visit before it returns the least outcome found so far."""
TAIL_SUMS = 1 << 16
"""Most outcomes of the last issues tabulated (sorted sums) to end each additive search."""
DISTINCT_SUMS = 50_000
"""Most distinct partial utilities the exact dynamic programme keeps per issue."""
_MEMO = 4_096
_SCALE = 1 << 44
_SLACK = 64  # utilities within 64 / 2**44 (4e-12) below a target count as reaching it
CLOSE = 1e-6
"""An additive search stops at an outcome within this much above the target (or at the least)."""
_CLOSE = round(CLOSE * _SCALE)
T = TypeVar("T")
FloatArray = npt.NDArray[np.float64]
T_co = TypeVar("T_co", covariant=True)


class Lookup(Protocol[T_co]):
    """What strategies index by outcome: a list of an enumerated table, or computed on demand."""

    def __getitem__(self, outcome: int, /) -> T_co: ...


class _OnDemand(Generic[T]):
    """``obj[outcome index]`` computed on first use and memoised (a list-like view)."""

    __slots__ = ("_f", "_memo")

    def __init__(self, f: Callable[[int], T]) -> None:
        self._f = f
        self._memo: dict[int, T] = {}

    def __getitem__(self, outcome: int) -> T:
        hit = self._memo.get(outcome)
        if hit is None:
            if len(self._memo) >= _MEMO:
                self._memo.clear()
            hit = self._memo[outcome] = self._f(outcome)
        return hit


class _AdditiveSearch:
    """Branch and bound over per-issue contributions of a linear-additive utility.

    Contributions are scaled to integers (``_SCALE`` units per utility point; the rounding
    error of a whole outcome stays below 1e-12), so partial sums are exact and equal
    partial sums are recognised as the same state.
    """

    def __init__(self, utility: LinearAdditive, units: Sequence[Unit]) -> None:
        per_issue = [[round(float(x) * _SCALE) for x in t] for t in utility.tables]
        # a unit is an issue, or issues tied by exclusions merged into one (their feasible
        # combinations as its options): the utility stays additive over units
        contrib = [
            [sum(per_issue[j][k] for j, k in zip(issues, row, strict=True)) for row in rows] for issues, rows in units
        ]
        spread = [max(c) - min(c) for c in contrib]
        self.order = sorted(range(len(contrib)), key=lambda u: (-spread[u], u))
        self.issues = [units[u][0] for u in self.order]
        self.n_issues = len(per_issue)
        self.cs: list[list[int]] = []
        self.os: list[list[tuple[int, ...]]] = []
        for u in self.order:
            pairs = sorted((c, row) for c, row in zip(contrib[u], units[u][1], strict=True))
            self.cs.append([c for c, _ in pairs])
            self.os.append([row for _, row in pairs])
        n = len(self.order)
        self.smax = [0] * (n + 1)
        self.smin = [0] * (n + 1)
        for d in range(n - 1, -1, -1):
            self.smax[d] = self.smax[d + 1] + self.cs[d][-1]
            self.smin[d] = self.smin[d + 1] + self.cs[d][0]
        self.n = n
        self.exhausted = 0  # searches that hit the node budget
        table = _DistinctSums(self)
        self.table = table if table.ok else None
        # the last issues (least spread) as one sorted table of their sums: the search ends
        # with a binary search in it instead of a search through them
        head, size = n, 1
        while head > 1 and size * len(self.cs[head - 1]) <= TAIL_SUMS:
            head -= 1
            size *= len(self.cs[head])
        self.head = head
        sums = np.zeros(1, dtype=np.int64)
        for row in self.cs[head:]:
            sums = (sums[:, None] + np.asarray(row, dtype=np.int64)[None, :]).ravel()
        order = np.argsort(sums, kind="stable")
        self.tail_sums: list[int] = sums[order].tolist()
        self.tail_index: list[int] = order.tolist()

    def tail_choice(self, k: int) -> list[int]:
        """The option positions of the tail issues for entry ``k`` of the sorted tail table."""
        flat = self.tail_index[k]
        out = []
        for row in reversed(self.cs[self.head :]):
            flat, i = divmod(flat, len(row))
            out.append(i)
        return out[::-1]

    def digits(self, choice: list[int]) -> tuple[int, ...]:
        out = [0] * self.n_issues
        for d, issues in enumerate(self.issues):
            for j, k in zip(issues, self.os[d][choice[d]], strict=True):
                out[j] = k
        return tuple(out)

    def extreme(self, best: bool) -> tuple[int, ...]:
        return self.digits([len(c) - 1 if best else 0 for c in self.cs])

    def at_least(self, target_utility: float) -> tuple[int, ...]:
        n, cs, smax, smin = self.n, self.cs, self.smax, self.smin
        target = math.ceil(target_utility * _SCALE - _SLACK)
        if target >= smax[0]:
            return self.extreme(True)
        if target <= smin[0]:
            return self.extreme(False)
        if self.table is not None:
            return self.table.at_least(target)
        head, tail_sums = self.head, self.tail_sums
        n_tail = len(tail_sums)
        choice = [0] * head
        found: list[int] = []
        best_u = smax[0] + 1
        nodes = 0
        stride = n + 1
        # (depth, partial sum) states already searched: a second visit cannot find anything
        # better (the bound only tightens), so issues with equal contributions cost nothing twice
        seen: set[int] = set()

        def dfs(d: int, partial: int) -> bool:
            nonlocal best_u, nodes
            if d == head:
                k = bisect_left(tail_sums, target - partial)
                if k < n_tail and partial + tail_sums[k] < best_u:
                    best_u = partial + tail_sums[k]
                    found[:] = [*choice, k]
                return best_u - target <= _CLOSE
            row = cs[d]
            rest_min = smin[d + 1]
            for i in range(bisect_left(row, target - partial - smax[d + 1]), len(row)):
                p = partial + row[i]
                if p + rest_min >= best_u:
                    break
                state = p * stride + d
                if state in seen:
                    continue
                seen.add(state)
                nodes += 1
                choice[d] = i
                if dfs(d + 1, p) or nodes > NODE_BUDGET:
                    return True
            return False

        dfs(0, 0)
        if nodes > NODE_BUDGET:
            self.exhausted += 1
        return self.digits(found[:head] + self.tail_choice(found[head]))


class _DistinctSums:
    """Every distinct utility an additive utility reaches, with one outcome for each.

    A dynamic programme over the issues: the sorted distinct partial sums after each issue,
    and for each the (previous sum, option) that first reached it. ``at_least`` is then a
    binary search and a walk back through the issues: exact. Built only while every stage
    stays under ``DISTINCT_SUMS`` sums (utilities with few distinct values, as with many
    equally weighted issues); otherwise the branch and bound answers.
    """

    def __init__(self, search: _AdditiveSearch) -> None:
        sums = np.zeros(1, dtype=np.int64)
        self.parents: list[npt.NDArray[np.int64]] = []
        self.options: list[npt.NDArray[np.int64]] = []
        self.ok = True
        for row in search.cs:
            c = np.asarray(row, dtype=np.int64)
            if sums.shape[0] * c.shape[0] > 4 * DISTINCT_SUMS:
                self.ok = False
                return
            cand = (sums[:, None] + c[None, :]).ravel()
            sums, first = np.unique(cand, return_index=True)
            if sums.shape[0] > DISTINCT_SUMS:
                self.ok = False
                return
            parent, option = np.divmod(first, c.shape[0])
            self.parents.append(parent)
            self.options.append(option)
        self.sums = sums
        self.search = search

    def at_least(self, target: int) -> tuple[int, ...]:
        k = int(np.searchsorted(self.sums, target))
        k = min(k, self.sums.shape[0] - 1)
        choice = [0] * len(self.parents)
        for d in range(len(self.parents) - 1, -1, -1):
            choice[d] = int(self.options[d][k])
            k = int(self.parents[d][k])
        return self.search.digits(choice)


class SearchTable:
    """One party's utilities over a space too large to enumerate (see the module docstring).

    The same interface as :class:`~accord.engine.tables.UtilityTable` for what strategies
    ask of it: ``u_list[i]``, ``red_list[i]``, ``best``, ``u_max``, ``u_min``, ``reservation``,
    ``at_least(target)`` and ``acceptable(i)``. ``exact`` says whether ``at_least`` is exact
    (the least outcome at or above the target); ``note`` says how it is found otherwise.
    """

    enumerated: ClassVar[bool] = False

    def __init__(self, preferences: Preferences, *, seed: int = 0) -> None:
        space = preferences.space
        self.space: OutcomeSpace = space
        self.reservation = preferences.reservation
        self._prefs = preferences
        masks = dict(preferences.red_line_masks())
        allowed = [[k for k in range(r) if not (j in masks and masks[j][k])] for j, r in enumerate(space.radices)]
        units = feasible_units(space, allowed)
        if units is None:
            # every outcome crosses a red line: search them all, as an enumerated table does
            allowed = [list(range(r)) for r in space.radices]
            units = feasible_units(space, allowed)
            if units is None:
                raise ModelError("no package can exist: the excluded combinations rule out every one")
        self._additive: _AdditiveSearch | None = None
        self._boxes: BoxEvaluator | None = None
        self._ladder_u: list[float] = []
        self._ladder_i: list[int] = []
        self._memo: dict[float, int] = {}
        self.u_list: _OnDemand[float] = _OnDemand(self._utility)
        self.red_list: _OnDemand[bool] = _OnDemand(self._red)
        u = preferences.utility
        if isinstance(u, LinearAdditive):
            s = self._additive = _AdditiveSearch(u, units)
            self.exact = s.table is not None
            self.note = (
                "every distinct utility, by dynamic programming over the issues (exact)"
                if self.exact
                else "branch and bound over the issues' contributions (within 1e-6 of the least at or above a target)"
            )
            self.best = space.index(s.extreme(True))
            self.u_max = self.u_list[self.best]
            self.u_min = self.u_list[space.index(s.extreme(False))]
            return
        rng = np.random.default_rng(seed)
        if isinstance(u, ConstraintUtility):
            self._boxes = BoxEvaluator(u)
            points, exact_best = box_ladder(u, allowed, rng, units)
            self.note = (
                "a ladder of box intersections (searched) and sampled outcomes: utilities exact, "
                "the outcome nearest a target approximate"
            )
        else:
            points, exact_best = sample_units(units, space.n_issues, rng, 16 * LADDER_SAMPLE), False
            self.note = "a ladder of sampled outcomes: utilities exact, the outcome nearest a target approximate"
        self.exact = False
        self.exact_best = exact_best
        values = preferences.evaluate(points) if points.shape[0] else np.zeros(0)
        # per utility, the first outcome in index order (mixed radix: the least digits)
        by_u: dict[float, tuple[int, ...]] = {}
        for row, v in zip(map(tuple, points.tolist()), values.tolist(), strict=True):
            key = round(float(v), 12)
            if key not in by_u or row < by_u[key]:
                by_u[key] = row
        keys = sorted(by_u)
        self._ladder_u = keys
        self._ladder_i = [space.index(by_u[k]) for k in keys]
        self.best = self._ladder_i[-1]
        self.u_max = self._ladder_u[-1]
        self.u_min = self._ladder_u[0]

    def _utility(self, outcome: int) -> float:
        if self._boxes is not None:
            return self._boxes(self.space.outcome(outcome))
        return float(self._prefs.evaluate(np.asarray([self.space.outcome(outcome)], dtype=np.int64))[0])

    def _red(self, outcome: int) -> bool:
        """Crosses a red line, or cannot exist (as in an enumerated table)."""
        if not self._prefs.red_lines and not self.space.exclusions:
            return False
        o = self.space.outcome(outcome)
        if not self.space.is_feasible(o):
            return True
        return any(bool(mask[o[j]]) for j, mask in self._prefs.red_line_masks())

    def at_least(self, target: float) -> int:
        """An outcome at or above ``target`` of least utility found (the best one if none is)."""
        hit = self._memo.get(target)
        if hit is not None:
            return hit
        if self._additive is not None:
            out = self.space.index(self._additive.at_least(target))
        else:
            k = bisect_left(self._ladder_u, round(target, 12))
            out = self._ladder_i[k] if k < len(self._ladder_i) else self.best
        if len(self._memo) >= _MEMO:
            self._memo.clear()
        self._memo[target] = out
        return out

    def acceptable(self, outcome: int) -> bool:
        """Crosses no red line and is worth at least the reservation value."""
        return not self.red_list[outcome] and self.u_list[outcome] >= self.reservation - 1e-12

    def sample(self, rng: np.random.Generator, floor: float) -> int:
        """A random outcome at or above ``floor``: the least one at or above a uniform target."""
        if self.u_max <= floor:
            return self.best
        return self.at_least(float(rng.uniform(floor, self.u_max)))


PartyTable = UtilityTable | SearchTable
"""A party's utilities as strategies use them: enumerated where the space allows, searched beyond."""


SEARCH_ADDITIVE_ABOVE = 100_000
"""Spaces above this many outcomes give linear-additive preferences a :class:`SearchTable`:
its set-up does not grow with the space, where a table of every outcome (tens of MiB per
party at a few hundred thousand outcomes) does."""


def party_table(preferences: Preferences) -> PartyTable:
    """The enumerated utility table of ``preferences`` up to ``MAX_TABLE_OUTCOMES`` outcomes
    (``SEARCH_ADDITIVE_ABOVE`` for a linear-additive utility, whose search is exact), a
    :class:`SearchTable` (built from these preferences alone) beyond."""
    size = preferences.space.size
    limit = SEARCH_ADDITIVE_ABOVE if isinstance(preferences.utility, LinearAdditive) else MAX_TABLE_OUTCOMES
    if size <= limit:
        return utility_table(preferences)
    return SearchTable(preferences)


class Stacked(NamedTuple):
    """Per-issue (options, m) criteria tables stacked once for :func:`ascend`."""

    flat: FloatArray  # every issue's options, one row each
    offset: npt.NDArray[np.int64]  # first row of each issue
    issue_of: npt.NDArray[np.int64]  # issue of each row


def stack(tables: Sequence[FloatArray]) -> Stacked:
    sizes = [t.shape[0] for t in tables]
    offset = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    return Stacked(np.concatenate(tables, axis=0), offset, np.repeat(np.arange(len(tables)), sizes))


def ascend(
    tables: Stacked,
    start: Sequence[int],
    free: Iterable[int],
    score: Callable[[FloatArray], FloatArray],
    allowed: npt.NDArray[np.bool_],
    *,
    moves: int = 1_000,
) -> tuple[tuple[int, ...], float]:
    """Steepest ascent over additive criteria, for a space too large to enumerate.

    ``tables`` stacks, per issue, an (options, m) array: what each option adds to each of
    ``m`` criteria (:func:`stack`). ``score`` maps a (k, m) array of criteria totals to k
    scores. From ``start``, the single change of one issue in ``free`` to an ``allowed``
    option (a mask over the stacked rows) that raises the score most is made, until none
    does (or after ``moves`` changes): a local optimum, exact when the score is additive
    across issues (a weighted sum). Returns it and its score.
    """
    cur = list(start)
    flat, offset, issue_of = tables
    movable = np.zeros(len(cur), dtype=bool)
    movable[list(free)] = True
    ok = allowed & movable[issue_of]
    rows = flat[offset + np.asarray(cur, dtype=np.int64)]
    total = rows.sum(axis=0)
    best = float(score(total[None, :])[0])
    for _ in range(moves):
        cand = total + flat - rows[issue_of]
        s = np.where(ok, score(cand), -np.inf)
        k = int(np.argmax(s))
        if not s[k] > best + 1e-12:
            break
        j = int(issue_of[k])
        cur[j] = k - int(offset[j])
        rows[j] = flat[k]
        total, best = cand[k], float(s[k])
    return tuple(cur), best
