"""The mediator's console: verdicts of the reported preferences on a draft, hints, suggestions.

Only what the mediator knows is used: the confidential reports it received (which may be
strategic), the texts and answers in its view, and a built-in mediator strategy acting on
that same view. The parties' true preferences are never read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.analysis.dominance import non_dominated
from accord.engine.events import PriorityReport
from accord.engine.strategies.registry import create
from accord.engine.view import View
from accord.errors import AccordError
from accord.model.space import OutcomeSpace

__all__ = ["HINT_LIMIT", "estimate", "suggest", "verdicts"]

HINT_LIMIT = 500_000
"""Largest outcome space the console's hints enumerate."""


def _reported(report: PriorityReport, outcomes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    u = np.zeros(outcomes.shape[0])
    for j, (w, row) in enumerate(zip(report.weights, report.values, strict=True)):
        u += float(w) * np.asarray(row, dtype=np.float64)[outcomes[:, j]]
    return u


def _crosses(report: PriorityReport, outcomes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    out = np.zeros(outcomes.shape[0], dtype=bool)
    for j, k in report.red_lines:
        out |= outcomes[:, int(j)] == int(k)
    return out


def verdicts(
    space: OutcomeSpace, reports: Sequence[tuple[str, PriorityReport]], digits: Sequence[int], names: dict[str, str]
) -> list[dict[str, Any]]:
    """Each reported preference's verdict on the draft: its reported worth, reservation, red lines."""
    arr = np.asarray([list(digits)], dtype=np.int64)
    out = []
    for party, rep in reports:
        u = float(_reported(rep, arr)[0])
        crossed = [
            f"{space.issues[int(j)].label}: {space.issues[int(j)].label_of(int(k))}"
            for j, k in rep.red_lines
            if digits[int(j)] == int(k)
        ]
        ok = not crossed and u >= rep.reservation - 1e-9
        out.append(
            {
                "party": names.get(party, party),
                "worth": u,
                "reservation": float(rep.reservation),
                "crossed": crossed,
                "verdict": "acceptable by its report" if ok else "not acceptable by its report",
                "ok": ok,
            }
        )
    return out


def estimate(view: View, names: dict[str, str]) -> dict[str, Any] | None:
    """The mediator's estimate, from the reports alone: the frontier and the Nash package among the texts it may table.

    Texts are restricted to those equal to the frame outside the issues in play (a group's text).
    None when no party has reported yet or the space is too large to enumerate here.
    """
    reports = view.reports
    space = view.space
    if not reports:
        return None
    if space.size > HINT_LIMIT:
        return {"too_large": True, "limit": HINT_LIMIT}
    outcomes = _all_outcomes(space)
    if view.frame is not None and len(view.issues) < len(space.radices):
        frame = np.asarray(space.outcome(view.frame), dtype=np.int64)
        fixed = [j for j in range(len(space.radices)) if j not in view.issues]
        outcomes = outcomes[np.all(outcomes[:, fixed] == frame[fixed], axis=1)]
    utils = np.column_stack([_reported(r, outcomes) for _, r in reports])
    res = np.asarray([float(r.reservation) for _, r in reports])
    ok = np.all(utils >= res - 1e-9, axis=1)
    for _, r in reports:
        ok &= ~_crosses(r, outcomes)
    front = non_dominated(utils[ok]) if ok.any() else np.zeros(0, dtype=bool)
    out: dict[str, Any] = {
        "too_large": False,
        "considered": int(outcomes.shape[0]),
        "acceptable": int(ok.sum()),
        "frontier": int(front.sum()),
        "parties": [names.get(p, p) for p, _ in reports],
        "nash": None,
    }
    if ok.any():
        gains = utils[ok] - res
        positive = np.all(gains > 1e-12, axis=1)
        if positive.any():
            value = np.where(positive, np.prod(np.where(positive[:, None], gains, 1.0), axis=1), -np.inf)
            best = int(np.argmax(value))
            digits = [int(d) for d in outcomes[ok][best]]
            out["nash"] = {
                "digits": digits,
                "words": [f"{space.issues[j].label}: {space.issues[j].label_of(d)}" for j, d in enumerate(digits)],
                "utilities": [float(u) for u in utils[ok][best]],
            }
    return out


def _all_outcomes(space: OutcomeSpace) -> npt.NDArray[np.int64]:
    grids = np.indices(tuple(space.radices)).reshape(len(space.radices), -1).T
    return np.asarray(grids, dtype=np.int64)


def suggest(view: View, spec: str, seed: Any) -> list[int]:
    """The text a built-in mediator strategy would table now, from the mediator's view alone (as digits)."""
    strategy = create(spec)
    strategy.start(view, seed)
    action = strategy.act(view)
    if action.outcome is None:
        raise AccordError(f"the strategy {spec!r} suggests no text now ({action.kind})")
    return [int(d) for d in view.space.outcome(int(action.outcome))]
