"""What every strategy is: one class with metadata and parameters, acting on a :class:`View`.

A strategy is constructed from its parameters (validated against ``params``), started once
with its first view and a seed, then asked ``act(view) -> Action`` whenever its seat must
act. It sees only what the view holds: its own preferences and what its seat may see.

:class:`PartyStrategy` gives a negotiating party's behaviour in every protocol from three
choices a subclass makes: the aspiration ``target(view)``, the offer ``propose(view)``, and
the acceptance rule (parameter ``ac``). Answers to a mediator's text, openings, critiques
and confidential reports all follow from them. :class:`MediatorStrategy` is the base of
strategies for the mediator's seat.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from accord.engine.events import Action, ActionKind, PriorityReport
from accord.engine.plan import TimePlan
from accord.engine.search import SEARCH_ADDITIVE_ABOVE, Lookup, PartyTable, party_table
from accord.engine.strategies.acceptance import Acceptance, parse_acceptance
from accord.engine.tables import MAX_TABLE_OUTCOMES, outcome_table, utility_table
from accord.engine.view import Situation, View
from accord.errors import StrategyError
from accord.model.preferences import LinearAdditive, Preferences

__all__ = [
    "MediatorStrategy",
    "Param",
    "PartyStrategy",
    "StandIn",
    "Strategy",
    "StrategyInfo",
    "additive_view",
]

ParamValue = float | int | bool | str
ESTIMATE_SAMPLE = 4_096
"""Outcomes sampled to estimate a non-additive utility's issue weights on a large space."""
SeedLike = int | Sequence[int]
MEDIATOR_TABLE_OUTCOMES = SEARCH_ADDITIVE_ABOVE
"""Largest space a mediator lists every package of; beyond, it searches (or samples)."""


@dataclass(frozen=True)
class Param:
    """One parameter of a strategy: name, type, default, meaning, and allowed values."""

    name: str
    type: type
    default: ParamValue
    doc: str
    choices: tuple[ParamValue, ...] = ()
    low: float | None = None
    high: float | None = None

    def coerce(self, value: object, *, owner: str) -> ParamValue:
        v: ParamValue
        try:
            if self.type is bool:
                if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
                    v = value.lower() in ("true", "1", "yes")
                elif isinstance(value, bool | int):
                    v = bool(value)
                else:
                    raise TypeError
            elif self.type is int:
                if isinstance(value, bool) or not isinstance(value, int | str):
                    raise TypeError
                v = int(value)
            elif self.type is float:
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    raise TypeError
                v = float(value)
                if not math.isfinite(v):
                    raise ValueError
            else:
                if not isinstance(value, str):
                    raise TypeError
                v = value
        except (TypeError, ValueError):
            raise StrategyError(
                f"{owner}: parameter {self.name} must be {self.type.__name__} (found {value!r})"
            ) from None
        if self.choices and v not in self.choices:
            raise StrategyError(
                f"{owner}: parameter {self.name} must be one of "
                + ", ".join(map(str, self.choices))
                + f" (found {v!r})"
            )
        if isinstance(v, int | float) and not isinstance(v, bool):
            if self.low is not None and v < self.low:
                raise StrategyError(f"{owner}: parameter {self.name} must be >= {self.low} (found {v!r})")
            if self.high is not None and v > self.high:
                raise StrategyError(f"{owner}: parameter {self.name} must be <= {self.high} (found {v!r})")
        return v


@dataclass(frozen=True)
class StrategyInfo:
    """A strategy's metadata, as the registry lists and filters it."""

    name: str
    kind: str
    description: str
    params: tuple[Param, ...]
    roles: frozenset[str]
    needs: frozenset[str] = frozenset()
    aliases: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    deterministic: bool = True

    def plays(self, protocol: str) -> bool:
        """Whether the protocol named ``protocol`` offers every capability this strategy needs."""
        from accord.engine.protocols.base import get_protocol

        return self.needs <= get_protocol(protocol).capabilities.provides()

    @property
    def protocols(self) -> frozenset[str]:
        """The registered protocols this strategy plays (those offering what it needs)."""
        from accord.engine.protocols.base import protocol_names

        return frozenset(p for p in protocol_names() if self.plays(p))

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise StrategyError(
            f"strategy {self.name!r} has no parameter {name!r}; parameters: "
            + (", ".join(p.name for p in self.params) or "none")
        )


class Strategy(ABC):
    """Base of every strategy. Subclasses declare ``params`` and implement ``act``."""

    info: ClassVar[StrategyInfo]
    params: ClassVar[tuple[Param, ...]] = ()

    def __init__(self, **params: object) -> None:
        owner = getattr(type(self), "info", None)
        name = owner.name if owner is not None else type(self).__name__
        declared = {p.name: p for p in type(self).params}
        unknown = set(params) - set(declared)
        if unknown:
            raise StrategyError(
                f"strategy {name!r} has no parameter(s) {', '.join(sorted(unknown))}; parameters: "
                + (", ".join(declared) or "none")
            )
        values: dict[str, ParamValue] = {}
        for p in type(self).params:
            values[p.name] = p.coerce(params[p.name], owner=name) if p.name in params else p.default
        self.values: dict[str, ParamValue] = values
        for k, v in values.items():
            setattr(self, k, v)
        self._seed: SeedLike = 0
        self._rng: np.random.Generator | None = None
        self.configure()

    def configure(self) -> None:
        """Check parameter combinations and derive settings (after parameters are set)."""
        return None

    @property
    def spec(self) -> str:
        """The ``NAME(k=v,...)`` string that builds this strategy again."""
        defaults = {p.name: p.default for p in type(self).params}
        changed = {k: v for k, v in self.values.items() if v != defaults[k]}
        inner = ",".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in changed.items())
        return f"{self.info.name}({inner})" if inner else self.info.name

    @property
    def rng(self) -> np.random.Generator:
        """This strategy's random generator (built from its seed on first use)."""
        if self._rng is None:
            self._rng = np.random.default_rng(self._seed)
        return self._rng

    def start(self, view: View, seed: SeedLike = 0) -> None:
        """Called once, before the first action, with the seat's first view."""
        self._seed = seed
        self._rng = None
        self.setup(view)

    def setup(self, view: View) -> None:
        """Prepare for a negotiation (precompute tables); override as needed."""
        return None

    @abstractmethod
    def act(self, view: View) -> Action:
        """The action to take now (``view.situation`` says what is asked)."""

    def time_plan(self) -> TimePlan | None:
        """Its answers in alternating offers as a :class:`~accord.engine.plan.TimePlan` (once
        started), where they depend only on the time and the standing offer; None otherwise.

        A strategy returning a plan promises that ``act`` in a respond situation does exactly
        what the plan says and changes nothing in the strategy, so a protocol may play the
        plan instead of calling ``act``."""
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


class StandIn(Strategy):
    """Plays in ``inner``'s place (in another process, under a clock...): it goes by the inner
    strategy's name, spec and values; subclasses say how it acts."""

    def __init__(self, inner: Strategy) -> None:
        self.inner = inner
        self.values = inner.values

    @property
    def info(self) -> StrategyInfo:  # type: ignore[override]
        return self.inner.info

    @property
    def spec(self) -> str:
        return self.inner.spec


def additive_view(preferences: Preferences) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
    """Issue weights and per-option values of a utility, exact when it is linear-additive.

    For other utility kinds, each issue's option values are the mean utility of the outcomes
    with that option (rescaled to [0, 1]) and its weight is proportional to their spread: over
    every outcome, or, on a space too large to enumerate, over a seeded sample of
    ``ESTIMATE_SAMPLE`` outcomes (an estimate).
    """
    u = preferences.utility
    if isinstance(u, LinearAdditive):
        return u.weights, u.values
    if preferences.space.size <= MAX_TABLE_OUTCOMES:
        outcomes = outcome_table(preferences.space).outcomes
        util = utility_table(preferences).u
    else:
        outcomes = preferences.space.sample(ESTIMATE_SAMPLE, np.random.default_rng(0))
        util = preferences.evaluate(outcomes)
    weights: list[float] = []
    values: list[tuple[float, ...]] = []
    for j, r in enumerate(preferences.space.radices):
        sums = np.bincount(outcomes[:, j], weights=util, minlength=r)
        counts = np.bincount(outcomes[:, j], minlength=r)
        means = sums / np.maximum(counts, 1)
        lo, hi = float(means.min()), float(means.max())
        spread = hi - lo
        weights.append(spread)
        values.append(tuple(float(x) for x in ((means - lo) / spread if spread > 0 else np.ones(r))))
    total = sum(weights)
    w = tuple(x / total for x in weights) if total > 0 else tuple(1.0 / len(weights) for _ in weights)
    return w, tuple(values)


_COMMON_PARTY_PARAMS = (
    Param("ac", str, "next", "acceptance rule: next, const(c=..), time(t=..), combined with | and &"),
    Param("report", str, "truthful", "what to tell the mediator in confidence", choices=("truthful", "strategic")),
    Param("critique", int, 2, "how many issues a critique names", low=1),
)


class PartyStrategy(Strategy):
    """A negotiating party: aspiration, offers and acceptance, in every protocol."""

    common_params: ClassVar[tuple[Param, ...]] = _COMMON_PARTY_PARAMS

    ac: str
    report: str
    critique: int

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("params", cls.params)
        common = {c.name for c in _COMMON_PARTY_PARAMS}
        cls.params = tuple(p for p in declared if p.name not in common) + _COMMON_PARTY_PARAMS

    def configure(self) -> None:
        try:
            self.acceptance: Acceptance = parse_acceptance(self.ac)
        except StrategyError as e:
            raise StrategyError(f"strategy {self.info.name!r}: {e}") from None

    def setup(self, view: View) -> None:
        prefs = view.preferences
        if prefs is None:
            raise StrategyError(f"strategy {self.info.name!r} plays a party and needs preferences")
        self.prefs = prefs
        self.table: PartyTable = party_table(prefs)
        self.u: Lookup[float] = self.table.u_list
        self.floor: float = max(prefs.reservation, self.table.u_min)
        self.u_max: float = self.table.u_max
        self._additive: tuple[tuple[float, ...], tuple[tuple[float, ...], ...]] | None = None
        # Judgements of a text on some issues depend on those alone: kept per (text, issues).
        self._group_scores: dict[tuple[int, tuple[int, ...]], float] = {}
        self._wanted: dict[tuple[int, tuple[int, ...]], tuple[int, ...]] = {}
        self._claim: float | None = None
        # The share of what lies above its floor this party holds out for (1: all of it);
        # a strategy that feels its cost of delay lowers it, in its offers and its claims.
        self.patience: float = 1.0
        # No package crosses none of its red lines and is worth its no-deal value: it can
        # accept nothing, offers nothing below its no-deal value, and walks away if it may.
        self.hopeless: bool = not self.table.acceptable(self.table.best)

    def additive(self) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
        """This party's issue weights and option values (see :func:`additive_view`), cached."""
        if self._additive is None:
            self._additive = additive_view(self.prefs)
        return self._additive

    # -- the three choices -------------------------------------------------------------------
    def target(self, view: View) -> float:
        """The utility this party aims at now (absolute units)."""
        return self.u_max

    def propose(self, view: View) -> int:
        """The outcome to offer now: the least one at or above the target."""
        return self.table.at_least(self.target(view))

    def accepts(self, view: View, outcome: int, next_offer: int) -> bool:
        """Whether to accept ``outcome`` given the offer this party would make instead."""
        if not self.table.acceptable(outcome):
            return False
        u = self.u[outcome]
        if u < self.floor - 1e-12:
            return False
        return self.acceptance(view.time, u, self.u[next_offer])

    def offer(self, view: View) -> int:
        """``propose(view)``, or this party's best package if that is below its no-deal value."""
        o = self.propose(view)
        return o if self.table.acceptable(o) else self.table.best

    # -- dispatch ----------------------------------------------------------------------------
    def act(self, view: View) -> Action:
        s = view.situation
        party = view.seat.id
        if self.hopeless and s in (Situation.RESPOND, Situation.OFFER) and ActionKind.END in view.kinds:
            return Action(party, ActionKind.END)
        if s == Situation.RESPOND:
            standing = view.standing
            nxt = self.offer(view)
            if standing is not None and self.accepts(view, standing, nxt):
                return Action(party, ActionKind.ACCEPT)
            return Action(party, ActionKind.OFFER, nxt)
        if s == Situation.OFFER:
            return Action(party, ActionKind.OFFER, self.offer(view))
        if s == Situation.ANSWER:
            return self.answer(view)
        if s == Situation.OPEN:
            return Action(party, ActionKind.OPEN, self.opening(view))
        if s == Situation.REPORT:
            return Action(party, ActionKind.REPORT, report=self.priorities(view))
        raise StrategyError(f"strategy {self.info.name!r} cannot act in situation {s!r}")

    def opening(self, view: View) -> int:
        """The opening position stated in plenary."""
        return self.offer(view)

    def answer(self, view: View) -> Action:
        """Accept, veto or critique the text on the table."""
        party = view.seat.id
        text = view.text
        if text is None:
            raise StrategyError("asked to answer, but there is no text")
        if view.group:
            return self.group_answer(view, text)
        if not self.table.acceptable(text):
            return Action(party, ActionKind.VETO, group=view.group)
        u = self.u[text]
        standing = view.standing
        keeps = standing is None or u >= self.u[standing] - 1e-12
        if keeps and self.accepts(view, text, self.offer(view)):
            return Action(party, ActionKind.ACCEPT, group=view.group)
        wanted = self.wanted_changes(view, text) or tuple(view.issues) or tuple(range(view.space.n_issues))
        return Action(party, ActionKind.CRITIQUE, issues=wanted, group=view.group)

    def aspiration(self, view: View) -> float:
        """The target as a share of the way from the floor to the best utility, in [0, 1]."""
        span = self.u_max - self.floor
        if span <= 1e-12:
            return 1.0
        return min(1.0, max(0.0, (self.target(view) - self.floor) / span))

    def group_score(self, view: View, text: int) -> float:
        """How good ``text`` is on the working group's issues, from 0 (worst) to 1 (best)."""
        key = (text, view.issues)
        hit = self._group_scores.get(key)
        if hit is not None:
            return hit
        self._group_scores[key] = score = self._group_score(view, text)
        return score

    def _group_score(self, view: View, text: int) -> float:
        weights, values = self.additive()
        outcome = view.space.outcome(text)
        got = best = worst = 0.0
        for j in view.issues:
            got += weights[j] * values[j][outcome[j]]
            best += weights[j] * max(values[j])
            worst += weights[j] * min(values[j])
        return 1.0 if best - worst <= 1e-12 else (got - worst) / (best - worst)

    def group_answer(self, view: View, text: int) -> Action:
        """Answer a working group's text, judged on the group's issues (the rest is held fixed)."""
        party = view.seat.id
        outcome = view.space.outcome(text)
        in_group = set(view.issues)
        if self.hopeless or any(mask[outcome[j]] for j, mask in self.prefs.red_line_masks() if j in in_group):
            return Action(party, ActionKind.VETO, group=view.group)
        score = self.group_score(view, text)
        standing = view.standing
        keeps = standing is None or score >= self.group_score(view, standing) - 1e-12
        if keeps and score >= self.aspiration(view) - 1e-9:
            return Action(party, ActionKind.ACCEPT, group=view.group)
        wanted = self.wanted_changes(view, text)
        if not wanted:
            return Action(party, ActionKind.ACCEPT, group=view.group)
        return Action(party, ActionKind.CRITIQUE, issues=wanted, group=view.group)

    def wanted_changes(self, view: View, text: int) -> tuple[int, ...]:
        """The issues of ``text`` this party most wants changed (red lines first)."""
        key = (text, view.issues)
        hit = self._wanted.get(key)
        if hit is None:
            hit = self._wanted[key] = self._wanted_changes(view, text)
        return hit

    def _wanted_changes(self, view: View, text: int) -> tuple[int, ...]:
        weights, values = self.additive()
        outcome = view.space.outcome(text)
        allowed = set(view.issues) if view.issues else set(range(len(outcome)))
        red = {j for j, mask in self.prefs.red_line_masks() if mask[outcome[j]]}
        losses = []
        for j, (w, vals) in enumerate(zip(weights, values, strict=True)):
            if j in allowed:
                loss = w * (max(vals) - vals[outcome[j]])
                if loss > 1e-12 or j in red:
                    losses.append((j not in red, -loss, j))
        losses.sort()
        return tuple(sorted(j for _, _, j in losses[: self.critique]))

    def priorities(self, view: View) -> PriorityReport:
        """The confidential report: truthful, or strategically exaggerated.

        A strategic report squares the issue weights, cubes the option values and claims a
        no-deal value part of the way from the true one to the best utility. How far is
        drawn from the seat's seed (between 0.3 and 0.7 of the way), and the claim shrinks
        with the time left, as a party that overstated learns the claim does not hold.
        """
        weights, values = self.additive()
        red = tuple((j, k) for j, mask in self.prefs.red_line_masks() for k in range(mask.shape[0]) if mask[k])
        reservation = self.prefs.reservation
        if self.report == "strategic":
            sq = [w * w for w in weights]
            total = sum(sq) or 1.0
            weights = tuple(w / total for w in sq)
            values = tuple(tuple(v**3 for v in row) for row in values)
            if self._claim is None:
                self._claim = float(self.rng.uniform(0.3, 0.7))
            share = self._claim * self.patience * max(0.0, 1.0 - view.time)
            reservation = min(1.0, reservation + share * (self.u_max - reservation))
        return PriorityReport(tuple(weights), tuple(values), float(reservation), red)


class MediatorStrategy(Strategy):
    """Base of strategies for the mediator's seat (``situation`` is ``propose``)."""

    def setup(self, view: View) -> None:
        space = view.space
        # every outcome where the space is small; None beyond (mediators then search or sample:
        # the parties' reports are additive, so a search needs no table of every package)
        self.outcomes = outcome_table(space).outcomes if space.size <= MEDIATOR_TABLE_OUTCOMES else None
        self.space = space
        self.size = space.size
        self.radices = space.radices
