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

__all__ = [
    "Calendar",
    "CategoricalIssue",
    "ConstraintUtility",
    "CostOfDelay",
    "DelayUnit",
    "HyperRectangle",
    "IntegerIssue",
    "Issue",
    "IssueValue",
    "LinearAdditive",
    "Option",
    "Outcome",
    "OutcomeSpace",
    "Party",
    "Preferences",
    "RealIssue",
    "Role",
    "Scenario",
    "UtilityFunction",
    "WorkingGroup",
]
