"""The sticking points of an analysis, as a ranked bar chart and a sentence.

Each issue's bar is its *relief* (:mod:`accord.analysis.sticking`): how much the surplus
of the worst-served party at the most balanced package would rise if the issue were set
aside. A second bar shows its *opposition*, how far apart the parties' favourite options
are. Issues whose red lines leave no option every party allows are flagged first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from accord.model.scenario import Scenario
from accord.report.html import Plot, Section, esc, go, paragraph, table

if TYPE_CHECKING:
    from accord.analysis import StickingPoint

__all__ = ["sticking_section"]


def _finite(x: float | None) -> float:
    return float(x) if x is not None and math.isfinite(x) else 0.0


def sticking_section(scenario: Scenario, points: Sequence[StickingPoint]) -> Section:
    """A section ranking the issues that keep the parties from agreeing (the analysis' sticking points)."""
    sec = Section("sticking", "Sticking points: which issues keep the parties apart")
    if not points:
        return sec.add(paragraph("The sticking points were not computed (see the summary above).", cls="muted"))
    names = {p.id: p.name for p in scenario.parties}
    ranked = sorted(points, key=lambda p: p.rank)
    g = go()
    labels = [
        f"{p.rank}. {p.label}" + (" (blocked)" if p.blocked else "") + ("" if p.exact else " (at least)")
        for p in ranked
    ]
    hover = []
    for p in ranked:
        care = ", ".join(f"{esc(names.get(k, k))} {v:.2f}" for k, v in p.care.items())
        fav = "<br>".join(f"{esc(names.get(k, k))} wants <b>{esc(v)}</b>" for k, v in p.favourite.items())
        hover.append(f"stake: {care}<br>{fav}")
    fig = g.Figure()
    fig.add_trace(
        g.Bar(
            y=labels,
            x=[_finite(p.relief) for p in ranked],
            orientation="h",
            name="relief if set aside",
            marker_color=["#d62728" if p.blocked else "#e6550d" for p in ranked],
            customdata=hover,
            texttemplate="%{x:.3f}",
            textposition="outside",
            hovertemplate="%{y}<br>relief %{x:.3f}<br>%{customdata}<extra></extra>",
            meta={"kind": "relief", "issues": [p.issue for p in ranked]},
        )
    )
    if any(p.opposition is not None for p in ranked):
        fig.add_trace(
            g.Bar(
                y=labels,
                x=[_finite(p.opposition) for p in ranked],
                orientation="h",
                name="opposition of the favourites",
                marker_color="#9ecae1",
                hovertemplate="%{y}<br>opposition %{x:.3f}<extra></extra>",
                meta={"kind": "opposition", "issues": [p.issue for p in ranked]},
            )
        )
    fig.update_layout(
        template="plotly_white",
        barmode="group",
        height=120 + 44 * len(ranked),
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": "utility points"}},
        margin={"l": 240, "r": 20, "t": 10, "b": 50},
        legend={"orientation": "h", "y": -0.12 if len(ranked) > 4 else -0.3, "x": 0},
    )
    top = ranked[0]
    if top.blocked:
        lead = (
            f"The main sticking point is {top.label}: the red lines leave no option on it that every party "
            "allows, so no package can respect every red line until one of them moves."
        )
    elif _finite(top.relief) > 0:
        lead = (
            f"The main sticking point is {top.label}: setting it aside would raise the surplus of the party "
            f"worst served by the most balanced package by {_finite(top.relief):.3f} utility points."
        )
    else:
        lead = "No single issue stands between the parties and the most balanced package."
    sec.add(paragraph(lead, cls="lead"))
    loose = [p for p in ranked if p.relief_high is not None]
    if loose:
        sec.add(
            paragraph(
                f"For {len(loose)} issues marked “at least” the bar is a lower bound: the work budget stopped "
                "their exact computation (the highest each could reach: "
                + ", ".join(f"{p.label} {p.relief_high:.3f}" for p in loose[:8])
                + ("…" if len(loose) > 8 else "")
                + ").",
                cls="muted",
            )
        )
    sec.add(Plot(fig, "Ranked, biggest obstacle first. Hover a bar for each party's stake and favourite option."))
    rows = [[p.rank, p.label, ", ".join(f"{names.get(k, k)}: {v}" for k, v in p.favourite.items())] for p in ranked[:5]]
    sec.add(table(["rank", "issue", "favourite options"], rows, numeric=(0,)))
    return sec
