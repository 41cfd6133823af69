"""The distribution of many seeded runs, rendered with Rich (``accord run --runs N``)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from accord.engine.batch import Distribution
from accord.model.scenario import Scenario

__all__ = ["day_label", "render_distribution"]


def day_label(scenario: Scenario, d: int) -> str:
    """The calendar's label of day ``d`` (0-based), or "Day N" beyond the calendar."""
    return scenario.calendar.label(d) if d < scenario.calendar.days else f"Day {d + 1}"


def render_distribution(scenario: Scenario, dist: Distribution) -> RenderableType:
    """Agreement by day, the most frequent deals and each party's utility across the runs."""
    parts: list[RenderableType] = [
        Rule(f"{scenario.name} — {dist.protocol} — {dist.runs:,} seeded runs"),
        Text(
            f"agreement in {dist.agreements:,} of {dist.runs:,} runs ({100 * dist.agreement_rate:.0f}%); "
            f"{dist.distinct:,} distinct results (deal and day); {dist.wall_s:.1f} s with {dist.jobs} "
            f"process{'es' if dist.jobs > 1 else ''}"
        ),
    ]
    days = Table(title="Agreed by the end of each day", title_justify="left")
    days.add_column("day")
    days.add_column("runs agreed", justify="right")
    for d, share in enumerate(dist.by_day):
        days.add_row(day_label(scenario, d), f"{100 * share:.0f}%")
    parts.append(days)
    if dist.deals:
        space = scenario.space
        deals = Table(title="Most frequent deals", title_justify="left", show_lines=True)
        deals.add_column("runs", justify="right")
        deals.add_column("package")
        deals.add_column("utilities")
        for outcome, count, raw in dist.deals:
            o = space.outcome(outcome)
            text = Text("; ".join(f"{iss.label}: {iss.label_of(o[j])}" for j, iss in enumerate(space.issues)))
            shown = ", ".join(f"{p} {u:.2f}" for p, u in zip(dist.parties, raw, strict=True))
            deals.add_row(f"{count:,}", text, shown)
        parts.append(deals)
    utils = Table(title="Each party's utility across the runs (no deal: its reservation value)", title_justify="left")
    for col in ("party", "mean", "10%", "median", "90%", "min", "max"):
        utils.add_column(col, justify="left" if col == "party" else "right")
    for st in dist.utilities:
        utils.add_row(st.party, *(f"{x:.3f}" for x in (st.mean, st.p10, st.median, st.p90, st.low, st.high)))
    parts.append(utils)
    return Group(*parts)
