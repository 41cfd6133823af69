"""Parties, working groups, the calendar, and the scenario that ties them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from accord.errors import ModelError, Problem, ScenarioError
from accord.model.issues import check_id
from accord.model.preferences import Preferences
from accord.model.space import OutcomeSpace
from accord.model.uncertainty import Belief, Lever, Uncertain, reference_problems

if TYPE_CHECKING:  # numpy is imported where it is used: reading and showing a scenario need none
    import numpy as np
    import numpy.typing as npt

__all__ = ["Calendar", "Party", "Role", "Scenario", "WorkingGroup"]


class Role(StrEnum):
    """What a party does at the table."""

    PARTY = "party"  # negotiates for itself; must hold preferences
    MEDIATOR = "mediator"  # runs the process; may hold preferences of its own
    OBSERVER = "observer"  # outside stakeholder, not at the table


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str = ""
    role: Role = Role.PARTY
    preferences: Preferences | None = None
    description: str = ""

    def __post_init__(self) -> None:
        check_id("party", self.id)
        object.__setattr__(self, "role", Role(self.role))
        if not self.name:
            object.__setattr__(self, "name", self.id.replace("_", " ").title())
        if self.role is Role.PARTY and self.preferences is None:
            raise ModelError(f"party {self.id!r} negotiates but has no preferences")


@dataclass(frozen=True, slots=True)
class WorkingGroup:
    """A named subset of issues negotiated together (members: empty = every negotiating party)."""

    id: str
    issues: tuple[str, ...]
    name: str = ""
    members: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        check_id("working group", self.id)
        object.__setattr__(self, "issues", tuple(self.issues))
        object.__setattr__(self, "members", tuple(self.members))
        if not self.name:
            object.__setattr__(self, "name", self.id.replace("_", " ").capitalize())
        if not self.issues:
            raise ModelError(f"working group {self.id!r} has no issues")


MAX_ROUNDS = 1_000_000
"""Most rounds a negotiation may have (calendar, protocol options, CLI): a run's record grows with them."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """How long the talks run: ``days`` days of ``rounds_per_day`` rounds each.

    ``horizon`` is the number of days the parties expect the talks to need, over which they
    pace their concessions (None: the calendar's days). Talks that are one round in a series
    have a horizon beyond their calendar: when they end, the parties have not yet conceded
    all they would.
    """

    days: int = 1
    rounds_per_day: int = 20
    start: dt.date | None = None
    day_labels: tuple[str, ...] = ()
    horizon: int | None = None

    def __post_init__(self) -> None:
        for name in ("days", "rounds_per_day", "horizon"):
            v = getattr(self, name)
            if name == "horizon" and v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ModelError(f"calendar {name} must be a positive integer (found {v!r})")
        if self.days * self.rounds_per_day > MAX_ROUNDS:
            raise ModelError(
                f"the calendar has {self.days * self.rounds_per_day:,} rounds "
                f"(days x rounds_per_day); at most {MAX_ROUNDS:,} are allowed"
            )
        labels: object = self.day_labels
        if not isinstance(labels, list | tuple) or not all(isinstance(x, str) for x in labels):
            raise ModelError(f"calendar day_labels must be a list of strings, one per day (found {labels!r})")
        object.__setattr__(self, "day_labels", tuple(labels))
        if self.day_labels and len(self.day_labels) != self.days:
            raise ModelError(f"calendar has {self.days} days but {len(self.day_labels)} day labels")

    @property
    def total_rounds(self) -> int:
        return self.days * self.rounds_per_day

    def horizon_days(self, days: int | None = None) -> int:
        """The days the parties pace their concessions over, for talks of ``days`` days
        (default: the calendar's): the longer of the talks and the declared horizon."""
        d = self.days if days is None else days
        return max(d, self.horizon or d)

    def day_of(self, round: int) -> int:
        """Zero-based day of a zero-based round."""
        return min(round // self.rounds_per_day, self.days - 1)

    def label(self, day: int) -> str:
        if self.day_labels:
            return self.day_labels[day]
        if self.start is not None:
            return f"Day {day + 1} ({(self.start + dt.timedelta(days=day)).isoformat()})"
        return f"Day {day + 1}"


@dataclass(frozen=True)
class Scenario:
    """A negotiation: what is on the table, who is at it, what each wants, and when."""

    id: str
    space: OutcomeSpace
    parties: tuple[Party, ...]
    name: str = ""
    description: str = ""
    working_groups: tuple[WorkingGroup, ...] = ()
    calendar: Calendar = field(default_factory=Calendar)
    source: str = ""
    uncertainties: tuple[Uncertain, ...] = ()
    levers: tuple[Lever, ...] = ()
    beliefs: tuple[Belief, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", tuple(self.parties))
        object.__setattr__(self, "working_groups", tuple(self.working_groups))
        object.__setattr__(self, "uncertainties", tuple(self.uncertainties))
        object.__setattr__(self, "levers", tuple(self.levers))
        object.__setattr__(self, "beliefs", tuple(self.beliefs))
        if not self.name:
            object.__setattr__(self, "name", self.id)
        problems = list(self._problems())
        if problems:
            raise ScenarioError(problems)

    def _problems(self) -> list[Problem]:
        out: list[Problem] = []
        try:
            check_id("scenario", self.id)
        except ModelError as e:
            out.append(Problem("id", str(e)))
        seen: set[str] = set()
        for p in self.parties:
            if p.id in seen:
                out.append(Problem(f"parties.{p.id}", "party defined twice"))
            seen.add(p.id)
            if p.preferences is not None and p.preferences.space != self.space:
                out.append(Problem(f"parties.{p.id}", "preferences are defined over a different set of issues"))
        mediators = [p.id for p in self.parties if p.role is Role.MEDIATOR]
        if len(mediators) > 1:
            out.append(
                Problem(
                    "parties",
                    "more than one party has the mediator's role",
                    found=", ".join(mediators),
                    expected="at most one party with role 'mediator'",
                )
            )
        n_negotiators = sum(1 for p in self.parties if p.role is Role.PARTY)
        if n_negotiators < 2:
            out.append(
                Problem(
                    "parties",
                    "a negotiation needs at least two negotiating parties",
                    found=str(n_negotiators),
                    expected="2 or more parties with role 'party'",
                )
            )
        groups: set[str] = set()
        for g in self.working_groups:
            if g.id in groups:
                out.append(Problem(f"working_groups.{g.id}", "working group defined twice"))
            groups.add(g.id)
            for name in g.issues:
                if name not in self.space.names:
                    out.append(
                        Problem(
                            f"working_groups.{g.id}.issues",
                            "names an unknown issue",
                            found=repr(name),
                            expected="one of " + ", ".join(self.space.names),
                        )
                    )
            for m in g.members:
                if m not in seen:
                    out.append(
                        Problem(
                            f"working_groups.{g.id}.members",
                            "names a party that is not defined",
                            found=repr(m),
                            expected="one of " + ", ".join(sorted(seen)),
                        )
                    )
        if self.uncertainties or self.levers or self.beliefs:
            held = {p.id: p.preferences for p in self.parties}
            out += reference_problems(held, self.uncertainties, self.levers, self.beliefs)
        return out

    # -- who is at the table ---------------------------------------------------------------
    @property
    def negotiators(self) -> tuple[Party, ...]:
        """Parties with role ``party``, in file order."""
        return tuple(p for p in self.parties if p.role is Role.PARTY)

    @property
    def mediator(self) -> Party | None:
        for p in self.parties:
            if p.role is Role.MEDIATOR:
                return p
        return None

    @property
    def observers(self) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.role is Role.OBSERVER)

    def party(self, party_id: str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise ModelError(f"no party {party_id!r}; parties are " + ", ".join(p.id for p in self.parties))

    def preferences(self, party_id: str) -> Preferences:
        prefs = self.party(party_id).preferences
        if prefs is None:
            raise ModelError(f"party {party_id!r} holds no preferences")
        return prefs

    def utilities(self, outcomes: npt.ArrayLike, parties: Sequence[str] | None = None) -> npt.NDArray[np.float64]:
        """Utilities of outcomes for the negotiators (or the given parties): shape (n, n_parties)."""
        import numpy as np

        ids = list(parties) if parties is not None else [p.id for p in self.negotiators]
        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim == 1:
            arr = arr[None, :]
        return np.stack([self.preferences(i).evaluate(arr) for i in ids], axis=1)

    def with_parties(self, parties: Sequence[Party]) -> Scenario:
        """A copy with the parties replaced (validated again)."""
        return Scenario(
            id=self.id,
            space=self.space,
            parties=tuple(parties),
            name=self.name,
            description=self.description,
            working_groups=self.working_groups,
            calendar=self.calendar,
            source=self.source,
            uncertainties=self.uncertainties,
            levers=self.levers,
            beliefs=self.beliefs,
        )
