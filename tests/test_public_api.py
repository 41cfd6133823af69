"""The public facade is curated: pinned, sorted, complete, and every exception is exported."""

from __future__ import annotations

import inspect

import accord
import accord.errors

PUBLIC = {
    # model
    "Calendar",
    "CategoricalIssue",
    "ConstraintUtility",
    "CostOfDelay",
    "DelayUnit",
    "HyperRectangle",
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
    # files
    "load_scenario",
    "load_scenario_file",
    "save_scenario",
    "scenarios",
    # analysis
    "Analysis",
    "Frontier",
    "Solution",
    "analyze",
    "improvements",
    "nash",
    "pareto_frontier",
    "sticking_points",
    "zopa",
    # engine
    "Run",
    "RunMetrics",
    "replay",
    "simulate",
    # errors
    "AccordError",
    "ActionRejected",
    "AnalysisError",
    "FormatError",
    "ModelError",
    "Problem",
    "ProtocolError",
    "ScenarioError",
    "ScenarioFileError",
    "SpaceTooLargeError",
    "FrontierTooLargeError",
    "StrategyError",
    "TournamentError",
    "UndefinedSolutionError",
    "__version__",
}


def test_all_is_pinned_and_sorted() -> None:
    assert set(accord.__all__) == PUBLIC
    assert accord.__all__ == sorted(accord.__all__)


def test_every_name_resolves() -> None:
    for name in accord.__all__:
        assert getattr(accord, name) is not None, name


def test_every_exception_is_exported() -> None:
    for name, obj in vars(accord.errors).items():
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert name in accord.__all__, name
            assert issubclass(obj, accord.AccordError)


def test_exception_tree_is_documented() -> None:
    doc = accord.errors.__doc__ or ""
    for name, obj in vars(accord.errors).items():
        if inspect.isclass(obj) and issubclass(obj, accord.AccordError) and obj is not accord.AccordError:
            assert name in doc, name
