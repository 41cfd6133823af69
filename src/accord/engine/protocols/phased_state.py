"""The state of the phased mediated talks (see :mod:`accord.engine.protocols.phased`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from accord.engine.events import ActionKind, Log, PriorityReport
from accord.engine.protocols.base import ProtocolConfig, check_positive
from accord.engine.view import Answer, GroupInfo, Seat
from accord.errors import ProtocolError
from accord.model.preferences import Preferences
from accord.model.scenario import MAX_ROUNDS
from accord.model.space import OutcomeSpace

__all__ = [
    "ALIGNMENT",
    "CONSULTATION",
    "GROUPS",
    "OPEN_KINDS",
    "PHASE_TITLES",
    "PROPOSE_KINDS",
    "PROPOSE_OR_CONCLUDE",
    "REPORT_KINDS",
    "Phase",
    "PhasedConfig",
    "PhasedContext",
    "PhasedState",
    "Step",
    "Track",
]


class Phase(StrEnum):
    """The phases of a day of phased talks (``Event.phase``, ``View.phase``)."""

    CONSULTATION = "consultation"
    GROUPS = "groups"
    ALIGNMENT = "alignment"


CONSULTATION, GROUPS, ALIGNMENT = Phase.CONSULTATION, Phase.GROUPS, Phase.ALIGNMENT

PHASE_TITLES: dict[str, str] = {
    Phase.CONSULTATION: "Consultations in plenary",
    Phase.GROUPS: "Working groups",
    Phase.ALIGNMENT: "Alignment of one package text",
}
"""The heading the story gives each phase."""


class Step(StrEnum):
    """Who acts next within a phase."""

    OPEN = "open"  # parties state opening positions
    REPORT = "report"  # parties give the mediator their priorities
    FRAME = "frame"  # the mediator tables the working draft
    PROPOSE = "propose"  # the mediator tables a text (per group, or the package)
    ANSWER = "answer"  # parties answer the text(s)
    OVER = "over"


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
        if self.days is not None and self.rounds_per_day is not None and self.days * self.rounds_per_day > MAX_ROUNDS:
            raise ProtocolError(f"days x rounds_per_day must be at most {MAX_ROUNDS:,} rounds")
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
    horizon_rounds: int  # the rounds the parties pace their concessions over (>= n_rounds)


class Track(NamedTuple):
    """A line of texts: one working group's, or the package's."""

    text: int | None = None
    answers: tuple[Answer, ...] = ()
    last_answers: tuple[Answer, ...] = ()
    standing: int | None = None


class PhasedState(NamedTuple):
    """Built by keyword: ``PhasedState(ctx=..., log=..., groups=...)``, the rest from its defaults."""

    ctx: PhasedContext
    log: Log
    groups: tuple[Track, ...]
    round: int = 0
    day: int = 0
    phase: Phase = Phase.CONSULTATION
    step: Step = Step.OPEN
    opened: tuple[str, ...] = ()  # today
    stated: tuple[tuple[str, int], ...] = ()  # latest opening position per party
    reports: tuple[tuple[str, PriorityReport], ...] = ()  # latest per party
    reported: tuple[str, ...] = ()  # today
    frame: int | None = None
    package: Track = Track()
    pending: tuple[int, ...] = ()  # groups still to get a text (propose) or answers (answer)
    agreement: int | None = None
