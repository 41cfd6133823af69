"""What an analyst is unsure of, and what a party could do outside the table.

A *parameter* of a party's preferences is named by a path: ``reservation``,
``weights.ISSUE``, ``values.ISSUE.OPTION``, ``cost_of_delay`` (the discount factor) or
``red_lines.ISSUE``. :func:`set_parameter` returns the preferences with one numeric
parameter changed; a weight is changed by rescaling the other weights in proportion, so
they still sum to 1.

- :class:`Uncertain`: a party's parameter is not known exactly; it follows a
  :class:`Distribution` (a uniform range, or discrete values with probabilities), as the
  analyst believes it (``held_by`` empty) or as one delegation believes it.
- :class:`Belief`: what one party believes another's preferences are (its model of them);
  an analysis for that party's delegation uses the belief, never the true preferences.
- :class:`Lever`: an action a party can take outside the table (tighten sanctions, supply
  weapons, offer a guarantee) with its :class:`Effect` on parameters of others and its cost
  to the one who pulls it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.errors import ModelError, Problem
from accord.model.issues import IssueValue
from accord.model.preferences import CostOfDelay, DelayUnit, LinearAdditive, Preferences

if TYPE_CHECKING:  # numpy is imported where it is used: reading and showing a scenario need none
    import numpy as np

    from accord.arrays import FloatArray

__all__ = [
    "Belief",
    "Distribution",
    "Effect",
    "Lever",
    "Uncertain",
    "apply_effects",
    "check_parameter",
    "get_parameter",
    "reweight",
    "set_parameter",
]

NUMERIC_KINDS = ("reservation", "weights", "values", "cost_of_delay")


@dataclass(frozen=True, slots=True)
class Distribution:
    """A uniform range ``[low, high]`` (``values`` empty) or discrete ``values`` with ``probabilities``."""

    low: float = 0.0
    high: float = 0.0
    values: tuple[float, ...] = ()
    probabilities: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))
        object.__setattr__(self, "probabilities", tuple(float(p) for p in self.probabilities))
        if self.values:
            if len(self.probabilities) != len(self.values):
                raise ModelError(
                    f"{len(self.values)} values need as many probabilities (found {len(self.probabilities)})"
                )
            if any(p < 0 or not math.isfinite(p) for p in self.probabilities):
                raise ModelError("probabilities must be numbers >= 0")
            if abs(math.fsum(self.probabilities) - 1.0) > 1e-6:
                raise ModelError(f"probabilities must sum to 1 (found {math.fsum(self.probabilities):.6g})")
            object.__setattr__(self, "low", min(self.values))
            object.__setattr__(self, "high", max(self.values))
        elif not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ModelError(f"a range needs low <= high (found [{self.low!r}, {self.high!r}])")

    @property
    def discrete(self) -> bool:
        return bool(self.values)

    @property
    def mean(self) -> float:
        if self.discrete:
            return math.fsum(v * p for v, p in zip(self.values, self.probabilities, strict=True))
        return (self.low + self.high) / 2

    def sample(self, n: int, rng: np.random.Generator) -> FloatArray:
        import numpy as np

        if self.discrete:
            idx = rng.choice(len(self.values), size=n, p=np.asarray(self.probabilities))
            return np.asarray(self.values, dtype=np.float64)[idx]
        return rng.uniform(self.low, self.high, size=n)

    def describe(self) -> str:
        if self.discrete:
            return ", ".join(f"{v:g} (p={p:g})" for v, p in zip(self.values, self.probabilities, strict=True))
        return f"uniform in [{self.low:g}, {self.high:g}]"

    def to_dict(self) -> dict[str, object]:
        if self.discrete:
            return {"values": list(self.values), "probabilities": list(self.probabilities)}
        return {"range": [self.low, self.high]}


@dataclass(frozen=True, slots=True)
class Uncertain:
    """``party``'s ``parameter`` follows ``distribution`` in the belief of ``held_by`` ('' = the analyst)."""

    party: str
    parameter: str
    distribution: Distribution
    rationale: str = ""
    held_by: str = ""


@dataclass(frozen=True, slots=True)
class Belief:
    """What ``holder`` believes ``about``'s preferences to be."""

    holder: str
    about: str
    preferences: Preferences


@dataclass(frozen=True, slots=True)
class Effect:
    """A change to ``party``'s ``parameter``: add ``change``, or ``set`` a value; for red lines,
    ``add`` or ``drop`` options."""

    party: str
    parameter: str
    change: float | None = None
    set: float | None = None
    add: tuple[IssueValue, ...] = ()
    drop: tuple[IssueValue, ...] = ()
    rationale: str = ""

    def describe(self) -> str:
        if self.set is not None:
            return f"{self.party} {self.parameter} := {self.set:g}"
        if self.change is not None:
            return f"{self.party} {self.parameter} {self.change:+g}"
        parts = [f"+{v}" for v in self.add] + [f"-{v}" for v in self.drop]
        return f"{self.party} {self.parameter} " + " ".join(parts)


@dataclass(frozen=True, slots=True)
class Lever:
    """An action ``by`` a party outside the table, its effects, and its cost to that party (utility)."""

    id: str
    by: str
    effects: tuple[Effect, ...]
    name: str = ""
    cost: float = 0.0
    rationale: str = ""
    cost_rationale: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "effects", tuple(self.effects))
        if not self.name:
            object.__setattr__(self, "name", self.id.replace("_", " ").capitalize())


# -- parameters ---------------------------------------------------------------------------------
def check_parameter(prefs: Preferences, parameter: str, *, numeric: bool = True) -> str | None:
    """Why ``parameter`` does not name a parameter of ``prefs`` (None when it does)."""
    parts = parameter.split(".")
    kind = parts[0]
    space = prefs.space
    if kind in ("reservation", "cost_of_delay"):
        if len(parts) != 1:
            return f"{kind} takes no sub-field"
        return None
    if kind == "red_lines" and not numeric:
        if len(parts) != 2 or parts[1] not in space.names:
            return "red_lines.ISSUE must name an issue"
        return None
    if kind in ("weights", "values"):
        if not isinstance(prefs.utility, LinearAdditive):
            return f"{kind} exist only for weights-and-values utilities"
        if len(parts) < 2 or parts[1] not in space.names:
            return f"{kind}.ISSUE must name an issue (one of {', '.join(space.names)})"
        if kind == "weights":
            return None if len(parts) == 2 else "weights.ISSUE takes no option"
        issue = space.issue(parts[1])
        option = ".".join(parts[2:])
        if not option or not issue.has(option):
            return f"values.{parts[1]}.OPTION must name an option of {parts[1]}"
        return None
    allowed = "reservation, weights.ISSUE, values.ISSUE.OPTION, cost_of_delay" + (
        "" if numeric else ", red_lines.ISSUE"
    )
    return f"unknown parameter (expected {allowed})"


def _option(prefs: Preferences, issue: str, option: str) -> int:
    return prefs.space.issue(issue).index_of(option)


def _additive(prefs: Preferences) -> LinearAdditive:
    if not isinstance(prefs.utility, LinearAdditive):
        raise ModelError("weights and values exist only for weights-and-values utilities")
    return prefs.utility


def get_parameter(prefs: Preferences, parameter: str) -> float:
    """The current value of a numeric parameter."""
    why = check_parameter(prefs, parameter)
    if why:
        raise ModelError(f"{parameter}: {why}")
    kind, *rest = parameter.split(".")
    if kind == "reservation":
        return prefs.reservation
    if kind == "cost_of_delay":
        return 1.0 if prefs.cost_of_delay is None else prefs.cost_of_delay.factor
    util = _additive(prefs)
    j = prefs.space.issue_index(rest[0])
    if kind == "weights":
        return util.weights[j]
    return util.values[j][_option(prefs, rest[0], ".".join(rest[1:]))]


def reweight(weights: Sequence[float], fixed: Mapping[int, float]) -> list[float]:
    """Weights with ``fixed[j]`` set and the others rescaled in proportion to fill the rest of 1.

    When the fixed weights sum to 1 or more, or the others are all zero, every weight is
    divided by the total instead.
    """
    w = [float(x) for x in weights]
    for j, x in fixed.items():
        w[j] = float(x)
    rest = math.fsum(w[k] for k in range(len(w)) if k not in fixed)
    taken = math.fsum(fixed.values())
    if taken <= 1.0 and rest > 0:
        scale = (1.0 - taken) / rest
        return [w[k] if k in fixed else w[k] * scale for k in range(len(w))]
    total = math.fsum(w)
    if total <= 0:
        raise ModelError("weights would all be zero")
    return [x / total for x in w]


def set_parameter(prefs: Preferences, parameter: str, value: float) -> Preferences:
    """``prefs`` with a numeric parameter set to ``value`` (rationales kept)."""
    why = check_parameter(prefs, parameter)
    if why:
        raise ModelError(f"{parameter}: {why}")
    kind, *rest = parameter.split(".")
    util = prefs.utility
    red = dict(prefs.red_lines)
    if kind == "reservation":
        return Preferences(util, min(max(value, 0.0), 1.0), prefs.cost_of_delay, red, prefs.rationales)
    if kind == "cost_of_delay":
        per = prefs.cost_of_delay.per if prefs.cost_of_delay is not None else DelayUnit.DAY
        delay = CostOfDelay(min(max(value, 1e-9), 1.0), per)
        return Preferences(util, prefs.reservation, delay, red, prefs.rationales)
    util = _additive(prefs)
    j = prefs.space.issue_index(rest[0])
    x = min(max(value, 0.0), 1.0)
    if kind == "weights":
        new = LinearAdditive.create(util.space, reweight(util.weights, {j: x}), util.values, normalize=True)
    else:
        k = _option(prefs, rest[0], ".".join(rest[1:]))
        values = [list(v) for v in util.values]
        values[j][k] = x
        new = LinearAdditive.create(util.space, util.weights, values)
    return Preferences(new, prefs.reservation, prefs.cost_of_delay, red, prefs.rationales)


def set_red_line(
    prefs: Preferences, issue: str, *, add: Sequence[IssueValue] = (), drop: Sequence[IssueValue] = ()
) -> Preferences:
    """``prefs`` with options added to (or dropped from) the red line on ``issue``."""
    red = {k: set(v) for k, v in prefs.red_lines.items()}
    iss = prefs.space.issue(issue)
    now = red.setdefault(issue, set())
    now |= {iss.value(iss.index_of(v)) for v in add}
    now -= {iss.value(iss.index_of(v)) for v in drop}
    return Preferences(
        prefs.utility,
        prefs.reservation,
        prefs.cost_of_delay,
        {k: frozenset(v) for k, v in red.items() if v},
        prefs.rationales,
    )


def apply_effects(preferences: Mapping[str, Preferences], effects: Sequence[Effect]) -> dict[str, Preferences]:
    """Each party's preferences after the effects (changes to one parameter add up)."""
    out = dict(preferences)
    for e in effects:
        prefs = out[e.party]
        if e.parameter.startswith("red_lines."):
            out[e.party] = set_red_line(prefs, e.parameter.split(".", 1)[1], add=e.add, drop=e.drop)
            continue
        now = get_parameter(prefs, e.parameter)
        target = e.set if e.set is not None else now + (e.change or 0.0)
        out[e.party] = set_parameter(prefs, e.parameter, target)
    return out


def reference_problems(
    parties: Mapping[str, Preferences | None],
    uncertainties: Sequence[Uncertain],
    levers: Sequence[Lever],
    beliefs: Sequence[Belief],
) -> list[Problem]:
    """What in the uncertainties, levers and beliefs names a party or parameter that does not exist."""
    out: list[Problem] = []

    def check(path: str, party: str, parameter: str, *, numeric: bool) -> None:
        if party not in parties:
            out.append(Problem(path, "names a party that is not defined", repr(party), "one of " + ", ".join(parties)))
            return
        prefs = parties[party]
        if prefs is None:
            out.append(Problem(path, "names a party that holds no preferences", repr(party)))
            return
        why = check_parameter(prefs, parameter, numeric=numeric)
        if why:
            out.append(Problem(path, why, repr(parameter)))

    for u in uncertainties:
        base = f"beliefs.{u.held_by}.{u.party}" if u.held_by else f"uncertainty.{u.party}"
        if u.held_by and u.held_by not in parties:
            out.append(Problem(base, "names a holder that is not a party", repr(u.held_by)))
        elif not u.held_by:
            check(f"{base}.{u.parameter}", u.party, u.parameter, numeric=True)
    for lever in levers:
        if lever.by not in parties:
            out.append(Problem(f"levers.{lever.id}.by", "names a party that is not defined", repr(lever.by)))
        for e in lever.effects:
            where = f"levers.{lever.id}.effects"
            check(where, e.party, e.parameter, numeric=e.set is not None or e.change is not None)
            prefs = parties.get(e.party)
            if e.parameter.startswith("red_lines.") and prefs is not None:
                issue_name = e.parameter.split(".", 1)[1]
                if issue_name in prefs.space.names:
                    issue = prefs.space.issue(issue_name)
                    for option in (*e.add, *e.drop):
                        if not issue.has(option):
                            out.append(Problem(where, f"names an unknown option of {issue_name}", repr(option)))
    for b in beliefs:
        for who in (b.holder, b.about):
            if who not in parties:
                out.append(Problem(f"beliefs.{b.holder}.{b.about}", "names a party that is not defined", repr(who)))
    return out
