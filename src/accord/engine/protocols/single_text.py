"""Mediated single negotiating text (Fisher's one-text procedure; Klein et al. 2003).

If ``elicit`` is on, each party first gives the mediator its priorities in confidence (as
Fisher's mediator first listens to each side's interests). Then, every round, the mediator
drafts a full package; each party accepts it, vetoes it, or critiques it (names the issues
it wants changed); the mediator revises. A text every party accepts becomes the *standing
text*. With ``stop_on_unanimity`` (Fisher) the first such text is the agreement; without it
(Klein's mediated hill-climbing) the mediator keeps improving on it until it concludes or
the deadline, and the last unanimously accepted text is the agreement.

A missed move (:meth:`SingleText.on_missed`): a party that does not answer in time vetoes
the text (no answer is no consent); a party that does not report gives the mediator no
priorities; a mediator that does not draft in time re-tables the standing text (else the
text last on the table), and before any text was tabled the talks break off.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from accord.engine.events import Action, ActionKind, Event, EventKind, Log, PriorityReport
from accord.engine.protocols.base import (
    NOBODY,
    Capabilities,
    Expected,
    Layout,
    Protocol,
    ProtocolConfig,
    check_positive,
    make_seats,
    mediator_seat,
    register_protocol,
    started_event,
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
from accord.engine.view import Answer, Mediated, Seat, Situation, View
from accord.errors import ProtocolError
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = ["SingleText", "SingleTextConfig", "SingleTextState", "Stage"]

_PROPOSE = frozenset({str(ActionKind.PROPOSE)})
_PROPOSE_OR_CONCLUDE = frozenset({str(ActionKind.PROPOSE), str(ActionKind.CONCLUDE)})
_REPORT = frozenset({str(ActionKind.REPORT)})


class Stage(StrEnum):
    """Who acts next: the parties report, the mediator proposes, the parties answer."""

    REPORT = "report"
    PROPOSE = "propose"
    ANSWER = "answer"
    OVER = "over"


_SITUATION = {Stage.REPORT: Situation.REPORT, Stage.PROPOSE: Situation.PROPOSE, Stage.ANSWER: Situation.ANSWER}


@dataclass(frozen=True)
class SingleTextConfig(ProtocolConfig):
    """``n_rounds``: texts before the deadline (default: the calendar's total rounds);
    ``elicit``: confidential priorities first; ``stop_on_unanimity``: the first unanimously
    accepted text ends the talks; ``mediator``: the mediator's seat id (default: the
    scenario's mediator, else ``mediator``)."""

    n_rounds: int | None = None
    elicit: bool = True
    stop_on_unanimity: bool = True
    mediator: str | None = None

    def __post_init__(self) -> None:
        check_positive("n_rounds", self.n_rounds)


class StContext(NamedTuple):
    parties: tuple[str, ...]
    seats: dict[str, Seat]
    mediator: str
    n_rounds: int
    size: int
    radices: tuple[int, ...]
    rounds_per_day: int
    stop: bool
    space: OutcomeSpace | None = None  # set when some option combinations cannot go together


class SingleTextState(NamedTuple):
    """Built by keyword: ``SingleTextState(ctx=..., log=..., stage=...)``, the rest from its defaults."""

    ctx: StContext
    log: Log
    stage: Stage
    round: int = 0
    reports: tuple[tuple[str, PriorityReport], ...] = ()
    text: int | None = None
    answers: tuple[Answer, ...] = ()  # answers to the text on the table so far
    last_answers: tuple[Answer, ...] = ()  # answers to the previous text
    standing: int | None = None
    agreement: int | None = None
    silent: tuple[str, ...] = ()  # parties that missed their report


class SingleText(Protocol[SingleTextState]):
    name = "single-text"
    description = "mediated single negotiating text: the mediator drafts, parties accept, veto or critique"
    config_type = SingleTextConfig
    capabilities = Capabilities(
        action_kinds=frozenset(_REPORT | _PROPOSE_OR_CONCLUDE | ANSWER_KINDS), layout=Layout.TEXTS, mediated=True
    )

    def start(self, scenario: Scenario, config: ProtocolConfig | None = None, seed: int = 0) -> SingleTextState:
        cfg = self.config_of(config)
        if not isinstance(cfg, SingleTextConfig):  # pragma: no cover
            raise ProtocolError("single-text needs a SingleTextConfig")
        mediator = mediator_seat(scenario, cfg.mediator)
        n_rounds = cfg.n_rounds or scenario.calendar.total_rounds
        rpd = scenario.calendar.rounds_per_day
        seats = make_seats(scenario, self.name, n_rounds, rpd, mediator=mediator)
        parties = tuple(p.id for p in scenario.negotiators)
        ctx = StContext(
            parties=parties,
            seats=seats,
            mediator=mediator,
            n_rounds=n_rounds,
            size=scenario.space.size,
            radices=scenario.space.radices,
            rounds_per_day=rpd,
            stop=cfg.stop_on_unanimity,
            space=scenario.space if scenario.space.exclusions else None,
        )
        log = Log([started_event(self.name, scenario, cfg, seed, (*parties, mediator))])
        return SingleTextState(ctx=ctx, log=log, stage=Stage.REPORT if cfg.elicit else Stage.PROPOSE)

    def expected(self, state: SingleTextState) -> Expected:
        ctx = state.ctx
        if state.stage is Stage.REPORT:
            done = {p for p, _ in state.reports} | set(state.silent)
            return Expected(tuple(p for p in ctx.parties if p not in done), _REPORT)
        if state.stage is Stage.PROPOSE:
            kinds = _PROPOSE_OR_CONCLUDE if state.standing is not None and not ctx.stop else _PROPOSE
            return Expected((ctx.mediator,), kinds)
        if state.stage is Stage.ANSWER:
            return awaiting_answers(ctx.parties, state.answers)
        return NOBODY

    def apply(self, state: SingleTextState, action: Action) -> tuple[SingleTextState, tuple[Event, ...]]:
        self.admit(state, action)
        ctx = state.ctx
        party = action.party
        rnd = state.round
        if state.stage is Stage.REPORT:
            ev, rep = report_event(action, ctx.radices, rnd, ctx.mediator)
            reports = (*state.reports, (party, rep))
            stage = Stage.PROPOSE if len(reports) + len(state.silent) == len(ctx.parties) else Stage.REPORT
            new = state._replace(log=state.log.append(ev), stage=stage, reports=reports)
            return new, (ev,)
        if state.stage is Stage.PROPOSE:
            if action.kind == ActionKind.CONCLUDE:
                standing = state.standing
                ev = Event(EventKind.CONCLUDE, rnd, party, standing)
                a = Event(EventKind.AGREEMENT, rnd, "", standing)
                log = state.log.append(ev).append(a)
                return state._replace(log=log, stage=Stage.OVER, agreement=standing), (ev, a)
            ev = text_event(action, ctx.size, rnd, "", "", None, ctx.space)
            new = state._replace(log=state.log.append(ev), stage=Stage.ANSWER, text=ev.outcome, answers=())
            return new, (ev,)
        # answer stage
        text = state.text
        if text is None:  # pragma: no cover - the answer stage always has a text
            raise ProtocolError("no text on the table")
        ev, ans = answer_event(action, text, rnd, len(ctx.radices), "", None)
        answers = (*state.answers, ans)
        events: list[Event] = [ev]
        log = state.log.append(ev)
        if len(answers) < len(ctx.parties):
            return state._replace(log=log, answers=answers), (ev,)
        standing = state.standing
        s = settled_event(answers, text, rnd)
        if s is not None:
            standing = text
            events.append(s)
            log = log.append(s)
            if ctx.stop:
                a = Event(EventKind.AGREEMENT, rnd, "", text)
                events.append(a)
                log = log.append(a)
                new = state._replace(
                    log=log, stage=Stage.OVER, answers=(), last_answers=answers, standing=text, agreement=text
                )
                return new, tuple(events)
        nxt = rnd + 1
        if nxt >= ctx.n_rounds:
            t = Event(EventKind.TIMEOUT, rnd)
            events.append(t)
            log = log.append(t)
            if standing is not None:
                a = Event(EventKind.AGREEMENT, rnd, "", standing)
                events.append(a)
                log = log.append(a)
            new = state._replace(
                log=log,
                round=nxt,
                stage=Stage.OVER,
                answers=(),
                last_answers=answers,
                standing=standing,
                agreement=standing,
            )
            return new, tuple(events)
        new = state._replace(
            log=log, round=nxt, stage=Stage.PROPOSE, answers=(), last_answers=answers, standing=standing
        )
        return new, tuple(events)

    def on_missed(
        self, state: SingleTextState, seat: str, expected: Expected
    ) -> tuple[SingleTextState, tuple[Event, ...]]:
        """A missed answer is a veto, a missed report gives no priorities, a missed draft
        re-tables the standing text (else the last text; with none yet the talks break off)."""
        ev = Event(EventKind.MISSED, state.round, seat)
        marked = state._replace(log=state.log.append(ev))
        if state.stage is Stage.REPORT:
            silent = (*state.silent, seat)
            done = len(state.reports) + len(silent) == len(state.ctx.parties)
            return marked._replace(silent=silent, stage=Stage.PROPOSE if done else Stage.REPORT), (ev,)
        if state.stage is Stage.ANSWER:
            action = Action.veto(seat)
        else:
            text = state.standing if state.standing is not None else state.text
            if text is None:
                b = Event(EventKind.BROKEN, state.round)
                return marked._replace(log=marked.log.append(b), stage=Stage.OVER), (ev, b)
            action = Action.propose(seat, text, note=RETABLED)
        new, produced = self.apply(marked, action)
        return new, (ev, *produced)

    def view(self, state: SingleTextState, seat: str) -> View:
        ctx = state.ctx
        s, rnd, time = seat_clock(ctx.seats, seat, state.round, ctx.n_rounds)
        exp = self.expected(state)
        situation = ""
        if seat in exp.parties:
            situation = _SITUATION[state.stage]
        is_mediator = seat == ctx.mediator
        return View(
            s,
            state.log,
            rnd,
            time,
            situation,
            exp.kinds if situation else frozenset(),
            standing=state.standing,
            day=rnd // ctx.rounds_per_day,
            mediated=Mediated(
                text=state.text,
                issues=tuple(range(len(ctx.radices))),
                answers=state.answers if state.stage is Stage.ANSWER else state.last_answers,
                reports=state.reports if is_mediator else (),
            ),
        )

    def is_over(self, state: SingleTextState) -> bool:
        return state.stage is Stage.OVER

    def seats(self, state: SingleTextState) -> tuple[str, ...]:
        return (*state.ctx.parties, state.ctx.mediator)


register_protocol(SingleText())
