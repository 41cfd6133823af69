"""The mediated protocols with the registered mediators."""

from __future__ import annotations

from itertools import pairwise

from engine_scenarios import trilateral

from accord.engine.events import EventKind
from accord.engine.protocols import get_protocol
from accord.engine.protocols.phased_state import Phase
from accord.engine.runner import simulate
from accord.engine.tables import utility_table
from accord.model import Scenario


def test_fisher_one_text_ends_on_unanimous_acceptance(three: Scenario) -> None:
    run = simulate(three, protocol="single-text", strategies={"chair": "nash-seeking"})
    kinds = [e.kind for e in run.events]
    assert kinds[-1] == "agreement" and kinds[-2] == "settled"
    assert kinds.count("report") == 3 and kinds.count("settled") == 1
    assert run.metrics().on_frontier


def test_klein_hill_climbing_only_improves_for_everyone(three: Scenario) -> None:
    run = simulate(
        three,
        protocol="single-text",
        strategies={"chair": "hill-climber", "alpha": "conceder", "beta": "conceder", "gamma": "conceder"},
        config={"n_rounds": 40, "stop_on_unanimity": False},
        seed=2,
    )
    tables = {p: utility_table(three.preferences(p)) for p in ("alpha", "beta", "gamma")}
    settled = [e.outcome for e in run.events if e.kind == EventKind.SETTLED and e.outcome is not None]
    assert len(settled) >= 2
    for before, after in pairwise(settled):
        for t in tables.values():
            assert t.u_list[after] >= t.u_list[before] - 1e-12
    assert run.agreement == settled[-1]


def test_nash_mediator_is_misled_by_a_strategic_report(two: Scenario) -> None:
    def buyer_utility(report: str) -> float:
        run = simulate(
            two,
            protocol="single-text",
            strategies={"buyer": f"linear(report={report})", "seller": "linear", "mediator": "nash-seeking"},
        )
        assert run.agreement is not None
        return run.metrics().utility("buyer")

    assert buyer_utility("strategic") > buyer_utility("truthful")


def test_phased_structure_by_day(three: Scenario) -> None:
    run = simulate(three, protocol="phased", strategies={"alpha": "hardliner"}, seed=1)
    days = three.calendar.days
    phases = [(e.day, e.phase) for e in run.events if e.kind == EventKind.PHASE]
    assert phases == [(d, p) for d in range(days) for p in Phase]
    assert sum(e.kind == EventKind.DAY_END for e in run.events) == days
    assert sum(e.kind == EventKind.GROUP_RESULT for e in run.events) == days * len(three.working_groups)
    assert run.agreement is None  # alpha never moves
    # group texts hold the frame outside the group's issues
    frame = None
    groups = {g.id: {three.space.issue_index(n) for n in g.issues} for g in three.working_groups}
    for e in run.events:
        if e.kind == EventKind.TEXT and e.phase == Phase.CONSULTATION:
            frame = three.space.outcome(e.outcome or 0)
        if e.kind == EventKind.TEXT and e.group and frame is not None:
            o = three.space.outcome(e.outcome or 0)
            assert all(o[j] == frame[j] for j in range(len(o)) if j not in groups[e.group])
    # group work is seen by the group's members and the mediator only
    economy = [e for e in run.events if e.group == "economy" and e.kind != EventKind.GROUP_RESULT]
    assert economy and all(e.to is not None and "alpha" not in e.to for e in economy)
    view = get_protocol("phased").view(run.state, "alpha")
    assert all(e.group != "economy" or e.kind == EventKind.GROUP_RESULT for e in view.history())
    assert all(e.kind != EventKind.DAY_END for e in view.history())


def test_phased_groups_one_at_a_time() -> None:
    scenario = trilateral(days=1, rounds_per_day=6)
    run = simulate(scenario, protocol="phased", config={"group_rounds": 2, "parallel_groups": False}, seed=0)
    texts = [(e.round, e.group) for e in run.events if e.kind == EventKind.TEXT and e.group]
    assert texts == [(1, "security"), (2, "economy")]


def test_progress_measure_numbers(three: Scenario) -> None:
    run = simulate(three, protocol="phased", seed=0)
    m = run.metrics()
    assert m.agreement and m.verdict == "agreement"
    last = m.progress[-1]
    assert set(last.settled) == set(three.space.names)
    assert last.accepting == 3 and all(x == 0 for _, x in last.distance) and last.gap == 0
    assert last.closest == 0.0


def test_progress_without_breakthrough() -> None:
    scenario = trilateral(days=2, rounds_per_day=5)
    run = simulate(scenario, protocol="phased", strategies={"alpha": "hardliner", "beta": "hardliner"}, seed=0)
    m = run.metrics()
    assert not m.agreement
    assert m.verdict.startswith("no agreement")
    first, last = m.progress[0], m.progress[-1]
    assert first.day == 0 and last.day == 1
    assert dict(last.distance)["alpha"] > 0 and dict(last.distance)["beta"] > 0


def test_klein_mode_in_phased_talks_concludes(three: Scenario) -> None:
    run = simulate(three, protocol="phased", config={"stop_on_unanimity": False}, seed=0)
    kinds = [e.kind for e in run.events]
    assert "conclude" in kinds and kinds[-1] == "agreement"
