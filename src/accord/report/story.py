"""The transcript of a run, told as a story: day, format, who said what.

Events are turned into sentences ("United States tabled a text for the Security group:
…", "Russia asked for changes on Territory and Sequencing"), grouped by day and phase.
A text or offer that repeats the previous one of the same line says so; one that changes
it names only what changed. Rounds whose sentences are the same as the round before are
folded into one line, and a very long record is cut in the middle (said so).

The story is told from a point of view: the caller passes only the events the viewer may
see (:func:`accord.report.privacy.visible_events`); a confidential report is worded as
such, and the record-only progress measure as the analyst's record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from accord.engine.events import Event, EventKind
from accord.engine.progress import Progress
from accord.engine.protocols.base import get_protocol
from accord.engine.protocols.phased_state import Phase
from accord.errors import ProtocolError
from accord.model.scenario import Calendar
from accord.model.space import OutcomeSpace
from accord.report.html import Html, esc

__all__ = ["MAX_LINES", "Cast", "story"]

MAX_LINES = 300
"""A transcript of more entries (rounds and headings) keeps its first and last ones and says how many were left out."""


@dataclass(frozen=True)
class Cast:
    """Who is who: names of the seats and groups, the space, the calendar, and whose story it is."""

    space: OutcomeSpace
    names: Mapping[str, str]
    groups: Mapping[str, tuple[str, tuple[int, ...]]]  # id -> (name, issue indices)
    calendar: Calendar
    viewer: str | None = None

    def who(self, seat: str) -> str:
        name = self.names.get(seat, seat.replace("_", " ").title())
        return f"{name} (you)" if seat == self.viewer else name

    def group(self, gid: str) -> str:
        return self.groups.get(gid, (gid, ()))[0]


@dataclass
class _Round:
    day: int
    phase: str
    round: int
    lines: list[str] = field(default_factory=list)


def _words(cast: Cast, outcome: int, issues: Sequence[int] | None = None) -> str:
    space = cast.space
    digits = space.outcome(outcome)
    js = range(space.n_issues) if issues is None else issues
    return "; ".join(f"{esc(space.issues[j].label)}: <b>{esc(space.issues[j].label_of(digits[j]))}</b>" for j in js)


def _changes(cast: Cast, old: int, new: int) -> str:
    space = cast.space
    a, b = space.outcome(old), space.outcome(new)
    parts = []
    for j, issue in enumerate(space.issues):
        if a[j] != b[j]:
            parts.append(f"{esc(issue.label)}: {esc(issue.label_of(a[j]))} → <b>{esc(issue.label_of(b[j]))}</b>")
    return "; ".join(parts)


def _issue_list(cast: Cast, issues: Sequence[int]) -> str:
    names = [esc(cast.space.issues[j].label) for j in issues if 0 <= j < cast.space.n_issues]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _report(cast: Cast, e: Event) -> str:
    data = e.report
    if data is None:
        return "gave the mediator its priorities in confidence."
    weights, reservation, red = data.weights, data.reservation, data.red_lines
    ranked = sorted(range(len(weights)), key=lambda j: -float(weights[j]))[:3]
    top = ", ".join(f"{esc(cast.space.issues[j].label)} ({float(weights[j]):.2f})" for j in ranked)
    lines = [f"cares most about {top}", f"says no deal is worth {float(reservation):.2f} to it"]
    if red:
        reds = ", ".join(f"{esc(cast.space.issues[j].label)} ≠ {esc(cast.space.issues[j].label_of(k))}" for j, k in red)
        lines.append(f"red lines: {reds}")
    return '<span class="private">told the mediator in confidence: ' + "; ".join(lines) + ".</span>"


def _day_end(cast: Cast, e: Event) -> str:
    p = Progress.from_info(e.info)
    n = cast.space.n_issues
    short = ", ".join(f"{esc(cast.who(pid))} {x:.2f}" for pid, x in p.shortfall) or "—"
    groups = ", ".join(esc(cast.group(g)) for g in p.agreed_groups) or "none"
    return (
        f'<span class="record">End-of-day measure (analyst\'s record): {len(p.settled)} of {n} issues settled; '
        f"{p.accepting} of {len(p.shortfall) or '?'} parties accept the package text; shortfall below "
        f"reservation: {short}; groups agreed: {groups}.</span>"
    )


class _Teller:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.last: dict[tuple[str, str], int] = {}

    def text(self, e: Event, *, verb: str, line: str, issues: Sequence[int] | None, what: str) -> str:
        o = e.outcome if e.outcome is not None else 0
        prev = self.last.get((e.party, line))
        self.last[(e.party, line)] = o
        if prev is None:
            return f"{verb} a {what}: {_words(self.cast, o, issues)}."
        if prev == o:
            return f"{verb} the same {what} again."
        return f"changed the {what}: {_changes(self.cast, prev, o)}."

    def sentence(self, e: Event) -> str | None:
        c = self.cast
        kind = e.kind
        group = e.group
        gname = esc(c.group(group)) if group else ""
        if kind == EventKind.OPENING:
            return "stated its opening position: " + _words(c, e.outcome or 0) + "."
        if kind == EventKind.REPORT:
            return _report(c, e)
        if kind == EventKind.TEXT:
            if group:
                issues = c.groups.get(group, ("", None))[1] or None
                return self.text(e, verb="tabled", line=group, issues=issues, what=f"text for the {gname} group")
            if e.phase == Phase.CONSULTATION:
                return self.text(e, verb="tabled", line=Phase.CONSULTATION, issues=None, what="working draft")
            return self.text(e, verb="tabled", line="", issues=None, what="package text")
        if kind == EventKind.OFFER:
            return self.text(e, verb="offered", line=EventKind.OFFER, issues=None, what="package")
        if kind == EventKind.ACCEPT:
            return f"accepted the {gname} group's text." if group else "accepted."
        if kind == EventKind.VETO:
            return f"vetoed the {gname} group's text." if group else "vetoed the text."
        if kind == EventKind.CRITIQUE:
            where = f" in the {gname} group" if group else ""
            return f"asked for changes{where} on {_issue_list(c, e.issues)}."
        if kind == EventKind.END:
            return "walked away from the table."
        if kind == EventKind.CONCLUDE:
            return "closed the talks on the last text every party accepted."
        return None

    def notice(self, e: Event) -> str | None:
        """Sentences about events the protocol records itself (no party)."""
        c = self.cast
        kind = e.kind
        group = e.group
        if kind == EventKind.SETTLED:
            return (
                f"Every member accepted the {esc(c.group(group))} group's text."
                if group
                else "Every party accepted the package text."
            )
        if kind == EventKind.GROUP_RESULT:
            agreed = e.agreed
            return f"The {esc(c.group(group))} group ends the day " + (
                "with an agreed text." if agreed else "without agreement."
            )
        if kind == EventKind.DAY_END:
            return _day_end(c, e)
        if kind == EventKind.AGREEMENT:
            return "<b>Agreement</b> on: " + _words(c, e.outcome or 0) + "."
        if kind == EventKind.TIMEOUT:
            return "<b>The deadline passed without agreement.</b>"
        if kind == EventKind.BROKEN:
            return "<b>The talks broke down.</b>"
        return None


def _rounds(events: Sequence[Event], cast: Cast) -> list[_Round]:
    teller = _Teller(cast)
    out: list[_Round] = []
    day, phase = -1, ""
    for e in events:
        if e.kind == EventKind.STARTED:
            continue
        if e.kind == EventKind.PHASE:
            day, phase = e.day if e.day is not None else day, e.phase
            continue
        if not out or (out[-1].round, out[-1].day, out[-1].phase) != (e.round, day, phase):
            out.append(_Round(day, phase, e.round))
        if e.party:
            said = teller.sentence(e)
            if said is None:
                continue
            html = f'<span class="who">{esc(cast.who(e.party))}</span> {said}'
        else:
            said = teller.notice(e)
            if said is None:
                continue
            html = said
        out[-1].lines.append(html)
    return [r for r in out if r.lines]


def story(events: Sequence[Event], cast: Cast) -> Html:
    """The transcript as HTML, grouped by day and phase, repeated rounds folded."""
    rounds = _rounds(events, cast)
    titles = _phase_titles(events)
    day: int | None = None
    phase: str | None = None
    k = 0
    lines: list[str] = []
    while k < len(rounds):
        r = rounds[k]
        same = k + 1
        while (
            same < len(rounds)
            and (rounds[same].day, rounds[same].phase) == (r.day, r.phase)
            and rounds[same].lines == r.lines
        ):
            same += 1
        if r.day != day:
            day, phase = r.day, None
            if day >= 0:
                lines.append(f'<h3 class="day">{esc(_day_label(cast.calendar, r.day))}</h3>')
        if r.phase != phase:
            phase = r.phase
            if phase:
                lines.append(f'<div class="phase">{esc(titles.get(phase, phase))}</div>')
        last = rounds[same - 1].round
        label = f"Round {r.round + 1}" if same == k + 1 else f"Rounds {r.round + 1}–{last + 1}<br>(each alike)"
        body = "".join(f"<p>{x}</p>" for x in r.lines)
        lines.append(f'<div class="round"><div class="rl">{label}</div><div>{body}</div></div>')
        k = same
    if len(lines) > MAX_LINES:
        head, tail = lines[: MAX_LINES * 2 // 3], lines[-(MAX_LINES // 3) :]
        cut = len(lines) - len(head) - len(tail)
        lines = [*head, f'<p class="record">… {cut} more lines of the record are left out here …</p>', *tail]
    return Html('<div class="story">' + "\n".join(lines) + "</div>")


def _phase_titles(events: Sequence[Event]) -> Mapping[str, str]:
    """The headings the run's protocol gives its phases (none for an unknown protocol)."""
    for e in events:
        if e.kind == EventKind.STARTED:
            try:
                return get_protocol(e.protocol).capabilities.phases
            except ProtocolError:
                return {}
    return {}


def _day_label(calendar: Calendar, day: int) -> str:
    if 0 <= day < calendar.days:
        return calendar.label(day)
    return f"Day {day + 1}"
