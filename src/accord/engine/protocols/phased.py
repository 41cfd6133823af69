"""Phased mediated talks: consultations, working groups, alignment, day after day.

The format of the seed scenario ("trilateral consultations, group work, and subsequent
alignment of positions"), run over the scenario's calendar. Each day:

1. **Consultations** (the day's first round): every party states an opening position in
   plenary (public) and gives the mediator its priorities in confidence (truthful or
   strategic, as its strategy decides); the mediator then tables a working draft, the
   *frame*.
2. **Group work** (``group_rounds`` rounds): each working group negotiates its own issues,
   the others held at the frame. In each round the mediator tables a text per group and
   the group's members accept, veto or critique it; a text all members accept is the
   group's standing result. Groups run side by side (``parallel_groups``), or one after
   another.
3. **Alignment** (the day's remaining rounds): the mediator tables one package text for
   the whole table (assembled from the groups' results, then revised); every party
   answers. With ``stop_on_unanimity`` the first package all accept is the agreement.

Every day ends with a progress measure (:mod:`accord.engine.progress`), recorded for the
analyst only. At the end of the last day the agreement is the last package every party
accepted, if any.

A missed move (:meth:`Phased.on_missed`): a party that does not answer in time vetoes the
text; one that misses its opening or its report states nothing that day; a mediator that
misses a text re-tables the standing one (the group's standing result, else its last text,
else the frame; the standing package, else the last package, else the assembled one; for
the frame, yesterday's), and with no text at all (the first frame) the talks break off.
"""

from __future__ import annotations

from accord.engine.events import Action, ActionKind, Event, EventKind, Log, payload
from accord.engine.progress import closest_to_acceptable, measure
from accord.engine.protocols.base import (
    NOBODY,
    Capabilities,
    Expected,
    Layout,
    Protocol,
    ProtocolConfig,
    check_outcome,
    make_seats,
    mediator_seat,
    register_protocol,
    started_event,
)
from accord.engine.protocols.phased_state import (
    ALIGNMENT,
    CONSULTATION,
    GROUPS,
    OPEN_KINDS,
    PHASE_TITLES,
    PROPOSE_KINDS,
    PROPOSE_OR_CONCLUDE,
    REPORT_KINDS,
    Phase,
    PhasedConfig,
    PhasedContext,
    PhasedState,
    Step,
    Track,
)
from accord.engine.protocols.texts import (
    ANSWER_KINDS,
    RETABLED,
    answer_event,
    awaiting_answers,
    report_event,
    seat_clock,
    settled_event,
    text_event,
)
from accord.engine.view import Mediated, Situation, View
from accord.errors import ActionRejected, ProtocolError
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = ["Phased", "PhasedConfig", "PhasedState", "Track"]


_SITUATION = {
    Step.OPEN: Situation.OPEN,
    Step.REPORT: Situation.REPORT,
    Step.FRAME: Situation.PROPOSE,
    Step.PROPOSE: Situation.PROPOSE,
    Step.ANSWER: Situation.ANSWER,
}


def _digits(space: OutcomeSpace, o: int) -> tuple[int, ...]:
    return space.outcome(o)


class Phased(Protocol[PhasedState]):
    name = "phased"
    description = "phased mediated talks: consultations, working groups, alignment of one text, by day"
    config_type = PhasedConfig
    capabilities = Capabilities(
        action_kinds=frozenset(OPEN_KINDS | REPORT_KINDS | PROPOSE_OR_CONCLUDE | ANSWER_KINDS),
        layout=Layout.DAYS,
        mediated=True,
        days=True,
        phases=PHASE_TITLES,
    )

    # -- set-up ------------------------------------------------------------------------------
    def start(self, scenario: Scenario, config: ProtocolConfig | None = None, seed: int = 0) -> PhasedState:
        cfg = self.config_of(config)
        if not isinstance(cfg, PhasedConfig):  # pragma: no cover
            raise ProtocolError("phased needs a PhasedConfig")
        mediator = mediator_seat(scenario, cfg.mediator)
        days = cfg.days or scenario.calendar.days
        rpd = cfg.rounds_per_day or scenario.calendar.rounds_per_day
        if rpd < 2:
            raise ProtocolError("phased talks need at least 2 rounds a day (consultation and alignment)")
        has_groups = bool(scenario.working_groups)
        g = cfg.group_rounds if cfg.group_rounds is not None else ((rpd - 1) // 2 if has_groups else 0)
        if not has_groups:
            g = 0
        if g > rpd - 2:
            raise ProtocolError(
                f"group_rounds={g} leaves no alignment round in a day of {rpd} rounds (at most {rpd - 2})"
            )
        n_rounds = days * rpd
        seats = make_seats(scenario, self.name, n_rounds, rpd, mediator=mediator, with_groups=True)
        groups = next(iter(seats.values())).groups
        if not cfg.parallel_groups and g and g < len(groups):
            raise ProtocolError(f"one group at a time needs group_rounds >= {len(groups)} (one per group); found {g}")
        parties = tuple(p.id for p in scenario.negotiators)
        prefs = tuple(scenario.preferences(p) for p in parties)
        ctx = PhasedContext(
            parties=parties,
            seats=seats,
            mediator=mediator,
            days=days,
            rounds_per_day=rpd,
            group_rounds=g,
            n_rounds=n_rounds,
            space=scenario.space,
            groups=groups,
            parallel=cfg.parallel_groups,
            stop=cfg.stop_on_unanimity,
            prefs=prefs,
            closest=closest_to_acceptable(scenario.space, prefs),
            horizon_rounds=scenario.calendar.horizon_days(days) * rpd,
        )
        log = Log([started_event(self.name, scenario, cfg, seed, (*parties, mediator))])
        log = log.append(self._phase_event(0, 0, Phase.CONSULTATION))
        return PhasedState(ctx=ctx, log=log, groups=tuple(Track() for _ in groups))

    @staticmethod
    def _phase_event(rnd: int, day: int, phase: Phase) -> Event:
        return Event(EventKind.PHASE, rnd, "", None, payload(phase=phase, day=day))

    def _active(self, state: PhasedState) -> tuple[int, ...]:
        ctx = state.ctx
        if ctx.parallel:
            return tuple(range(len(ctx.groups)))
        k = state.round - state.day * ctx.rounds_per_day - 1
        return (k * len(ctx.groups) // ctx.group_rounds,)

    def _audience(self, ctx: PhasedContext, gi: int) -> tuple[str, ...]:
        return (*ctx.groups[gi].members, ctx.mediator)

    # -- who acts ----------------------------------------------------------------------------
    def expected(self, state: PhasedState) -> Expected:
        ctx = state.ctx
        step = state.step
        if step is Step.OPEN:
            return Expected(tuple(p for p in ctx.parties if p not in state.opened), OPEN_KINDS)
        if step is Step.REPORT:
            return Expected(tuple(p for p in ctx.parties if p not in state.reported), REPORT_KINDS)
        if step is Step.FRAME:
            return Expected((ctx.mediator,), PROPOSE_KINDS)
        if step is Step.PROPOSE:
            if state.phase == GROUPS:
                return Expected((ctx.mediator,), PROPOSE_KINDS, ctx.groups[state.pending[0]].id)
            conclude = state.package.standing is not None and not ctx.stop
            return Expected((ctx.mediator,), PROPOSE_OR_CONCLUDE if conclude else PROPOSE_KINDS)
        if step is Step.ANSWER:
            if state.phase == GROUPS:
                gi = state.pending[0]
                return awaiting_answers(ctx.groups[gi].members, state.groups[gi].answers, ctx.groups[gi].id)
            return awaiting_answers(ctx.parties, state.package.answers)
        return NOBODY

    # -- rules -------------------------------------------------------------------------------
    def apply(self, state: PhasedState, action: Action) -> tuple[PhasedState, tuple[Event, ...]]:
        self.admit(state, action)
        ctx, step, rnd, party = state.ctx, state.step, state.round, action.party
        if step is Step.OPEN:
            o = check_outcome(ctx.space.size, party, action.outcome, ctx.space)
            ev = Event(EventKind.OPENING, rnd, party, o, payload(day=state.day))
            opened = (*state.opened, party)
            stated = (*((p, x) for p, x in state.stated if p != party), (party, o))
            nxt = Step.REPORT if len(opened) == len(ctx.parties) else Step.OPEN
            return state._replace(log=state.log.append(ev), opened=opened, stated=stated, step=nxt), (ev,)
        if step is Step.REPORT:
            ev, rep = report_event(action, ctx.space.radices, rnd, ctx.mediator)
            reports = (*((p, r) for p, r in state.reports if p != party), (party, rep))
            reported = (*state.reported, party)
            nxt = Step.FRAME if len(reported) == len(ctx.parties) else Step.REPORT
            new = state._replace(log=state.log.append(ev), reports=reports, reported=reported, step=nxt)
            return new, (ev,)
        if step is Step.FRAME:
            ev = text_event(action, ctx.space.size, rnd, "", CONSULTATION, None, ctx.space)
            return self._after_frame(state._replace(log=state.log.append(ev), frame=ev.outcome), [ev])
        if step is Step.PROPOSE and action.kind == ActionKind.CONCLUDE:
            standing = state.package.standing
            ev = Event(EventKind.CONCLUDE, rnd, party, standing)
            return self._finish(state._replace(log=state.log.append(ev)), [ev], standing)
        if step is Step.PROPOSE and state.phase == GROUPS:
            return self._group_text(state, action)
        if step is Step.PROPOSE:
            ev = text_event(action, ctx.space.size, rnd, "", ALIGNMENT, None, ctx.space)
            pkg = state.package._replace(text=ev.outcome, answers=())
            return state._replace(log=state.log.append(ev), package=pkg, step=Step.ANSWER), (ev,)
        if state.phase == GROUPS:
            return self._group_answer(state, action)
        return self._package_answer(state, action)

    def _after_frame(self, state: PhasedState, events: list[Event]) -> tuple[PhasedState, tuple[Event, ...]]:
        ctx = state.ctx
        rnd = state.round + 1
        phase = GROUPS if ctx.group_rounds > 0 else ALIGNMENT
        ev = self._phase_event(rnd, state.day, phase)
        events.append(ev)
        new = state._replace(log=state.log.append(ev), round=rnd, phase=phase, step=Step.PROPOSE)
        if phase == GROUPS:
            new = new._replace(pending=self._active(new))
        return new, tuple(events)

    def _group_text(self, state: PhasedState, action: Action) -> tuple[PhasedState, tuple[Event, ...]]:
        ctx = state.ctx
        gi = state.pending[0]
        group = ctx.groups[gi]
        ev = text_event(action, ctx.space.size, state.round, group.id, GROUPS, self._audience(ctx, gi), ctx.space)
        if state.frame is None:  # pragma: no cover - consultations always set a frame
            raise ProtocolError("no frame")
        o, frame = _digits(ctx.space, ev.outcome or 0), _digits(ctx.space, state.frame)
        moved = [ctx.space.names[j] for j in range(len(o)) if o[j] != frame[j] and j not in group.issues]
        if moved:
            raise ActionRejected(
                f"the text for group {group.id!r} changes {', '.join(moved)}, which the group does not "
                "negotiate (hold them at the frame)",
                party=action.party,
            )
        groups = list(state.groups)
        groups[gi] = groups[gi]._replace(text=ev.outcome, answers=())
        pending = state.pending[1:]
        new = state._replace(log=state.log.append(ev), groups=tuple(groups), pending=pending)
        if not pending:
            new = new._replace(step=Step.ANSWER, pending=self._active(state))
        return new, (ev,)

    def _group_answer(self, state: PhasedState, action: Action) -> tuple[PhasedState, tuple[Event, ...]]:
        ctx = state.ctx
        gi = state.pending[0]
        group = ctx.groups[gi]
        track = state.groups[gi]
        if track.text is None:  # pragma: no cover
            raise ProtocolError("no group text")
        to = self._audience(ctx, gi)
        ev, ans = answer_event(action, track.text, state.round, ctx.space.n_issues, group.id, to)
        events = [ev]
        log = state.log.append(ev)
        answers = (*track.answers, ans)
        groups = list(state.groups)
        pending = state.pending
        if len(answers) < len(group.members):
            groups[gi] = track._replace(answers=answers)
        else:
            standing = track.standing
            s = settled_event(answers, track.text, state.round, group.id, to)
            if s is not None:
                standing = track.text
                events.append(s)
                log = log.append(s)
            groups[gi] = Track(track.text, (), answers, standing)
            pending = pending[1:]
        new = state._replace(log=log, groups=tuple(groups), pending=pending)
        if pending:
            return new, tuple(events)
        # the group round is over
        rnd = state.round + 1
        k = rnd - state.day * ctx.rounds_per_day - 1
        new = new._replace(round=rnd)
        if k < ctx.group_rounds:
            new = new._replace(step=Step.PROPOSE, pending=self._active(new))
            return new, tuple(events)
        for g, t in zip(ctx.groups, new.groups, strict=True):
            r = Event(
                EventKind.GROUP_RESULT,
                state.round,
                "",
                t.standing,
                payload(group=g.id, agreed=t.standing is not None, text=t.text),
            )
            events.append(r)
            log = log.append(r)
        ph = self._phase_event(rnd, state.day, ALIGNMENT)
        events.append(ph)
        log = log.append(ph)
        return new._replace(log=log, phase=ALIGNMENT, step=Step.PROPOSE, pending=()), tuple(events)

    def _package_answer(self, state: PhasedState, action: Action) -> tuple[PhasedState, tuple[Event, ...]]:
        ctx = state.ctx
        pkg = state.package
        if pkg.text is None:  # pragma: no cover
            raise ProtocolError("no package text")
        ev, ans = answer_event(action, pkg.text, state.round, ctx.space.n_issues, "", None)
        events = [ev]
        log = state.log.append(ev)
        answers = (*pkg.answers, ans)
        if len(answers) < len(ctx.parties):
            return state._replace(log=log, package=pkg._replace(answers=answers)), (ev,)
        standing = pkg.standing
        s = settled_event(answers, pkg.text, state.round)
        if s is not None:
            standing = pkg.text
            events.append(s)
            log = log.append(s)
        new = state._replace(log=log, package=Track(pkg.text, (), answers, standing))
        if standing is not None and standing == pkg.text and ctx.stop:
            return self._finish(new, events, standing)
        rnd = state.round + 1
        if rnd < (state.day + 1) * ctx.rounds_per_day:
            return new._replace(round=rnd, step=Step.PROPOSE), tuple(events)
        if state.day + 1 >= ctx.days:
            return self._finish(new, events, standing)
        d = self._day_end(new)
        ph = self._phase_event(rnd, state.day + 1, CONSULTATION)
        events += [d, ph]
        new = new._replace(
            log=new.log.append(d).append(ph),
            round=rnd,
            day=state.day + 1,
            phase=CONSULTATION,
            step=Step.OPEN,
            opened=(),
            reported=(),
        )
        return new, tuple(events)

    def _finish(
        self, state: PhasedState, events: list[Event], agreement: int | None
    ) -> tuple[PhasedState, tuple[Event, ...]]:
        d = self._day_end(state)
        events.append(d)
        log = state.log.append(d)
        if agreement is None:
            end = Event(EventKind.TIMEOUT, state.round)
        else:
            end = Event(EventKind.AGREEMENT, state.round, "", agreement)
        events.append(end)
        return state._replace(log=log.append(end), step=Step.OVER, agreement=agreement), tuple(events)

    def on_missed(self, state: PhasedState, seat: str, expected: Expected) -> tuple[PhasedState, tuple[Event, ...]]:
        """A missed answer is a veto; a missed opening or report states nothing; a missed text
        re-tables the standing one (see the module's notes)."""
        ctx, step = state.ctx, state.step
        ev = Event(EventKind.MISSED, state.round, seat)
        marked = state._replace(log=state.log.append(ev))
        if step is Step.OPEN:
            opened = (*state.opened, seat)
            nxt = Step.REPORT if len(opened) == len(ctx.parties) else Step.OPEN
            return marked._replace(opened=opened, step=nxt), (ev,)
        if step is Step.REPORT:
            reported = (*state.reported, seat)
            nxt = Step.FRAME if len(reported) == len(ctx.parties) else Step.REPORT
            return marked._replace(reported=reported, step=nxt), (ev,)
        if step is Step.ANSWER:
            action = Action.veto(seat, group=expected.group)
        else:
            if step is Step.FRAME:
                text = state.frame
            elif state.phase == GROUPS:
                gi = state.pending[0]
                track = state.groups[gi]
                last = next((t for t in (track.standing, track.text) if t is not None), state.frame)
                text = self._on_frame(state, gi, last)
            else:
                pkg = state.package
                text = next((t for t in (pkg.standing, pkg.text) if t is not None), self.assembled(state))
            if text is None:
                b = Event(EventKind.BROKEN, state.round)
                return marked._replace(log=marked.log.append(b), step=Step.OVER), (ev, b)
            action = Action.propose(seat, text, group=expected.group, note=RETABLED)
        new, produced = self.apply(marked, action)
        return new, (ev, *produced)

    def _on_frame(self, state: PhasedState, gi: int, text: int | None) -> int | None:
        """``text`` on group ``gi``'s issues, today's frame on the others."""
        ctx = state.ctx
        if text is None or state.frame is None:
            return state.frame
        digits, got = list(_digits(ctx.space, state.frame)), _digits(ctx.space, text)
        for j in ctx.groups[gi].issues:
            digits[j] = got[j]
        return ctx.space.index(digits)

    # -- the measures ------------------------------------------------------------------------
    def assembled(self, state: PhasedState) -> int | None:
        """The frame with each working group's standing result on the group's issues."""
        ctx = state.ctx
        if state.frame is None:
            return None
        digits = list(_digits(ctx.space, state.frame))
        for g, t in zip(ctx.groups, state.groups, strict=True):
            if t.standing is not None:
                got = _digits(ctx.space, t.standing)
                for j in g.issues:
                    digits[j] = got[j]
        return ctx.space.index(digits)

    def _day_end(self, state: PhasedState) -> Event:
        ctx = state.ctx
        pkg = state.package
        text = pkg.text if pkg.text is not None else self.assembled(state)
        settled: set[int] = set()
        if text is not None:
            if pkg.standing is not None and pkg.standing == text:
                settled = set(range(ctx.space.n_issues))
            else:
                digits = _digits(ctx.space, text)
                for g, t in zip(ctx.groups, state.groups, strict=True):
                    if t.standing is not None:
                        got = _digits(ctx.space, t.standing)
                        settled |= {j for j in g.issues if got[j] == digits[j]}
        answers = pkg.answers or pkg.last_answers
        accepted = [any(a.party == p and a.kind == ActionKind.ACCEPT for a in answers) for p in ctx.parties]
        if pkg.text is None or text != pkg.text:
            accepted = [False] * len(ctx.parties)
        stated = dict(state.stated)
        p = measure(
            day=state.day,
            space=ctx.space,
            parties=ctx.parties,
            prefs=ctx.prefs,
            text=text,
            settled=tuple(ctx.space.names[j] for j in sorted(settled)),
            accepted=accepted,
            stated=[stated.get(q) for q in ctx.parties],
            agreed_groups=tuple(g.id for g, t in zip(ctx.groups, state.groups, strict=True) if t.standing is not None),
            closest=ctx.closest,
        )
        return Event(EventKind.DAY_END, state.round, "", text, p.info(), ())

    # -- views -------------------------------------------------------------------------------
    def view(self, state: PhasedState, seat: str) -> View:
        ctx = state.ctx
        s, rnd, _ = seat_clock(ctx.seats, seat, state.round, ctx.n_rounds)
        # Relative time runs over the rounds the parties expect the talks to need: with a
        # horizon beyond the calendar, the talks end before they have conceded all they would.
        time = (rnd + 1) / (ctx.horizon_rounds + 1)
        exp = self.expected(state)
        acting = seat in exp.parties
        is_mediator = seat == ctx.mediator
        situation = ""
        if acting:
            situation = _SITUATION[state.step]
        all_issues = tuple(range(ctx.space.n_issues))
        track, group, issues, frame = state.package, "", all_issues, None
        if state.phase == GROUPS and state.pending and state.step in (Step.PROPOSE, Step.ANSWER):
            gi = state.pending[0]
            if is_mediator or seat in ctx.groups[gi].members:
                track, group, issues, frame = state.groups[gi], ctx.groups[gi].id, ctx.groups[gi].issues, state.frame
        return View(
            s,
            state.log,
            rnd,
            time,
            situation,
            exp.kinds if acting else frozenset(),
            standing=track.standing,
            day=state.day,
            mediated=Mediated(
                text=track.text,
                group=group,
                frame=frame,
                issues=issues,
                answers=track.answers if state.step is Step.ANSWER else track.last_answers,
                reports=state.reports if is_mediator else (),
                phase=state.phase,
                assembled=self.assembled(state) if is_mediator and state.phase != GROUPS else None,
            ),
        )

    def is_over(self, state: PhasedState) -> bool:
        return state.step is Step.OVER

    def seats(self, state: PhasedState) -> tuple[str, ...]:
        return (*state.ctx.parties, state.ctx.mediator)


register_protocol(Phased())
