"""Mediator strategies: how the mediator drafts and revises texts.

- ``hill-climber`` — Klein et al. (2003)'s mediated hill-climbing: propose a small change
  (one issue by default) to the text every party last accepted; keep it if every party
  accepts (the parties' vetoes decide). Critiques steer which issue it changes.
- ``annealing`` — the same, but it moves its working text to a rejected proposal with a
  probability that falls with the number of objections and with time (simulated annealing),
  so it can leave a local optimum; the agreement is still the last text all accepted.
- ``nash-seeking`` — builds each party's utility from the confidential priorities it was
  given and proposes the package that maximises the (weighted) Nash product over the packages
  every party reported acceptable (or, with ``solution=welfare``, the weighted sum of
  utilities); each objection adds to the objecting party's bargaining weight, the more the
  further the text leaves it from its reported best. Truthful reports lead it to a
  Pareto-optimal package; a strategic (exaggerated) report moves its choice toward the
  party that exaggerated — it can be misled.

Mediators see only the mediator's view: the texts, the parties' answers, the confidential
reports, and their own preferences if the mediator has any.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from accord.arrays import FloatArray, IntArray
from accord.engine.events import Action, ActionKind, PriorityReport
from accord.engine.protocols.base import Feature
from accord.engine.protocols.phased_state import Phase
from accord.engine.strategies.base import MediatorStrategy, Param
from accord.engine.strategies.registry import register
from accord.engine.tables import utility_table
from accord.engine.view import Answer, Situation, View
from accord.errors import StrategyError

__all__ = ["Annealing", "NashSeeking", "VetoHillClimber"]

MEDIATED = (Feature.MEDIATED,)

Estimate = tuple[tuple[str, ...], FloatArray, FloatArray, npt.NDArray[np.bool_]]


class _Drafting(MediatorStrategy):
    """Shared by the mediators: candidate texts under a frame, assembled texts, conclusions."""

    def setup(self, view: View) -> None:
        super().setup(view)
        self._cand_cache: dict[tuple[int | None, tuple[int, ...]], IntArray] = {}
        self._assembled_days: set[int] = set()

    def candidates(self, view: View) -> IntArray:
        """Outcomes a text may be: those equal to the frame outside the issues in play."""
        key = (view.frame, view.issues)
        hit = self._cand_cache.get(key)
        if hit is not None:
            return hit
        if view.frame is None or len(view.issues) == len(self.radices):
            cand = np.arange(self.size, dtype=np.int64)
        else:
            frame = np.asarray(view.space.outcome(view.frame), dtype=np.int64)
            fixed = [j for j in range(len(self.radices)) if j not in view.issues]
            mask = np.all(self.outcomes[:, fixed] == frame[fixed], axis=1)
            cand = np.flatnonzero(mask).astype(np.int64)
        self._cand_cache[key] = cand
        return cand

    def project(self, view: View, outcome: int) -> int:
        """``outcome`` on the issues in play, the frame elsewhere."""
        if view.frame is None or len(view.issues) == len(self.radices):
            return outcome
        digits = list(view.space.outcome(view.frame))
        got = view.space.outcome(outcome)
        for j in view.issues:
            digits[j] = got[j]
        return view.space.index(digits)

    def assembled_first(self, view: View) -> int | None:
        """The package assembled from the groups' results, once per alignment phase."""
        if view.phase != Phase.ALIGNMENT or view.assembled is None:
            return None
        if view.day in self._assembled_days:
            return None
        self._assembled_days.add(view.day)
        return view.assembled

    @staticmethod
    def objections(answers: tuple[Answer, ...]) -> int:
        return sum(1 for a in answers if a.kind != ActionKind.ACCEPT)

    @staticmethod
    def critiqued(answers: tuple[Answer, ...]) -> set[int]:
        out: set[int] = set()
        for a in answers:
            out.update(a.issues)
        return out

    def _check(self, view: View) -> None:
        if view.situation != Situation.PROPOSE:
            raise StrategyError(f"mediator strategy {self.info.name!r} cannot act in situation {view.situation!r}")


@register(
    name="hill-climber",
    kind="mediator",
    description="Klein's mediated hill-climbing: small changes to the last text all parties accepted",
    roles=("mediator",),
    needs=MEDIATED,
    aliases={"veto-hill-climber": {}},
    deterministic=False,
)
class VetoHillClimber(_Drafting):
    params: ClassVar[tuple[Param, ...]] = (
        Param("mutations", int, 1, "issues changed per proposal", low=1),
        Param("focus", float, 0.7, "probability of changing an issue a party critiqued", low=0.0, high=1.0),
        Param("patience", int, 0, "conclude after this many proposals without progress (0: never)", low=0),
    )

    mutations: int
    focus: float
    patience: int

    def setup(self, view: View) -> None:
        super().setup(view)
        self._current: dict[str, int] = {}
        self._score: dict[str, int] = {}
        self._proposed: dict[str, set[int]] = {}
        self._last_standing: dict[str, int | None] = {}
        self._stale = 0

    def _learn(self, view: View) -> None:
        key = view.group
        last = view.text
        if last is None or not view.answers:
            return
        accepts = len(view.answers) - self.objections(view.answers)
        cur = self._current.get(key)
        if cur is None or accepts >= self._score.get(key, -1):
            self._current[key] = last
            self._score[key] = accepts

    def base(self, view: View) -> int:
        if view.standing is not None:
            return view.standing
        cur = self._current.get(view.group)
        if cur is not None:
            return cur
        if view.assembled is not None:
            return view.assembled
        if view.frame is not None:
            return view.frame
        cand = self.candidates(view)
        return int(cand[int(self.rng.integers(cand.shape[0]))])

    def mutate(self, view: View, base: int) -> int:
        issues = list(view.issues) or list(range(len(self.radices)))
        issues = [j for j in issues if self.radices[j] > 1] or issues
        wanted = sorted(self.critiqued(view.answers) & set(issues))
        seen = self._proposed.setdefault(view.group, set())
        candidate = base
        for _ in range(12):
            digits = list(view.space.outcome(base))
            for _m in range(min(self.mutations, len(issues))):
                pool = wanted if wanted and self.rng.random() < self.focus else issues
                j = pool[int(self.rng.integers(len(pool)))]
                r = self.radices[j]
                if r > 1:
                    step = 1 + int(self.rng.integers(r - 1))
                    digits[j] = (digits[j] + step) % r
            candidate = view.space.index(digits)
            if candidate not in seen:
                break
        seen.add(candidate)
        return candidate

    def act(self, view: View) -> Action:
        self._check(view)
        me = view.seat.id
        self._learn(view)
        key = view.group
        if self._last_standing.get(key) != view.standing:
            self._last_standing[key] = view.standing
            self._stale = 0
        else:
            self._stale += 1
        if (
            ActionKind.CONCLUDE in view.kinds
            and view.standing is not None
            and self.patience
            and self._stale >= self.patience
        ):
            return Action(me, ActionKind.CONCLUDE)
        first = self.assembled_first(view)
        if first is not None:
            return Action(me, ActionKind.PROPOSE, first, group=key)
        base = self.project(view, self.base(view))
        if view.phase == Phase.CONSULTATION:
            return Action(me, ActionKind.PROPOSE, base, group=key)
        return Action(me, ActionKind.PROPOSE, self.project(view, self.mutate(view, base)), group=key)


@register(
    name="annealing",
    kind="mediator",
    description="hill-climbing that sometimes moves to a rejected text, less often as time runs out",
    roles=("mediator",),
    needs=MEDIATED,
    deterministic=False,
)
class Annealing(VetoHillClimber):
    params = (
        *VetoHillClimber.params,
        Param("temperature", float, 1.0, "initial temperature (objections it will tolerate)", low=1e-6),
    )

    temperature: float

    def _learn(self, view: View) -> None:
        key = view.group
        last = view.text
        if last is None or not view.answers:
            return
        objections = self.objections(view.answers)
        if objections == 0:
            self._current[key] = last
            return
        temp = self.temperature * max(1e-9, 1.0 - view.time)
        if self.rng.random() < math.exp(-objections / temp):
            self._current[key] = last

    def base(self, view: View) -> int:
        cur = self._current.get(view.group)
        if cur is not None:
            return cur
        return super().base(view)


@register(
    name="nash-seeking",
    kind="mediator",
    description="proposes the Nash package of the parties' confidential reports, leaning toward objectors",
    roles=("mediator",),
    needs=MEDIATED,
    aliases={"welfare-seeking": {"solution": "welfare"}},
)
class NashSeeking(_Drafting):
    params = (
        Param("solution", str, "nash", "what it maximises over reported utilities", choices=("nash", "welfare")),
        Param("boost", float, 0.5, "bargaining weight added to a party each time it objects", low=0.0),
        Param("own", float, 0.0, "weight of the mediator's own utility, if it has preferences", low=0.0),
    )

    solution: str
    boost: float
    own: float

    def setup(self, view: View) -> None:
        super().setup(view)
        self._estimates: dict[tuple[tuple[str, PriorityReport], ...], Estimate] = {}
        self._weights: dict[str, dict[str, float]] = {}
        self._seen: dict[str, tuple[int | None, tuple[Answer, ...]]] = {}
        prefs = view.preferences
        self._own_u: FloatArray | None = utility_table(prefs).u if prefs is not None and self.own > 0 else None

    def estimate(self, reports: tuple[tuple[str, PriorityReport], ...]) -> Estimate:
        """Parties, reported utilities (n x m), reported reservations (m), reported red-line mask (n)."""
        hit = self._estimates.get(reports)
        if hit is not None:
            return hit
        parties = tuple(p for p, _ in reports)
        n = self.outcomes.shape[0]
        u = np.zeros((n, len(parties)))
        blocked = np.zeros(n, dtype=bool)
        for i, (_, rep) in enumerate(reports):
            for j, (w, vals) in enumerate(zip(rep.weights, rep.values, strict=True)):
                u[:, i] += w * np.asarray(vals, dtype=np.float64)[self.outcomes[:, j]]
            for j, k in rep.red_lines:
                blocked |= self.outcomes[:, j] == k
        r = np.asarray([rep.reservation for _, rep in reports], dtype=np.float64)
        out = (parties, u, r, blocked)
        self._estimates[reports] = out
        return out

    def choose(self, view: View) -> int:
        parties, u, r, blocked = self.estimate(view.reports)
        key = view.group
        weights = self._weights.setdefault(key, dict.fromkeys(parties, 1.0))
        seen = (view.text, view.answers)
        if view.answers and view.text is not None and self._seen.get(key) != seen:
            self._seen[key] = seen
            top = u.max(axis=0)
            for a in view.answers:
                if a.kind != ActionKind.ACCEPT and a.party in weights:
                    i = parties.index(a.party)
                    span = top[i] - r[i]
                    share = (u[view.text, i] - r[i]) / span if span > 1e-12 else 1.0
                    weights[a.party] += self.boost * (1.0 - min(1.0, max(0.0, share)))
        w = np.asarray([weights.get(p, 1.0) for p in parties])
        cand = self.candidates(view)
        uc = u[cand]
        surplus = uc - r
        feasible = np.all(surplus >= -1e-9, axis=1) & ~blocked[cand]
        if feasible.any():
            nash = self.solution == "nash"
            score = np.log(np.maximum(surplus, 1e-12)) @ w if nash else uc @ w
            if self._own_u is not None:
                score = score + self.own * np.log(np.maximum(self._own_u[cand], 1e-12))
            score = np.where(feasible, score, -np.inf)
        else:
            worst = np.max(-surplus, axis=1) + blocked[cand] * 1.0
            score = -worst + 1e-6 * (uc @ w)
        return int(cand[int(np.argmax(score))])

    def act(self, view: View) -> Action:
        self._check(view)
        me = view.seat.id
        if not view.reports:
            raise StrategyError(
                "nash-seeking needs the parties' confidential reports "
                "(single-text: elicit=true; phased: consultations give them)"
            )
        first = self.assembled_first(view)
        if first is not None:
            return Action(me, ActionKind.PROPOSE, first, group=view.group)
        best = self.choose(view)
        standing = view.standing
        if ActionKind.CONCLUDE in view.kinds and standing is not None:
            _, u, _, _ = self.estimate(view.reports)
            if best == standing or not bool(np.all(u[best] >= u[standing] - 1e-12)):
                return Action(me, ActionKind.CONCLUDE)
        return Action(me, ActionKind.PROPOSE, best, group=view.group)
