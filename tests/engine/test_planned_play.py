"""Planned play (time plans, many rounds at once) records exactly what move-by-move play records.

The oracle is the move-by-move path (``Table.play(planned=False)``): for every strategy pair,
seed, domain and deadline below, both paths give the same events, the same agreement and the
same final state, and the planned path really was taken (the strategies were asked for one
move only). Anything the fast path cannot plan falls back to move-by-move play.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from itertools import product
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from engine_scenarios import bilateral, trilateral
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pinned_logs import genius, hopeless, red_lined

from accord.engine.protocols.base import get_protocol
from accord.engine.runner import Table, simulate
from accord.engine.strategies.base import Strategy
from accord.engine.strategies.registry import create
from accord.engine.strategies.time_based import TimeBased, TimeBasedPlan
from accord.model import IntegerIssue, LinearAdditive, OutcomeSpace, Party, Preferences, Scenario


def play(
    scenario: Scenario, specs: Mapping[str, str], *, planned: bool, seed: int = 0, **config: Any
) -> tuple[Table, int]:
    """Play with the given specs (seat -> spec); also how many times a strategy was asked to act."""
    proto = get_protocol("saop")
    state = proto.start(scenario, proto.config_of(config), seed)
    agents: dict[str, Strategy] = {}
    asked = [0]
    for seat, spec in specs.items():
        agent = create(spec)
        inner = agent.act

        def counted(view: Any, inner: Callable[[Any], Any] = inner) -> Any:
            asked[0] += 1
            return inner(view)

        agent.act = counted  # type: ignore[method-assign]
        agents[seat] = agent
    table = Table(proto, state, agents, seed)
    table.play(planned=planned)
    assert table.failure is None
    return table, asked[0]


def same_play(scenario: Scenario, a: str, b: str, *, seed: int = 0, **config: Any) -> tuple[Table, int, int]:
    """Both paths on one negotiation: asserts they agree; returns the planned table and the asks."""
    ids = [p.id for p in scenario.negotiators]
    specs = {ids[0]: a, ids[1]: b}
    fast, asked_fast = play(scenario, specs, planned=True, seed=seed, **config)
    slow, asked_slow = play(scenario, specs, planned=False, seed=seed, **config)
    assert tuple(fast.state.log) == tuple(slow.state.log)
    assert fast.state.agreement == slow.state.agreement
    assert fast.state[2:] == slow.state[2:]  # round, turn, standing offer, its author, accepts, over
    return fast, asked_fast, asked_slow


@cache
def car_a() -> Scenario:
    return genius("CarA", reservation=0.005, discount=False)


ALIASES = ("boulware", "linear", "conceder")
PAIRS = [*product(ALIASES, ALIASES), ("time-based(e=0.1,eps=0)", "time-based(e=7,eps=0.01)")]


@pytest.mark.parametrize(("a", "b"), PAIRS)
@pytest.mark.parametrize("rounds", [1, 2, 3, 257, 1000, 10_000])
def test_planned_and_move_by_move_play_agree_on_car_a(a: str, b: str, rounds: int) -> None:
    eps = "(eps=1e-06,pressure=0)"
    spec_a, spec_b = (s if "(" in s else s + eps for s in (a, b))
    _, asked_fast, asked_slow = same_play(car_a(), spec_a, spec_b, n_rounds=rounds)
    assert asked_fast == 1 < asked_slow  # planned: only the opening offer is asked for


DOMAINS: dict[str, Callable[[], Scenario]] = {
    "itex-file": lambda: genius("ItexvsCypressA"),
    "laptop-file": lambda: genius("LaptopA"),
    "energy-small": lambda: genius("EnergySmallA", reservation=0.2),
    "amsterdam": lambda: genius("AmsterdamA", reservation=0.0, discount=False),
    "bilateral-discount": lambda: bilateral(discount=0.5),
    "red-lines": red_lined,
}


@pytest.mark.parametrize("domain", sorted(DOMAINS))
@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("boulware", "linear"),
        ("conceder(pressure=2)", "boulware"),
        ("time-based(e=0.5,spread=1)", "boulware(spread=0.5)"),
    ],
)
def test_planned_and_move_by_move_play_agree_on_other_domains(domain: str, seed: int, a: str, b: str) -> None:
    scenario = DOMAINS[domain]()
    for rounds in (40, 700):
        for first in (None, scenario.negotiators[1].id):
            _, asked, _ = same_play(scenario, a, b, seed=seed, n_rounds=rounds, first=first)
            assert asked == 1


@st.composite
def negotiation(draw: st.DrawFn) -> tuple[Scenario, str, str, int]:
    radices = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    space = OutcomeSpace([IntegerIssue(f"i{k}", 0, r - 1) for k, r in enumerate(radices)])
    parties = []
    for name in ("a", "b"):
        weights = [draw(st.floats(0.0, 1.0)) for _ in radices]
        if sum(weights) == 0:
            weights[0] = 1.0
        grid = st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0])
        values = [[draw(grid | st.floats(0, 1)) for _ in range(r)] for r in radices]
        utility = LinearAdditive.create(space, weights, values, normalize=True)
        red: dict[str, frozenset[int]] = {}
        if draw(st.booleans()):
            j = draw(st.integers(0, len(radices) - 1))
            red[f"i{j}"] = frozenset(draw(st.lists(st.integers(0, radices[j] - 1), max_size=radices[j] - 1)))
        reservation = draw(st.sampled_from([0.0, 0.1, 0.5]) | st.floats(0, 0.9))
        parties.append(Party(name, preferences=Preferences(utility, reservation, red_lines=red)))
    scenario = Scenario(id="drawn", space=space, parties=tuple(parties))

    def spec() -> str:
        e = draw(st.sampled_from([0.25, 1.0, 4.0]) | st.floats(0.01, 50))
        eps = draw(st.sampled_from([0.0, 1e-4]) | st.floats(0, 0.05))
        return f"time-based(e={e!r},eps={eps!r})"

    return scenario, spec(), spec(), draw(st.integers(1, 3000))


@settings(max_examples=120, deadline=None)
@given(negotiation())
def test_planned_play_agrees_on_drawn_negotiations(case: tuple[Scenario, str, str, int]) -> None:
    scenario, a, b, rounds = case
    same_play(scenario, a, b, n_rounds=rounds)


def test_offers_near_a_step_use_pythons_power() -> None:
    """Targets that land exactly on a utility (t = k / 10, utilities k / 10) are where a last-bit
    difference in the power would change the offer: the plan must give what ``propose`` gives."""
    space = OutcomeSpace([IntegerIssue("x", 0, 10)])
    utility = LinearAdditive.create(space, [1.0], [[k / 10 for k in range(11)]])
    prefs = Preferences(utility, 0.0)
    scenario = Scenario(id="steps", space=space, parties=(Party("a", preferences=prefs), Party("b", preferences=prefs)))
    proto = get_protocol("saop")
    state = proto.start(scenario, proto.config_of({"n_rounds": 9}), 0)
    for e in (1.0, 0.5, 2.0, 1 / 3):
        agent = create(f"time-based(e={e!r},eps=0)")
        agent.start(proto.view(state, "a"), 0)
        plan = agent.time_plan()
        assert isinstance(plan, TimeBasedPlan) and isinstance(agent, TimeBased)
        times = np.concatenate([np.arange(0, 11) / 10, np.arange(1, 10) / 9, np.linspace(0, 1, 1001)])
        expected = [agent.propose(SimpleNamespace(time=float(t))) for t in times]  # type: ignore[arg-type]
        assert plan.offers(times).tolist() == expected


def test_what_cannot_be_planned_is_played_move_by_move() -> None:
    two = bilateral(rounds=50)
    # one seat without a plan, another acceptance rule: both paths are the move-by-move one
    for a, b in [("random", "boulware"), ("linear(ac='const(c=0.6)')", "boulware"), ("tit-for-tat", "conceder")]:
        _, asked_fast, asked_slow = same_play(two, a, b, seed=3)
        assert asked_fast == asked_slow > 1
    # a party that can accept nothing walks away when it is first asked to respond
    fast, asked_fast, asked_slow = same_play(hopeless(), "boulware", "linear", first="seller")
    assert asked_fast == asked_slow == 2 and fast.state.log[-1].kind == "broken"
    # three parties: the plans are there, the protocol plays them move by move
    three = trilateral()
    specs = {"alpha": "conceder", "beta": "linear", "gamma": "boulware"}
    fast, asked_fast = play(three, specs, planned=True)
    slow, asked_slow = play(three, specs, planned=False)
    assert tuple(fast.state.log) == tuple(slow.state.log) and asked_fast == asked_slow > 3


def test_a_subclass_that_changes_the_offers_has_no_plan() -> None:
    two = bilateral()
    proto = get_protocol("saop")
    state = proto.start(two, None, 0)

    class Greedy(TimeBased):
        def target(self, view: Any) -> float:
            return self.u_max

    greedy = Greedy()
    greedy.start(proto.view(state, "buyer"), 0)
    assert greedy.time_plan() is None
    plain = create("boulware")
    assert plain.time_plan() is None  # not started: nothing to plan with
    plain.start(proto.view(state, "buyer"), 0)
    assert isinstance(plain.time_plan(), TimeBasedPlan)


def test_a_limit_on_thinking_time_plays_move_by_move() -> None:
    two = bilateral(rounds=200)
    proto = get_protocol("saop")
    agents = {"buyer": create("boulware"), "seller": create("boulware")}
    asked = [0]
    for agent in agents.values():
        inner = agent.act

        def counted(view: Any, inner: Callable[[Any], Any] = inner) -> Any:
            asked[0] += 1
            return inner(view)

        agent.act = counted  # type: ignore[method-assign]
    table = Table(proto, proto.start(two, None, 0), agents, 0)
    table.play(time_limit=60.0)
    assert asked[0] == len([e for e in table.state.log if e.party])
    assert (
        tuple(table.state.log)
        == simulate(two, protocol="saop", strategies={"buyer": "boulware", "seller": "boulware"}).events
    )


def test_planned_play_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    specs = ("boulware(eps=1e-06,pressure=0)", "conceder(eps=1e-06,pressure=0)")
    assert gc.isenabled()
    same_play(car_a(), *specs, n_rounds=3000)
    assert gc.isenabled()
    gc.disable()
    try:
        same_play(car_a(), *specs, n_rounds=3000)
        assert not gc.isenabled()
    finally:
        gc.enable()
