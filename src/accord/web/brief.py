"""What a seat's page shows, as plain data for the templates: its brief, the table, its chart.

Everything here is computed from one seat's :class:`~accord.engine.view.View` (its own
preferences and what it may see) and the scenario's public parts (issues, calendar, working
groups, description). Nothing reads another party's preferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.engine.events import Event, EventKind
from accord.engine.view import View
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.report.html import Html
from accord.report.story import Cast, story

__all__ = ["Point", "brief_of", "chart_svg", "issue_rows", "names_of", "text_rows", "transcript", "utility_points"]

_TABLED = (EventKind.TEXT, EventKind.OFFER, EventKind.OPENING)


def names_of(scenario: Scenario) -> dict[str, str]:
    return {p.id: p.name or p.id for p in scenario.parties}


def issue_rows(space: OutcomeSpace) -> list[dict[str, Any]]:
    """The issues and their options (public)."""
    return [
        {
            "index": j,
            "name": issue.name,
            "label": issue.label,
            "options": [{"index": k, "label": issue.label_of(k)} for k in range(issue.cardinality)],
        }
        for j, issue in enumerate(space.issues)
    ]


def brief_of(scenario: Scenario, seat: str, prefs: Preferences | None) -> dict[str, Any]:
    """The seat's confidential brief: description, its preferences, reservation, red lines, delay, rationales."""
    party = scenario.party(seat)
    out: dict[str, Any] = {
        "name": party.name or seat,
        "description": party.description,
        "scenario": scenario.name or scenario.id,
        "scenario_description": scenario.description,
        "preferences": None,
    }
    if prefs is None:
        return out
    util = prefs.utility
    why = prefs.rationales
    red = dict(prefs.red_line_masks())
    issues = []
    for j, issue in enumerate(prefs.space.issues):
        weight = util.weights[j] if isinstance(util, LinearAdditive) else None
        options = []
        for k in range(issue.cardinality):
            value = util.values[j][k] if isinstance(util, LinearAdditive) else None
            options.append(
                {
                    "index": k,
                    "label": issue.label_of(k),
                    "value": value,
                    "red": bool(j in red and red[j][k]),
                    "why": why.get(f"values.{issue.name}.{issue.value(k)}", ""),
                }
            )
        issues.append(
            {
                "index": j,
                "label": issue.label,
                "weight": weight,
                "why": why.get(f"weights.{issue.name}", ""),
                "red_why": why.get(f"red_lines.{issue.name}", ""),
                "options": options,
            }
        )
    best, best_u = util.best()
    delay = prefs.cost_of_delay
    out["preferences"] = {
        "additive": isinstance(util, LinearAdditive),
        "issues": issues,
        "reservation": prefs.reservation,
        "reservation_why": why.get("reservation", ""),
        "delay": None if delay is None else f"{(1 - delay.factor) * 100:.0f}% of value lost per {delay.per}",
        "delay_why": why.get("cost_of_delay", ""),
        "best": list(best),
        "best_utility": best_u,
    }
    return out


def text_rows(space: OutcomeSpace, outcome: int | None, prefs: Preferences | None, issues: Sequence[int]) -> Any:
    """The text on the table, issue by issue, with what it is worth to this seat."""
    if outcome is None:
        return None
    digits = space.outcome(outcome)
    red = dict(prefs.red_line_masks()) if prefs is not None else {}
    rows = [
        {
            "label": issue.label,
            "option": issue.label_of(digits[j]),
            "in_play": j in issues,
            "red": bool(j in red and red[j][digits[j]]),
        }
        for j, issue in enumerate(space.issues)
    ]
    worth = None if prefs is None else prefs(digits)
    return {"outcome": outcome, "digits": list(digits), "rows": rows, "worth": worth}


@dataclass(frozen=True)
class Point:
    round: int
    utility: float
    kind: str


def utility_points(events: Sequence[Event], prefs: Preferences, space: OutcomeSpace) -> list[Point]:
    """This seat's utility of every text, offer or opening it has seen, round by round."""
    return [
        Point(e.round, float(prefs(space.outcome(e.outcome))), str(e.kind))
        for e in events
        if e.kind in _TABLED and e.outcome is not None
    ]


def _dot_class(p: Point) -> str:
    return "opening" if p.kind == EventKind.OPENING else "text"


def chart_svg(
    points: Sequence[Point], reservation: float, n_rounds: int, *, width: int = 320, height: int = 140
) -> str:
    """A small inline SVG line chart of the seat's utility over the rounds (no script library)."""
    pad = 24
    span = max(1, n_rounds - 1)

    def x(r: float) -> float:
        return round(pad + (width - 2 * pad) * r / span, 1)

    def y(u: float) -> float:
        return round(height - pad - (height - 2 * pad) * max(0.0, min(1.0, u)), 1)

    texts = [p for p in points if p.kind != EventKind.OPENING]
    line = " ".join(f"{x(p.round)},{y(p.utility)}" for p in texts)
    dots = "".join(
        f'<circle cx="{x(p.round)}" cy="{y(p.utility)}" r="3" class="{_dot_class(p)}">'
        f"<title>round {p.round + 1}: {p.utility:.2f}</title></circle>"
        for p in points
    )
    res = y(reservation)
    label = "Your utility of each text on the table, by round; the dashed line is your reservation value."
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" class="axis"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" class="axis"/>'
        f'<text x="2" y="{pad + 4}" class="tick">1</text><text x="2" y="{height - pad + 4}" class="tick">0</text>'
        f'<text x="{width - pad}" y="{height - 6}" class="tick" text-anchor="end">round {n_rounds}</text>'
        f'<line x1="{pad}" y1="{res}" x2="{width - pad}" y2="{res}" class="reservation"/>'
        + (f'<polyline points="{line}" class="line"/>' if len(texts) > 1 else "")
        + dots
        + "</svg>"
    )


def transcript(scenario: Scenario, events: Sequence[Event], viewer: str | None) -> Html:
    """The public transcript (and what was addressed to ``viewer``) as a story: day, format, who said what."""
    space = scenario.space
    groups = {
        wg.id: (wg.name or wg.id, tuple(space.issue_index(n) for n in wg.issues)) for wg in scenario.working_groups
    }
    return story(events, Cast(space, names_of(scenario), groups, scenario.calendar, viewer))


def view_status(view: View, names: dict[str, str], turn: str | None, over: bool) -> dict[str, Any]:
    """Day, phase, round, and whose move it is, in words."""
    return {
        "day": view.day,
        "round": view.round + 1,
        "n_rounds": view.n_rounds,
        "phase": view.phase,
        "group": view.group,
        "over": over,
        "turn": None if turn is None else names.get(turn, turn),
        "kinds": sorted(view.kinds),
    }
