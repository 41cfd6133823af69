"""One delegation's view of a scenario: its own preferences, and its beliefs about the others.

:func:`party_view` builds the scenario a delegation can analyse: the party's own true
preferences; every other party's preferences as the party believes them
(``[beliefs.PARTY.OTHER]``); the uncertainties that party holds about the others (its
ranges), and none of the analyst's. Nothing here reads another party's true preferences,
so every analysis run on the result (robustness, levers, what-would-it-take, a draft's
chances) carries none of them.
"""

from __future__ import annotations

from accord.errors import AnalysisError
from accord.model.preferences import Preferences
from accord.model.scenario import Party, Role, Scenario
from accord.model.uncertainty import Uncertain

__all__ = ["party_view"]


def party_view(scenario: Scenario, party: str) -> Scenario:
    """The scenario as ``party`` (an id or a name, any case) sees it."""
    wanted = party.strip().casefold()
    seats = [p for p in scenario.parties if p.role in (Role.PARTY, Role.MEDIATOR)]
    me = next((p for p in seats if wanted in (p.id.casefold(), p.name.casefold())), None)
    if me is None:
        raise AnalysisError(
            f"no party {party!r} at the table of {scenario.id!r}; choose one of " + ", ".join(p.id for p in seats)
        )
    believed = {b.about: b.preferences for b in scenario.beliefs if b.holder == me.id}
    parties: list[Party] = []
    for p in scenario.parties:
        prefs: Preferences | None
        if p.id == me.id:
            prefs = p.preferences
        elif p.id in believed:
            prefs = believed[p.id]
        elif p.role is Role.PARTY:
            raise AnalysisError(
                f"{me.id}'s view needs its beliefs about {p.id}'s preferences: add a [beliefs.{me.id}.{p.id}] "
                "table (weights, values, reservation, red lines; numbers may be ranges)"
            )
        else:
            prefs = None
        role = p.role if prefs is not None or p.role is not Role.PARTY else Role.OBSERVER
        parties.append(Party(p.id, p.name, role, prefs, p.description))
    with_prefs = {p.id for p in parties if p.preferences is not None}
    held = tuple(
        Uncertain(u.party, u.parameter, u.distribution, u.rationale)
        for u in scenario.uncertainties
        if u.held_by == me.id
    )
    return Scenario(
        id=scenario.id,
        space=scenario.space,
        parties=tuple(parties),
        name=f"{scenario.name} — as {me.name} sees it",
        description=scenario.description,
        working_groups=scenario.working_groups,
        calendar=scenario.calendar,
        source=scenario.source,
        uncertainties=held,
        levers=tuple(lv for lv in scenario.levers if all(e.party in with_prefs for e in lv.effects)),
    )
