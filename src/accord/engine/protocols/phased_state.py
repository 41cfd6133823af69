"""The state of the phased mediated talks (see :mod:`accord.engine.protocols.phased`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from accord.engine.events import ActionKind, Log, PriorityReport
from accord.engine.protocols.base import ProtocolConfig, check_positive
from accord.engine.view import Answer, GroupInfo, Seat
from accord.errors import ProtocolError
from accord.model.preferences import Preferences
from accord.model.space import OutcomeSpace

__all__ = [
    "ALIGNMENT",
    "CONSULTATION",
    "GROUPS",
    "OPEN_KINDS",
    "PROPOSE_KINDS",
    "PROPOSE_OR_CONCLUDE",
    "REPORT_KINDS",
    "PhasedConfig",
    "PhasedContext",
    "PhasedState",
    "Track",
]

CONSULTATION, GROUPS, ALIGNMENT = "consultation", "groups", "alignment"
OPEN_KINDS = frozenset({str(ActionKind.OPEN)})
REPORT_KINDS = frozenset({str(ActionKind.REPORT)})
PROPOSE_KINDS = frozenset({str(ActionKind.PROPOSE)})
PROPOSE_OR_CONCLUDE = frozenset({str(ActionKind.PROPOSE), str(ActionKind.CONCLUDE)})


@dataclass(frozen=True)
class PhasedConfig(ProtocolConfig):
    """``days`` / ``rounds_per_day`` override the scenario calendar; ``group_rounds`` is the
    number of group-work rounds a day (default: half of those after the consultation);
    ``parallel_groups``: groups work side by side; ``stop_on_unanimity``: the first package
    all parties accept ends the talks; ``mediator``: the mediator's seat id."""

    days: int | None = None
    rounds_per_day: int | None = None
    group_rounds: int | None = None
    parallel_groups: bool = True
    stop_on_unanimity: bool = True
    mediator: str | None = None

    def __post_init__(self) -> None:
        check_positive("days", self.days)
        check_positive("rounds_per_day", self.rounds_per_day)
        if self.group_rounds is not None and (
            isinstance(self.group_rounds, bool) or not isinstance(self.group_rounds, int) or self.group_rounds < 0
        ):
            raise ProtocolError(f"group_rounds must be an integer >= 0 (found {self.group_rounds!r})")


class PhasedContext(NamedTuple):
    parties: tuple[str, ...]
    seats: dict[str, Seat]
    mediator: str
    days: int
    rounds_per_day: int
    group_rounds: int
    n_rounds: int
    space: OutcomeSpace
    groups: tuple[GroupInfo, ...]
    parallel: bool
    stop: bool
    prefs: tuple[Preferences, ...]  # for the progress measure only; never put in a view
    closest: float | None


class Track(NamedTuple):
    """A line of texts: one working group's, or the package's."""

    text: int | None = None
    answers: tuple[Answer, ...] = ()
    last_answers: tuple[Answer, ...] = ()
    standing: int | None = None


class PhasedState(NamedTuple):
    ctx: PhasedContext
    log: Log
    round: int
    day: int
    phase: str
    step: str  # open | report | frame | propose | answer | over
    opened: tuple[str, ...]  # today
    stated: tuple[tuple[str, int], ...]  # latest opening position per party
    reports: tuple[tuple[str, PriorityReport], ...]  # latest per party
    reported: tuple[str, ...]  # today
    frame: int | None
    groups: tuple[Track, ...]
    package: Track
    pending: tuple[int, ...]  # groups still to get a text (propose) or answers (answer)
    agreement: int | None
