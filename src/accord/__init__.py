"""accord: an engine for mediated, multi-party, multi-issue negotiation.

Model a negotiation (parties, issues, private preferences, red lines, a calendar), analyse
its space of agreements, run it between software strategies and people, and compare
strategies in tournaments. The embedded default is the Abu Dhabi talks of February 2026::

    import accord
    talks = accord.scenarios.get("abu-dhabi-2026")

The names below are imported on first use, so ``import accord`` (and the CLI's start-up)
stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from accord.lazy import lazy_names

if TYPE_CHECKING:
    from accord import scenarios
    from accord.analysis import (
        Analysis,
        Frontier,
        Solution,
        analyze,
        improvements,
        nash,
        pareto_frontier,
        sticking_points,
        zopa,
    )
    from accord.engine import Run, RunMetrics, replay, simulate
    from accord.errors import (
        AccordError,
        ActionRejected,
        AnalysisError,
        FormatError,
        ModelError,
        Problem,
        ProtocolError,
        ScenarioError,
        ScenarioFileError,
        SpaceTooLargeError,
        StrategyError,
        TournamentError,
        UndefinedSolutionError,
    )
    from accord.formats.accord_file import load_scenario_file, save_scenario
    from accord.formats.detect import load_scenario
    from accord.model import (
        Calendar,
        CategoricalIssue,
        CostOfDelay,
        DelayUnit,
        IntegerIssue,
        LinearAdditive,
        Option,
        OutcomeSpace,
        Party,
        Preferences,
        RealIssue,
        Role,
        Scenario,
        UtilityFunction,
        WorkingGroup,
    )
    from accord.model.constraint import ConstraintUtility, HyperRectangle

__version__ = "0.1.0"

_WHERE: dict[str, str] = {
    **dict.fromkeys(
        (
            "AccordError",
            "ActionRejected",
            "AnalysisError",
            "FormatError",
            "FrontierTooLargeError",
            "ModelError",
            "Problem",
            "ProtocolError",
            "ScenarioError",
            "ScenarioFileError",
            "SpaceTooLargeError",
            "StrategyError",
            "TournamentError",
            "UndefinedSolutionError",
        ),
        "accord.errors",
    ),
    **dict.fromkeys(
        (
            "Calendar",
            "CategoricalIssue",
            "CostOfDelay",
            "DelayUnit",
            "IntegerIssue",
            "LinearAdditive",
            "Option",
            "OutcomeSpace",
            "Party",
            "Preferences",
            "RealIssue",
            "Role",
            "Scenario",
            "UtilityFunction",
            "WorkingGroup",
        ),
        "accord.model",
    ),
    "ConstraintUtility": "accord.model.constraint",
    "HyperRectangle": "accord.model.constraint",
    **dict.fromkeys(
        (
            "Analysis",
            "Frontier",
            "Solution",
            "analyze",
            "improvements",
            "nash",
            "pareto_frontier",
            "sticking_points",
            "zopa",
        ),
        "accord.analysis",
    ),
    **dict.fromkeys(("Run", "RunMetrics", "replay", "simulate"), "accord.engine"),
    "load_scenario": "accord.formats.detect",
    "load_scenario_file": "accord.formats.accord_file",
    "save_scenario": "accord.formats.accord_file",
}

__all__ = [
    "AccordError",
    "ActionRejected",
    "Analysis",
    "AnalysisError",
    "Calendar",
    "CategoricalIssue",
    "ConstraintUtility",
    "CostOfDelay",
    "DelayUnit",
    "FormatError",
    "Frontier",
    "FrontierTooLargeError",
    "HyperRectangle",
    "IntegerIssue",
    "LinearAdditive",
    "ModelError",
    "Option",
    "OutcomeSpace",
    "Party",
    "Preferences",
    "Problem",
    "ProtocolError",
    "RealIssue",
    "Role",
    "Run",
    "RunMetrics",
    "Scenario",
    "ScenarioError",
    "ScenarioFileError",
    "Solution",
    "SpaceTooLargeError",
    "StrategyError",
    "TournamentError",
    "UndefinedSolutionError",
    "UtilityFunction",
    "WorkingGroup",
    "__version__",
    "analyze",
    "improvements",
    "load_scenario",
    "load_scenario_file",
    "nash",
    "pareto_frontier",
    "replay",
    "save_scenario",
    "scenarios",
    "simulate",
    "sticking_points",
    "zopa",
]


_lazy, __dir__ = lazy_names(__name__, _WHERE, __all__)


def __getattr__(name: str) -> Any:
    if name == "scenarios":
        return importlib.import_module("accord.scenarios")
    return _lazy(name)
