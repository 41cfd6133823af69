"""The classroom's debrief: every table's outcome on the case's analysis plot, who conceded what.

For the teacher, after the talks: each table's agreement (or its last text) is placed on the
plane of the first two negotiators' utilities, with the case's Pareto frontier and its Nash
package (computed exactly by :mod:`accord.analysis`), and each party's concessions are listed:
how far its utility fell from its opening position, and on which issues it moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.pareto import pareto_frontier
from accord.analysis.solutions import nash
from accord.engine.events import Event, EventKind
from accord.errors import AnalysisError
from accord.model.scenario import Scenario
from accord.report.html import esc

__all__ = ["TableResult", "debrief", "plot_svg", "table_result"]


@dataclass
class TableResult:
    """One table: how it ended, its final package, each party's utility and concessions."""

    number: int
    session: str
    ending: str  # agreement | no agreement | broken | in progress | closed
    outcome: int | None  # the agreement, or the last text on the table
    package: list[str] = field(default_factory=list)
    utilities: dict[str, float] = field(default_factory=dict)
    conceded: list[str] = field(default_factory=list)


def table_result(
    number: int, session: str, scenario: Scenario, events: Sequence[Event], over: bool, status: str
) -> TableResult:
    """What one table's full record says (the teacher's view: true utilities)."""
    space = scenario.space
    last = events[-1] if events else None
    tabled = [e for e in events if e.kind in (EventKind.TEXT, EventKind.OFFER) and e.outcome is not None]
    if over and last is not None and last.kind == EventKind.AGREEMENT:
        ending, outcome = "agreement", last.outcome
    else:
        ending = ("broken" if any(e.kind == EventKind.BROKEN for e in events) else "no agreement") if over else status
        if not over and status == "open":
            ending = "in progress"
        outcome = tabled[-1].outcome if tabled else None
    res = TableResult(number, session, ending, outcome)
    if outcome is None:
        return res
    digits = space.outcome(outcome)
    res.package = [f"{issue.label}: {issue.label_of(digits[j])}" for j, issue in enumerate(space.issues)]
    openings = {e.party: e.outcome for e in events if e.kind == EventKind.OPENING and e.outcome is not None}
    for p in scenario.negotiators:
        prefs = scenario.preferences(p.id)
        u = float(prefs(digits))
        res.utilities[p.name or p.id] = u
        start = openings.get(p.id)
        if start is None:
            continue
        s_digits = space.outcome(start)
        moved = [
            f"{issue.label} ({issue.label_of(s_digits[j])} → {issue.label_of(digits[j])})"
            for j, issue in enumerate(space.issues)
            if s_digits[j] != digits[j]
        ]
        drop = float(prefs(s_digits)) - u
        who = p.name or p.id
        if drop >= 0.005:
            words = f"{who} conceded {drop:.2f} of utility from its opening position"
        elif drop <= -0.005:
            words = f"{who} gained {-drop:.2f} of utility over its opening position"
        else:
            words = f"{who} kept the utility of its opening position"
        res.conceded.append(words + (f", moving on {', '.join(moved)}" if moved else ", moving on no issue"))
    return res


def debrief(scenario: Scenario, results: Sequence[TableResult]) -> dict[str, Any]:
    """The debrief's data: the frontier, the Nash package, every table's result, and the plot."""
    parties = [p.id for p in scenario.negotiators]
    out: dict[str, Any] = {
        "tables": results,
        "nash": None,
        "frontier": 0,
        "parties": [scenario.party(p).name or p for p in parties],
    }
    try:
        front = pareto_frontier(scenario)
    except AnalysisError as e:
        out["problem"] = str(e)
        out["plot"] = ""
        return out
    out["frontier"] = front.n_points
    nash_u = None
    try:
        sol = nash(pareto_frontier(scenario, acceptable=True))
        names = {p: scenario.party(p).name or p for p in parties}
        out["nash"] = {
            "package": [f"{k}: {v}" for k, v in sol.package.items()],
            "utilities": {names[p]: u for p, u in sol.utilities.items()},
        }
        nash_u = [sol.utilities[p] for p in parties]
    except AnalysisError as e:
        out["nash_problem"] = str(e)
    reservations = [scenario.preferences(p).reservation for p in parties]
    points = []
    for r in results:
        if r.outcome is None:
            continue
        d = scenario.space.outcome(r.outcome)
        points.append((r.number, [float(scenario.preferences(p)(d)) for p in parties], r.ending == "agreement"))
    out["plot"] = plot_svg(np.asarray(front.utilities, dtype=float), nash_u, reservations, points, out["parties"])
    return out


def plot_svg(
    frontier: np.ndarray[Any, Any],
    nash_u: Sequence[float] | None,
    reservations: Sequence[float],
    tables: Sequence[tuple[int, Sequence[float], bool]],
    names: Sequence[str],
    *,
    size: int = 420,
) -> str:
    """The plane of the first two parties' utilities: frontier, reservations, Nash package, tables."""
    pad = 40

    def x(u: float) -> float:
        return round(pad + (size - 2 * pad) * max(0.0, min(1.0, u)), 1)

    def y(u: float) -> float:
        return round(size - pad - (size - 2 * pad) * max(0.0, min(1.0, u)), 1)

    xname, yname = esc(names[0]), esc(names[1] if len(names) > 1 else "")
    dashed = 'stroke="#a4161a" stroke-dasharray="4 3"'
    parts = [
        f'<svg viewBox="0 0 {size} {size}" role="img" '
        'aria-label="Each table\'s outcome against the frontier and the Nash package">',
        f'<rect x="{pad}" y="{pad}" width="{size - 2 * pad}" height="{size - 2 * pad}" fill="none" stroke="#888"/>',
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle" font-size="12">{xname} utility</text>',
        f'<text x="12" y="{size / 2}" font-size="12" transform="rotate(-90 12 {size / 2})" '
        f'text-anchor="middle">{yname} utility</text>',
    ]
    if frontier.size and frontier.shape[1] >= 2:
        pts = sorted({(round(float(a), 4), round(float(b), 4)) for a, b in frontier[:, :2]})
        line = " ".join(f"{x(a)},{y(b)}" for a, b in pts)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="#0b5394" stroke-width="2">'
            "<title>Pareto frontier</title></polyline>"
        )
    if len(reservations) >= 2:
        rx, ry = x(reservations[0]), y(reservations[1])
        parts.append(f'<line x1="{rx}" y1="{pad}" x2="{rx}" y2="{size - pad}" {dashed}/>')
        parts.append(f'<line x1="{pad}" y1="{ry}" x2="{size - pad}" y2="{ry}" {dashed}/>')
    if nash_u is not None and len(nash_u) >= 2:
        cx, cy = x(nash_u[0]), y(nash_u[1])
        parts.append(
            f'<rect x="{cx - 6}" y="{cy - 6}" width="12" height="12" fill="#e0a800" '
            f'transform="rotate(45 {cx} {cy})"><title>Nash package</title></rect>'
        )
        parts.append(f'<text x="{cx + 9}" y="{cy - 6}" font-size="12">Nash</text>')
    labels: dict[tuple[float, float], list[str]] = {}
    for number, us, agreed in tables:
        if len(us) < 2:
            continue
        cx, cy = x(us[0]), y(us[1])
        fill = "#2b7a0b" if agreed else "#fff"
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="6" fill="{fill}" stroke="#2b7a0b" stroke-width="2">'
            f"<title>Table {number}</title></circle>"
        )
        labels.setdefault((cx, cy), []).append(f"T{number}")
    for (cx, cy), names_here in labels.items():  # tables at one point share one label
        parts.append(f'<text x="{cx + 8}" y="{cy + 14}" font-size="12">{", ".join(names_here)}</text>')
    parts.append("</svg>")
    return "".join(parts)
