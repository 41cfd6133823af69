"""The report of one run: verdict, the path of the talks through the space, progress, transcript.

The analyst's report (``party=None``) draws the space of agreements with the path of
offers or texts over it, every party's utility of the text on the table round by round,
the per-day progress measure of phased talks, the verdict with the run's metrics, and
the transcript as a story.

A party's report (``party="ukraine"``) is built from the events that party may see and
its own preferences only (:mod:`accord.report.privacy`): its own utility of each package
put on the table, the public verdict, and the transcript of what it saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from accord.engine.events import Event, EventKind
from accord.engine.progress import Progress
from accord.model.scenario import Calendar, Role, Scenario, WorkingGroup
from accord.model.space import OutcomeSpace
from accord.report.figures import Marker, Trail, package_hover, package_words, pair_grid, space_3d
from accord.report.html import Html, Page, Plot, Section, colour, esc, paragraph, render, table, write_report
from accord.report.privacy import Knowledge, knowledge_of, public_verdict, resolve_viewer, visible_events
from accord.report.story import Cast, story
from accord.report.timeline import (
    day_starts,
    line_colours,
    line_names,
    line_of,
    progress_section,
    tabled_packages,
    utility_chart,
)

if TYPE_CHECKING:
    from accord.engine.runner import Run

__all__ = ["run_report", "write_run_report"]


def write_run_report(run: Run, path: str | Path, *, party: str | None = None, seed: int = 0) -> Path:
    """Write :func:`run_report` to ``path`` (atomically) and return the path."""
    return write_report(path, run_report(run, party=party, seed=seed))


def run_report(run: Run, *, party: str | None = None, seed: int = 0) -> str:
    """The HTML report of a finished run: the analyst's, or ``party``'s own view."""
    scenario = run.scenario
    viewer = resolve_viewer(scenario, party)
    if viewer is None:
        return render(_analyst_page(run, seed))
    return render(_party_page(run, knowledge_of(scenario, viewer)))


# -- shared pieces -----------------------------------------------------------------------------
def _cast(
    space: OutcomeSpace,
    names: Mapping[str, str],
    groups: Sequence[WorkingGroup],
    calendar: Calendar,
    viewer: str | None,
) -> Cast:
    g = {wg.id: (wg.name, tuple(space.issue_index(n) for n in wg.issues)) for wg in groups}
    return Cast(space, names, g, calendar, viewer)


def _title(run: Run, scenario_name: str) -> tuple[str, str]:
    title = f"{scenario_name} — a {run.protocol} run"
    return title, f"seed {run.seed}; {len(run.events)} events in the record"


def _end_event(events: Sequence[Event]) -> Event | None:
    for e in reversed(events):
        if e.kind in (EventKind.AGREEMENT, EventKind.TIMEOUT, EventKind.BROKEN):
            return e
    return None


# -- the analyst's report ------------------------------------------------------------------------
def _names(scenario: Scenario, seats: Sequence[str]) -> dict[str, str]:
    out = {p.id: p.name for p in scenario.parties}
    for s in seats:
        out.setdefault(s, s.replace("_", " ").title())
    return out


def _analyst_page(run: Run, seed: int) -> Page:
    scenario = run.scenario
    seats = tuple(run.strategies)
    names = _names(scenario, seats)
    title, sub = _title(run, scenario.name)
    page = Page(title, sub, badge="Analyst's view: every party's private preferences are shown — do not hand out")
    metrics = run.metrics()
    negotiators = scenario.negotiators
    holders = [p for p in scenario.parties if p.preferences is not None and p.role in (Role.PARTY, Role.MEDIATOR)]
    cols = {p.id: colour(k) for k, p in enumerate(scenario.parties)}
    for s in seats:
        cols.setdefault(s, colour(len(cols)))

    # verdict
    verdict = Section("verdict", "Verdict")
    end = _end_event(run.events)
    ok = run.agreement is not None
    text = metrics.verdict[0].upper() + metrics.verdict[1:]
    if ok and run.agreement is not None:
        text += f" on round {metrics.rounds} (day {metrics.day + 1}): " + package_words(
            scenario.space, scenario.space.outcome(run.agreement)
        )
    verdict.add(Html(f'<p class="verdict{"" if ok else " fail"}">{esc(text)}.</p>'))
    rows = []
    for r in metrics.parties:
        rows.append(
            [
                names.get(r.party, r.party),
                f"{r.raw_utility:.3f}",
                f"{r.utility:.3f}",
                f"{r.reservation:.3f}",
                f"{r.advantage:+.3f}",
            ]
        )
    verdict.add(
        table(
            [
                "party",
                "utility of the result",
                "after the cost of delay",
                "reservation (discounted)",
                "gain over no deal",
            ],
            rows,
            numeric=(1, 2, 3, 4),
        )
    )
    facts = [f"welfare (sum of discounted utilities) {metrics.welfare:.3f}", f"Nash product {metrics.nash_product:.4f}"]
    if metrics.frontier_distance is not None:
        facts.append(f"distance to the Pareto frontier {metrics.frontier_distance:.3f}")
    if metrics.nash_distance is not None:
        facts.append(f"distance to the Nash package {metrics.nash_distance:.3f}")
    verdict.add(paragraph("; ".join(facts) + f". {metrics.rounds} of {metrics.n_rounds} rounds used."))
    verdict.add(table(["seat", "strategy"], [[names.get(s, s), spec] for s, spec in run.strategies.items()]))
    if end is not None and end.kind == EventKind.BROKEN:
        verdict.add(paragraph("A party walked away from the table."))
    page.sections.append(verdict)

    # the space with the path of the talks
    from accord.report.cloud import build_space, frontier_for

    tabled = tabled_packages(run.events)
    groups = {wg.id: wg.name for wg in scenario.working_groups}
    lines = line_names(tabled, names, groups)
    lc = line_colours(list(lines), cols)
    ids = [p.id for p in negotiators]
    prefs = [scenario.preferences(i) for i in ids]
    frontier = frontier_for(scenario, ids, seed=seed)
    space = build_space(
        scenario.space,
        ids,
        [names[i] for i in ids],
        [cols[i] for i in ids],
        prefs,
        frontier.outcomes,
        seed=seed,
        exact=frontier.exact,
    )
    trails = []
    for line, label in lines.items():
        pts = [e for _, e in tabled if line_of(e) == line]
        out = np.asarray([scenario.space.outcome(e.outcome) for e in pts if e.outcome is not None], dtype=np.int64)
        u = np.stack([p.evaluate(out) for p in prefs], axis=1)
        hover = [
            f"round {e.round + 1}<br>" + package_hover(scenario.space, scenario.space.outcome(e.outcome or 0))
            for e in pts
        ]
        trails.append(Trail(label, u, hover, lc[line], "dot" if line.startswith("group:") else "solid", {"line": line}))
    for pid in ids:
        opens = [e for e in run.events if e.kind == EventKind.OPENING and e.party == pid and e.outcome is not None]
        if opens:
            out = np.asarray([scenario.space.outcome(e.outcome or 0) for e in opens], dtype=np.int64)
            u = np.stack([p.evaluate(out) for p in prefs], axis=1)
            hover = [
                f"opening, round {e.round + 1}<br>" + package_hover(scenario.space, o)
                for e, o in zip(opens, out, strict=True)
            ]
            trails.append(
                Trail(f"{names[pid]}'s opening positions", u, hover, cols[pid], "dash", {"line": f"opening:{pid}"})
            )
    markers = []
    if run.agreement is not None:
        o = scenario.space.outcome(run.agreement)
        markers.append(
            Marker(
                "agreement",
                "agreement",
                [p(o) for p in prefs],
                package_hover(scenario.space, o),
                "star-open",
                "#000000",
                20,
            )
        )
    path = Section("space", "The talks in the space of agreements")
    path.add(
        paragraph(
            "Each point is a package, placed by what it is worth to each party. The lines follow the offers or "
            "texts put on the table, in order (dashed: each party's opening positions); the star is the agreement. "
            "The shaded corner holds the packages above both parties' reservation values (dashed lines). "
            "Drawn: " + space.note + "."
        )
    )
    path.add(Plot(pair_grid(space, markers, trails), "Hover a point for the package in words."))
    if len(ids) == 3:
        path.add(Plot(space_3d(space, markers, trails), "The same, for all three parties at once (drag to turn)."))
    page.sections.append(path)

    # utilities round by round
    over = Section("utilities", "What the text on the table is worth to each party, round by round")
    holders_rows = [(p.id, p.name, cols[p.id], p.preferences) for p in holders if p.preferences is not None]
    if tabled:
        over.add(
            Plot(
                utility_chart(
                    tabled, lines, lc, holders_rows, scenario.space, day_starts(run.events), scenario.calendar.label
                ),
                "Undiscounted utility of each package when it was put on the table; dashed: reservation value.",
            )
        )
    else:
        over.add(paragraph("No package was put on the table."))
    page.sections.append(over)

    progress = [Progress.from_info(e.info) for e in run.events if e.kind == EventKind.DAY_END]
    if progress:
        page.sections.append(progress_section(progress, scenario, names))

    cast = _cast(scenario.space, names, scenario.working_groups, scenario.calendar, None)
    page.sections.append(Section("transcript", "Transcript").add(story(run.events, cast)))
    return page


# -- one party's report ---------------------------------------------------------------------------
def _party_page(run: Run, know: Knowledge) -> Page:
    events = visible_events(run.events, know.viewer)
    names = {p.id: p.name for p in know.parties}
    for s in run.strategies:
        names.setdefault(s, s.replace("_", " ").title())
    title, _ = _title(run, know.scenario_name)
    page = Page(
        title,
        f"seed {run.seed}; {len(events)} events seen by {know.viewer_name}",
        badge=f"{know.viewer_name}'s view: its own preferences and what it saw at the table only",
        party_view=True,
    )
    own = know.own
    end = _end_event(events)
    verdict = Section("verdict", "Verdict")
    agreed = end is not None and end.kind == EventKind.AGREEMENT and end.outcome is not None
    if agreed and end is not None and end.outcome is not None:
        o = know.space.outcome(end.outcome)
        line = f"Agreement on round {end.round + 1}: {package_words(know.space, o)}."
        verdict.add(Html(f'<p class="verdict">{esc(line)}</p>'))
        if own is not None:
            u = own(o)
            verdict.add(
                paragraph(
                    f"It is worth {u:.3f} to {know.viewer_name} (reservation value {own.reservation:.3f}; "
                    f"{'above' if u >= own.reservation else 'below'} it, before any cost of delay)."
                )
            )
    else:
        what = public_verdict(False, events)  # from what this party saw, as the analyst's verdict reads
        verdict.add(Html(f'<p class="verdict fail">{esc(what[0].upper() + what[1:])}.</p>'))
    spec = run.strategies.get(know.viewer)
    if spec:
        verdict.add(paragraph(f"{know.viewer_name} played the strategy {spec!r}."))
    page.sections.append(verdict)

    tabled = tabled_packages(events)
    groups = {wg.id: wg.name for wg in know.working_groups}
    lines = line_names(tabled, names, groups)
    party_colours = {p.id: colour(k) for k, p in enumerate(know.parties)}
    sec = Section("utilities", f"What each package on the table was worth to {know.viewer_name}")
    if own is not None and tabled:
        sec.add(
            Plot(
                utility_chart(
                    tabled,
                    lines,
                    line_colours(list(lines), party_colours),
                    [(know.viewer, know.viewer_name, party_colours[know.viewer], own)],
                    know.space,
                    day_starts(events),
                    know.calendar.label,
                ),
                f"{know.viewer_name}'s own utility only; the other parties' preferences are not known to it.",
            )
        )
    else:
        sec.add(paragraph("Nothing to draw: no package was put on the table, or this seat holds no preferences."))
    sec.add(
        paragraph(
            "The other parties' utilities, the space of agreements and the daily progress measure rest on "
            "their private preferences and are not part of this view.",
            cls="muted",
        )
    )
    page.sections.append(sec)

    cast = _cast(know.space, names, know.working_groups, know.calendar, know.viewer)
    page.sections.append(Section("transcript", "Transcript (what this party saw)").add(story(events, cast)))
    return page
