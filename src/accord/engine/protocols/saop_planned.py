"""Bilateral alternating offers played from the parties' time plans, many rounds at once.

Between the first offer and the end, each move of a time-driven party is either "accept the
standing offer" or "offer what my plan says for this time", and the standing offer is the
other party's last offer. So the offers of both parties for a block of rounds, and each
one's verdict on the offer before it, are computed as arrays (:class:`~accord.engine.plan.TimePlan`);
the first acceptance, or the deadline, ends the negotiation. Every offer before that move is
recorded in bulk, exactly as :meth:`SAOP.apply <accord.engine.protocols.saop.SAOP.apply>`
records it; the deciding move itself goes through ``apply``, so the agreement or the
timeout is recorded by the one rule that records it round by round.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from typing import TYPE_CHECKING

import numpy as np

from accord.arrays import IntArray
from accord.engine.events import Action, ActionKind, Event, EventKind
from accord.engine.plan import TimePlan

if TYPE_CHECKING:
    from accord.engine.protocols.saop import SAOP, SaopState

__all__ = ["FIRST_BLOCK", "LAST_BLOCK", "play_bilateral"]

FIRST_BLOCK = 256
"""Rounds planned in the first block; each next block doubles, up to ``LAST_BLOCK``."""
LAST_BLOCK = 8192

_new = tuple.__new__
_E_OFFER = EventKind.OFFER


def play_bilateral(proto: SAOP, state: SaopState, plans: Sequence[TimePlan]) -> SaopState:
    """Play ``state`` (a party to respond to the other's standing offer) to the end."""
    ctx = state.ctx
    n = ctx.n_rounds
    r0, t0 = state.round, state.turn
    standing = state.offer
    if standing is None or len(plans) != 2 or state.offerer == t0:
        raise ValueError("planned play starts with a party to respond to the other's offer")
    blocks: list[IntArray] = []
    done = 0  # moves planned in the blocks so far
    ra, size = r0, FIRST_BLOCK
    accept_at: int | None = None
    while ra < n:
        rb = min(n, ra + size)
        times = np.arange(ra + 1, rb + 1, dtype=np.int64) / (n + 1)
        moves = np.empty(2 * (rb - ra), np.int64)
        moves[0::2] = plans[0].offers(times)
        moves[1::2] = plans[1].offers(times)
        first = 0  # the party of moves[0]
        if ra == r0 and t0 == 1:
            moves, first = moves[1:], 1
        before = np.empty_like(moves)  # the standing offer each move answers
        before[0] = standing
        before[1:] = moves[:-1]
        verdict = np.empty(moves.shape[0], np.bool_)
        mine, theirs = (slice(0, None, 2), slice(1, None, 2)) if first == 0 else (slice(1, None, 2), slice(0, None, 2))
        verdict[mine] = plans[0].accepts(before[mine], moves[mine])
        verdict[theirs] = plans[1].accepts(before[theirs], moves[theirs])
        blocks.append(moves)
        hits = np.flatnonzero(verdict)
        if hits.size:
            accept_at = done + int(hits[0])
            break
        done += moves.shape[0]
        standing = int(moves[-1])
        ra, size = rb, min(2 * size, LAST_BLOCK)
    planned = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    decisive = accept_at if accept_at is not None else planned.shape[0] - 1
    if decisive > 0:
        state = _offers(state, planned[:decisive])
    who = ctx.parties[(t0 + decisive) % 2]
    if accept_at is not None:
        action = _new(Action, (who, ActionKind.ACCEPT, None, (), "", None, ""))
    else:
        action = _new(Action, (who, ActionKind.OFFER, int(planned[decisive]), (), "", None, ""))
    state, _ = proto.apply(state, action)
    return state


@contextmanager
def _uncollected() -> Iterator[None]:
    """No automatic garbage collection while a block of events is built.

    Events hold strings and numbers only, so they form no cycles; but each is a tracked
    object, and a collection every 700 of them traverses the young ones again and again
    and promotes them toward full collections (a third of a 10,000-round negotiation's
    time). Built in one go, they are traversed once, by the next collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _offers(state: SaopState, outcomes: IntArray) -> SaopState:
    """``state`` after the parties, from the one to act, offer ``outcomes`` in turn (none at the deadline)."""
    ctx = state.ctx
    k = outcomes.shape[0]
    r0, t0 = state.round, state.turn
    a, b = ctx.parties
    order = (a, b) if t0 == 0 else (b, a)
    each = range(r0, r0 + (t0 + k + 1) // 2)
    rounds = chain.from_iterable(zip(each, each, strict=True))  # both parties' moves of each round
    if t0 == 1:
        next(rounds)  # the first party has moved in round r0
    parties = list(order) * ((k + 1) // 2)
    offered = outcomes.tolist()
    with _uncollected():
        events = list(
            map(_new, repeat(Event), zip(repeat(_E_OFFER), rounds, parties, offered, repeat(()), repeat(None)))
        )
    last = t0 + k - 1  # position of the last offer
    turn, rnd = (last + 1) % 2, r0 + (last + 1) // 2
    log = state.log.extend(events)
    return state._replace(log=log, round=rnd, turn=turn, offer=offered[-1], offerer=last % 2, accepts=1)
