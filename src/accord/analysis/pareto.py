"""The Pareto frontier: every package no other package beats for every party at once.

:func:`pareto_frontier` is exact. Linear-additive utilities (the usual case) are merged
issue by issue without enumerating the space (:mod:`accord.analysis.additive`): a
two-party frontier over 10^30 packages takes milliseconds. Any other utility is
enumerated in chunks with bounded memory (:mod:`accord.analysis.enumeration`), up to
``limit`` outcomes; a larger space is refused with
:class:`~accord.errors.SpaceTooLargeError`, and :func:`sample_frontier` then gives a
seeded approximation that says so (``exact=False``).

Two frontiers are on offer:

- the full frontier (``acceptable=False``): over every package, red lines ignored;
- the acceptable frontier (``acceptable=True``): the non-dominated packages among those
  every party accepts — no red line crossed, every utility at or above the party's
  reservation value. Red lines change the set of packages, so they are applied first
  (forbidden options are dropped before the merge); reservation values only cut the
  frontier of what remains, exactly.

Utilities are compared as exact integer keys (:mod:`accord.analysis.keys`). The frontier
lists every Pareto-optimal outcome, ties included, sorted by the utility of the first
party, then the second, ..., then by the package (issue by issue, option order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.analysis.additive import additive_points, linked_front
from accord.analysis.arrays import lex_order
from accord.analysis.enumeration import enumerated_front, sample_chunks
from accord.analysis.epsilon import epsilon_points
from accord.analysis.keys import joint_issue_keys, reservation_floor
from accord.analysis.pair import SMALL_PAIR_SPACE, pair_front
from accord.analysis.panel import Panel, select_parties
from accord.arrays import BoolArray, FloatArray, IntArray
from accord.errors import AnalysisError, FrontierTooLargeError, SpaceTooLargeError
from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = [
    "ENUMERATION_LIMIT",
    "MAX_OUTCOMES",
    "Frontier",
    "counted_front",
    "exact_front",
    "frontier_of",
    "pareto_frontier",
    "sample_frontier",
]


ENUMERATION_LIMIT = 10_000_000
"""Largest space that non-additive utilities are enumerated over by default."""

MAX_OUTCOMES = 1_000_000
"""Most Pareto-optimal outcomes listed by default (exact ties can be numerous)."""


@dataclass(frozen=True, eq=False)
class Frontier:
    """Pareto-optimal packages with their utilities, for the parties in ``parties``.

    ``outcomes``: (m, n_issues) value indices; ``utilities``: (m, n_parties), one row per
    outcome (tied outcomes repeat a row); ``disagreement``: each party's reservation value
    (the disagreement point of the bargaining solutions); ``acceptable``: whether only
    packages every party accepts were considered; ``exact``: False for a sampled
    approximation; ``method``: "additive", "enumeration" or "sampling"; ``evaluated``:
    how many outcomes were evaluated (0 when none had to be: the additive merge);
    ``counts``: with ties counted (``ties=False``), how many outcomes each row stands for
    (the row is the first of them in package order); empty when every outcome is listed.
    ``epsilon``: for an ε-frontier (``method`` "additive-epsilon", ``exact`` False), every
    Pareto-optimal package has a row less than ``epsilon`` below it for every party
    (:mod:`accord.analysis.epsilon`; its rows count 1 each); 0 otherwise.
    """

    space: OutcomeSpace
    parties: tuple[str, ...]
    outcomes: IntArray
    utilities: FloatArray
    disagreement: FloatArray
    acceptable: bool
    exact: bool
    method: str
    evaluated: int = 0
    keys: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64), repr=False)
    counts: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    epsilon: float = 0.0

    def __post_init__(self) -> None:
        for name in ("outcomes", "utilities", "disagreement", "keys", "counts"):
            arr = getattr(self, name)
            arr.setflags(write=False)

    def __len__(self) -> int:
        return int(self.outcomes.shape[0])

    @property
    def is_empty(self) -> bool:
        return len(self) == 0

    @property
    def ties_listed(self) -> bool:
        """Whether every tied outcome has a row (else one row per distinct vector, with ``counts``)."""
        return self.counts.shape[0] != len(self) or len(self) == 0

    @property
    def n_outcomes(self) -> int:
        """Number of Pareto-optimal outcomes, ties included (listed or counted)."""
        return len(self) if self.ties_listed else int(self.counts.sum())

    @property
    def n_points(self) -> int:
        """Number of distinct utility vectors (outcomes that tie count once)."""
        if self.is_empty:
            return 0
        if not self.ties_listed:
            return len(self)
        return int(np.unique(self.keys, axis=0).shape[0])

    @property
    def ideal(self) -> FloatArray:
        """Each party's best utility on the frontier (its best over all considered packages)."""
        if self.is_empty:
            raise AnalysisError("the frontier is empty: no package was considered")
        return np.asarray(self.utilities.max(axis=0), dtype=np.float64)

    def outcome(self, i: int) -> tuple[int, ...]:
        return tuple(int(v) for v in self.outcomes[i])

    def package(self, i: int) -> dict[str, str]:
        """Issue name -> label of the chosen option, for row ``i``."""
        return self.space.labels_of(self.outcome(i))

    def utility(self, i: int) -> dict[str, float]:
        """Party id -> utility, for row ``i``."""
        return {p: float(u) for p, u in zip(self.parties, self.utilities[i], strict=True)}


def pareto_frontier(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    *,
    include_mediator: bool = False,
    acceptable: bool = False,
    limit: int = ENUMERATION_LIMIT,
    max_outcomes: int = MAX_OUTCOMES,
    ties: bool = True,
    epsilon: float | None = None,
) -> Frontier:
    """The exact Pareto frontier of a scenario for ``parties`` (default: the negotiators).

    ``include_mediator`` adds the mediator's own preferences. ``acceptable`` restricts it to
    packages every one of these parties accepts. Non-additive utilities are enumerated up
    to ``limit`` outcomes (:class:`~accord.errors.SpaceTooLargeError` beyond); more than
    ``max_outcomes`` exactly tied Pareto-optimal outcomes raise
    :class:`~accord.errors.AnalysisError`. ``ties=False`` lists each distinct utility vector
    once (the first of its outcomes in package order) with how many outcomes tie on it
    (``Frontier.counts``): the same frontier, without listing the ties, and no
    ``max_outcomes`` limit. ``epsilon`` (with ``ties=False``, three or more parties, additive
    utilities, no excluded combinations): an ε-frontier when a merge of the exact one would
    exceed :data:`~accord.analysis.epsilon.EXACT_BELOW` candidates (``Frontier.epsilon``
    says how close; 0 when the result is exact).
    """
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    return frontier_of(panel, acceptable=acceptable, limit=limit, max_outcomes=max_outcomes, ties=ties, epsilon=epsilon)


def sample_frontier(
    scenario: Scenario,
    *,
    samples: int,
    rng: np.random.Generator,
    parties: Sequence[str] | None = None,
    include_mediator: bool = False,
    acceptable: bool = False,
) -> Frontier:
    """An approximate frontier: the non-dominated packages among ``samples`` uniform draws.

    Every package returned is a real package with its exact utilities, but packages that
    were not drawn are missing, so some returned ones may be dominated in the full space.
    The result says ``exact=False``. Reproducible for a given generator state.
    """
    if not isinstance(rng, np.random.Generator):
        raise AnalysisError("sampling needs an explicit numpy.random.Generator (np.random.default_rng(seed))")
    if samples < 1:
        raise AnalysisError(f"sampling needs at least one sample (found {samples})")
    panel = select_parties(scenario, parties, include_mediator=include_mediator)
    floor = _acceptable_floor(panel) if acceptable else None
    outcomes, keys, seen = enumerated_front(
        panel, sample_chunks(panel, samples, rng), red_lines=acceptable, floor=floor
    )
    return _frontier(panel, outcomes, keys, acceptable=acceptable, exact=False, method="sampling", evaluated=seen)


def frontier_of(
    panel: Panel,
    *,
    acceptable: bool = False,
    limit: int = ENUMERATION_LIMIT,
    max_outcomes: int = MAX_OUTCOMES,
    ties: bool = True,
    epsilon: float | None = None,
) -> Frontier:
    """:func:`pareto_frontier` for a panel of parties already selected."""
    floor = _acceptable_floor(panel) if acceptable else None
    if not ties and epsilon is not None and panel.n >= 3 and panel.additive and not panel.space.exclusions:
        return _epsilon_frontier(panel, floor, acceptable=acceptable, epsilon=epsilon)
    if not ties:
        outcomes, keys, counts, method, seen = counted_front(panel, red_lines=acceptable, floor=floor, limit=limit)
        return _frontier(
            panel, outcomes, keys, acceptable=acceptable, exact=True, method=method, evaluated=seen, counts=counts
        )
    pair = _pair_front(panel, red_lines=acceptable, floor=floor, max_outcomes=max_outcomes)
    if pair is not None:
        outcomes, keys, utilities = pair
        return _frontier(
            panel,
            outcomes,
            keys,
            acceptable=acceptable,
            exact=True,
            method="additive",
            evaluated=0,
            utilities=utilities,
        )
    outcomes, keys, method, seen = exact_front(
        panel, red_lines=acceptable, floor=floor, limit=limit, max_outcomes=max_outcomes
    )
    return _frontier(panel, outcomes, keys, acceptable=acceptable, exact=True, method=method, evaluated=seen)


def _epsilon_frontier(panel: Panel, floor: IntArray | None, *, acceptable: bool, epsilon: float) -> Frontier:
    keys = joint_issue_keys([_additive(p.utility) for p in panel.preferences])
    allowed = _allowed_options(panel) if acceptable else None
    front = epsilon_points(keys, allowed=allowed, floor=floor, epsilon=epsilon)
    return _frontier(
        panel,
        front.outcomes,
        front.points,
        acceptable=acceptable,
        exact=front.exact,
        method="additive" if front.exact else "additive-epsilon",
        evaluated=0,
        counts=front.counts,
        epsilon=front.epsilon,
    )


def counted_front(
    panel: Panel,
    *,
    red_lines: bool,
    floor: IntArray | None,
    limit: int = ENUMERATION_LIMIT,
) -> tuple[IntArray, IntArray, IntArray, str, int]:
    """:func:`exact_front` with ties counted: one outcome per distinct key vector (the first
    in package order), the keys, the number of outcomes on each, the method, outcomes evaluated."""
    if panel.additive and not panel.space.exclusions:
        keys = joint_issue_keys([_additive(p.utility) for p in panel.preferences])
        allowed = _allowed_options(panel) if red_lines else None
        outcomes, found, counts = additive_points(keys, allowed=allowed, floor=floor)
        return outcomes, found, counts, "additive", 0
    # linked issues, or utilities that are not additive: list the frontier, then count its ties
    outcomes, found, method, seen = exact_front(
        panel, red_lines=red_lines, floor=floor, limit=limit, max_outcomes=np.iinfo(np.int64).max
    )
    if panel.space.exclusions and outcomes.shape[0]:
        feasible = panel.space.feasible(outcomes)
        outcomes, found = outcomes[feasible], found[feasible]
    if outcomes.shape[0] == 0:
        return outcomes, found, np.zeros(0, dtype=np.int64), method, seen
    order = lex_order(np.concatenate((found, outcomes), axis=1))
    outcomes, found = outcomes[order], found[order]
    first = np.flatnonzero(np.any(np.diff(found, axis=0, prepend=found[:1] - 1) != 0, axis=1))
    counts = np.diff(np.append(first, found.shape[0])).astype(np.int64)
    return outcomes[first], found[first], counts, method, seen


def exact_front(
    panel: Panel,
    *,
    red_lines: bool,
    floor: IntArray | None,
    limit: int = ENUMERATION_LIMIT,
    max_outcomes: int = MAX_OUTCOMES,
) -> tuple[IntArray, IntArray, str, int]:
    """The non-dominated outcomes (by key) among those that cross no red line (when
    ``red_lines``) and whose keys reach ``floor``; with their keys, the method and the
    number of outcomes evaluated."""
    space = panel.space
    pair = _pair_front(panel, red_lines=red_lines, floor=floor, max_outcomes=max_outcomes)
    if pair is not None:
        return pair[0], pair[1], "additive", 0
    if panel.additive:
        keys = joint_issue_keys([_additive(p.utility) for p in panel.preferences])
        allowed = _allowed_options(panel) if red_lines else None
        outcomes, found = linked_front(
            keys,
            groups=space.linked_groups(),
            exclusions=space.exclusions,
            allowed=allowed,
            floor=floor,
            max_outcomes=max_outcomes,
        )
        return outcomes, found, "additive", 0
    if space.size > limit:
        raise SpaceTooLargeError(space.size, limit, what="the exact Pareto frontier of non-additive utilities")
    outcomes, found, seen = enumerated_front(
        panel, (chunk for _, chunk in space.chunks()), red_lines=red_lines, floor=floor
    )
    if outcomes.shape[0] > max_outcomes:
        raise FrontierTooLargeError(
            f"the frontier has {outcomes.shape[0]:,} Pareto-optimal outcomes, more than "
            f"max_outcomes={max_outcomes:,}; raise max_outcomes to list them all"
        )
    return outcomes, found, "enumeration", seen


def _pair_front(
    panel: Panel, *, red_lines: bool, floor: IntArray | None, max_outcomes: int
) -> tuple[IntArray, IntArray, FloatArray] | None:
    """Two parties over a small space without exclusions: :func:`~accord.analysis.pair.pair_front`
    (outcomes, keys, utilities); None otherwise."""
    space = panel.space
    if len(panel.preferences) != 2 or space.size > SMALL_PAIR_SPACE or space.exclusions:
        return None
    first, second = panel.preferences[0].utility, panel.preferences[1].utility
    if not isinstance(first, LinearAdditive) or not isinstance(second, LinearAdditive):
        return None
    allowed = _allowed_options(panel) if red_lines else None
    return pair_front((first, second), allowed=allowed, floor=floor, max_outcomes=max_outcomes)


def _additive(utility: object) -> LinearAdditive:
    if not isinstance(utility, LinearAdditive):  # pragma: no cover - guarded by panel.additive
        raise AnalysisError("expected a linear-additive utility")
    return utility


def _allowed_options(panel: Panel) -> list[BoolArray | None]:
    allowed: list[BoolArray | None] = [None] * panel.space.n_issues
    for prefs in panel.preferences:
        for j, forbidden in prefs.red_line_masks():
            current = allowed[j]
            allowed[j] = ~forbidden if current is None else current & ~forbidden
    return allowed


def _acceptable_floor(panel: Panel) -> IntArray:
    return np.array([reservation_floor(p) for p in panel.preferences], dtype=np.int64)


def _frontier(
    panel: Panel,
    outcomes: IntArray,
    keys: IntArray,
    *,
    acceptable: bool,
    exact: bool,
    method: str,
    evaluated: int,
    counts: IntArray | None = None,
    utilities: FloatArray | None = None,
    epsilon: float = 0.0,
) -> Frontier:
    """The frontier of the rows given; ``utilities``: theirs when already known (else evaluated)."""
    if panel.space.exclusions and outcomes.shape[0]:
        feasible = panel.space.feasible(outcomes)
        outcomes, keys = outcomes[feasible], keys[feasible]
        counts = None if counts is None else counts[feasible]
        utilities = None if utilities is None else utilities[feasible]
    if acceptable and outcomes.shape[0]:
        ok = np.ones(outcomes.shape[0], dtype=bool)
        for prefs in panel.preferences:
            ok &= prefs.acceptable(outcomes)
        outcomes, keys = outcomes[ok], keys[ok]
        counts = None if counts is None else counts[ok]
        utilities = None if utilities is None else utilities[ok]
    if keys.shape[0] > 1 and np.count_nonzero(keys[1:, 0] <= keys[:-1, 0]):  # else already in order
        order = lex_order(np.concatenate((keys, outcomes), axis=1))
        outcomes, keys = outcomes[order], keys[order]
        counts = None if counts is None else counts[order]
        utilities = None if utilities is None else utilities[order]
    counts = np.zeros(0, dtype=np.int64) if counts is None else np.ascontiguousarray(counts)
    if utilities is None:
        utilities = np.empty((outcomes.shape[0], panel.n), dtype=np.float64)
        for i, prefs in enumerate(panel.preferences):
            utilities[:, i] = prefs.evaluate(outcomes) if outcomes.shape[0] else 0.0
    return Frontier(
        space=panel.space,
        parties=panel.ids,
        outcomes=np.ascontiguousarray(outcomes),
        utilities=utilities,
        disagreement=np.array([p.reservation for p in panel.preferences], dtype=np.float64),
        acceptable=acceptable,
        exact=exact,
        method=method,
        evaluated=evaluated,
        keys=np.ascontiguousarray(keys),
        counts=counts,
        epsilon=epsilon,
    )
