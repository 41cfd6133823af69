"""Whose report it is: the analyst's (everything) or one party's (its own preferences only).

The analyst holds every party's private preferences, so an analyst's report shows them all
and says so. A party's report is the one a delegation could be given: it is built from a
:class:`Knowledge` value that holds only the public facts of the negotiation and that
party's own preferences, so the code that draws it cannot reach anyone else's weights,
values, reservation value or utilities. Events of a run are filtered by their audience
(``Event.to``: ``None`` public, a tuple names the seats that may see it, ``()`` the record only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accord.engine.events import Event, EventKind
from accord.errors import ModelError
from accord.model.preferences import Preferences
from accord.model.scenario import Calendar, Role, Scenario, WorkingGroup
from accord.model.space import OutcomeSpace

__all__ = ["Knowledge", "PublicParty", "knowledge_of", "public_verdict", "resolve_viewer", "visible_events"]


@dataclass(frozen=True, slots=True)
class PublicParty:
    """What everyone at the table knows about a party: who it is, not what it wants."""

    id: str
    name: str
    role: Role
    description: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The public facts of a scenario plus one seat's own preferences (``None``: it holds none)."""

    viewer: str
    viewer_name: str
    viewer_role: Role
    scenario_id: str
    scenario_name: str
    description: str
    space: OutcomeSpace
    parties: tuple[PublicParty, ...]
    calendar: Calendar
    working_groups: tuple[WorkingGroup, ...]
    own: Preferences | None

    @property
    def negotiators(self) -> tuple[PublicParty, ...]:
        return tuple(p for p in self.parties if p.role is Role.PARTY)

    def name_of(self, party_id: str) -> str:
        for p in self.parties:
            if p.id == party_id:
                return p.name
        return party_id


def resolve_viewer(scenario: Scenario, party: str | None) -> str | None:
    """Check that ``party`` (a party's id or name, any case) sits at the table; ``None`` is the analyst."""
    if party is None:
        return None
    seats = [p for p in scenario.parties if p.role in (Role.PARTY, Role.MEDIATOR)]
    wanted = party.strip().casefold()
    for p in seats:
        if wanted in (p.id.casefold(), p.name.casefold()):
            return p.id
    raise ModelError(
        f"no party {party!r} at the table of {scenario.id!r}; choose one of " + ", ".join(p.id for p in seats)
    )


def knowledge_of(scenario: Scenario, party: str) -> Knowledge:
    """What ``party`` knows: the public scenario and its own preferences, nothing of anyone else's."""
    me = scenario.party(resolve_viewer(scenario, party) or party)
    return Knowledge(
        viewer=me.id,
        viewer_name=me.name,
        viewer_role=me.role,
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        description=scenario.description,
        space=scenario.space,
        parties=tuple(PublicParty(p.id, p.name, p.role, p.description) for p in scenario.parties),
        calendar=scenario.calendar,
        working_groups=scenario.working_groups,
        own=me.preferences,
    )


def visible_events(events: Iterable[Event], viewer: str | None) -> list[Event]:
    """The events ``viewer`` may see (every event for the analyst, ``None``)."""
    if viewer is None:
        return list(events)
    return [e for e in events if e.to is None or viewer in e.to]


def public_verdict(agreed: bool, seen: Sequence[Event]) -> str:
    """How the talks ended, from what a seat saw (the analyst's verdict also uses private measures)."""
    if agreed:
        return "agreement"
    if any(e.kind == EventKind.BROKEN for e in seen):
        return "no agreement: a party walked away"
    if not any(e.kind == EventKind.PHASE for e in seen):  # no days to measure progress by
        return "no agreement by the deadline"
    moved = any(
        e.kind in (EventKind.SETTLED, EventKind.ACCEPT) or (e.kind == EventKind.GROUP_RESULT and e.get("agreed"))
        for e in seen
    )
    return "no agreement: substantive and productive, no breakthrough" if moved else "no agreement: no progress"
