"""Reports of what would open a deal: levers (a tornado chart), what-would-it-take findings as
sentences, and the chances of agreement under uncertainty (acceptance probability over the
utility space).

Each is drawn from the result it is given and the scenario it was computed on; for a
delegation's view (``party``) that scenario is the delegation's own view
(:func:`accord.analysis.viewpoint.party_view`), so the report holds nothing of the others'
true preferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from accord.model.scenario import Scenario
from accord.report.html import Html, Page, Plot, Section, esc, go, paragraph, render, table, write_report

if TYPE_CHECKING:
    from accord.analysis.evaluate import DraftEvaluation
    from accord.analysis.levers import LeverEffect
    from accord.analysis.robustness import Robustness
    from accord.analysis.whatif import Finding, Goal

__all__ = ["write_draft_report", "write_levers_report", "write_uncertainty_report", "write_whatif_report"]


def _page(scenario: Scenario, title: str, party: str | None) -> Page:
    badge = (
        f"{party}'s view: its own preferences and its beliefs about the others"
        if party
        else "Analyst's view: built from every party's private preferences — do not hand out"
    )
    return Page(
        f"{scenario.name} — {title}", f"{scenario.space.size:,} possible packages", badge=badge, party_view=bool(party)
    )


def levers_section(ranked: Sequence[LeverEffect], base: LeverEffect) -> Section:
    """A tornado chart of the change in the zone's size per lever and pair, and the top sentences."""
    sec = Section("levers", "Levers: what each action outside the table does to the zone of agreement")
    zone = "unknown" if base.zone is None else f"{base.zone:,}"
    sec.add(paragraph(f"As it is, the zone of possible agreement holds {zone} packages.", cls="lead"))
    shown = sorted(ranked, key=lambda e: e.growth)
    g = go()
    fig = g.Figure(
        g.Bar(
            y=[" + ".join(e.names) for e in shown],
            x=[e.growth for e in shown],
            orientation="h",
            marker_color=["#2ca02c" if e.growth >= 0 else "#d62728" for e in shown],
            customdata=[f"cost {e.cost:.2f}; Nash moves: {'yes' if e.nash_moves else 'no'}" for e in shown],
            hovertemplate="%{y}<br>%{x:+,} packages<br>%{customdata}<extra></extra>",
            meta={"kind": "levers", "levers": [list(e.levers) for e in shown]},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=120 + 32 * len(shown),
        xaxis={"title": {"text": "change in the number of packages in the zone"}},
        margin={"l": 360, "r": 20, "t": 10, "b": 50},
    )
    sec.add(Plot(fig, "Tornado chart: each lever and pair of levers, by the change in the zone's exact size."))
    sec.add(Html("<ul>" + "".join(f"<li>{esc(e.sentence())}</li>" for e in ranked[:5]) + "</ul>"))
    rows = [
        [
            " + ".join(e.names),
            "?" if e.zone is None else e.zone,
            f"{e.growth:+,}",
            "yes" if e.nash_moves else "no",
            f"{e.cost:.2f}",
        ]
        for e in ranked
    ]
    sec.add(table(["lever(s)", "zone", "change", "Nash moves", "cost"], rows, numeric=(1, 2, 4)))
    return sec


def whatif_section(goal: Goal, findings: Sequence[Finding]) -> Section:
    """The findings as sentences, and a tornado chart of the change each parameter needs."""
    sec = Section("whatif", f"What would it take to {goal.describe()}")
    numeric = [f for f in findings if f.change is not None and f.direction in ("fall", "rise")]
    if not findings:
        return sec.add(paragraph("The goal is reached already: nothing needs to change.", cls="lead"))
    if numeric:
        shown = sorted(numeric, key=lambda f: -(f.change or 0.0))[-20:]
        g = go()
        fig = g.Figure(
            g.Bar(
                y=[f"{f.party} {f.parameter}" for f in shown],
                x=[(f.needed or 0.0) - (f.current or 0.0) for f in shown],
                orientation="h",
                marker_color=["#1f77b4" if f.direction == "rise" else "#ff7f0e" for f in shown],
                hovertemplate="%{y}<br>change %{x:+.3f}<extra></extra>",
                meta={"kind": "whatif"},
            )
        )
        fig.update_layout(
            template="plotly_white",
            height=120 + 28 * len(shown),
            xaxis={"title": {"text": "smallest change needed (utility units)"}},
            margin={"l": 360, "r": 20, "t": 10, "b": 50},
        )
        sec.add(
            Plot(fig, "The smallest change of each parameter alone that reaches the goal (the smallest at the bottom).")
        )
    reached = [f for f in findings if f.direction != "none"]
    sec.add(Html("<ul>" + "".join(f"<li>{esc(f.sentence)}</li>" for f in reached[:20]) + "</ul>"))
    if len(reached) < len(findings):
        sec.add(paragraph(f"{len(findings) - len(reached)} parameter(s) cannot reach the goal alone.", cls="muted"))
    return sec


def uncertainty_section(scenario: Scenario, result: Robustness) -> Section:
    """The chance that a zone exists, and the probability that all accept over the utility space."""
    sec = Section("uncertainty", "How sure are we: the chances of agreement under uncertainty")
    how = (
        "exact (every combination of the discrete values)"
        if result.method == "exact"
        else (
            f"Monte Carlo, {result.draws:,} draws (seed {result.seed}); probabilities within ±{result.error:.3f} at 95%"
        )
    )
    sec.add(
        paragraph(
            f"Probability that a zone of agreement exists: {result.p_zone:.1%}; "
            f"expected size {result.mean_zone:,.1f} packages ({how}).",
            cls="lead",
        )
    )
    ids = list(result.parties)
    if len(ids) >= 2:
        order = np.argsort(result.accept_all, kind="stable")  # the likeliest packages drawn on top
        arr = scenario.space.all()[order]
        u = [scenario.preferences(i).evaluate(arr) for i in ids[:2]]
        g = go()
        fig = g.Figure(
            g.Scattergl(
                x=u[0],
                y=u[1],
                mode="markers",
                marker={
                    "color": result.accept_all[order],
                    "colorscale": "Viridis",
                    "cmin": 0,
                    "cmax": 1,
                    "size": 5,
                    "colorbar": {"title": {"text": "P(all accept)"}},
                },
                hovertemplate=(
                    f"{esc(ids[0])} %{{x:.3f}}<br>{esc(ids[1])} %{{y:.3f}}"
                    "<br>P(all accept) %{marker.color:.2f}<extra></extra>"
                ),
                meta={"kind": "acceptance"},
            )
        )
        fig.update_layout(
            template="plotly_white",
            height=520,
            xaxis={"title": {"text": f"{ids[0]} (utility as modelled)"}},
            yaxis={"title": {"text": f"{ids[1]} (utility as modelled)"}},
        )
        sec.add(
            Plot(
                fig, "Every package at its modelled utilities, coloured by the probability that every party accepts it."
            )
        )
    top = result.top(5)
    rows = [
        [", ".join(scenario.space.labels_of(scenario.space.outcome(int(k))).values()), f"{result.accept_all[k]:.1%}"]
        for k in top
    ]
    sec.add(table(["most robust packages", "P(all accept)"], rows, numeric=(1,)))
    moves = np.flatnonzero(result.nash_share > 0)
    moves = moves[np.argsort(-result.nash_share[moves], kind="stable")][:5]
    rows = [
        [", ".join(scenario.space.labels_of(scenario.space.outcome(int(k))).values()), f"{result.nash_share[k]:.1%}"]
        for k in moves
    ]
    sec.add(table(["Nash package under uncertainty", "how often"], rows, numeric=(1,)))
    return sec


def write_levers_report(
    scenario: Scenario, path: str | Path, ranked: Sequence[LeverEffect], base: LeverEffect, *, party: str | None = None
) -> Path:
    page = _page(scenario, "levers", party)
    page.sections.append(levers_section(ranked, base))
    return write_report(path, render(page))


def write_whatif_report(
    scenario: Scenario, path: str | Path, goal: Goal, findings: Sequence[Finding], *, party: str | None = None
) -> Path:
    page = _page(scenario, "what would it take", party)
    page.sections.append(whatif_section(goal, findings))
    return write_report(path, render(page))


def write_uncertainty_report(
    scenario: Scenario, path: str | Path, result: Robustness, *, party: str | None = None
) -> Path:
    page = _page(scenario, "chances under uncertainty", party)
    page.sections.append(uncertainty_section(scenario, result))
    return write_report(path, render(page))


def draft_section(result: DraftEvaluation) -> Section:
    """Each party's margin over no deal (a bar per party), the verdict in sentences, the package."""
    sec = Section("draft", "A draft's chances")
    verdict = "acceptable to every party" if result.accepted else "not acceptable to every party"
    sec.add(paragraph(f"The draft is {verdict}.", cls="lead"))
    g = go()
    fig = g.Figure(
        g.Bar(
            y=[v.party for v in result.verdicts],
            x=[v.margin for v in result.verdicts],
            orientation="h",
            marker_color=["#2ca02c" if v.accepts else "#d62728" for v in result.verdicts],
            hovertemplate="%{y}<br>margin over no deal %{x:+.3f}<extra></extra>",
            meta={"kind": "draft"},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=120 + 40 * len(result.verdicts),
        xaxis={"title": {"text": "utility minus no-deal value"}},
        margin={"l": 160, "r": 20, "t": 10, "b": 50},
    )
    sec.add(Plot(fig, "Each party's margin over no deal (red: it rejects the draft)."))
    sec.add(Html("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in result.sentences()) + "</ul>"))
    sec.add(table(["issue", "option"], list(result.package.items())))
    return sec


def write_draft_report(
    scenario: Scenario, path: str | Path, result: DraftEvaluation, *, party: str | None = None
) -> Path:
    page = _page(scenario, "a draft's chances", party)
    page.sections.append(draft_section(result))
    return write_report(path, render(page))
