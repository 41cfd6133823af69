"""What would it take: the smallest change of one parameter that opens a deal.

For a party and one of its parameters — the reservation value, a weight (the other
weights rescaled in proportion), an option's value, or an option on a red line — the
smallest change that reaches a goal:

- ``open``: the zone of possible agreement is not empty;
- ``widen``: the zone holds ``share`` more packages than now (at least one more);
- ``accept``: a given package is acceptable to every party.

Exact, not sampled. Up to :data:`WHATIF_LIMIT` packages: with one numeric parameter ``p`` of party ``i`` changed, every
package's surplus ``u_i(o) - r_i`` is linear in ``p`` (a weight moves the others in
proportion, so the rest of the utility scales by ``(1 - p) / (1 - w)``), so party ``i``
accepts ``o`` on a half-line of ``p``. The packages the other parties accept (and that
cross none of ``i``'s red lines) are enumerated once; the number in the zone is a step
function of ``p`` that changes only at their thresholds, so the nearest value of ``p``
that reaches the goal is one of them: each is checked in one sorted sweep. The change
found is then applied to the scenario and the zone counted again by the exact counter
(:func:`accord.analysis.zopa`); red-line changes are counted that way directly. Past
that size, a reservation value is found by bisection over the exact counter (to 1e-12),
and red lines by counting; other parameters are out of reach.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from accord.analysis.panel import Panel, select_parties
from accord.analysis.zopa import zopa_of
from accord.errors import AnalysisError, SpaceTooLargeError
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Scenario
from accord.model.uncertainty import get_parameter, set_parameter, set_red_line

__all__ = ["WHATIF_LIMIT", "Finding", "Goal", "parameters_of", "whatif", "whatif_panel"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

WHATIF_LIMIT = 5_000_000
"""Largest space enumerated to find the smallest change."""

_TOL = 1e-9  # as in Preferences.acceptable


@dataclass(frozen=True)
class Goal:
    """``open`` the zone, ``widen`` it by ``share``, or make ``package`` (option indices) ``accept``-able."""

    kind: str = "open"
    share: float = 0.0
    package: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("open", "widen", "accept"):
            raise AnalysisError(f"unknown goal {self.kind!r}; expected open, widen or accept")
        if self.kind == "widen" and not self.share > 0:
            raise AnalysisError(f"widening needs a positive share (found {self.share!r})")
        if self.kind == "accept" and not self.package:
            raise AnalysisError("the accept goal needs a package")

    def describe(self) -> str:
        if self.kind == "open":
            return "open a zone of agreement"
        if self.kind == "widen":
            return f"widen the zone by {self.share:.0%}"
        return "make the package acceptable to all"


@dataclass(frozen=True)
class Finding:
    """The smallest change of one parameter that reaches the goal (``needed`` None: none does).

    ``direction``: "fall", "rise", "drop" (an option off a red line) or "already" (reached
    without a change); ``zone_after``: the exact size of the zone after the change.
    """

    party: str
    parameter: str
    goal: str
    current: float | None
    needed: float | None
    direction: str
    zone_before: int
    zone_after: int | None
    sentence: str
    option: str = ""

    @property
    def change(self) -> float | None:
        if self.needed is None or self.current is None:
            return None
        return abs(self.needed - self.current)

    def to_dict(self) -> dict[str, object]:
        return {
            "party": self.party,
            "parameter": self.parameter,
            "goal": self.goal,
            "current": self.current,
            "needed": self.needed,
            "change": self.change,
            "direction": self.direction,
            "option": self.option or None,
            "zone_before": self.zone_before,
            "zone_after": self.zone_after,
            "sentence": self.sentence,
        }


def _order(f: Finding) -> tuple[bool, bool, float, str, str]:
    """Smallest change first; equal changes (to 1e-9, as bisection finds them) by party and parameter."""
    return (f.direction == "none", f.direction == "drop", round(f.change or 0.0, 9), f.party, f.parameter)


def parameters_of(prefs: Preferences) -> list[str]:
    """Every parameter :func:`whatif` can change for these preferences."""
    out = ["reservation"]
    util = prefs.utility
    if isinstance(util, LinearAdditive):
        space = util.space
        total = sum(util.weights)
        # a weight can move only when another weight is positive (the others make room for it)
        out += [f"weights.{n}" for n, w in zip(space.names, util.weights, strict=True) if total - w > 1e-12]
        for issue in space.issues:
            out += [f"values.{issue.name}.{issue.value(k)}" for k in range(issue.cardinality)]
    for name, opts in prefs.red_lines.items():
        issue = prefs.space.issue(name)
        out += [f"red_lines.{name}.{v}" for v in sorted(opts, key=issue.index_of)]
    return out


def whatif(
    scenario: Scenario,
    goal: Goal | None = None,
    *,
    parties: Sequence[str] | None = None,
    changing: Sequence[str] | None = None,
    parameters: Sequence[str] | None = None,
) -> tuple[Finding, ...]:
    """For each party in ``changing`` (default: every negotiator) and each of its parameters
    (default: all, see :func:`parameters_of`), the smallest change that reaches ``goal``.

    The zone is that of ``parties`` (default: the negotiators). Findings that reach the goal
    come first, smallest change first.
    """
    panel = select_parties(scenario, parties)
    names = {p.id: p.name for p in scenario.parties}
    return whatif_panel(panel, goal or Goal(), changing=changing, parameters=parameters, names=names)


def whatif_panel(
    panel: Panel,
    goal: Goal,
    *,
    changing: Sequence[str] | None = None,
    parameters: Sequence[str] | None = None,
    names: dict[str, str] | None = None,
) -> tuple[Finding, ...]:
    """:func:`whatif` for a panel of parties already selected."""
    space = panel.space
    who = list(changing) if changing is not None else list(panel.ids)
    for pid in who:
        if pid not in panel.ids:
            raise AnalysisError(f"{pid!r} is not among the parties analysed ({', '.join(panel.ids)})")
    before = _count(panel)
    if space.size > WHATIF_LIMIT and goal.kind != "accept":
        return _by_counter(panel, goal, before, who, parameters, names or {})
    if goal.kind == "accept":
        outcomes = np.asarray([space.check(goal.package)], dtype=np.int64)
        target = 1
    else:
        outcomes = space.all()
        target = 1 if goal.kind == "open" else before + max(1, math.ceil(before * goal.share - 1e-9))
        if goal.kind == "widen" and before == 0:
            raise AnalysisError("the zone is empty: ask what would open it (goal open) before widening it")
    utilities = np.stack([p.evaluate(outcomes) for p in panel.preferences], axis=1)
    accepted = np.stack([p.acceptable(outcomes) for p in panel.preferences], axis=1)
    if (goal.kind == "open" and before > 0) or (goal.kind == "accept" and accepted.all()):
        return ()  # reached already: nothing to change
    found: list[Finding] = []
    for pid in who:
        i = panel.ids.index(pid)
        prefs = panel.preferences[i]
        others: BoolArray = np.asarray(np.delete(accepted, i, axis=1).all(axis=1), dtype=bool)
        clean = others & ~prefs.crosses_red_line(outcomes)
        wanted = parameters_of(prefs) if parameters is None else list(parameters)
        label = (names or {}).get(pid, pid)
        for parameter in wanted:
            if parameter.startswith("red_lines."):
                found.append(_red_line(panel, i, parameter, goal, target, before, others, outcomes, label))
                continue
            surplus = _surplus(prefs, parameter, outcomes, utilities[:, i])
            current = get_parameter(prefs, parameter)
            needed = _nearest(*surplus, clean, current, target)
            found.append(_numeric(panel, i, parameter, goal, current, needed, before, label))
    found.sort(key=_order)
    return tuple(found)


def _count(panel: Panel) -> int:
    z = zopa_of(panel)
    if z.count is None:
        raise AnalysisError(f"what-would-it-take needs the exact size of the zone; only bounds are known ({z.note})")
    return z.count


def _by_counter(
    panel: Panel, goal: Goal, before: int, who: list[str], parameters: Sequence[str] | None, names: dict[str, str]
) -> tuple[Finding, ...]:
    """Past :data:`WHATIF_LIMIT` packages: reservation values by bisection over the exact counter
    (the zone shrinks as a reservation value rises), red lines by counting; to 1e-12."""
    if goal.kind == "open" and before > 0:
        return ()
    if goal.kind == "widen" and before == 0:
        raise AnalysisError("the zone is empty: ask what would open it (goal open) before widening it")
    target = 1 if goal.kind == "open" else before + max(1, math.ceil(before * goal.share - 1e-9))
    empty = np.zeros(0, dtype=bool)
    none = np.zeros((0, panel.space.n_issues), dtype=np.int64)
    found = []
    for pid in who:
        i = panel.ids.index(pid)
        prefs = panel.preferences[i]
        label = names.get(pid, pid)
        wanted = ["reservation", *(x for x in parameters_of(prefs) if x.startswith("red_lines."))]
        for parameter in wanted if parameters is None else parameters:
            if parameter.startswith("red_lines."):
                found.append(_red_line(panel, i, parameter, goal, target, before, empty, none, label))
            elif parameter == "reservation":
                needed = _bisect_reservation(panel, i, target)
                found.append(_numeric(panel, i, parameter, goal, prefs.reservation, needed, before, label))
            else:
                raise SpaceTooLargeError(
                    panel.space.size,
                    WHATIF_LIMIT,
                    what=f"what-would-it-take on {parameter} (reservation values go further)",
                )
    found.sort(key=_order)
    return tuple(found)


def _bisect_reservation(panel: Panel, i: int, target: int) -> float | None:
    """The largest reservation value of party ``i`` (below its own) at which the zone holds ``target``."""
    prefs = panel.preferences[i]

    def count(r: float) -> int:
        return _count(_with(panel, i, set_parameter(prefs, "reservation", r)))

    if count(0.0) < target:
        return None
    lo, hi = 0.0, prefs.reservation  # count(lo) >= target > count(hi)
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if count(mid) >= target else (lo, mid)
    return lo


def _surplus(
    prefs: Preferences, parameter: str, outcomes: npt.NDArray[np.int64], u: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``(a, b)`` with the party's surplus ``u(o; p) - r(p) = a * p + b`` for each outcome."""
    kind, *rest = parameter.split(".")
    r = prefs.reservation
    if kind == "reservation":
        return np.full(u.shape[0], -1.0), u.copy()
    util = prefs.utility
    if not isinstance(util, LinearAdditive) or kind not in ("weights", "values"):
        raise AnalysisError(f"{parameter}: what-would-it-take changes reservation, weights, values or red lines")
    j = util.space.issue_index(rest[0])
    w = util.weights[j]
    v = np.asarray(util.values[j], dtype=np.float64)[outcomes[:, j]]
    if kind == "values":
        k = util.space.issues[j].index_of(".".join(rest[1:]))
        hit = (outcomes[:, j] == k).astype(np.float64)
        return hit * w, u - hit * w * util.values[j][k] - r
    if w >= 1.0:
        raise AnalysisError(f"{parameter}: no other weight is positive, so this one cannot change")
    rest_u = (u - w * v) / (1.0 - w)
    return v - rest_u, rest_u - r


def _nearest(a: FloatArray, b: FloatArray, live: BoolArray, p0: float, target: int) -> float | None:
    """The value of ``p`` in [0, 1] nearest ``p0`` at which at least ``target`` of the ``live``
    outcomes have ``a * p + b >= 0`` (None when no value does)."""
    a, b = a[live], b[live]
    flat = a == 0
    always = int(np.count_nonzero(flat & (b >= -_TOL)))
    # thresholds with half the acceptance tolerance: a package exactly at its reservation
    # value (up to rounding) counts as accepted, as in Preferences.acceptable
    slack = -_TOL / 2 - b
    up = np.sort(slack[a > 0] / a[a > 0])  # accepted at p >= t
    down = np.sort(slack[a < 0] / a[a < 0])  # accepted at p <= t
    cand = np.concatenate([up, down, [0.0, 1.0, p0]])
    cand = np.unique(np.clip(cand, 0.0, 1.0))
    count = (
        always + np.searchsorted(up, cand, side="right") + (down.shape[0] - np.searchsorted(down, cand, side="left"))
    )
    ok = count >= target
    if not ok.any():
        return None
    dist = np.abs(cand[ok] - p0)
    return float(cand[ok][int(np.argmin(dist))])


def _numeric(
    panel: Panel, i: int, parameter: str, goal: Goal, current: float, needed: float | None, before: int, label: str
) -> Finding:
    pid = panel.ids[i]
    what = _words(parameter, label)
    if needed is None:
        return Finding(
            pid,
            parameter,
            goal.kind,
            current,
            None,
            "none",
            before,
            None,
            f"No value of {what} alone would {goal.describe()}.",
        )
    changed = _with(panel, i, set_parameter(panel.preferences[i], parameter, needed))
    after = _count(changed)
    if needed == current:
        sentence = f"The goal ({goal.describe()}) is reached with {what} at {current:.3g}."
        return Finding(pid, parameter, goal.kind, current, needed, "already", before, after, sentence)
    fall = needed < current
    shown = _shown(needed, fall)
    tail = f"the zone would then hold {after:,} packages" + (f", against {before:,} now" if before else "")
    verb, side = ("fall", "below") if fall else ("rise", "above")
    sentence = (
        f"{what[0].upper()}{what[1:]} would need to {verb} from {current:.3g} to {shown} or {side} "
        f"to {goal.describe()} ({tail})."
    )
    return Finding(pid, parameter, goal.kind, current, needed, "fall" if fall else "rise", before, after, sentence)


def _red_line(
    panel: Panel,
    i: int,
    parameter: str,
    goal: Goal,
    target: int,
    before: int,
    others: BoolArray,
    outcomes: npt.NDArray[np.int64],
    label: str,
) -> Finding:
    pid = panel.ids[i]
    _, issue, option = parameter.split(".", 2)
    prefs = set_red_line(panel.preferences[i], issue, drop=[option])
    changed = _with(panel, i, prefs)
    after = _count(changed)
    reached = bool((others & prefs.acceptable(outcomes)).any()) if goal.kind == "accept" else after >= target
    words = f"{label}'s red line on {issue} = {option}"
    if reached:
        sentence = (
            f"If {label} dropped its red line on {issue} = {option}, that would {goal.describe()} "
            f"({after:,} packages in the zone, against {before:,} now)."
        )
        return Finding(pid, f"red_lines.{issue}", goal.kind, None, None, "drop", before, after, sentence, option)
    sentence = f"Dropping {words} alone would not {goal.describe()} ({after:,} packages in the zone)."
    return Finding(pid, f"red_lines.{issue}", goal.kind, None, None, "none", before, after, sentence, option)


def _with(panel: Panel, i: int, prefs: Preferences) -> Panel:
    new = list(panel.preferences)
    new[i] = prefs
    return replace(panel, preferences=tuple(new))


def _shown(x: float, fall: bool) -> str:
    """``x`` at 3 decimals, rounded in the safe direction (down for a fall, up for a rise)."""
    x = round(x, 9)
    y = math.floor(x * 1000) / 1000 if fall else math.ceil(x * 1000) / 1000
    return f"{y:.3f}"


def _words(parameter: str, label: str) -> str:
    kind, *rest = parameter.split(".")
    if kind == "reservation":
        return f"{label}'s no-deal value"
    if kind == "weights":
        return f"{label}'s weight on {rest[0]}"
    return f"{label}'s value for {rest[0]} = {'.'.join(rest[1:])}"
