"""Strategies that spy and tamper: none reaches another seat's private data or changes the record.

In the engine's process a strategy's view holds only what its seat may see, what it receives
is immutable, and no module-level cache holds another party's data. Code that walks the
interpreter (frames, the garbage collector) is stopped only by a process boundary:
``simulate(..., isolate=True)`` (see accord.engine.isolation).
"""

from __future__ import annotations

from typing import Any

import pytest
from spies import Failing, InterpreterSpy, ModuleCacheSpy, PrivateAttributeSpy, Tamperer

from accord.engine.runner import simulate
from accord.formats.accord_write import scenario_digest
from accord.model import Scenario

PROTOCOLS = ("saop", "single-text", "phased")


def config(protocol: str) -> dict[str, Any]:
    return {"n_rounds": 12} if protocol != "phased" else {"days": 2, "rounds_per_day": 5}


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("spy", [PrivateAttributeSpy, ModuleCacheSpy])
def test_spies_in_the_engines_process_find_nothing(three: Scenario, protocol: str, spy: type[Any]) -> None:
    # warm the caches (every party's tables, the run metrics' frontier) first, as a tournament would
    simulate(three, protocol=protocol, config=config(protocol), seed=1).metrics()
    agent = spy()
    run = simulate(three, protocol=protocol, strategies={"alpha": agent}, config=config(protocol), seed=1)
    plain = simulate(three, protocol=protocol, strategies={"alpha": "linear"}, config=config(protocol), seed=1)
    assert agent.found == []
    assert run.events == plain.events  # the spy played like the strategy it extends
    # the record holds confidential events the spy did not see
    if protocol != "saop":
        assert any(e.to is not None and "alpha" not in e.to for e in run.events)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tampering_changes_neither_the_record_nor_the_results(three: Scenario, protocol: str) -> None:
    before = scenario_digest(three)
    agent = Tamperer()
    run = simulate(three, protocol=protocol, strategies={"alpha": agent}, config=config(protocol), seed=2)
    plain = simulate(three, protocol=protocol, strategies={"alpha": "linear"}, config=config(protocol), seed=2)
    assert agent.changed == []  # every attempt on shared data failed
    assert run.events == plain.events
    assert run.metrics().to_dict(three) == plain.metrics().to_dict(three)
    assert scenario_digest(three) == before


def test_walking_the_interpreter_reaches_everything_in_the_same_process(three: Scenario) -> None:
    # the documented limit of in-process isolation: this spy finds the scenario
    agent = InterpreterSpy()
    simulate(three, protocol="single-text", strategies={"alpha": agent}, config=config("single-text"), seed=1)
    assert "the scenario" in agent.found


def test_an_isolated_strategy_cannot_walk_to_other_seats(three: Scenario) -> None:
    agent = InterpreterSpy()
    agent.raise_on_find = True
    run = simulate(
        three,
        protocol="single-text",
        strategies={"alpha": agent},
        config={"n_rounds": 6},
        seed=1,
        isolate=True,
    )
    plain = simulate(three, protocol="single-text", strategies={"alpha": "linear"}, config={"n_rounds": 6}, seed=1)
    assert run.events == plain.events  # it played to the end: it found nothing, or it would have failed
    assert agent.found == []  # (its findings stayed in its own process)


def test_an_isolated_strategys_failure_names_its_seat_and_cause(three: Scenario) -> None:
    from accord.errors import StrategyError

    with pytest.raises(StrategyError, match=r"\(isolated\) failed: StrategyError: failing on purpose"):
        simulate(three, protocol="saop", strategies={"alpha": Failing()}, config={"n_rounds": 4}, isolate=True)

    class Local(Tamperer):
        pass

    # a class local to a function cannot be sent to another process: a clear error too
    with pytest.raises(StrategyError, match="cannot be sent to a process of its own"):
        simulate(three, protocol="saop", strategies={"alpha": Local()}, config={"n_rounds": 4}, isolate=True)
