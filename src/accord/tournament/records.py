"""The result of one tournament negotiation: a :class:`Record`, one row of the results.

Per-seat fields are tuples in seat order (the scenario's negotiating parties, in order):
``strategies`` (the labels), ``parties`` (the role each strategy played), ``utilities``
(what each party got, after its cost of delay), ``reservations`` (its reservation value)
and ``advantages`` (utility minus reservation). ``end`` says how the negotiation ended:
``agreement``, ``deadline`` (the deadline in rounds passed without agreement; stores written
before this name say ``timeout``, read as ``deadline``), ``broken`` (a party walked away) or
``error`` (a strategy raised, broke a rule or exceeded its thinking-time limit: ``failed`` is its seat,
``error`` the message). The failing strategy loses: it gets utility 0, everyone else
its reservation value. With traces on, ``trace`` holds the negotiation's event log (JSON
lines, as ``accord run --log`` writes it), which ``accord replay`` rebuilds and checks.
"""

from __future__ import annotations

from typing import NamedTuple

from accord.engine.events import EventKind

__all__ = ["AGREEMENT", "BROKEN", "ENDS", "ERROR", "LEGACY_ENDS", "TIMEOUT", "Record"]

AGREEMENT = str(EventKind.AGREEMENT)  # a run ends as its last event says ...
# ... except at the deadline: the event is a 'timeout', the result is named as GENIUS and NegMAS
# users read it (a time limit is something else: a strategy that exceeds one ends in ERROR)
TIMEOUT = "deadline"
LEGACY_ENDS = {str(EventKind.TIMEOUT): TIMEOUT}  # names of ends in older result files
BROKEN = str(EventKind.BROKEN)
ERROR = "error"
ENDS = (AGREEMENT, TIMEOUT, BROKEN, ERROR)


class Record(NamedTuple):
    """One negotiation of a tournament, as stored."""

    number: int  # position in the plan
    key: str
    scenario: str
    repetition: int
    seed: int
    strategies: tuple[str, ...]
    parties: tuple[str, ...]
    end: str
    agreement: int | None  # the agreed outcome's index
    outcome: str | None  # the agreed outcome, readable: "issue=option; ..."
    rounds: int
    utilities: tuple[float, ...]
    reservations: tuple[float, ...]
    advantages: tuple[float, ...]
    welfare: float  # sum of utilities
    nash_product: float  # product of the gains over reservation (0 if any gain is <= 0)
    pareto_distance: float | None  # from the utilities to the nearest Pareto-optimal point
    nash_distance: float | None  # from the utilities to the Nash bargaining solution
    failed: int | None  # the seat whose strategy failed
    error: str
    wall_s: float  # seconds the negotiation took (not part of the result proper)
    trace: str = ""  # the event log as JSON lines, when traces are kept (stored apart from the row)

    def result(self) -> tuple[object, ...]:
        """Everything but the timing and the trace: equal for equal configuration and seed on any back-end."""
        return tuple(self[:-2])
