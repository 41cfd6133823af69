"""The event list is a run's complete record: replaying it rebuilds the same state."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.engine.events import Event, EventKind, read_events, write_events
from accord.engine.protocols import replay
from accord.engine.runner import simulate
from accord.errors import ProtocolError
from accord.model import Scenario

CASES = [
    ("saop", {"buyer": "boulware", "seller": "opponent-model"}, {"n_rounds": 30}),
    ("saop", {"buyer": "random", "seller": "tit-for-tat"}, {"n_rounds": 30}),
    ("single-text", {"mediator": "hill-climber"}, {"n_rounds": 15, "stop_on_unanimity": False}),
    ("single-text", {"mediator": "nash-seeking"}, {}),
]


@pytest.mark.parametrize(("protocol", "strategies", "config"), CASES)
def test_replay_rebuilds_the_final_state(
    two: Scenario, protocol: str, strategies: dict[str, str], config: dict[str, object], tmp_path: Path
) -> None:
    run = simulate(two, protocol=protocol, strategies=strategies, config=config, seed=5)
    proto, state = replay(two, run.events)
    assert state == run.state
    assert proto.agreement(state) == run.agreement
    # the same through a JSON-lines file
    path = tmp_path / "events.jsonl"
    write_events(path, run.events)
    _, again = replay(two, read_events(path))
    assert again == run.state


def test_replay_of_phased_talks(three: Scenario) -> None:
    run = simulate(three, protocol="phased", strategies={"alpha": "boulware(report=strategic)"}, seed=2)
    _, state = replay(three, run.events)
    assert state == run.state


def test_tampered_logs_are_refused(two: Scenario, three: Scenario) -> None:
    run = simulate(
        two, protocol="saop", strategies={"buyer": "boulware", "seller": "conceder"}, config={"n_rounds": 20}
    )
    events = list(run.events)
    with pytest.raises(ProtocolError, match="open with a 'started' event"):
        replay(two, events[1:])
    with pytest.raises(ProtocolError, match="scenario 'bilateral-test'"):
        replay(three, events)
    forged = [*events[:-2], events[-2]._replace(outcome=(events[-2].outcome or 0) + 1), events[-1]]
    with pytest.raises(ProtocolError, match="differ"):
        replay(two, forged)
    out_of_turn = [events[0], events[2]]
    with pytest.raises(ProtocolError, match="breaks the rules"):
        replay(two, out_of_turn)
    orphan = [events[0], Event(EventKind.AGREEMENT, 0, "", 3)]
    with pytest.raises(ProtocolError, match="no party"):
        replay(two, orphan)
    seed_changed = [events[0]._replace(info=tuple((k, 99 if k == "seed" else v) for k, v in events[0].info))]
    # the seed only matters to strategies: the start state is valid, but the record stops there
    _, st = replay(two, seed_changed, complete=False)
    assert len(st.log) == 1
    with pytest.raises(ProtocolError, match="before the negotiation ended"):
        replay(two, seed_changed)
