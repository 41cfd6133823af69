"""The report of a tournament: leaderboard, score distributions, strategy-vs-strategy heat map,
per-scenario and per-role tables, and the meta-game.

Drawn from :class:`~accord.tournament.scores.TournamentReport` (what ``accord tournament
report`` prints): how the negotiations ended, the leaderboard with each score's mean and
confidence interval (a table and a chart of the ranking score), the distribution of the
scores of every strategy, and the mean score of each strategy against each other.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from accord.report.figures import distribution_box
from accord.report.html import Html, Page, Plot, Section, colour, esc, go, paragraph, render, table, write_report
from accord.report.metagame import metagame_section

if TYPE_CHECKING:
    from accord.tournament.scores import Breakdown, TournamentReport

__all__ = ["tournament_report", "write_tournament_report"]

_LABELS = {
    "utility": "utility",
    "advantage": "advantage (utility − reservation)",
    "welfare": "welfare (sum of utilities)",
    "nash_product": "Nash product",
    "agreement": "agreement rate",
    "pareto_distance": "distance to the Pareto frontier",
}


def write_tournament_report(report: TournamentReport, path: str | Path) -> Path:
    """Write :func:`tournament_report` to ``path`` (atomically) and return the path."""
    return write_report(path, tournament_report(report))


def tournament_report(report: TournamentReport) -> str:
    """The HTML report of a tournament's results."""
    s = report.summary
    n = int(s.get("negotiations", 0))
    strategies = list(s.get("strategies", []))
    scenarios = list(s.get("scenarios", []))
    page = Page(
        f"Tournament — {report.name}",
        f"{n:,} negotiations · {len(strategies)} strategies · {len(scenarios)} scenarios",
        badge="Results of software strategies; no private preferences are shown",
    )
    page.sections.append(_summary(report))
    page.sections.append(_leaderboard(report))
    page.sections.append(_distributions(report))
    page.sections.append(_matrix(report))
    for b in report.breakdowns:
        page.sections.append(_breakdown(b))
    page.sections.append(metagame_section(report))
    return render(page)


def _fmt(x: object, digits: int = 3) -> str:
    if isinstance(x, float):
        return "—" if math.isnan(x) else f"{x:.{digits}f}"
    return str(x)


def _summary(report: TournamentReport) -> Section:
    s = report.summary
    sec = Section("summary", "How the negotiations ended")
    ends = {k: int(v) for k, v in dict(s.get("ends", {})).items()}
    n = int(s.get("negotiations", 0))
    rate = s.get("agreement_rate", math.nan)
    lead = f"{n:,} negotiations; agreement in {rate:.1%} of them" if isinstance(rate, float) and n else f"{n:,}"
    lead += f"; {_fmt(s.get('mean_rounds', math.nan), 1)} rounds on average."
    sec.add(paragraph(lead, cls="lead"))
    if ends:
        g = go()
        fig = g.Figure(
            g.Bar(
                x=list(ends.values()),
                y=list(ends.keys()),
                orientation="h",
                marker_color=[colour(k) for k in range(len(ends))],
                texttemplate="%{x:,}",
                textposition="outside",
                hovertemplate="%{y}: %{x:,}<extra></extra>",
                meta={"kind": "ends"},
            )
        )
        fig.update_layout(
            template="plotly_white",
            height=100 + 34 * len(ends),
            margin={"l": 120, "r": 40, "t": 10, "b": 30},
            yaxis={"autorange": "reversed"},
        )
        sec.add(Plot(fig, "How each negotiation ended."))
    rows = [["strategies", ", ".join(s.get("strategies", []))], ["scenarios", ", ".join(s.get("scenarios", []))]]
    errors = int(s.get("errors", 0))
    if errors:
        rows.append(["failed negotiations (a strategy raised or ran out of time)", f"{errors:,}"])
    sec.add(table(["", ""], rows))
    if report.config:
        text = json.dumps(dict(report.config), indent=2, ensure_ascii=False, default=str)
        sec.add(Html(f"<details><summary>Configuration</summary><pre>{esc(text)}</pre></details>"))
    return sec


def _leaderboard(report: TournamentReport) -> Section:
    board = report.leaderboard
    metrics = [m for m in _LABELS if any(m in r.scores for r in board.rows)]
    sec = Section("leaderboard", "Leaderboard")
    sec.add(
        paragraph(
            f"Ranked by mean {_LABELS.get(board.by, board.by)}"
            f"{' (lowest first)' if board.by == 'pareto_distance' else ''}; each score is the mean over the seats a "
            f"strategy took, ± the half-width of its {board.confidence:.0%} {board.method}."
        )
    )
    rows = []
    for r in board.rows:
        cells: list[object] = [r.rank, r.strategy, r.n]
        for m in metrics:
            e = r.scores.get(m)
            cells.append("—" if e is None else f"{_fmt(e.mean)} ± {_fmt((e.high - e.low) / 2)}")
        cells.append(r.errors)
        rows.append(cells)
    headers = ["#", "strategy", "seats", *[_LABELS[m] for m in metrics], "failures"]
    sec.add(table(headers, rows, numeric=(0, 2, *range(3, 4 + len(metrics)))))
    g = go()
    shown = [r for r in board.rows if board.by in r.scores]
    means = [r.scores[board.by].mean for r in shown]
    fig = g.Figure(
        g.Scatter(
            x=means,
            y=[r.strategy for r in shown],
            mode="markers",
            marker={"size": 11, "color": [colour(k) for k in range(len(shown))]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [r.scores[board.by].high - r.scores[board.by].mean for r in shown],
                "arrayminus": [r.scores[board.by].mean - r.scores[board.by].low for r in shown],
                "thickness": 1.5,
                "color": "#555555",
            },
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
            meta={"kind": "leaderboard", "metric": board.by},
        )
    )
    fig.update_layout(
        template="plotly_white",
        height=110 + 36 * len(shown),
        margin={"l": 180, "r": 20, "t": 10, "b": 50},
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": f"mean {_LABELS.get(board.by, board.by)}"}},
    )
    sec.add(Plot(fig, f"Mean {_LABELS.get(board.by, board.by)} with its {board.confidence:.0%} interval."))
    return sec


def _distributions(report: TournamentReport) -> Section:
    metric = report.distribution_metric
    order = [r.strategy for r in report.leaderboard.rows]
    dist = report.distributions
    names = [s for s in order if s in dist] + sorted(set(dist) - set(order))
    g = go()
    fig = g.Figure()
    for k, s in enumerate(names):
        fig.add_trace(
            distribution_box(list(dist[s]), name=s, color=colour(k), meta={"kind": "distribution", "strategy": s})
        )
    fig.update_layout(
        template="plotly_white",
        height=120 + 48 * len(names),
        margin={"l": 180, "r": 20, "t": 10, "b": 50},
        showlegend=False,
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": _LABELS.get(metric, metric)}},
    )
    sec = Section("distributions", "Score distributions")
    sec.add(
        Plot(
            fig,
            f"Every seat's {_LABELS.get(metric, metric)}, per strategy: box = quartiles, line = median, "
            "dashed = mean; dots are the single negotiations.",
        )
    )
    return sec


def _matrix(report: TournamentReport) -> Section:
    m = report.matrix
    g = go()
    z = [[None if v is None else round(v, 4) for v in row] for row in m.values]
    text = [["—" if v is None else f"{v:.3f}" for v in row] for row in m.values]
    counts = [list(row) for row in m.counts]
    lower_better = m.metric == "pareto_distance"
    fig = g.Figure(
        g.Heatmap(
            z=z,
            x=list(m.strategies),
            y=list(m.strategies),
            text=text,
            texttemplate="%{text}",
            customdata=counts,
            colorscale="RdYlGn_r" if lower_better else "RdYlGn",
            hovertemplate="%{y} against %{x}: %{z:.3f}<br>over %{customdata} seats<extra></extra>",
            colorbar={"title": {"text": m.metric}},
            xgap=2,
            ygap=2,
            meta={"kind": "matrix", "metric": m.metric},
        )
    )
    side = 60 * len(m.strategies)
    fig.update_layout(
        template="plotly_white",
        height=max(320, 160 + side),
        margin={"l": 180, "r": 20, "t": 10, "b": 120},
        yaxis={"autorange": "reversed", "title": {"text": "strategy scored"}},
        xaxis={"title": {"text": "against"}, "side": "bottom"},
    )
    sec = Section("matrix", "Strategy against strategy")
    sec.add(
        Plot(
            fig,
            f"Mean {_LABELS.get(m.metric, m.metric)} of the row strategy when the column strategy sat at the table "
            "(the diagonal is self-play; an empty cell: they never met).",
        )
    )
    return sec


def _breakdown(b: Breakdown) -> Section:
    what = "scenario" if b.key == "scenario" else "role (a seat of a scenario)"
    sec = Section(f"by-{b.key}", f"By {b.key}")
    sec.add(paragraph(f"Mean {_LABELS.get(b.metric, b.metric)} of each strategy per {what}; — where it never played."))
    rows = [[s, *("—" if v is None else _fmt(v) for v in row)] for s, row in zip(b.strategies, b.values, strict=True)]
    sec.add(table(["strategy", *b.groups], rows, numeric=tuple(range(1, len(b.groups) + 1))))
    return sec
