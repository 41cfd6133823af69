"""The model of a negotiation: issues, outcome space, preferences, parties, scenario.

Immutable values, validated on construction, no I/O.
"""

from accord.model.constraint import ConstraintUtility, HyperRectangle
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, IssueValue, Option, RealIssue
from accord.model.preferences import (
    CostOfDelay,
    DelayUnit,
    LinearAdditive,
    Preferences,
    UtilityFunction,
)
from accord.model.scenario import Calendar, Party, Role, Scenario, WorkingGroup
from accord.model.space import Outcome, OutcomeSpace
from accord.model.uncertainty import Belief, Distribution, Effect, Lever, Uncertain

__all__ = [
    "Belief",
    "Calendar",
    "CategoricalIssue",
    "ConstraintUtility",
    "CostOfDelay",
    "DelayUnit",
    "Distribution",
    "Effect",
    "HyperRectangle",
    "IntegerIssue",
    "Issue",
    "IssueValue",
    "Lever",
    "LinearAdditive",
    "Option",
    "Outcome",
    "OutcomeSpace",
    "Party",
    "Preferences",
    "RealIssue",
    "Role",
    "Scenario",
    "Uncertain",
    "UtilityFunction",
    "WorkingGroup",
]
