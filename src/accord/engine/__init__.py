"""The negotiation engine: protocols as pure state machines, strategies, and the drivers.

- :mod:`~accord.engine.protocols` — ``saop`` (alternating offers), ``single-text``
  (mediated single negotiating text), ``phased`` (consultations, working groups, alignment,
  over a calendar); each ``start`` / ``expected`` / ``apply`` / ``view``, no clock, no I/O.
- :mod:`~accord.engine.strategies` — the registered agents (``create("boulware")``).
- :func:`simulate` — plays a protocol with strategies in every seat; the returned
  :class:`Run` holds the event record, and :meth:`Run.metrics` the per-run metrics.
- :func:`replay` — rebuilds a run's state from its events (checked event by event).
- :func:`render_transcript` — the Rich transcript of a run (imported on first use: the
  engine itself does not load Rich).
"""

from typing import TYPE_CHECKING, Any

from accord.engine.events import (
    Action,
    ActionKind,
    Event,
    EventKind,
    Log,
    PriorityReport,
    read_events,
    write_events,
)
from accord.engine.metrics import PartyResult, RunMetrics, run_metrics
from accord.engine.progress import Progress
from accord.engine.protocols import Expected, Protocol, ProtocolConfig, get_protocol, protocol_names, replay
from accord.engine.runner import Run, simulate
from accord.engine.strategies import Strategy, StrategyInfo, create
from accord.engine.view import Answer, Situation, View

__all__ = [
    "Action",
    "ActionKind",
    "Answer",
    "Event",
    "EventKind",
    "Expected",
    "Log",
    "PartyResult",
    "PriorityReport",
    "Progress",
    "Protocol",
    "ProtocolConfig",
    "Run",
    "RunMetrics",
    "Situation",
    "Strategy",
    "StrategyInfo",
    "View",
    "create",
    "get_protocol",
    "protocol_names",
    "read_events",
    "render_transcript",
    "replay",
    "run_metrics",
    "simulate",
    "write_events",
]

if TYPE_CHECKING:
    from accord.engine.transcript import render_transcript


def __getattr__(name: str) -> Any:
    if name == "render_transcript":
        from accord.engine.transcript import render_transcript

        return render_transcript
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
