"""What the GENIUS and GeniusWeb writers share: which parties can be written, the names
written for issues and values, and fitting a value table to the functions the formats know."""

from __future__ import annotations

from collections.abc import Sequence

from accord.errors import FormatError
from accord.model.issues import CategoricalIssue, Issue
from accord.model.preferences import Preferences
from accord.model.scenario import Party, Role, Scenario

__all__ = ["exported_parties", "fit_clipped_line", "fit_line", "issue_names", "value_names"]

_TOL = 1e-9


def exported_parties(scenario: Scenario, fmt: str) -> list[tuple[Party, Preferences]]:
    """The negotiators and their preferences; refuses what ``fmt`` cannot express.

    A mediator or observer without preferences is left out (the format has no place for it);
    one with preferences, and red lines anywhere, raise :class:`FormatError`.
    """
    out = []
    for p in scenario.parties:
        if p.role is not Role.PARTY:
            if p.preferences is not None:
                raise FormatError(
                    f"party {p.id!r} is a {p.role.value} with preferences; "
                    f"{fmt} has profiles only for negotiating parties",
                    where=f"parties.{p.id}",
                    expected="a scenario whose mediator and observers hold no preferences",
                )
            continue
        prefs = p.preferences
        if prefs is None:  # pragma: no cover - Party refuses a negotiator without preferences
            raise FormatError(f"party {p.id!r} holds no preferences", where=f"parties.{p.id}")
        if prefs.red_lines:
            issues = ", ".join(sorted(prefs.red_lines))
            raise FormatError(
                f"party {p.id!r} has red lines (on {issues}); {fmt} profiles cannot express them",
                where=f"parties.{p.id}.red_lines",
                expected="a scenario without red lines",
            )
        out.append((p, prefs))
    return out


def issue_names(issues: Sequence[Issue]) -> list[str]:
    """The name written for each issue: its label (the original name of an imported issue)
    when labels are distinct, otherwise its id."""
    labels = [i.label or i.name for i in issues]
    return labels if len(set(labels)) == len(labels) and all(s.strip() for s in labels) else [i.name for i in issues]


def value_names(issue: CategoricalIssue) -> list[str]:
    """The value written for each option: its label when labels are distinct, otherwise its id."""
    labels = [o.label or o.id for o in issue.options]
    return (
        labels if len(set(labels)) == len(labels) and all(s.strip() for s in labels) else [o.id for o in issue.options]
    )


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """``(offset, slope)`` with ``offset + slope * x == y`` at every point, or ``None``."""
    if len(xs) == 1:
        return ys[0], 0.0
    slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
    offset = ys[0] - slope * xs[0]
    if all(abs(offset + slope * x - y) <= _TOL for x, y in zip(xs, ys, strict=True)):
        return offset, slope
    return None


def fit_clipped_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """``(offset, slope)`` with ``clip(offset + slope * x, 0, 1) == y`` at every point, or ``None``.

    That is what a GENIUS integer or linear real evaluator computes. Candidate lines go
    through two anchor points: values strictly inside (0, 1), and the last 0 or 1 before a
    change (where the clipped line leaves the floor or the ceiling).
    """
    n = len(xs)
    if n == 1 or all(abs(y - ys[0]) <= _TOL for y in ys):
        return ys[0], 0.0
    inner = [k for k in range(n) if _TOL < ys[k] < 1 - _TOL]
    if len(inner) >= 2:
        cands = [(inner[0], inner[-1])]
    else:
        edges = [
            k
            for k in range(n)
            if k not in inner
            and ((k > 0 and abs(ys[k - 1] - ys[k]) > _TOL) or (k + 1 < n and abs(ys[k + 1] - ys[k]) > _TOL))
        ]
        anchors = sorted(set(inner + edges))
        cands = [(a, b) for i, a in enumerate(anchors) for b in anchors[i + 1 :]]
    for a, b in cands:
        slope = (ys[b] - ys[a]) / (xs[b] - xs[a])
        offset = ys[a] - slope * xs[a]
        if all(abs(min(1.0, max(0.0, offset + slope * x)) - y) <= _TOL for x, y in zip(xs, ys, strict=True)):
            return offset, slope
    return None
