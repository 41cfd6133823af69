"""Alternating offers: bilateral SAOP and multilateral stacked alternating offers.

The parties act in a fixed cyclic order; one pass over all of them is a round. The first
to act puts an offer on the table; each next party accepts the standing offer or counters
with its own (which becomes the standing offer), or walks away. An offer stands until
every other party has accepted it (agreement) or one counters. With two parties this is
the Stacked Alternating Offers Protocol of Aydoğan et al. (2017) / Rubinstein's
alternating offers; with more it is the stacked multilateral variant.

The deadline is ``n_rounds`` rounds. Relative time is ``t = (round + 1) / (n_rounds + 1)``
(the NegMAS convention: ``t`` is the share of the deadline reached when the round ends,
with the deadline counted one past the last round, so ``t < 1`` while anyone can act).
The cost of delay is each party's own discount at the round, day and ``t`` of agreement.

A missed move (:meth:`SAOP.on_missed`) passes the turn, as Rubinstein's rule that a party
who does not answer has not accepted: the standing offer stays and the missing party's
acceptance is not counted. When the turn comes back to the author of a standing offer that
not everyone accepted, the author offers again (or walks away); it cannot accept its own offer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from accord.engine.events import Action, ActionKind, Event, EventKind, Log
from accord.engine.plan import TimePlan
from accord.engine.protocols.base import (
    NOBODY,
    Capabilities,
    Expected,
    Layout,
    Protocol,
    ProtocolConfig,
    check_feasible,
    check_positive,
    make_seats,
    register_protocol,
    started_event,
)
from accord.engine.protocols.saop_planned import play_bilateral
from accord.engine.view import Seat, Situation, View
from accord.errors import ActionRejected, ProtocolError
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = ["SAOP", "SaopConfig", "SaopState"]

_OFFER = ActionKind.OFFER
_ACCEPT = ActionKind.ACCEPT
_END = ActionKind.END
_E_OFFER = EventKind.OFFER
_E_ACCEPT = EventKind.ACCEPT
_new = tuple.__new__
_OPEN_KINDS = frozenset({str(_OFFER), str(_END)})
_RESPOND_KINDS = frozenset({str(_OFFER), str(_ACCEPT), str(_END)})


@dataclass(frozen=True)
class SaopConfig(ProtocolConfig):
    """``n_rounds``: the deadline (default: the scenario calendar's total rounds);
    ``first``: the party that opens (default: the first negotiator);
    ``allow_end``: whether a party may walk away before the deadline."""

    n_rounds: int | None = None
    first: str | None = None
    allow_end: bool = True

    def __post_init__(self) -> None:
        check_positive("n_rounds", self.n_rounds)


class SaopContext(NamedTuple):
    """What stays fixed during one negotiation."""

    parties: tuple[str, ...]
    position: dict[str, int]
    seats: dict[str, Seat]
    n_rounds: int
    size: int
    rounds_per_day: int
    allow_end: bool
    open_kinds: frozenset[str]
    respond_kinds: frozenset[str]
    linked: OutcomeSpace | None = None  # set when some option combinations cannot go together


class SaopState(NamedTuple):
    ctx: SaopContext
    log: Log
    round: int
    turn: int  # index (in ctx.parties) of the party to act
    offer: int | None  # the standing offer
    offerer: int  # index of its author (-1: none)
    accepts: int  # parties that accept the standing offer, its author included
    over: bool
    agreement: int | None


class SAOP(Protocol[SaopState]):
    name = "saop"
    description = "alternating offers (bilateral SAOP; stacked alternating offers for 3+ parties)"
    config_type = SaopConfig
    capabilities = Capabilities(action_kinds=_RESPOND_KINDS, layout=Layout.OFFERS)

    def start(self, scenario: Scenario, config: ProtocolConfig | None = None, seed: int = 0) -> SaopState:
        cfg = self.config_of(config)
        if not isinstance(cfg, SaopConfig):  # pragma: no cover - config_of guarantees it
            raise ProtocolError("SAOP needs a SaopConfig")
        parties = tuple(p.id for p in scenario.negotiators)
        if cfg.first is not None:
            if cfg.first not in parties:
                raise ProtocolError(f"first={cfg.first!r} is not a negotiating party ({', '.join(parties)})")
            k = parties.index(cfg.first)
            parties = parties[k:] + parties[:k]
        n_rounds = cfg.n_rounds or scenario.calendar.total_rounds
        rpd = scenario.calendar.rounds_per_day
        seats = make_seats(scenario, self.name, n_rounds, rpd, mediator=None)
        seats = {p: seats[p] for p in parties}
        ctx = SaopContext(
            parties,
            {p: i for i, p in enumerate(parties)},
            seats,
            n_rounds,
            scenario.space.size,
            rpd,
            cfg.allow_end,
            _OPEN_KINDS if cfg.allow_end else _OPEN_KINDS - {str(_END)},
            _RESPOND_KINDS if cfg.allow_end else _RESPOND_KINDS - {str(_END)},
            scenario.space if scenario.space.exclusions else None,
        )
        log = Log([started_event(self.name, scenario, cfg, seed, parties)])
        return SaopState(ctx, log, 0, 0, None, -1, 0, False, None)

    def expected(self, state: SaopState) -> Expected:
        if state.over:
            return NOBODY
        ctx = state.ctx
        reopen = state.offer is None or state.offerer == state.turn
        return Expected((ctx.parties[state.turn],), ctx.open_kinds if reopen else ctx.respond_kinds)

    def turn(self, state: SaopState) -> str | None:
        return None if state.over else state.ctx.parties[state.turn]

    def apply(self, state: SaopState, action: Action) -> tuple[SaopState, tuple[Event, ...]]:
        ctx = state.ctx
        party = action.party
        idx = ctx.position.get(party)
        if idx is None:
            raise ActionRejected(f"is not a party to this negotiation (parties: {', '.join(ctx.parties)})", party=party)
        if state.over:
            raise ActionRejected("the negotiation is over", party=party)
        if idx != state.turn:
            raise ActionRejected(f"acted out of turn: it is {ctx.parties[state.turn]}'s turn", party=party)
        kind = action.kind
        rnd = state.round
        turn = state.turn + 1
        next_round = rnd
        if turn == len(ctx.parties):
            turn = 0
            next_round = rnd + 1
        if kind == _OFFER:
            o = action.outcome
            if o.__class__ is not int or not 0 <= o < ctx.size:
                raise ActionRejected(f"offered {o!r}, which is not an outcome index in 0..{ctx.size - 1}", party=party)
            if ctx.linked is not None:
                check_feasible(ctx.linked, party, o)
            ev = _new(Event, (_E_OFFER, rnd, party, o, (), None))
            log = state.log.append(ev)
            if next_round == ctx.n_rounds:
                t = Event(EventKind.TIMEOUT, rnd)
                return SaopState(ctx, log.append(t), next_round, turn, o, idx, 1, True, None), (ev, t)
            return _new(SaopState, (ctx, log, next_round, turn, o, idx, 1, False, None)), (ev,)
        if kind == _ACCEPT:
            o = state.offer
            if o is None:
                raise ActionRejected("there is no offer on the table to accept", party=party)
            if state.offerer == idx:
                raise ActionRejected("cannot accept its own offer: offer again or walk away", party=party)
            ev = _new(Event, (_E_ACCEPT, rnd, party, o, (), None))
            log = state.log.append(ev)
            accepts = state.accepts + 1
            if accepts == len(ctx.parties):
                a = Event(EventKind.AGREEMENT, rnd, "", o)
                return SaopState(ctx, log.append(a), rnd, turn, o, state.offerer, accepts, True, o), (ev, a)
            if next_round == ctx.n_rounds:
                t = Event(EventKind.TIMEOUT, rnd)
                return SaopState(ctx, log.append(t), next_round, turn, o, state.offerer, accepts, True, None), (
                    ev,
                    t,
                )
            return _new(SaopState, (ctx, log, next_round, turn, o, state.offerer, accepts, False, None)), (ev,)
        if kind == _END:
            if not ctx.allow_end:
                raise ActionRejected("walking away is not allowed in this negotiation", party=party)
            ev = Event(EventKind.END, rnd, party)
            b = Event(EventKind.BROKEN, rnd)
            log = state.log.append(ev).append(b)
            return SaopState(ctx, log, rnd, state.turn, state.offer, state.offerer, 0, True, None), (ev, b)
        raise ActionRejected(f"cannot '{kind}' in alternating offers (allowed: accept, offer, end)", party=party)

    def on_missed(self, state: SaopState, seat: str, expected: Expected) -> tuple[SaopState, tuple[Event, ...]]:
        """The turn passes to the next party; the standing offer stays, not accepted by ``seat``."""
        ctx = state.ctx
        rnd = state.round
        ev = Event(EventKind.MISSED, rnd, seat)
        log = state.log.append(ev)
        turn, next_round = state.turn + 1, rnd
        if turn == len(ctx.parties):
            turn, next_round = 0, rnd + 1
        if next_round == ctx.n_rounds:
            t = Event(EventKind.TIMEOUT, rnd)
            return state._replace(log=log.append(t), round=next_round, turn=turn, over=True), (ev, t)
        return state._replace(log=log, round=next_round, turn=turn), (ev,)

    def view(self, state: SaopState, seat: str) -> View:
        ctx = state.ctx
        s = ctx.seats.get(seat)
        if s is None:
            raise ProtocolError(f"no seat {seat!r} in this negotiation")
        rnd = state.round
        time = (rnd + 1) / (ctx.n_rounds + 1) if rnd < ctx.n_rounds else 1.0
        offer = state.offer
        if state.over or ctx.parties[state.turn] != seat:
            situation, kinds = "", frozenset[str]()
        elif offer is None or state.offerer == state.turn:
            situation, kinds = Situation.OFFER, ctx.open_kinds
        else:
            situation, kinds = Situation.RESPOND, ctx.respond_kinds
        return View(
            s,
            state.log,
            rnd,
            time,
            situation,
            kinds,
            offer,
            ctx.parties[state.offerer] if state.offerer >= 0 else "",
            rnd // ctx.rounds_per_day,
        )

    def play_planned(self, state: SaopState, plans: Mapping[str, TimePlan]) -> SaopState | None:
        """Bilateral talks from the first offer on (see :mod:`~accord.engine.protocols.saop_planned`)."""
        ctx = state.ctx
        if state.over or len(ctx.parties) != 2 or ctx.linked is not None:
            return None
        if state.offer is None or state.offerer == state.turn:
            return None  # a party to open (or to offer again): that move is played as usual
        a, b = ctx.parties
        if a not in plans or b not in plans:
            return None
        return play_bilateral(self, state, (plans[a], plans[b]))

    def is_over(self, state: SaopState) -> bool:
        return state.over

    def seats(self, state: SaopState) -> tuple[str, ...]:
        return state.ctx.parties


register_protocol(SAOP())
