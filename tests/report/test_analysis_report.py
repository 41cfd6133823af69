"""The analysis report opens offline in Chromium and draws exactly what the analysis found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from report_support import figures_in, traces_in

from accord import scenarios
from accord.analysis import Analysis, analyze
from accord.formats.detect import load_scenario
from accord.model import LinearAdditive
from accord.model.scenario import Scenario
from accord.report import write_analysis_report
from accord.report.figures import package_words

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "scenarios"
DINNER = SHARED / "genius" / "anac" / "y2015" / "group2-dinner"  # three parties
ENERGY = SHARED / "genius" / "anac" / "y2012" / "EnergyA"  # 390,625 packages


def _same_points(drawn: list[list[float]], expected: np.ndarray[Any, Any]) -> None:
    """The drawn points (one list per axis) are the expected rows, in any order."""
    got = np.asarray(sorted(zip(*drawn, strict=True)), dtype=float)
    want = np.asarray(sorted(tuple(map(float, row)) for row in expected), dtype=float)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def _check_space(opened: Any, a: Analysis, scenario: Scenario) -> None:
    """Every 2-D panel's frontier, acceptable frontier and solution markers are the analysis' own."""
    ids = list(a.parties)
    frontiers = opened.traces("frontier")
    panels = [t for t in frontiers if "x" in t["meta"] and t["type"] == "scatter"]
    assert len(panels) == len(ids) * (len(ids) - 1) // 2
    for t in panels:
        i, j = ids.index(t["meta"]["x"]), ids.index(t["meta"]["y"])
        _same_points([t["x"], t["y"]], a.frontier.utilities[:, [i, j]])
    for t in opened.traces("acceptable-frontier"):
        if t["type"] == "scatter":
            i, j = ids.index(t["meta"]["x"]), ids.index(t["meta"]["y"])
            _same_points([t["x"], t["y"]], a.acceptable.utilities[:, [i, j]])
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        sol = a.solutions[name]
        markers = [t for t in opened.traces(name) if t["type"] == "scatter"]
        assert len(markers) == len(panels)
        for t in markers:
            assert t["x"] == pytest.approx([sol.utilities[t["meta"]["x"]]])
            assert t["y"] == pytest.approx([sol.utilities[t["meta"]["y"]]])
            first_issue = scenario.space.issues[0]
            assert f"{first_issue.label}: <b>{sol.package[first_issue.name]}</b>" in t["text"][0]


def test_two_party_report_draws_the_analysis(tmp_path: Path, open_report: Callable[[Path], Any]) -> None:
    talks = scenarios.get("abu-dhabi-2026")
    a = analyze(talks, rng=np.random.default_rng(0))
    path = write_analysis_report(talks, tmp_path / "analysis.html", a)
    opened = open_report(path)
    opened.assert_clean()
    _check_space(opened, a, talks)
    text = opened.text()
    assert f"holds {a.zopa.low:,} of the {talks.space.size:,} packages" in text
    assert package_words(talks.space, a.solutions["nash"].outcome) in text
    relief = opened.traces("relief")
    assert relief[0]["meta"]["issues"] == [p.issue for p in a.sticking_points]
    assert relief[0]["x"] == pytest.approx([p.relief for p in a.sticking_points])
    cloud = opened.traces("cloud")
    assert sum(len(t["x"]) for t in cloud) == talks.space.size
    assert sum(len(t["x"]) for t in cloud if t["meta"]["acceptable"]) == a.zopa.low
    opened.screenshot("report-analysis.png")
    party = open_report(write_analysis_report(talks, tmp_path / "ukraine.html", party="ukraine"))
    party.assert_clean()
    assert party.traces("frontier") == [] and party.traces("nash") == []
    (weights,) = party.traces("own-weights")
    own = talks.preferences("ukraine").utility
    assert isinstance(own, LinearAdditive)
    assert sorted(weights["x"]) == pytest.approx(sorted(own.weights))
    party.screenshot("report-analysis-party.png")


def test_three_parties_get_a_grid_and_a_3d_view(tmp_path: Path, open_report: Callable[[Path], Any]) -> None:
    dinner = load_scenario(str(DINNER))
    a = analyze(dinner, rng=np.random.default_rng(0))
    assert len(a.parties) == 3
    opened = open_report(write_analysis_report(dinner, tmp_path / "dinner.html", a))
    opened.assert_clean()
    _check_space(opened, a, dinner)
    (frontier_3d,) = [t for t in opened.traces("frontier") if t["type"] == "scatter3d"]
    _same_points([frontier_3d["x"], frontier_3d["y"], frontier_3d["z"]], a.frontier.utilities)
    (nash_3d,) = [t for t in opened.traces("nash") if t["type"] == "scatter3d"]
    assert [nash_3d["x"][0], nash_3d["y"][0], nash_3d["z"][0]] == pytest.approx(
        [a.solutions["nash"].utilities[p] for p in a.parties]
    )
    opened.screenshot("report-analysis-3-parties.png")


def test_a_large_space_is_sampled_and_says_so(tmp_path: Path) -> None:
    energy = load_scenario(str(ENERGY))
    a = analyze(energy, rng=np.random.default_rng(0))
    path = write_analysis_report(energy, tmp_path / "energy.html", a, seed=3)
    (plot,) = [f for f in figures_in(path) if any(t.get("meta", {}).get("kind") == "cloud" for t in f["data"])]
    assert f"of {energy.space.size:,} packages (seed 3)" in plot["layout"]["title"]["text"]
    assert 1_000 < sum(len(t["x"]) for t in traces_in(path, "cloud")) <= 2_000
    (frontier,) = traces_in(path, "frontier")
    assert len(frontier["x"]) == len(a.frontier)  # the frontier is drawn exactly, not sampled
