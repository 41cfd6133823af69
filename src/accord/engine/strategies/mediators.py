"""Mediator strategies: how the mediator drafts and revises texts.

- ``hill-climber`` — Klein et al. (2003)'s mediated hill-climbing: propose a small change
  (one issue by default) to the text every party last accepted; keep it if every party
  accepts (the parties' vetoes decide). Critiques steer which issue it changes.
- ``annealing`` — the same, but it moves its working text to a rejected proposal with a
  probability that falls with the number of objections and with time (simulated annealing),
  so it can leave a local optimum; the agreement is still the last text all accepted.
- ``nash-seeking`` — Raiffa's single negotiating text: builds each party's utility from the
  confidential priorities it was given and drafts the package that maximises the (weighted)
  Nash product over the packages every party reported acceptable (or, with
  ``solution=welfare``, the weighted sum of utilities), crossing no declared red line; each
  draft answers the critiques of the last (see :class:`NashSeeking`). Truthful reports lead
  it to a Pareto-optimal package; a strategic (exaggerated) report moves its choice toward
  the party that exaggerated — it can be misled.

Mediators see only the mediator's view: the texts, the parties' answers, the confidential
reports, and their own preferences if the mediator has any.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from accord.arrays import FloatArray, IntArray
from accord.engine.events import Action, ActionKind, PriorityReport
from accord.engine.protocols.base import Feature
from accord.engine.protocols.phased_state import Phase
from accord.engine.strategies.base import MediatorStrategy, Param
from accord.engine.strategies.registry import register
from accord.engine.strategies.text_search import SearchedDrafting, SearchedReports
from accord.engine.tables import IdCache, utility_table
from accord.engine.view import Answer, Situation, View
from accord.errors import StrategyError

__all__ = ["Annealing", "NashSeeking", "VetoHillClimber"]

MEDIATED = (Feature.MEDIATED,)

Estimate = tuple[tuple[str, ...], FloatArray, FloatArray, npt.NDArray[np.bool_]]

# The candidate texts of each (frame, issues in play) depend on the space alone: they are
# kept per space object, so many runs of one scenario in one process compute them once.
_CANDIDATES = IdCache()
_COLUMNS = IdCache()


def _issue_columns(outcomes: IntArray) -> list[IntArray]:
    """Each issue's column of the outcome table, contiguous (kept per table)."""
    cols: list[IntArray] = _COLUMNS.get(
        outcomes, lambda: [np.ascontiguousarray(outcomes[:, j]) for j in range(outcomes.shape[1])], weak=False
    )
    return cols


def _summed(rows: Sequence[FloatArray], which: Iterable[int]) -> FloatArray:
    """``rows[j]`` summed over ``which`` in order, into a new array (what numpy's sum over the
    leading axis of the stacked rows gives, without stacking them)."""
    it = iter(which)
    acc = rows[next(it)].copy()
    for j in it:
        acc += rows[j]
    return acc


def _all_cols(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``mask.all(axis=1)`` for an (n, m) mask with few columns (one pass per column)."""
    if mask.shape[1] == 2:
        return mask[:, 0] & mask[:, 1]
    out = mask[:, 0].copy()
    for k in range(1, mask.shape[1]):
        out &= mask[:, k]
    return out


def _any_cols(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``mask.any(axis=1)`` for an (n, m) mask with few columns."""
    if mask.shape[1] == 2:
        return mask[:, 0] | mask[:, 1]
    out = mask[:, 0].copy()
    for k in range(1, mask.shape[1]):
        out |= mask[:, k]
    return out


class _Drafting(MediatorStrategy):
    """Shared by the mediators: candidate texts under a frame, assembled texts, conclusions."""

    def setup(self, view: View) -> None:
        super().setup(view)
        self._cand_cache: dict[tuple[int | None, tuple[int, ...]], IntArray] = _CANDIDATES.get(
            view.space, dict, weak=False
        )
        self._assembled_days: set[int] = set()

    def candidates(self, view: View) -> IntArray:
        """Outcomes a text may be: those equal to the frame outside the issues in play."""
        key = (view.frame, view.issues)
        hit = self._cand_cache.get(key)
        if hit is not None:
            return hit
        if self.outcomes is None:
            raise StrategyError(
                f"mediator strategy {self.info.name!r} lists every text, which a space of "
                f"{self.size:,} packages is too large for; use hill-climber or annealing"
            )
        if view.frame is None or len(view.issues) == len(self.radices):
            cand = np.arange(self.size, dtype=np.int64)
        else:
            frame = np.asarray(view.space.outcome(view.frame), dtype=np.int64)
            fixed = [j for j in range(len(self.radices)) if j not in view.issues]
            mask = np.all(self.outcomes[:, fixed] == frame[fixed], axis=1)
            cand = np.flatnonzero(mask).astype(np.int64)
        if view.space.exclusions:  # packages that cannot exist are never drafted
            cand = cand[view.space.feasible(self.outcomes[cand])]
        cand.setflags(write=False)
        self._cand_cache[key] = cand
        return cand

    def random_text(self, view: View) -> int:
        """A text drawn at random among those the frame allows (any size of space)."""
        if self.outcomes is not None:
            cand = self.candidates(view)
            if cand.shape[0] == 0:
                raise StrategyError("no package can be drafted: every combination in play is excluded")
            return int(cand[int(self.rng.integers(cand.shape[0]))])
        n = len(self.radices)
        digits = list(view.space.outcome(view.frame)) if view.frame is not None else [0] * n
        free = view.issues if view.frame is not None and view.issues else range(n)
        for _ in range(1_000):
            for j in free:
                digits[j] = int(self.rng.integers(self.radices[j]))
            if view.space.is_feasible(digits):
                break
        return view.space.index(digits)

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
        if not view.space.is_feasible(view.space.outcome(view.assembled)):
            return None  # the groups' results combine options that cannot go together
        return view.assembled

    def declared(self, view: View) -> frozenset[tuple[int, int]]:
        """The (issue, option) pairs some party declared a red line in its report."""
        return frozenset(pair for _, rep in view.reports for pair in rep.red_lines)

    def respect(self, view: View, outcome: int) -> int:
        """``outcome`` with every declared red line it crosses moved to an allowed option.

        Only issues in play change; if an issue cannot be moved (or has no allowed option)
        the outcome keeps it, and the caller's fallback decides.
        """
        red = self.declared(view)
        if not red:
            return outcome
        digits = list(view.space.outcome(outcome))
        in_play = set(view.issues) if view.issues else set(range(len(digits)))
        for j in sorted({j for j, k in red if digits[j] == k and j in in_play}):
            allowed = [k for k in range(self.radices[j]) if (j, k) not in red]
            if allowed:
                digits[j] = allowed[int(self.rng.integers(len(allowed)))]
        return view.space.index(digits)

    def crosses(self, view: View, outcome: int) -> bool:
        red = self.declared(view)
        return bool(red) and any((j, k) in red for j, k in enumerate(view.space.outcome(outcome)))

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
        return self.random_text(view)

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
        if first is not None and not self.crosses(view, first):
            return Action(me, ActionKind.PROPOSE, first, group=key)
        base = self.respect(view, self.project(view, self.base(view)))
        if not view.space.is_feasible(view.space.outcome(base)):
            base = self.random_text(view)
        if view.phase == Phase.CONSULTATION:
            return Action(me, ActionKind.PROPOSE, base, group=key)
        text = self.project(view, self.mutate(view, base))
        if self.crosses(view, text):
            text = self.respect(view, text)
        if not view.space.is_feasible(view.space.outcome(text)):
            text = base
        return Action(me, ActionKind.PROPOSE, text, group=key)


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
    description="single negotiating text: drafts the Nash package of the reports, revises it on every critique",
    roles=("mediator",),
    needs=MEDIATED,
    aliases={"welfare-seeking": {"solution": "welfare"}},
    deterministic=False,
)
class NashSeeking(_Drafting, SearchedDrafting):
    """Raiffa's single negotiating text, drafted from the confidential reports.

    Each draft maximises the (weighted) Nash product of the parties' reported gains over the
    packages that cross no declared red line. Every draft answers the last one's critiques:
    a party that objects gains bargaining weight (the more, the further the text left it
    from its reported best), and the issues a critique names are moved toward the critic
    (``listen``), which the others pay for on the issues they reported caring less about.
    A text every party objected to stays off the table for ``memory`` rounds (and every
    package no better for anyone with it); when it returns later, or nothing else is left,
    the text says so. When the reported no-deal values leave no package acceptable
    to all, it treats them as claims: it tests the packages that meet the largest common
    share of every claim, less a ``slack`` it doubts from the start and a further ``doubt``
    each time every party objects, and says so in its text.

    On a space too large to enumerate it searches the issues for its draft instead of
    weighing every package (:mod:`accord.engine.strategies.text_search`; approximate, and
    the transcript says so).
    """

    params = (
        Param("solution", str, "nash", "what it maximises over reported utilities", choices=("nash", "welfare")),
        Param("boost", float, 0.5, "bargaining weight added to a party each time it objects", low=0.0),
        Param("listen", float, 2.0, "weight of moving the issues a critique names toward the critic", low=0.0),
        Param(
            "slack",
            float,
            0.2,
            "share of the claims it doubts from the start when they leave nothing feasible",
            low=0.0,
            high=1.0,
        ),
        Param("memory", int, 2, "rounds a text every party objected to stays off the table", low=1),
        Param("doubt", float, 0.05, "how much further it discounts the reported claims per objection", low=0.0),
        Param("explore", float, 0.1, "spread (log scale) of the seeded jitter of the bargaining weights", low=0.0),
        Param("own", float, 0.0, "weight of the mediator's own utility, if it has preferences", low=0.0),
    )

    solution: str
    boost: float
    listen: float
    slack: float
    memory: int
    doubt: float
    explore: float
    own: float

    def setup(self, view: View) -> None:
        super().setup(view)
        self._estimates: dict[tuple[tuple[str, PriorityReport], ...], _Reported | SearchedReports] = {}
        self._last_reported: tuple[tuple[tuple[str, PriorityReport], ...], _Reported | SearchedReports] | None = None
        self._surpluses: dict[tuple[int, float], tuple[FloatArray, npt.NDArray[np.bool_], FloatArray]] = {}
        self._pools: dict[tuple[int | None, tuple[int, ...], int], tuple[IntArray, FloatArray, FloatArray]] = {}
        self._weights: dict[str, dict[str, float]] = {}
        self._seen: dict[str, tuple[int | None, tuple[Answer, ...]]] = {}
        self._tabu: dict[tuple[int, str], dict[int, int]] = {}
        self._critics: dict[str, list[tuple[int, tuple[int, ...], int]]] = {}
        self._claims_said: dict[tuple[int, str], float] = {}
        self._doubt: dict[tuple[int, str], float] = {}
        prefs = view.preferences
        own = prefs is not None and self.own > 0 and self.outcomes is not None
        self._own_u: FloatArray | None = utility_table(prefs).u if prefs is not None and own else None

    def reported(self, reports: tuple[tuple[str, PriorityReport], ...]) -> _Reported | SearchedReports:
        """What the reports say, as arrays over every package (cached per set of reports);
        as per-issue tables where the space is too large to enumerate."""
        last = self._last_reported
        if last is not None and last[0] is reports:
            return last[1]
        hit = self._estimates.get(reports)
        if hit is None:
            if self.outcomes is None:
                hit = SearchedReports(reports, self.space)
            else:
                hit = _Reported(reports, self.outcomes, len(self.radices))
            self._estimates[reports] = hit
        self._last_reported = (reports, hit)
        return hit

    def estimate(self, reports: tuple[tuple[str, PriorityReport], ...]) -> Estimate:
        """Parties, reported utilities (n x m), reported reservations (m), reported red-line mask (n)."""
        rep = self.reported(reports)
        if not isinstance(rep, _Reported):
            raise StrategyError(f"a space of {self.size:,} packages is too large to estimate over every package")
        return rep.parties, rep.u, rep.r, rep.blocked

    def _pool(self, view: View, rep: _Reported) -> tuple[IntArray, FloatArray, FloatArray]:
        """The candidate texts crossing no declared red line, their utilities and claim shortfalls."""
        key = (view.frame, view.issues, id(rep))
        hit = self._pools.get(key)
        if hit is None:
            cand = self.candidates(view)
            ok = cand[~rep.blocked[cand]]
            if ok.shape[0] == 0:
                ok = cand
            hit = (ok, rep.u[ok], rep.need[ok])
            if len(self._pools) > 256:
                self._pools.clear()
            self._pools[key] = hit
        return hit

    def _surplus(self, rep: _Reported, uc: FloatArray, share: float) -> tuple[npt.NDArray[np.bool_], FloatArray]:
        """The pool's packages meeting every claim less ``share`` of it, and the logs of their
        surpluses (kept per pool and share: drafts of one round of talks repeat them)."""
        key = (id(uc), share)
        hit = self._surpluses.get(key)
        if hit is None or hit[0] is not uc:
            r_eff = rep.r - share * rep.span
            surplus = uc - r_eff
            hit = (uc, _all_cols(surplus >= -1e-9), np.log(np.maximum(surplus, 1e-6)))
            if len(self._surpluses) > 256:
                self._surpluses.clear()
            self._surpluses[key] = hit
        return hit[1], hit[2]

    def _learn(self, view: View, rep: _Reported | SearchedReports) -> None:
        """Take in the answers to the last text once: weights, critiques, texts all objected to."""
        key = view.group
        seen = (view.text, view.answers)
        if not view.answers or view.text is None or self._seen.get(key) == seen:
            return
        self._seen[key] = seen
        parties, u, r = rep.parties, rep.u, rep.r
        weights = self._weights.setdefault(key, dict.fromkeys(parties, 1.0))
        critics: list[tuple[int, tuple[int, ...], int]] = []
        for a in view.answers:
            if a.kind == ActionKind.ACCEPT or a.party not in weights:
                continue
            i = parties.index(a.party)
            span = rep.top[i] - r[i]
            share = (u[view.text, i] - r[i]) / span if span > 1e-12 else 1.0
            weights[a.party] += self.boost * (1.0 - min(1.0, max(0.0, share)))
            if a.issues:
                critics.append((i, a.issues, view.text))
        self._critics[key] = critics
        objections = self.objections(view.answers)
        if objections == len(view.answers):
            self._tabu.setdefault((view.day, key), {})[view.text] = view.round - 1
            doubt = self._doubt.get((view.day, key), 0.0)
            self._doubt[(view.day, key)] = min(0.5, doubt + self.doubt)

    def choose(self, view: View) -> tuple[int, str]:
        """The next draft and what the mediator says with it ("" when nothing needs saying)."""
        rep = self.reported(view.reports)
        key = view.group
        self._learn(view, rep)
        if isinstance(rep, SearchedReports):  # too large to list: search the issues (approximate)
            return self.searched_choice(view, rep)
        weights = self._weights.setdefault(key, dict.fromkeys(rep.parties, 1.0))
        w = np.asarray([weights.get(p, 1.0) for p in rep.parties])
        if self.explore > 0:
            # Seeded jitter of the bargaining weights: drafts differ from run to run, and a
            # draft maximising a weighted Nash product stays Pareto-optimal in the reports.
            w = w * np.exp(self.explore * self.rng.standard_normal(w.shape[0]))
        cand, uc, need = self._pool(view, rep)
        note = ""
        tabu = self._tabu.get((view.day, key), {})
        recent = [x for x, r in tabu.items() if view.round - 1 - r < self.memory]
        ok: npt.NDArray[np.bool_] | None = None
        if recent:
            # A text every party just objected to goes, and with it every package no better
            # for anyone: the next draft stays on the frontier of what is left (in the reports).
            fresh = np.ones(cand.shape[0], dtype=bool)
            for x in recent:
                fresh &= ~_all_cols(uc <= rep.u[x] + 1e-12)
            if fresh.any():
                ok = fresh
            else:
                note = "every other draft open to it was objected to; it tables this one again"
        # The share of each reported no-deal value a package fails to meet; the packages
        # meeting the largest common share of every claim are the ones to test. Objections
        # make it doubt the claims further, which opens more drafts to revise.
        kappa = float(need.min() if ok is None else need[ok].min())
        doubt = self._doubt.get((view.day, key), 0.0) + (self.slack if kappa > 1e-9 else 0.0)
        feasible, logs = self._surplus(rep, uc, min(1.0, kappa + doubt))
        if ok is not None:
            feasible = feasible & ok
        score = logs @ w if self.solution == "nash" else uc @ w
        if self._own_u is not None:
            score = score + self.own * np.log(np.maximum(self._own_u[cand], 1e-12))
        if self.listen > 0:
            for i, issues, text in self._critics.get(key, ()):
                gain = rep.named_at(i, issues, cand)
                score = score + (self.listen / rep.scale[i]) * (gain - rep.named_one(i, issues, text))
        score[~feasible] = -np.inf
        b = int(np.argmax(score))
        # The critiques' pull is not monotone in every party's utility: if the draft it chose
        # is dominated (in the reports), the best-for-all of the drafts dominating it replaces
        # it, which no other draft dominates.
        better = feasible & _all_cols(uc >= uc[b] - 1e-12) & _any_cols(uc > uc[b] + 1e-12)
        if better.any():
            b = int(np.argmax(np.where(better, uc.sum(axis=1), -np.inf)))
        best = int(cand[b])
        return best, self.explain(view, note, tabu, best, kappa)

    def explain(self, view: View, note: str, tabu: dict[int, int], best: int, kappa: float) -> str:
        """What the mediator says with draft ``best`` (``note`` if something is said already)."""
        key = view.group
        if not note and best in tabu:
            note = (
                f"it returns to its draft of round {tabu[best] + 1}: every party objected to it, "
                "and to the revisions since"
            )
        if kappa > 1e-9 and not note:
            said = self._claims_said.get((view.day, key))
            if said is None or abs(said - kappa) > 0.05:
                self._claims_said[(view.day, key)] = kappa
                note = (
                    "the reported no-deal values leave no package acceptable to all; it treats them "
                    f"as claims and tests a package that meets {1.0 - kappa:.0%} of each claim"
                )
        return note

    def act(self, view: View) -> Action:
        self._check(view)
        me = view.seat.id
        if not view.reports:
            raise StrategyError(
                "nash-seeking needs the parties' confidential reports "
                "(single-text: elicit=true; phased: consultations give them)"
            )
        first = self.assembled_first(view)
        if first is not None and not self.crosses(view, first):
            return Action(me, ActionKind.PROPOSE, first, group=view.group)
        best, note = self.choose(view)
        standing = view.standing
        if ActionKind.CONCLUDE in view.kinds and standing is not None:
            u = self.reported(view.reports).u
            if best == standing or not bool(np.all(u[best] >= u[standing] - 1e-12)):
                return Action(me, ActionKind.CONCLUDE)
        return Action(me, ActionKind.PROPOSE, best, group=view.group, note=note)


class _Reported:
    """The parties' reports as arrays over every package: utilities, claims, red lines."""

    def __init__(self, reports: tuple[tuple[str, PriorityReport], ...], outcomes: IntArray, n_issues: int) -> None:
        self.parties = tuple(p for p, _ in reports)
        n = outcomes.shape[0]
        blocked = np.zeros(n, dtype=bool)
        columns = _issue_columns(outcomes)
        # Each party's reported utility from each issue, for every package (one row per issue:
        # small arrays the allocator reuses from run to run), and their sum issue by issue.
        self.parts: list[list[FloatArray]] = []
        total: list[FloatArray] = []
        for _, rep in reports:
            # w * value per option, then looked up per package: the same products, fewer of them
            rows = [
                (w * np.asarray(vals, dtype=np.float64)).take(columns[j])
                for j, (w, vals) in enumerate(zip(rep.weights, rep.values, strict=True))
            ]
            self.parts.append(rows)
            total.append(_summed(rows, range(n_issues)))
            for j, k in rep.red_lines:
                blocked |= columns[j] == k
        self.u: FloatArray = np.stack(total, axis=1)
        self.r: FloatArray = np.asarray([rep.reservation for _, rep in reports], dtype=np.float64)
        self.blocked = blocked
        # Reductions one party (column) at a time: across a few columns numpy's axis
        # reductions are slow, and max / min are exact whichever way they are taken.
        cols = [self.u[:, i] for i in range(self.u.shape[1])]
        self.top: FloatArray = np.asarray([c.max() for c in cols], dtype=np.float64)
        lo = np.asarray([c.min() for c in cols], dtype=np.float64)
        self.scale: FloatArray = np.maximum(self.top - lo, 1e-12)
        self.span: FloatArray = np.maximum(self.r - lo, 1e-12)
        short = (self.r - self.u) / self.span
        need = short[:, 0].copy()
        for k in range(1, short.shape[1]):
            np.maximum(need, short[:, k], out=need)
        self.need: FloatArray = np.clip(need, 0.0, 1.0)
        self._named: dict[tuple[int, tuple[int, ...]], FloatArray] = {}
        self._named_at: dict[tuple[int, tuple[int, ...], int], tuple[IntArray, FloatArray]] = {}

    def named(self, i: int, issues: tuple[int, ...]) -> FloatArray:
        """Party ``i``'s reported utility from ``issues`` alone, for every package."""
        key = (i, issues)
        hit = self._named.get(key)
        if hit is None:
            hit = _summed(self.parts[i], issues)
            self._named[key] = hit
        return hit

    def named_at(self, i: int, issues: tuple[int, ...], cand: IntArray) -> FloatArray:
        """:meth:`named` at the packages ``cand`` only (kept per candidate array): the same
        sums, issue by issue in the same order, over the few packages a draft may be."""
        key = (i, issues, id(cand))
        hit = self._named_at.get(key)
        if hit is None or hit[0] is not cand:
            rows = self.parts[i]
            hit = (cand, _summed([rows[j][cand] for j in issues], range(len(issues))))
            self._named_at[key] = hit
        return hit[1]

    def named_one(self, i: int, issues: tuple[int, ...], outcome: int) -> np.float64:
        """:meth:`named` at one package."""
        rows = self.parts[i]
        acc: np.float64 = rows[issues[0]][outcome]
        for j in issues[1:]:
            acc = acc + rows[j][outcome]
        return acc
