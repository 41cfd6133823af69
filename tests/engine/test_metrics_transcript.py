"""Per-run metrics against a brute-force oracle, and the transcript of each protocol."""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console

from accord.engine.metrics import reference
from accord.engine.runner import simulate
from accord.engine.tables import outcome_table, utility_table
from accord.engine.transcript import render_transcript
from accord.model import Scenario


def test_reference_matches_brute_force(two: Scenario) -> None:
    ref = reference(two)
    assert ref is not None and reference(two) is ref
    u = np.round(np.stack([utility_table(two.preferences(p)).u for p in ("buyer", "seller")], axis=1), 9)
    r = np.array([0.3, 0.3])
    ok = np.all(u >= r, axis=1)
    # the yardstick is the frontier of the packages both parties can accept
    acceptable = u[ok]
    dominated = [bool(np.any(np.all(acceptable >= x, axis=1) & np.any(acceptable > x, axis=1))) for x in acceptable]
    pareto = {tuple(np.round(x, 9)) for x, d in zip(acceptable, dominated, strict=True) if not d}
    assert {tuple(np.round(x, 9)) for x in ref.frontier} == pareto
    product = np.where(ok, np.prod(np.maximum(u - r, 0), axis=1), -1)
    assert ref.nash_point is not None and ref.nash_outcome is not None
    assert np.prod(ref.nash_point - r) == pytest.approx(max(product))
    assert outcome_table(two.space).outcomes.shape[0] == two.space.size


def test_metrics_of_an_agreement_and_of_no_deal(two: Scenario) -> None:
    run = simulate(two, protocol="single-text", strategies={"mediator": "nash-seeking"}, default_party="linear")
    m = run.metrics()
    assert m.agreement and m.on_frontier and m.frontier_distance == 0.0
    assert m.welfare == sum(r.utility for r in m.parties)
    assert m.nash_product == np.prod([r.advantage for r in m.parties])
    d = m.to_dict(two)
    assert d["outcome_values"] is not None and d["nash_values"] is not None
    none = simulate(two, protocol="saop", strategies={"buyer": "hardliner", "seller": "hardliner"}).metrics()
    assert not none.agreement and none.on_frontier is False and none.to_dict(two)["outcome_values"] is None


def render(run: object) -> str:
    console = Console(record=True, width=140, color_system=None)
    console.print(render_transcript(run))  # type: ignore[arg-type]
    return console.export_text()


def test_transcripts_of_each_protocol(two: Scenario, three: Scenario) -> None:
    text = render(
        simulate(two, protocol="saop", strategies={"buyer": "boulware", "seller": "boulware"}, config={"n_rounds": 8})
    )
    assert "Offers" in text and "more actions" not in text and "End state" in text
    long = render(simulate(two, protocol="saop", strategies={"buyer": "hardliner", "seller": "hardliner"}))
    assert "more actions" in long and "no agreement by the deadline" in long
    st = render(simulate(three, protocol="single-text", strategies={"chair": "hill-climber"}, config={"n_rounds": 6}))
    assert "Texts and answers" in st and "confidential priority reports" in st
    ph = render(simulate(three, protocol="phased"))
    for part in ("Consultations", "Group work", "Alignment of positions", "Progress at the end of the day", "Day 2"):
        assert part in ph
