"""One delegation's view: its own preferences and its beliefs, never the others' true preferences."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

import accord
from accord.analysis.evaluate import evaluate
from accord.analysis.levers import rank_levers
from accord.analysis.robustness import robustness
from accord.analysis.viewpoint import party_view
from accord.analysis.whatif import Goal, whatif
from accord.errors import AnalysisError
from accord.model import Preferences, Scenario


class Sealed(Preferences):
    """Preferences that fail the test the moment anything reads them."""

    def __init__(self, owner: str) -> None:
        object.__setattr__(self, "_owner", owner)

    def __getattribute__(self, name: str) -> Any:
        if name in ("__class__", "__reduce__", "__reduce_ex__"):
            return object.__getattribute__(self, name)
        owner = object.__getattribute__(self, "_owner")
        raise AssertionError(f"read {owner}'s true preferences ({name})")

    def __repr__(self) -> str:
        return "Sealed()"


def sealed_except(scenario: Scenario, viewer: str) -> Scenario:
    """The scenario with every other party's true preferences sealed."""
    parties = tuple(
        p if p.id == viewer or p.preferences is None else replace(p, preferences=Sealed(p.id)) for p in scenario.parties
    )
    sealed = replace(scenario)  # a validated copy, then the parties swapped in without validation
    object.__setattr__(sealed, "parties", parties)
    return sealed


def test_the_seal_works() -> None:
    talks = sealed_except(accord.scenarios.get("abu-dhabi-2026"), "ukraine")
    with pytest.raises(AssertionError, match="russia's true preferences"):
        talks.preferences("russia").reservation  # noqa: B018


def test_a_delegation_view_reads_no_other_party_true_preferences() -> None:
    talks = sealed_except(accord.scenarios.get("abu-dhabi-2026"), "ukraine")
    view = party_view(talks, "Ukraine")
    assert view.preferences("ukraine") == accord.scenarios.get("abu-dhabi-2026").preferences("ukraine")
    assert {u.party for u in view.uncertainties} == {"russia"}
    assert all(not u.held_by for u in view.uncertainties)
    assert view.mediator is None or view.mediator.preferences is None
    findings = whatif(view, Goal("widen", share=0.5))
    assert findings and all(f.party in ("ukraine", "russia") for f in findings)
    ranked, base = rank_levers(view)
    assert base.zone is not None and ranked
    r = robustness(view, samples=500, seed=0)
    assert 0 <= r.p_zone <= 1
    package = view.space.outcome(int(r.top(1)[0]))
    e = evaluate(view, package, samples=500)
    assert e.p_all is not None


def test_the_view_uses_the_belief_and_only_the_holder_own_beliefs() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    belief = next(b for b in talks.beliefs if b.holder == "ukraine" and b.about == "russia")
    view = party_view(talks, "ukraine")
    assert view.preferences("russia") == belief.preferences
    assert view.preferences("russia") != talks.preferences("russia")
    held = [u for u in talks.uncertainties if u.held_by == "ukraine"]
    assert [(u.party, u.parameter) for u in view.uncertainties] == [(u.party, u.parameter) for u in held]


def test_a_view_without_beliefs_says_what_to_add() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    with pytest.raises(AnalysisError, match=r"\[beliefs\.russia\.ukraine\]"):
        party_view(talks, "russia")
    with pytest.raises(AnalysisError, match="no party"):
        party_view(talks, "europe")


def test_results_do_not_change_when_the_other_side_true_preferences_do() -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    russia = talks.preferences("russia")
    moved = Preferences(russia.utility, 0.2, russia.cost_of_delay, {"territory": frozenset({"freeze_current_line"})})
    other = talks.with_parties([replace(p, preferences=moved) if p.id == "russia" else p for p in talks.parties])
    a, b = party_view(talks, "ukraine"), party_view(other, "ukraine")
    assert [f.to_dict() for f in whatif(a, Goal("widen", share=0.5))] == [
        f.to_dict() for f in whatif(b, Goal("widen", share=0.5))
    ]
    ra, rb = robustness(a, samples=300), robustness(b, samples=300)
    np.testing.assert_array_equal(ra.accept_all, rb.accept_all)
