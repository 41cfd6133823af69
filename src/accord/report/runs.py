"""The report of many seeded runs of one negotiation: what the talks could give, not one story.

``runs_report(scenario, dist)`` draws a :class:`~accord.engine.batch.Distribution` (from
:func:`~accord.engine.batch.play_runs`, ``accord run --runs N --report FILE.html``): the share
of runs agreed by the end of each day, the most frequent deals, and each party's utility
across the runs (box plot with every run as a dot, and a histogram).

A party's report (``party="ukraine"``) is drawn from ``dist.seen_by(party)``: the runs' results
(which deal, which day) and that party's own utilities only; the other parties' utilities are
not in the file at all.
"""

from __future__ import annotations

from pathlib import Path

from accord.engine.batch import Distribution
from accord.engine.runs_view import day_label
from accord.model.scenario import Scenario
from accord.report.figures import distribution_box, package_hover, package_words
from accord.report.html import Page, Plot, Section, colour, go, paragraph, render, table, write_report
from accord.report.privacy import resolve_viewer

__all__ = ["runs_report", "write_runs_report"]


def write_runs_report(scenario: Scenario, dist: Distribution, path: str | Path, *, party: str | None = None) -> Path:
    """Write :func:`runs_report` to ``path`` (atomically) and return the path."""
    return write_report(path, runs_report(scenario, dist, party=party))


def runs_report(scenario: Scenario, dist: Distribution, *, party: str | None = None) -> str:
    """The HTML report of many seeded runs: the analyst's, or ``party``'s own view."""
    viewer = resolve_viewer(scenario, party)
    if viewer is not None:
        dist = dist.seen_by(viewer)
    name = scenario.party(viewer).name if viewer is not None else ""
    badge = (
        f"{name}'s view: the runs' results and its own utilities only"
        if viewer is not None
        else "Analyst's view: every party's utilities — do not hand out"
    )
    first, last = dist.seeds
    page = Page(
        f"{scenario.name} — {dist.runs:,} seeded runs",
        f"{dist.protocol}; seeds {first}–{last}; agreement in {dist.agreements:,} of {dist.runs:,} runs "
        f"({dist.agreement_rate:.0%}); {dist.distinct:,} distinct results (deal and day)",
        badge=badge,
        party_view=viewer is not None,
    )
    page.sections += [_agreement(scenario, dist), _deals(scenario, dist), _utilities(scenario, dist, viewer)]
    return render(page)


def _party_colour(scenario: Scenario, party: str) -> str:
    ids = [p.id for p in scenario.parties]
    return colour(ids.index(party) if party in ids else 0)


def _agreement(scenario: Scenario, dist: Distribution) -> Section:
    sec = Section("agreement", "Agreement by day")
    labels = [day_label(scenario, d) for d in range(len(dist.by_day))]
    on_day = [b - a for a, b in zip((0.0, *dist.by_day), dist.by_day, strict=False)]
    sec.add(
        paragraph(
            f"{dist.agreements:,} of {dist.runs:,} runs ({dist.agreement_rate:.0%}) end in agreement "
            f"within {len(dist.by_day)} day{'s' if len(dist.by_day) > 1 else ''}.",
            cls="lead",
        )
    )
    g = go()
    fig = g.Figure(
        [
            g.Bar(
                x=labels,
                y=[100 * s for s in dist.by_day],
                name="agreed by the end of the day",
                marker_color="#1f77b4",
                hovertemplate="%{x}<br>%{y:.1f}% of runs agreed by its end<extra></extra>",
                meta={"kind": "agreed-by-day"},
            ),
            g.Bar(
                x=labels,
                y=[100 * s for s in on_day],
                name="agreed on that day",
                marker_color="#aec7e8",
                hovertemplate="%{x}<br>%{y:.1f}% of runs agreed that day<extra></extra>",
                meta={"kind": "agreed-on-day"},
            ),
        ]
    )
    fig.update_layout(
        template="plotly_white",
        height=340,
        barmode="group",
        yaxis={"title": {"text": "% of runs"}, "rangemode": "tozero"},
        margin={"l": 60, "r": 20, "t": 10, "b": 50},
        legend={"orientation": "h", "y": -0.2},
    )
    sec.add(Plot(fig, "The share of runs agreed by the end of each day (cumulative), and on that day."))
    rows = [[lab, f"{100 * b:.1f}%", f"{100 * o:.1f}%"] for lab, b, o in zip(labels, dist.by_day, on_day, strict=True)]
    sec.add(table(["day", "agreed by its end", "agreed that day"], rows, numeric=(1, 2)))
    return sec


def _deals(scenario: Scenario, dist: Distribution) -> Section:
    sec = Section("deals", "The most frequent deals")
    if not dist.deals:
        return sec.add(paragraph(f"None of the {dist.runs:,} runs reached an agreement.", cls="lead"))
    space = scenario.space
    names = [scenario.party(p).name for p in dist.parties]
    shown = list(reversed(dist.deals))  # most frequent at the top of a horizontal bar chart
    g = go()
    fig = g.Figure(
        g.Bar(
            y=[f"#{o}" for o, _, _ in shown],
            x=[n for _, n, _ in shown],
            orientation="h",
            marker_color="#2ca02c",
            customdata=[
                package_hover(space, space.outcome(o))
                + "<br>"
                + ", ".join(f"{nm} {u:.3f}" for nm, u in zip(names, raw, strict=True))
                for o, _, raw in shown
            ],
            hovertemplate="package %{y}: %{x:,} runs<br>%{customdata}<extra></extra>",
            meta={"kind": "deals", "outcomes": [o for o, _, _ in shown]},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=120 + 36 * len(shown),
        xaxis={"title": {"text": "runs ending in this deal"}},
        margin={"l": 90, "r": 20, "t": 10, "b": 50},
    )
    sec.add(Plot(fig, "The deals most runs ended in (hover for the package and its utilities)."))
    rows = [
        [f"#{o}", f"{n:,}", f"{n / dist.runs:.1%}", package_words(space, space.outcome(o)), *(f"{u:.3f}" for u in raw)]
        for o, n, raw in dist.deals
    ]
    heads = ["package", "runs", "share", "terms", *(f"{nm} (utility)" for nm in names)]
    sec.add(table(heads, rows, numeric=(1, 2, *range(4, 4 + len(names)))))
    return sec


def _utilities(scenario: Scenario, dist: Distribution, viewer: str | None) -> Section:
    sec = Section("utilities", "Utilities across the runs" if viewer is None else "Its own utility across the runs")
    hidden = "The other parties' utilities rest on their private preferences: not shown."
    if not dist.parties:
        return sec.add(paragraph("This seat holds no utilities of its own. " + hidden, cls="muted"))
    values = {p: [r.utility[i] for r in dist.results] for i, p in enumerate(dist.parties)}
    g = go()
    box = g.Figure()
    hist = g.Figure()
    for p in dist.parties:
        name, c, xs = scenario.party(p).name, _party_colour(scenario, p), values[p]
        box.add_trace(distribution_box(xs, name=name, color=c, meta={"kind": "utility-distribution", "party": p}))
        hist.add_trace(
            g.Histogram(
                x=xs,
                name=name,
                marker_color=c,
                opacity=0.6,
                nbinsx=40,
                meta={"kind": "utility-histogram", "party": p},
            )
        )
    box.update_layout(
        template="plotly_white",
        height=120 + 60 * len(dist.parties),
        margin={"l": 140, "r": 20, "t": 10, "b": 50},
        showlegend=False,
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": "utility of the result, discounted to when the run ended (no deal: reservation)"}},
    )
    hist.update_layout(
        template="plotly_white",
        height=320,
        barmode="overlay",
        margin={"l": 60, "r": 20, "t": 10, "b": 50},
        xaxis={"title": {"text": "utility of the result"}},
        yaxis={"title": {"text": "runs"}},
    )
    sec.add(
        Plot(box, "Per party: box = quartiles, line = median, dashed = mean; with few runs every run is a dot."),
        Plot(hist, "How many runs gave each utility (a run without a deal gives the party its reservation value)."),
    )
    rows = [
        [scenario.party(st.party).name, *(f"{x:.3f}" for x in (st.mean, st.p10, st.median, st.p90, st.low, st.high))]
        for st in dist.utilities
    ]
    sec.add(table(["party", "mean", "10%", "median", "90%", "min", "max"], rows, numeric=range(1, 7)))
    if viewer is not None:
        sec.add(paragraph(hidden, cls="muted"))
    return sec
