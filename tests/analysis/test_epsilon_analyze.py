"""``accord analyze`` chooses the ε-frontier above the stated size, says so, and --exact
(``exact=True``) gives the exact frontier; the ε-frontier covers the exact one within ε."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from analysis_domains import build
from typer.testing import CliRunner

import accord.analysis.epsilon
from accord.analysis import analyze, pareto_frontier
from accord.analysis.keys import SCALE
from accord.cli.main import app
from accord.formats.accord_file import save_scenario
from accord.model import Scenario

runner = CliRunner()


def four_parties() -> Scenario:
    rng = np.random.default_rng(11)
    weights = rng.random((4, 6))
    values = rng.random((4, 6, 6))
    values /= values.max(axis=2, keepdims=True)
    return build([6] * 6, (weights / weights.sum(axis=1, keepdims=True)).tolist(), values.tolist())


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # the exact frontier of this domain has hundreds of points; thin merges above 300 candidates
    monkeypatch.setattr(accord.analysis.epsilon, "EXACT_BELOW", 300)


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.usefixtures("small_threshold")
def test_analyze_says_the_frontier_is_approximate_and_how_close(tmp_path: Path) -> None:
    path = save_scenario(four_parties(), tmp_path / "four.toml")
    doc = json.loads(invoke("analyze", str(path), "--json"))
    front = doc["frontier"]
    assert front["exact"] is False and front["method"] == "additive-epsilon"
    assert 0 < front["epsilon"] <= accord.analysis.epsilon.DEFAULT_EPSILON
    bounded = {b["step"]: b for b in doc["bounded"]}
    assert "ε-frontiers with ε = " in bounded["frontier"]["detail"] and bounded["frontier"]["option"] == "--exact"
    assert "--exact" in bounded["frontier"]["full_result"]
    assert bounded["sticking points"]["option"] == "--exact"
    assert doc["sticking_points"] == []
    text = invoke("analyze", str(path))
    assert "(approximate: ε-frontier, ε = " in text and "--exact" in text

    exact = json.loads(invoke("analyze", str(path), "--json", "--exact"))
    assert exact["frontier"]["exact"] is True and exact["frontier"]["epsilon"] == 0.0
    assert exact["frontier"]["points"] == pareto_frontier(four_parties(), ties=False).n_points
    assert exact["frontier"]["points"] > front["points"]
    assert exact["sticking_points"] and not any("ε" in b["detail"] for b in exact["bounded"])


@pytest.mark.usefixtures("small_threshold")
def test_the_epsilon_frontier_covers_the_exact_one() -> None:
    scenario = four_parties()
    approx = analyze(scenario).frontier
    exact = pareto_frontier(scenario, ties=False)
    eps = round(approx.epsilon * SCALE)
    assert approx.epsilon > 0 and not approx.exact
    covered = np.all(approx.keys[None, :, :] > exact.keys[:, None, :] - eps, axis=2).any(axis=1)
    assert covered.all()
    # the listed packages are real, with their own utilities
    np.testing.assert_allclose(approx.utilities, approx.keys / SCALE, atol=1e-9)


def test_small_frontiers_stay_exact() -> None:
    result = analyze(four_parties())
    assert result.frontier.exact and result.frontier.epsilon == 0.0 and result.frontier.method == "additive"
    assert result.frontier.n_points == pareto_frontier(four_parties(), ties=False).n_points
