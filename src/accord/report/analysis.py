"""The report of an analysis: where each party stands, where the efficient and fair packages are.

The analyst's report (``party=None``) draws the utility space of every pair of negotiating
parties (one panel for two, a grid for more, and a 3-D view for exactly three) with the
Pareto frontier, the packages acceptable to all, and the Nash, Kalai–Smorodinsky,
egalitarian and utilitarian packages marked (hover: the package in words); it states the
zone of possible agreement in a sentence, ranks the sticking points in a bar chart, and
shows who wants what.

A party's report (``party="ukraine"``) is drawn from :class:`~accord.report.privacy.Knowledge`
alone: the public facts and that party's own preferences. Everything that rests on the
other parties' private preferences (the frontier, the solutions, the zone, the sticking
points) is left out, and the others are shown as unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from accord.errors import AnalysisError
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Party, Role, Scenario
from accord.report.cloud import build_space, drawn_outcomes
from accord.report.figures import (
    MAX_GRID_PARTIES,
    SOLUTION_STYLE,
    Marker,
    package_hover,
    package_words,
    pair_grid,
    space_3d,
)
from accord.report.html import Html, Page, Plot, Section, colour, esc, go, paragraph, render, table, write_report
from accord.report.privacy import Knowledge, knowledge_of, resolve_viewer
from accord.report.sticking import sticking_section

if TYPE_CHECKING:
    from accord.analysis import Analysis, Zopa

__all__ = ["SOLUTION_NAMES", "analysis_report", "write_analysis_report"]

SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
    "kalai_equal_utility": "Equal utilities (GENIUS 'Kalai')",
}
"""The bargaining solutions a report shows, by the analysis' names; the first four are marked on the plots."""

_MARKED = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def write_analysis_report(
    scenario: Scenario,
    path: str | Path,
    analysis: Analysis | None = None,
    *,
    party: str | None = None,
    seed: int = 0,
) -> Path:
    """Write :func:`analysis_report` to ``path`` (atomically) and return the path."""
    return write_report(path, analysis_report(scenario, analysis, party=party, seed=seed))


def analysis_report(
    scenario: Scenario, analysis: Analysis | None = None, *, party: str | None = None, seed: int = 0
) -> str:
    """The HTML report of the scenario's space of agreements: the analyst's, or ``party``'s own view.

    ``analysis``: what :func:`accord.analysis.analyze` found (computed here for the
    negotiators when not given); the analyst's report draws exactly that. ``seed`` seeds
    the sample of packages drawn for a large space. A party's report uses no analysis: it
    would rest on the other parties' preferences.
    """
    viewer = resolve_viewer(scenario, party)
    if viewer is not None:
        return render(_party_page(knowledge_of(scenario, viewer), seed))
    if analysis is None:
        from accord.analysis import analyze

        analysis = analyze(scenario, rng=np.random.default_rng(seed))
    elif analysis.scenario != scenario.id:
        raise AnalysisError(f"the analysis is of scenario {analysis.scenario!r}, not {scenario.id!r}")
    return render(_analyst_page(scenario, analysis, seed))


def _zopa_sentence(z: Zopa, names: Sequence[str]) -> str:
    who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
    if z.exact:
        n = z.low
        if n == 0:
            return (
                f"There is no zone of possible agreement: no package is acceptable to {who} "
                "(each one falls below some party's reservation value or crosses a red line)."
            )
        return (
            f"The zone of possible agreement holds {n:,} of the {z.space_size:,} packages ({n / z.space_size:.1%}): "
            f"each of them crosses no red line and is worth at least its reservation value to {who}."
        )
    lo, hi = z.fraction_bounds
    text = (
        f"The zone of possible agreement holds between {z.low:,} and {z.high:,} of the {z.space_size:,} packages "
        f"({lo:.2%} to {hi:.2%})"
    )
    if z.estimate is not None:
        text += f"; a sample puts it near {z.estimate:.2%}"
    return text + "."


def _names(scenario: Scenario) -> dict[str, str]:
    return {p.id: p.name for p in scenario.parties}


def _analyst_page(scenario: Scenario, a: Analysis, seed: int) -> Page:
    names = _names(scenario)
    ids = list(a.parties)
    prefs = [scenario.preferences(i) for i in ids]
    cols = [colour(k) for k in range(len(ids))]
    page = Page(
        f"{scenario.name} — the space of agreements",
        f"{len(ids)} parties, {scenario.space.n_issues} issues, {scenario.space.size:,} possible packages",
        badge="Analyst's view: every party's private preferences are shown — do not hand out",
    )
    summary = Section("summary", "At a glance")
    if scenario.description:
        summary.add(paragraph(scenario.description.strip()))
    summary.add(Html(f'<p class="lead"><b>{esc(_zopa_sentence(a.zopa, [names[i] for i in ids]))}</b></p>'))
    summary.add(paragraph(f"How the zone was measured: {a.zopa.note}.", cls="muted"))
    for b in a.bounded:
        summary.add(paragraph(f"Bounded — {b.step}: {b.detail}.", cls="muted"))
    summary.add(_parties_table(scenario))
    page.sections.append(summary)

    space = build_space(
        scenario.space,
        ids,
        [names[i] for i in ids],
        cols,
        prefs,
        a.frontier.outcomes,
        seed=seed,
        exact=a.frontier.exact,
        acceptable_frontier=a.acceptable.outcomes,
    )
    markers = []
    for size, key in zip((24, 19, 15, 12), _MARKED, strict=True):
        s = a.solutions.get(key)
        if s is None:
            continue
        symbol, col = SOLUTION_STYLE[key]
        hover = package_hover(scenario.space, s.outcome)
        markers.append(Marker(key, SOLUTION_NAMES[key], [s.utilities[i] for i in ids], hover, symbol, col, size))
    sec = Section("space", "The space of agreements")
    sec.add(
        paragraph(
            "Each point is a package, placed by what it is worth to each party (1 = its best package). The black "
            "line is the Pareto frontier: packages no other package beats for every party at once. Green points "
            "are acceptable to all (above every reservation value, dashed; no red line crossed); the shaded "
            "corner is the region above both reservation values, and the dark green dots are the Pareto frontier "
            "of the acceptable packages. The marked packages are the bargaining solutions, chosen among the "
            "acceptable packages. Hover any point for the package in words."
        )
    )
    k = len(ids)
    grid_note = ""
    if k > MAX_GRID_PARTIES:
        rest = ", ".join(names.get(i, i) for i in ids[MAX_GRID_PARTIES:])
        grid_note = f" The grid shows the first {MAX_GRID_PARTIES} parties; {rest} are not drawn."
    sec.add(
        Plot(pair_grid(space, markers, title=f"Drawn: {space.note}"), f"Hover for the package in words.{grid_note}")
    )
    if k == 3:
        sec.add(
            Plot(
                space_3d(space, markers, title="All three parties at once"),
                "Drag to turn. The green box is the region above all three reservation values.",
            )
        )
    page.sections.append(sec)
    page.sections.append(_solutions_section(scenario, ids, a))
    page.sections.append(sticking_section(scenario, a.sticking_points))
    page.sections.append(_preferences_section(scenario))
    return page


def _parties_table(scenario: Scenario) -> Html:
    rows = []
    for p in scenario.parties:
        prefs = p.preferences
        if prefs is None:
            rows.append([p.name, p.role.value, "—", "—", "—"])
            continue
        delay = (
            f"×{prefs.cost_of_delay.factor:g} per {prefs.cost_of_delay.per.value}" if prefs.cost_of_delay else "none"
        )
        red = "; ".join(
            f"{scenario.space.issue(i).label}: never " + ", ".join(str(v) for v in sorted(opts, key=str))
            for i, opts in prefs.red_lines.items()
        )
        rows.append([p.name, p.role.value, f"{prefs.reservation:.4g}", delay, red or "—"])
    return table(["party", "role", "reservation value", "cost of delay", "red lines"], rows, numeric=(2,))


def _solutions_section(scenario: Scenario, ids: Sequence[str], a: Analysis) -> Section:
    from accord.analysis.differences import package_differences

    solutions, missing = a.solutions, a.undefined
    names = _names(scenario)
    mediator = scenario.mediator
    extra = mediator if mediator is not None and mediator.preferences is not None and mediator.id not in ids else None
    found = [(key, label, s) for key, label in SOLUTION_NAMES.items() if (s := solutions.get(key)) is not None]
    diff = package_differences(scenario.space, [s.outcome for _, _, s in found])
    headers = ["solution", *diff.issues, *[names[i] for i in ids]]
    if extra is not None:
        headers.append(f"{extra.name} (mediator)")
    rows = []
    first: dict[int, str] = {}
    for (_, label, s), options in zip(found, diff.options, strict=True):
        index = scenario.space.index(s.outcome)
        same = first.setdefault(index, label)
        row: list[object] = [label if same == label else f"{label} (= {same})", *options]
        row += [f"{s.utilities[i]:.3f}" for i in ids]
        if extra is not None and extra.preferences is not None:
            row.append(f"{extra.preferences(s.outcome):.3f}")
        rows.append(row)
    sec = Section("solutions", "Efficient and fair packages")
    sec.add(
        paragraph(
            "Each rule picks one package among those every party accepts: Nash maximises the product of the "
            "gains over no deal; Kalai–Smorodinsky gives each party the same share of its largest possible "
            "gain; egalitarian maximises the smallest gain; utilitarian maximises the sum of utilities."
        )
    )
    if rows:
        if diff.shared:
            sec.add(paragraph("Every solution has: " + "; ".join(f"{i}: {o}" for i, o in diff.shared) + "."))
        if diff.issues:
            sec.add(paragraph("They differ on the issues in the table:", cls="muted"))
        n = 1 + len(diff.issues)
        sec.add(table(headers, rows, numeric=tuple(range(n, len(headers)))))
        nash = solutions.get("nash")
        if nash is not None:
            sec.add(paragraph("The Nash package in full: " + package_words(scenario.space, nash.outcome) + "."))
    for key, why in missing.items():
        sec.add(paragraph(f"{SOLUTION_NAMES.get(key, key)}: {why}", cls="muted"))
    return sec


def _preferences_section(scenario: Scenario) -> Section:
    holders = [p for p in scenario.parties if p.preferences is not None and p.role in (Role.PARTY, Role.MEDIATOR)]
    sec = Section("preferences", "Who wants what")
    additive = [p for p in holders if p.preferences is not None and isinstance(p.preferences.utility, LinearAdditive)]
    if not additive:
        return sec.add(paragraph("The parties' utilities are not additive over issues; no weights to show."))
    g = go()
    issues = [iss.label for iss in scenario.space.issues]
    z = []
    for p in additive:
        u = p.preferences.utility if p.preferences is not None else None
        z.append([round(w, 3) for w in u.weights] if isinstance(u, LinearAdditive) else [])
    ylabels = [p.name + (" (mediator)" if p.role is Role.MEDIATOR else "") for p in additive]
    fig = g.Figure(
        g.Heatmap(
            z=z,
            x=issues,
            y=ylabels,
            colorscale="Blues",
            zmin=0,
            text=[[f"{w:.2f}" for w in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y} — %{x}: weight %{z:.3f}<extra></extra>",
            colorbar={"title": {"text": "weight"}},
            meta={"kind": "weights"},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=120 + 48 * len(additive),
        margin={"l": 140, "r": 20, "t": 20, "b": 80},
        yaxis={"autorange": "reversed"},
    )
    sec.add(Plot(fig, "How much each party cares about each issue (weights sum to 1 across a row)."))
    sec.add(_values_table(scenario, additive))
    return sec


def _values_table(scenario: Scenario, holders: Sequence[Party], most: int = 12) -> Html:
    """Each party's value of each option (✗: a red line)."""
    head = "".join(f'<th class="num">{esc(p.name)}</th>' for p in holders)
    body: list[str] = []
    for j, issue in enumerate(scenario.space.issues):
        body.append(f'<tr><th colspan="{1 + len(holders)}">{esc(issue.label)}</th></tr>')
        for k in range(min(issue.cardinality, most)):
            cells = []
            for p in holders:
                prefs = p.preferences
                u = prefs.utility if prefs is not None else None
                if prefs is None or not isinstance(u, LinearAdditive):
                    cells.append('<td class="num">—</td>')
                    continue
                red = issue.value(k) in prefs.red_lines.get(issue.name, frozenset())
                cells.append(f'<td class="num">{u.values[j][k]:.4g}{" ✗" if red else ""}</td>')
            body.append(f"<tr><td>{esc(issue.label_of(k))}</td>{''.join(cells)}</tr>")
        if issue.cardinality > most:
            body.append(f'<tr><td class="muted">… {issue.cardinality - most} more options</td></tr>')
    return Html(
        f"<h3>Each party's value of each option (✗: a red line, never accepted)</h3>"
        f"<table><thead><tr><th>option</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# -- one party's report ---------------------------------------------------------------------------
def _party_page(know: Knowledge, seed: int) -> Page:
    own = know.own
    page = Page(
        f"{know.scenario_name} — {know.viewer_name}'s view",
        f"{len(know.negotiators)} parties, {know.space.n_issues} issues, {know.space.size:,} possible packages",
        badge=f"{know.viewer_name}'s view: its own preferences only; the other parties' are unknown",
        party_view=True,
    )
    summary = Section("summary", "At a glance")
    if know.description:
        summary.add(paragraph(know.description.strip()))
    rows = []
    for p in know.parties:
        if p.role not in (Role.PARTY, Role.MEDIATOR):
            continue
        if p.id == know.viewer:
            held = "yours (shown below)" if own is not None else "this seat holds none"
        else:
            held = "unknown (private to that party)"
        rows.append([p.name, p.role.value, held])
    summary.add(table(["party", "role", "preferences"], rows))
    summary.add(
        paragraph(
            "The Pareto frontier, the bargaining solutions, the zone of possible agreement and the sticking "
            "points rest on every party's private preferences, so they are not part of this view.",
            cls="muted",
        )
    )
    page.sections.append(summary)
    if own is None:
        return page
    page.sections.append(_own_values_section(know, own, seed))
    page.sections.append(_own_weights_section(know, own))
    page.sections.append(_own_best_section(know, own))
    return page


def _own_values_section(know: Knowledge, own: Preferences, seed: int) -> Section:
    g = go()
    outcomes, note = drawn_outcomes(know.space, seed=seed)
    u = own.evaluate(outcomes)
    ok = own.acceptable(outcomes)
    fig = g.Figure()
    for mask, label, col in (
        (ok, "acceptable to you", "#2ca02c"),
        (~ok, "not acceptable to you (below your reservation value or across a red line)", "#b0b8c1"),
    ):
        fig.add_trace(
            g.Histogram(
                x=u[mask],
                name=label,
                marker_color=col,
                xbins={"start": 0, "end": 1.0001, "size": 0.025},
                meta={"kind": "own-histogram"},
            )
        )
    fig.add_vline(x=own.reservation, line={"color": "#2c7a2c", "dash": "dash"}, annotation_text="reservation value")
    fig.update_layout(
        template="plotly_white",
        barmode="stack",
        height=380,
        xaxis={"title": {"text": "utility to you"}},
        yaxis={"title": {"text": "packages"}},
        margin={"l": 60, "r": 20, "t": 30, "b": 50},
        legend={"orientation": "h", "y": -0.25, "x": 0},
    )
    share = float(ok.mean()) if ok.size else 0.0
    sec = Section("values", f"How {know.viewer_name} values the packages")
    sec.add(
        paragraph(
            f"{share:.1%} of the packages drawn are acceptable to {know.viewer_name}: worth at least its "
            f"reservation value ({own.reservation:.2f}) and crossing none of its red lines."
        )
    )
    sec.add(Plot(fig, f"Drawn: {note}."))
    return sec


def _own_weights_section(know: Knowledge, own: Preferences) -> Section:
    sec = Section("weights", f"What matters to {know.viewer_name}")
    u = own.utility
    if not isinstance(u, LinearAdditive):
        return sec.add(paragraph("This utility is not additive over issues; no weights to show."))
    g = go()
    order = sorted(range(know.space.n_issues), key=lambda j: u.weights[j])
    fig = g.Figure(
        g.Bar(
            x=[u.weights[j] for j in order],
            y=[know.space.issues[j].label for j in order],
            orientation="h",
            marker_color=colour(0),
            hovertemplate="%{y}: weight %{x:.3f}<extra></extra>",
            meta={"kind": "own-weights"},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=80 + 34 * know.space.n_issues,
        margin={"l": 220, "r": 20, "t": 10, "b": 40},
        xaxis={"title": {"text": "weight"}},
    )
    sec.add(Plot(fig, "Issue weights (they sum to 1)."))
    rows = []
    for j, issue in enumerate(know.space.issues):
        reds = own.red_lines.get(issue.name, frozenset())
        cells = []
        for k in range(min(issue.cardinality, 20)):
            flag = " — red line, never" if issue.value(k) in reds else ""
            cells.append(f"{esc(issue.label_of(k))} <b>{u.values[j][k]:.4g}</b>{flag}")
        if issue.cardinality > 20:
            cells.append(f"… {issue.cardinality - 20} more")
        rows.append(
            f'<tr><td>{esc(issue.label)}</td><td class="num">{u.weights[j]:.2f}</td><td>{" · ".join(cells)}</td></tr>'
        )
    sec.add(
        Html(
            '<table><thead><tr><th>issue</th><th class="num">weight</th><th>options and their values</th></tr>'
            "</thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    )
    return sec


def _own_best_section(know: Knowledge, own: Preferences, n: int = 10) -> Section:
    outcomes, note = drawn_outcomes(know.space)
    u = own.evaluate(outcomes)
    u = np.where(own.crosses_red_line(outcomes), -1.0, u)
    best = np.argsort(-u, kind="stable")[:n]
    rows = [[f"{u[i]:.3f}", package_words(know.space, outcomes[i])] for i in best if u[i] >= 0]
    sec = Section("best", f"{know.viewer_name}'s best packages")
    sec.add(table(["utility", "package"], rows, numeric=(0,)))
    if not note.startswith("all"):
        sec.add(paragraph(f"Among {note}.", cls="muted"))
    return sec
