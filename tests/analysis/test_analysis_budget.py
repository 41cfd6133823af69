"""The steps after the frontier: reuse of the frontier, the work budget, and what is said when bounded."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from analysis_domains import grid_scenarios, random_scenario
from hypothesis import given, settings
from test_sticking_points import brute_margin
from typer.testing import CliRunner

import accord.analysis.additive as additive
from accord.analysis import agreement_margin, analyze, sticking_points
from accord.analysis.budget import DEFAULT_WORK, WorkBudget
from accord.analysis.panel import select_parties
from accord.analysis.pareto import frontier_of
from accord.analysis.sticking import ranked_sticking_points
from accord.analysis.summary import _frontiers
from accord.cli.analyze import WORK_BUDGET
from accord.cli.main import app
from accord.formats.accord_file import save_scenario
from accord.model import Scenario

runner = CliRunner()


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b))


@settings(max_examples=60, deadline=None)
@given(grid_scenarios(parties=(2, 4), opaque=False) | grid_scenarios(parties=(2, 3), opaque=True))
def test_the_acceptable_frontier_is_the_allowed_frontiers_acceptable_part(scenario: Scenario) -> None:
    merged = frontier_of(select_parties(scenario), acceptable=True, ties=False)
    derived = analyze(scenario).acceptable
    assert derived.acceptable and derived.exact and derived.method == merged.method
    assert _same(derived.outcomes, merged.outcomes) and _same(derived.keys, merged.keys)
    assert _same(derived.counts, merged.counts) and _same(derived.utilities, merged.utilities)
    assert _same(derived.disagreement, merged.disagreement)
    assert derived.n_outcomes == merged.n_outcomes


def _unblocked(scenario: Scenario) -> bool:
    """Whether every issue keeps an option all parties' red lines allow."""
    return agreement_margin(scenario) > -math.inf


@settings(max_examples=60, deadline=None)
@given(grid_scenarios(parties=(2, 4)))
def test_relief_bounds_from_the_frontier_bracket_the_brute_force_margins(scenario: Scenario) -> None:
    # with no budget at all, every relief comes from one pass over the frontier: bounds, exact where they meet
    if not _unblocked(scenario):
        return
    panel = select_parties(scenario)
    _, allowed = _frontiers(panel, 10**7)
    ranked = ranked_sticking_points(panel, front=allowed, budget=WorkBudget(0))
    base = brute_margin(scenario)
    for p in ranked.points:
        truth = brute_margin(scenario, scenario.space.issue_index(p.issue)) - base
        high = p.relief if p.relief_high is None else p.relief_high
        assert p.relief - 1e-9 <= truth <= high + 1e-9
        if p.exact:
            assert math.isclose(p.relief, truth, abs_tol=1e-9)
    assert ranked.by_budget == (not all(p.exact for p in ranked.points))


def test_bounds_and_their_refinement_on_continuous_utilities() -> None:
    # without ties the bounds differ more often: check both the bounds and the budgeted refinement
    loose = 0
    for seed in range(24):
        scenario = random_scenario(np.random.default_rng(seed), 2 + seed % 3, [4] * 5, reservation=0.3)
        panel = select_parties(scenario)
        _, allowed = _frontiers(panel, 10**7)
        base = brute_margin(scenario)
        truth = {i.name: brute_margin(scenario, j) - base for j, i in enumerate(scenario.space.issues)}
        bounds = ranked_sticking_points(panel, front=allowed, budget=WorkBudget(0))
        for p in bounds.points:
            high = p.relief if p.relief_high is None else p.relief_high
            assert p.relief - 1e-9 <= truth[p.issue] <= high + 1e-9
        loose += sum(not p.exact for p in bounds.points)
        for p in ranked_sticking_points(panel, front=allowed, budget=WorkBudget(10**6)).points:
            assert p.exact and math.isclose(p.relief, truth[p.issue], abs_tol=1e-9)
    assert loose >= 3  # the refinement was exercised


@settings(max_examples=60, deadline=None)
@given(grid_scenarios(parties=(2, 4)))
def test_relief_with_red_lines_equals_brute_force(scenario: Scenario) -> None:
    if not _unblocked(scenario):
        return
    base = brute_margin(scenario)
    for p in sticking_points(scenario):
        assert p.exact
        assert math.isclose(p.margin_without, brute_margin(scenario, scenario.space.issue_index(p.issue)), abs_tol=1e-9)
        assert math.isclose(p.relief, p.margin_without - base, abs_tol=1e-9)


def _three_party(n_issues: int) -> Scenario:
    return random_scenario(np.random.default_rng(1), 3, [10] * n_issues, reservation=0.3)


def test_the_steps_after_the_frontier_merge_within_the_work_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 parties, 10^16 packages: each sticking point used to merge a frontier of its own (17 merges)
    scenario = _three_party(16)
    merged: list[int] = []
    real = additive.non_dominated_distinct

    def counting(candidates: np.ndarray, *, blocks: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        merged.append(candidates.shape[0])
        return real(candidates, blocks=blocks)

    monkeypatch.setattr(additive, "non_dominated_distinct", counting)
    frontier_of(select_parties(scenario), ties=False)
    frontier_work = sum(merged)
    for work in (0, 20_000):
        merged.clear()
        a = analyze(scenario, rng=np.random.default_rng(0), work=work)
        assert a.work_spent <= work
        assert sum(merged) <= frontier_work + work
        assert len(a.sticking_points) == 16
    merged.clear()
    exact = analyze(scenario, rng=np.random.default_rng(0), work=None)
    assert all(p.exact for p in exact.sticking_points) and not any(b.step == "sticking points" for b in exact.bounded)
    assert frontier_work < sum(merged) < 2 * frontier_work  # one frontier, then a little refinement


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "three.toml"
    save_scenario(_three_party(16), path)
    return path


def _analyze(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["analyze", *args, "--json"], env={"COLUMNS": "200"})
    assert result.exception is None and result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.output)
    return doc


def test_cli_says_what_was_bounded_and_how_to_get_the_exact_result(large_file: Path) -> None:
    assert WORK_BUDGET == DEFAULT_WORK
    doc = _analyze(str(large_file), "--work-budget", "1")
    bounded = {b["step"]: b for b in doc["bounded"]}  # type: ignore[attr-defined, index]
    sticking = bounded["sticking points"]
    assert sticking["liftable"] is True and sticking["budget"] == 1
    assert "--work-budget 0" in sticking["full_result"] and "bounds" in sticking["detail"]
    loose = [p for p in doc["sticking_points"] if not p["exact"]]  # type: ignore[attr-defined]
    assert loose and all(p["relief"] <= p["relief_high"] for p in loose)
    # the zone's count is bounded by a fixed limit: no option is offered for it
    assert bounded["zone of possible agreement"]["liftable"] is False
    assert "No option" in bounded["zone of possible agreement"]["full_result"]

    exact = _analyze(str(large_file), "--work-budget", "0")
    assert all(p["exact"] for p in exact["sticking_points"])  # type: ignore[attr-defined]
    assert "sticking points" not in {b["step"] for b in exact["bounded"]}  # type: ignore[attr-defined]
    by_issue = {p["issue"]: p for p in exact["sticking_points"]}  # type: ignore[attr-defined]
    for p in doc["sticking_points"]:  # type: ignore[attr-defined]
        truth = by_issue[p["issue"]]["relief"]
        assert p["relief"] - 1e-12 <= truth <= (p["relief_high"] if not p["exact"] else p["relief"]) + 1e-12

    text = runner.invoke(app, ["analyze", str(large_file), "--work-budget", "1"], env={"COLUMNS": "200"})
    assert text.exception is None and text.exit_code == 0
    assert "bounded: sticking points:" in text.output and "--work-budget 0" in text.output
    assert "–" in text.output.split("Sticking points")[1]  # a relief shown as a range
