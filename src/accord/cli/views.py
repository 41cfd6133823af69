"""Rich renderings of model values (used by ``accord show`` and others)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.model.constraint import ConstraintUtility
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Party, Scenario


def _num(x: float) -> str:
    return f"{x:.2f}"


def _other_utilities(s: Scenario, others: list[tuple[Party, Preferences]]) -> RenderableType:
    """Non-additive utilities: for constraint utilities, the boxes worth the most."""
    t = Table(title="Utilities that are not additive (the largest boxes first)", title_justify="left")
    for col in ("party", "kind", "boxes", "largest boxes: utility / scale, and the ranges that earn it"):
        t.add_column(col)
    for p, prefs in others:
        u = prefs.utility
        if isinstance(u, ConstraintUtility):
            top = sorted(u.boxes, key=lambda b: -b.utility)[:5]
            lines = []
            for b in top:
                ranges = ", ".join(
                    f"{s.space.names[j]} {s.space.issues[j].label_of(lo)}–{s.space.issues[j].label_of(hi)}"
                    for j, lo, hi in b.bounds
                )
                lines.append(
                    f"{b.utility / u.scale:.3f}{'' if b.inside else ' (outside)'}: {ranges or 'every package'}"
                )
            t.add_row(p.id, u.kind, str(len(u.boxes)), escape("\n".join(lines)))
        else:
            t.add_row(p.id, u.kind, "—", "—")
    return t


def _issues_only(s: Scenario) -> RenderableType:
    t = Table(title="Issues and options", title_justify="left")
    for col in ("issue", "kind", "options"):
        t.add_column(col)
    for issue in s.space.issues:
        shown = ", ".join(issue.label_of(k) for k in range(min(issue.cardinality, 12)))
        more = f", … ({issue.cardinality} in all)" if issue.cardinality > 12 else ""
        t.add_row(escape(issue.label), issue.kind, escape(shown + more))
    return t


def scenario_view(s: Scenario) -> RenderableType:
    """A full view of a scenario, private preferences included (the analyst's view)."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(s.name, style="bold")
    head.append(f"  ({s.id})", style="dim")
    if s.description:
        head.append("\n" + s.description.strip())
    if s.source:
        head.append("\nsource: " + s.source, style="dim")
    cal = s.calendar
    head.append(
        f"\n{len(s.negotiators)} parties"
        + (f", mediator {s.mediator.name}" if s.mediator else "")
        + f"; {s.space.n_issues} issues; {s.space.size:,} possible packages; "
        f"calendar: {cal.days} day{'s' if cal.days != 1 else ''} x {cal.rounds_per_day} rounds"
        + (f" from {cal.start.isoformat()}" if cal.start else ""),
        style="cyan",
    )
    parts.append(Panel(head, title="scenario", title_align="left"))

    pt = Table(title="Parties", title_justify="left", expand=False)
    for col in ("id", "name", "role", "reservation", "cost of delay", "red lines"):
        pt.add_column(col)
    for p in s.parties:
        prefs = p.preferences
        if prefs is None:
            pt.add_row(p.id, p.name, p.role.value, "—", "—", "—")
            continue
        delay = (
            f"x{prefs.cost_of_delay.factor:g} per {prefs.cost_of_delay.per.value}" if prefs.cost_of_delay else "none"
        )
        red = "; ".join(
            f"{issue}: not " + ", ".join(str(v) for v in sorted(opts, key=str))
            for issue, opts in prefs.red_lines.items()
        )
        pt.add_row(p.id, escape(p.name), p.role.value, _num(prefs.reservation), delay, escape(red) or "—")
    parts.append(pt)

    holders = [(p, p.preferences) for p in s.parties if p.preferences is not None]
    others = [(p, prefs) for p, prefs in holders if not isinstance(prefs.utility, LinearAdditive)]
    holders = [(p, prefs) for p, prefs in holders if isinstance(prefs.utility, LinearAdditive)]
    if holders:
        it = Table(
            title="Issues, options and each party's values (weight of the issue in brackets)", title_justify="left"
        )
        it.add_column("issue / option")
        for p, _ in holders:
            it.add_column(p.id + (" (mediator)" if p.role.value == "mediator" else ""), justify="right")
        for j, issue in enumerate(s.space.issues):
            row = [Text(f"{issue.label}", style="bold")]
            for _, prefs in holders:
                u = prefs.utility
                row.append(Text(f"[{u.weights[j]:.2f}]", style="bold") if isinstance(u, LinearAdditive) else Text("—"))
            it.add_row(*row)
            for k in range(min(issue.cardinality, 12)):
                cells: list[RenderableType] = [Text("  " + issue.label_of(k))]
                for _, prefs in holders:
                    u = prefs.utility
                    value = _num(u.values[j][k]) if isinstance(u, LinearAdditive) else "?"
                    forbidden = issue.value(k) in prefs.red_lines.get(issue.name, frozenset())
                    cells.append(Text(value + (" ✗" if forbidden else ""), style="red" if forbidden else ""))
                it.add_row(*cells)
            if issue.cardinality > 12:
                it.add_row(Text(f"  … {issue.cardinality - 12} more values", style="dim"), *["" for _ in holders])
        parts.append(it)
    else:
        parts.append(_issues_only(s))
    if others:
        parts.append(_other_utilities(s, others))

    if s.working_groups:
        gt = Table(title="Working groups", title_justify="left")
        gt.add_column("group")
        gt.add_column("issues")
        gt.add_column("members")
        for g in s.working_groups:
            gt.add_row(escape(g.name), ", ".join(g.issues), ", ".join(g.members) or "all parties")
        parts.append(gt)

    parts += uncertainty_views(s)

    ct = Table(title="Calendar", title_justify="left")
    ct.add_column("day")
    ct.add_column("rounds")
    for d in range(cal.days):
        ct.add_row(escape(cal.label(d)), str(cal.rounds_per_day))
    parts.append(ct)
    parts.append(Text("✗ = red line: the party will never accept that option", style="dim"))
    return Group(*parts)


def uncertainty_views(s: Scenario) -> list[RenderableType]:
    """Tables of the uncertain parameters (the analyst's and each delegation's), beliefs and levers."""
    parts: list[RenderableType] = []
    if s.uncertainties:
        ut = Table(title="Uncertain parameters", title_justify="left")
        for col in ("held by", "party", "parameter", "distribution"):
            ut.add_column(col)
        for u in s.uncertainties:
            ut.add_row(u.held_by or "analyst", u.party, u.parameter, u.distribution.describe())
        parts.append(ut)
    if s.beliefs:
        parts.append(
            Text("Beliefs: " + "; ".join(f"{b.holder} models {b.about}'s preferences" for b in s.beliefs), style="dim")
        )
    if s.levers:
        lt = Table(title="Levers (actions outside the table)", title_justify="left")
        for col in ("lever", "by", "effects", "cost"):
            lt.add_column(col, justify="right" if col == "cost" else "left")
        for lv in s.levers:
            lt.add_row(escape(lv.name), lv.by, "; ".join(e.describe() for e in lv.effects), f"{lv.cost:.2f}")
        parts.append(lt)
    return parts
