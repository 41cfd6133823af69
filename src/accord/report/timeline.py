"""Charts of a run over time: what each package on the table is worth, round by round, and
the progress measured at the end of each day of phased talks.

A *line* of texts is one party's offers, one working group's texts, or the package texts
(:func:`line_of`); several moves in one round are spread across it so their order shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from accord.engine.events import Event, EventKind
from accord.engine.progress import Progress
from accord.model.preferences import Preferences
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.report.figures import package_hover
from accord.report.html import Html, Plot, Section, colour, esc, go

__all__ = [
    "TABLED",
    "day_starts",
    "line_colours",
    "line_names",
    "line_of",
    "progress_section",
    "tabled_packages",
    "utility_chart",
]

TABLED = (EventKind.OFFER, EventKind.TEXT)
"""The events that put a package on the table."""


def day_starts(events: Sequence[Event]) -> list[tuple[int, int]]:
    """(round, day) where each day after the first begins (phased talks)."""
    out: list[tuple[int, int]] = []
    day = 0
    for e in events:
        if e.kind == EventKind.PHASE and e.day is not None and e.day > day:
            day = e.day
            out.append((e.round, day))
    return out


def tabled_packages(events: Sequence[Event]) -> list[tuple[float, Event]]:
    """Packages put on the table (offers, package texts, group texts), with an x position in rounds.

    Several in one round are spread evenly across it, so the order of moves is kept.
    """
    chosen = [e for e in events if e.kind in TABLED and e.outcome is not None]
    per_round: dict[int, int] = {}
    for e in chosen:
        per_round[e.round] = per_round.get(e.round, 0) + 1
    seen: dict[int, int] = {}
    out = []
    for e in chosen:
        k = seen.get(e.round, 0)
        seen[e.round] = k + 1
        out.append((e.round + 1 + k / per_round[e.round], e))
    return out


def line_of(e: Event) -> str:
    """Which line of texts an event belongs to: a party's offers, a group's texts, or the package."""
    if e.kind == EventKind.OFFER:
        return f"offer:{e.party}"
    group = e.group
    return f"group:{group}" if group else "package"


def line_names(
    tabled: Sequence[tuple[float, Event]], names: Mapping[str, str], groups: Mapping[str, str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, e in tabled:
        line = line_of(e)
        if line.startswith("offer:"):
            out[line] = f"{names.get(e.party, e.party)}'s offers"
        elif line.startswith("group:"):
            gid = line.split(":", 1)[1]
            out[line] = f"{groups.get(gid, gid)} group texts"
        else:
            out[line] = f"{names.get(e.party, e.party)}'s package texts"
    return out


_PACKAGE_COLOUR = "#ff7f0e"
_GROUP_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#8c564b", "#7f7f7f", "#ff9896", "#98df8a")


def line_colours(lines: Sequence[str], party_colours: Mapping[str, str]) -> dict[str, str]:
    """A colour per line: a party's offers in the party's colour, package texts orange, each group its own."""
    out: dict[str, str] = {}
    groups = 0
    for line in lines:
        if line.startswith("offer:"):
            out[line] = party_colours.get(line.split(":", 1)[1], _PACKAGE_COLOUR)
        elif line.startswith("group:"):
            out[line] = _GROUP_COLOURS[groups % len(_GROUP_COLOURS)]
            groups += 1
        else:
            out[line] = _PACKAGE_COLOUR
    return out


def utility_chart(
    tabled: Sequence[tuple[float, Event]],
    lines: Mapping[str, str],
    colours: Mapping[str, str],
    parties: Sequence[tuple[str, str, str, Preferences]],
    space: OutcomeSpace,
    day_starts: Sequence[tuple[int, int]],
    day_label: Callable[[int], str],
) -> Any:
    """Each party's utility of every package put on the table, by round (one panel a party)."""
    g = go()
    from plotly.subplots import make_subplots

    n = len(parties)
    fig = make_subplots(
        rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.06, subplot_titles=[p[1] for p in parties]
    )
    order = list(dict.fromkeys(line_of(e) for _, e in tabled))
    for row, (pid, name, _col, prefs) in enumerate(parties, start=1):
        tmpl = f"{esc(name)}: %{{y:.3f}}<br>round %{{x:.0f}}<br>%{{text}}<extra>%{{fullData.name}}</extra>"
        for line in order:
            pts = [(x, e) for x, e in tabled if line_of(e) == line]
            digits = [space.outcome(e.outcome) for _, e in pts if e.outcome is not None]
            outcomes = np.asarray(digits, dtype=np.int64)
            u = prefs.evaluate(outcomes)
            fig.add_trace(
                g.Scatter(
                    x=[x for x, _ in pts],
                    y=u,
                    mode="lines+markers",
                    line_shape="hv",
                    name=lines.get(line, line),
                    legendgroup=line,
                    showlegend=row == 1,
                    line={"color": colours[line], "width": 2},
                    marker={"size": 5, "color": colours[line]},
                    text=[package_hover(space, o) for o in digits],
                    hovertemplate=tmpl,
                    meta={"kind": "utility", "party": pid, "line": line},
                ),
                row=row,
                col=1,
            )
        fig.add_hline(
            y=prefs.reservation,
            line={"color": "#2c7a2c", "dash": "dash", "width": 1},
            annotation_text="reservation",
            annotation_position="bottom right",
            row=row,
            col=1,
        )
        fig.update_yaxes(title_text="utility", range=[-0.02, 1.04], row=row, col=1)
    for rnd, day in day_starts:
        fig.add_vline(x=rnd + 0.5, line={"color": "#999", "dash": "dot", "width": 1})
        fig.add_annotation(
            x=rnd + 0.5,
            y=1.0,
            yref="paper",
            text=esc(day_label(day)),
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": "#666"},
        )
    fig.update_xaxes(title_text="round", row=n, col=1)
    fig.update_layout(
        template="plotly_white",
        height=230 * n + 140,
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -110 / (230 * n + 140), "yanchor": "top", "x": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def progress_section(progress: Sequence[Progress], scenario: Scenario, names: Mapping[str, str]) -> Section:
    g = go()
    from plotly.subplots import make_subplots

    days = [scenario.calendar.label(p.day) if p.day < scenario.calendar.days else f"Day {p.day + 1}" for p in progress]
    n_issues = scenario.space.n_issues
    n_parties = len(progress[0].shortfall) or len(scenario.negotiators)
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=["Issues settled and parties accepting", "How far each party is from accepting the text"],
    )
    fig.add_trace(
        g.Bar(
            x=days,
            y=[len(p.settled) for p in progress],
            name=f"issues settled (of {n_issues})",
            marker_color="#2ca02c",
            meta={"kind": "settled"},
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        g.Bar(
            x=days,
            y=[p.accepting for p in progress],
            name=f"parties accepting (of {n_parties})",
            marker_color="#6b7785",  # not a party's colour: the right panel's bars are the parties'
            meta={"kind": "accepting"},
        ),
        row=1,
        col=1,
    )
    # How far each party is from accepting the text moves from day to day; the shortfall below a
    # reservation value is drawn only where some party had one (all zero would be a flat chart).
    ids = [pid for pid, _ in progress[0].distance] or [pid for pid, _ in progress[0].shortfall]
    for k, pid in enumerate(ids):
        fig.add_trace(
            g.Bar(
                x=days,
                y=[dict(p.distance).get(pid, 0.0) for p in progress],
                name=f"{names.get(pid, pid)}: distance from accepting",
                marker_color=colour(k),
                meta={"kind": "distance", "party": pid},
            ),
            row=1,
            col=2,
        )
    any_shortfall = any(x > 0 for p in progress for _, x in p.shortfall)
    if any_shortfall:
        for k, pid in enumerate(pid for pid, _ in progress[0].shortfall):
            fig.add_trace(
                g.Bar(
                    x=days,
                    y=[dict(p.shortfall).get(pid, 0.0) for p in progress],
                    name=f"{names.get(pid, pid)}: below its reservation value",
                    marker={"color": colour(k), "pattern": {"shape": "/"}, "opacity": 0.6},
                    meta={"kind": "shortfall", "party": pid},
                ),
                row=1,
                col=2,
            )
    fig.add_trace(
        g.Scatter(
            x=days,
            y=[p.gap for p in progress],
            name="acceptable-to-all gap (sum of shortfalls)",
            mode="lines+markers",
            line={"color": "#111"},
            meta={"kind": "gap"},
        ),
        row=1,
        col=2,
    )
    if not any_shortfall:
        fig.layout.annotations[
            1
        ].text = (
            "How far each party is from accepting the text<br><sub>every party preferred it to no deal: gap 0</sub>"
        )
    fig.update_layout(
        template="plotly_white",
        barmode="group",
        height=420,
        margin={"l": 50, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.18, "x": 0},
    )
    sec = Section("progress", "Progress day by day")
    sentences = []
    for label, p in zip(days, progress, strict=True):
        agreed = ", ".join(p.agreed_groups) or "no group"
        sentences.append(
            f"{label}: {len(p.settled)} of {n_issues} issues settled, {p.accepting} of {n_parties} parties "
            f"accept the package text, gap {p.gap:.3f}, agreed: {agreed}."
        )
    closest = progress[-1].closest
    if closest is not None:
        sentences.append(
            "A package every party prefers to no deal exists."
            if closest <= 1e-9
            else f"No package is acceptable to all: the closest falls {closest:.3f} short for some party."
        )
    sec.add(
        Plot(
            fig,
            "Measured at the end of each day on the package text then on the table (analyst's record). Distance from "
            "accepting: how far the text falls below the position the party last stated, in its own utility (0: it "
            "accepted).",
        )
    )
    sec.add(Html("<ul>" + "".join(f"<li>{esc(s)}</li>" for s in sentences) + "</ul>"))
    return sec
