"""The ANL 2023 domains: outcome count, Pareto front, Nash and Kalai points equal specials.json.

Each folder's ``specials.json`` (github.com/brenting/ANL-2023-example-agent, domains/;
domains 00–24 in ``../shared/scenarios/anl2023``, 25–49 in ``bench/data/anl2023``)
lists the outcome count, the Pareto front, and the Nash, Kalai and max-welfare bids with
their utilities. Computing them shows which definitions it uses (the profiles have no
reservation bid, so d = (0, 0)):

- "nash": the Pareto-optimal bid with the largest product of utilities — accord's
  :func:`~accord.analysis.nash`;
- "kalai": the Pareto-optimal bid with the most nearly equal utilities (GENIUS's
  ``BidSpace.getKalaiSmorodinsky``, min |uA - uB|) — accord's
  :func:`~accord.analysis.kalai_equal_utility`, *not* the classic proportional solution,
  which differs on domains 06, 12, 13, 14, 21, 29, 44, 45, 46 and 49;
- "social_welfare": the largest sum of utilities — :func:`~accord.analysis.utilitarian`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord.analysis import kalai_equal_utility, kalai_smorodinsky, nash, pareto_frontier, utilitarian
from accord.formats.geniusweb import read_geniusweb
from accord.model import Scenario
from shared_data import ROOT, SCENARIOS

ANL = SCENARIOS / "anl2023"
ANL_MORE = ROOT / "bench" / "data" / "anl2023"
FOLDERS = {p.name: p for place in (ANL, ANL_MORE) if place.is_dir() for p in place.glob("domain*")}
DOMAINS = sorted(FOLDERS)


def load(name: str) -> tuple[Scenario, dict[str, object]]:
    folder = FOLDERS[name]
    scenario = read_geniusweb(folder / f"{name}.json", [folder / "profileA.json", folder / "profileB.json"])
    specials = json.loads((folder / "specials.json").read_text())
    return scenario, specials


def test_all_domains_are_present(scenarios_dir: Path) -> None:
    expected = [f"domain{i:02d}" for i in range(50)]
    assert expected == DOMAINS


@pytest.mark.parametrize("name", DOMAINS)
def test_frontier_and_solutions_match_specials(name: str) -> None:
    scenario, specials = load(name)
    assert scenario.space.size == specials["size"]
    f = pareto_frontier(scenario, acceptable=True)
    front = specials["pareto_front"]
    assert isinstance(front, list)
    expected = np.array([p["utility"] for p in front])
    assert len(f) == len(front) == f.n_points
    order = np.lexsort(expected.T[::-1])
    assert np.allclose(f.utilities, expected[order], atol=1e-9)
    # the bids themselves, in words: option ids of each issue
    space = scenario.space
    bids = {tuple(sorted(space.values_of(f.outcome(i)).items())) for i in range(len(f))}
    assert bids == {tuple(sorted(p["bid"].items())) for p in front}
    for solve, key in ((nash, "nash"), (kalai_equal_utility, "kalai"), (utilitarian, "social_welfare")):
        sol = solve(f)
        point = specials[key]
        assert isinstance(point, dict)
        assert np.allclose(list(sol.utilities.values()), point["utility"], atol=1e-9), key
        assert space.values_of(sol.outcome) == point["bid"], key


def test_specials_kalai_is_the_equal_utility_variant() -> None:
    differs = []
    for name in DOMAINS:
        scenario, specials = load(name)
        f = pareto_frontier(scenario, acceptable=True)
        kalai = specials["kalai"]
        assert isinstance(kalai, dict)
        if not np.allclose(list(kalai_smorodinsky(f).utilities.values()), kalai["utility"], atol=1e-9):
            differs.append(name)
    assert differs == [f"domain{i}" for i in ("06", "12", "13", "14", "21", "29", "44", "45", "46", "49")]
