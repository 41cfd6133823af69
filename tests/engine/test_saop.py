"""Alternating offers with the registered party strategies."""

from __future__ import annotations

import pytest
from engine_scenarios import bilateral

from accord.engine.runner import simulate
from accord.engine.strategies import create
from accord.engine.strategies.opponent_model import FrequencyModel
from accord.engine.tables import utility_table
from accord.model import Scenario


def test_boulware_meets_conceder_above_both_reservations(two: Scenario) -> None:
    run = simulate(two, protocol="saop", strategies={"buyer": "boulware", "seller": "conceder"})
    m = run.metrics()
    assert m.agreement and run.agreement is not None
    assert all(r.advantage >= 0 for r in m.parties)
    # the Boulware side concedes late, so it does better than the Conceder
    assert m.utility("buyer") - 0.3 > m.utility("seller") - 0.3
    assert m.rounds <= m.n_rounds == two.calendar.total_rounds


def test_time_based_offers_fall_with_time_and_never_below_reservation(two: Scenario) -> None:
    run = simulate(two, protocol="saop", strategies={"buyer": "linear", "seller": "hardliner"}, config={"n_rounds": 30})
    table = utility_table(two.preferences("buyer"))
    offers = [
        table.u_list[e.outcome]
        for e in run.events
        if e.kind == "offer" and e.party == "buyer" and e.outcome is not None
    ]
    assert offers == sorted(offers, reverse=True)
    assert min(offers) >= two.preferences("buyer").reservation - 1e-12


def test_two_hardliners_time_out(two: Scenario) -> None:
    run = simulate(
        two, protocol="saop", strategies={"buyer": "hardliner", "seller": "hardliner"}, config={"n_rounds": 10}
    )
    m = run.metrics()
    assert not m.agreement and run.events[-1].kind == "timeout"
    assert m.verdict == "no agreement by the deadline"
    assert [r.utility for r in m.parties] == [0.3, 0.3] and m.nash_product == 0.0
    assert max(e.round for e in run.events) == 9


def test_cost_of_delay_discounts_the_result() -> None:
    scenario = bilateral(discount=0.5)
    run = simulate(scenario, protocol="saop", strategies={"buyer": "boulware", "seller": "boulware"})
    m = run.metrics()
    assert m.agreement
    for r in m.parties:
        assert r.utility == pytest.approx(r.raw_utility * 0.5**m.time)
        assert r.reservation == pytest.approx(0.3 * 0.5**m.time)


def test_tit_for_tat_returns_concessions(two: Scenario) -> None:
    run = simulate(
        two, protocol="saop", strategies={"buyer": "tit-for-tat", "seller": "conceder"}, config={"n_rounds": 40}
    )
    assert run.agreement is not None
    stubborn = simulate(
        two, protocol="saop", strategies={"buyer": "tit-for-tat", "seller": "hardliner"}, config={"n_rounds": 20}
    )
    table = utility_table(two.preferences("buyer"))
    offers = {e.outcome for e in stubborn.events if e.kind == "offer" and e.party == "buyer"}
    assert offers == {table.best}  # the other side never moved, so neither does it
    generous = simulate(
        two,
        protocol="saop",
        strategies={"buyer": "tit-for-tat(gift=0.3)", "seller": "hardliner"},
        config={"n_rounds": 20},
    )
    assert {e.outcome for e in generous.events if e.kind == "offer" and e.party == "buyer"} != offers


def test_frequency_model_learns_what_the_other_side_holds_on_to(two: Scenario) -> None:
    agent = create("opponent-model")
    assert isinstance(agent, FrequencyModel)
    run = simulate(two, protocol="saop", strategies={"buyer": agent, "seller": "boulware"}, config={"n_rounds": 30})
    weights = agent._weights["seller"]
    # a Boulware seller keeps its price (its heaviest issue) while it moves on the others
    assert max(range(len(weights)), key=weights.__getitem__) == two.space.issue_index("price")
    assert run.agreement is not None


def test_random_strategy_is_seeded(two: Scenario) -> None:
    a = simulate(two, protocol="saop", strategies={"buyer": "random", "seller": "random"}, seed=4)
    b = simulate(two, protocol="saop", strategies={"buyer": "random", "seller": "random"}, seed=4)
    c = simulate(two, protocol="saop", strategies={"buyer": "random", "seller": "random"}, seed=5)
    assert a.events == b.events and a.events != c.events


def test_multilateral_stacked_offers(three: Scenario) -> None:
    run = simulate(three, protocol="saop", strategies={"alpha": "conceder", "beta": "linear", "gamma": "boulware"})
    assert run.agreement is not None
    accepts = [e.party for e in run.events if e.kind == "accept"]
    assert len(accepts) >= 2  # everyone but the author accepted the final offer


def test_seeds_and_strategies_are_validated(two: Scenario) -> None:
    from accord.errors import StrategyError

    with pytest.raises(StrategyError, match="seed must be a whole number"):
        simulate(two, seed="1")  # type: ignore[arg-type]
    with pytest.raises(StrategyError, match="seed must be a whole number >= 0"):
        simulate(two, strategies={"buyer": "random"}, seed=-5)
    with pytest.raises(StrategyError, match="no seat"):
        simulate(two, protocol="saop", strategies={"mediator": "nash-seeking"})
