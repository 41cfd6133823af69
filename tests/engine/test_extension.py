"""A protocol, a strategy and a scenario format added from one module outside the package.

The module below is written to a temporary folder with an ``entry_points.txt`` that names
its three parts in the ``accord.protocols``, ``accord.strategies`` and ``accord.formats``
groups (as an installed package would). Nothing else is edited: discovery finds them, they
pass the same conformance checks as the built-ins, and ``accord run`` plays them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conformance import check_format, check_protocol, check_strategy
from engine_scenarios import bilateral, trilateral
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.protocols import base as protocol_base
from accord.engine.protocols import get_protocol
from accord.engine.strategies import info, registry
from accord.engine.transcript import render_transcript
from accord.errors import FormatError, ProtocolError, StrategyError
from accord.formats import detect
from accord.formats.detect import detect_format, get_format

MODULE = '''
"""An extension of accord in one file: a protocol, a strategy and a scenario format."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from accord.atomic import write_text
from accord.engine.events import Action, ActionKind, Event, EventKind, Log
from accord.engine.protocols.base import (
    NOBODY, Capabilities, Expected, Layout, Protocol, ProtocolConfig, check_outcome, make_seats, started_event,
)
from accord.engine.strategies import PartyStrategy, register
from accord.engine.view import Seat, Situation, View
from accord.formats._common import Imported
from accord.formats.accord_file import dumps_scenario
from accord.formats.accord_read import scenario_from_dict
from accord.formats.detect import ScenarioFormat
from accord.model.scenario import Scenario

PROPOSE = frozenset({str(ActionKind.OFFER)})
RESPOND = frozenset({str(ActionKind.ACCEPT), str(ActionKind.OFFER)})


@dataclass(frozen=True)
class UltimatumConfig(ProtocolConfig):
    n_rounds: int | None = None


class Ctx(NamedTuple):
    parties: tuple[str, ...]
    seats: dict[str, Seat]
    n_rounds: int
    size: int


class UltimatumState(NamedTuple):
    ctx: Ctx
    log: Log
    round: int = 0
    offer: int | None = None
    responder: int = 1
    accepted: int = 0
    over: bool = False
    agreement: int | None = None


class Ultimatum(Protocol[UltimatumState]):
    """Each round one party (in turn) proposes; the others accept in order, or reject it with a counter."""

    name = "ultimatum-rounds"
    description = "a proposer a round; every other party accepts, or rejects with a counter-offer"
    config_type = UltimatumConfig
    capabilities = Capabilities(action_kinds=RESPOND, layout=Layout.OFFERS)

    def start(self, scenario, config=None, seed=0):
        cfg = self.config_of(config)
        n = cfg.n_rounds or scenario.calendar.total_rounds
        parties = tuple(p.id for p in scenario.negotiators)
        seats = make_seats(scenario, self.name, n, scenario.calendar.rounds_per_day, mediator=None)
        log = Log([started_event(self.name, scenario, cfg, seed, parties)])
        return UltimatumState(ctx=Ctx(parties, seats, n, scenario.space.size), log=log)

    def _proposer(self, state):
        return state.round % len(state.ctx.parties)

    def expected(self, state):
        if state.over:
            return NOBODY
        parties = state.ctx.parties
        if state.offer is None:
            return Expected((parties[self._proposer(state)],), PROPOSE)
        return Expected((parties[state.responder],), RESPOND)

    def apply(self, state, action):
        self.admit(state, action)
        ctx, rnd, party = state.ctx, state.round, action.party
        n = len(ctx.parties)
        if state.offer is None:
            o = check_outcome(ctx.size, party, action.outcome)
            ev = Event(EventKind.OFFER, rnd, party, o)
            nxt = (self._proposer(state) + 1) % n
            return state._replace(log=state.log.append(ev), offer=o, responder=nxt, accepted=0), (ev,)
        if action.kind == ActionKind.ACCEPT:
            ev = Event(EventKind.ACCEPT, rnd, party, state.offer)
            accepted = state.accepted + 1
            if accepted == n - 1:
                a = Event(EventKind.AGREEMENT, rnd, "", state.offer)
                log = state.log.append(ev).append(a)
                return state._replace(log=log, accepted=accepted, over=True, agreement=state.offer), (ev, a)
            nxt = (state.responder + 1) % n
            return state._replace(log=state.log.append(ev), accepted=accepted, responder=nxt), (ev,)
        o = check_outcome(ctx.size, party, action.outcome)
        ev = Event(EventKind.OFFER, rnd, party, o)
        if rnd + 1 == ctx.n_rounds:
            t = Event(EventKind.TIMEOUT, rnd)
            return state._replace(log=state.log.append(ev).append(t), over=True), (ev, t)
        return state._replace(log=state.log.append(ev), round=rnd + 1, offer=None, accepted=0), (ev,)

    def view(self, state, seat):
        ctx = state.ctx
        exp = self.expected(state)
        rnd = min(state.round, ctx.n_rounds - 1)
        acting = seat in exp.parties
        situation = "" if not acting else (Situation.OFFER if state.offer is None else Situation.RESPOND)
        by = ctx.parties[self._proposer(state)] if state.offer is not None else ""
        return View(
            ctx.seats[seat], state.log, rnd, (rnd + 1) / (ctx.n_rounds + 1), situation,
            exp.kinds if acting else frozenset(), state.offer, by, 0,
        )

    def is_over(self, state):
        return state.over

    def seats(self, state):
        return state.ctx.parties


@register(name="halfway", kind="time-based", description="concedes linearly to half-way between its best and its floor")
class Halfway(PartyStrategy):
    def target(self, view):
        return self.u_max - 0.5 * view.time * (self.u_max - self.floor)


class DemoFormat(ScenarioFormat):
    """A scenario as one JSON object under the key "demo", in a .demo file."""

    name = "demo"
    title = "demo"

    def sniff(self, path):
        return path.is_file() and path.suffix == ".demo"

    def read(self, path):
        loaded = scenario_from_dict(json.loads(path.read_text(encoding="utf-8"))["demo"])
        return Imported(loaded.scenario, tuple(loaded.notes), self.name)

    def write(self, scenario, path):
        doc = {"demo": json.loads(dumps_scenario(scenario, fmt="json"))}
        return [write_text(path, json.dumps(doc))]
'''

ENTRY_POINTS = """[accord.protocols]
ultimatum-rounds = demo_ext:Ultimatum

[accord.strategies]
halfway = demo_ext:Halfway

[accord.formats]
demo = demo_ext:DemoFormat
"""


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The module and its entry points in a folder on sys.path, as if pip had installed it."""
    site = tmp_path / "site"
    (site / "demo_ext-1.0.dist-info").mkdir(parents=True)
    (site / "demo_ext.py").write_text(MODULE, encoding="utf-8")
    (site / "demo_ext-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: demo-ext\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "demo_ext-1.0.dist-info" / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    protocols = dict(protocol_base._PROTOCOLS)
    classes, aliases = dict(registry._CLASSES), dict(registry._ALIASES)
    formats = dict(detect._FORMATS)
    monkeypatch.syspath_prepend(str(site))
    yield site
    for table, saved in ((protocol_base._PROTOCOLS, protocols), (registry._CLASSES, classes)):
        table.clear()
        table.update(saved)  # type: ignore[attr-defined]
    registry._ALIASES.clear()
    registry._ALIASES.update(aliases)
    detect._FORMATS.clear()
    detect._FORMATS.update(formats)
    registry._resolve_cached.cache_clear()
    sys.modules.pop("demo_ext", None)


def test_nothing_is_known_before_it_is_installed(tmp_path: Path) -> None:
    with pytest.raises(ProtocolError, match="no protocol 'ultimatum-rounds'"):
        get_protocol("ultimatum-rounds")
    with pytest.raises(StrategyError, match="no strategy 'halfway'"):
        info("halfway")
    (tmp_path / "x.demo").write_text("{}", encoding="utf-8")
    with pytest.raises(FormatError, match="cannot tell the format"):
        detect_format(tmp_path / "x.demo")


def test_a_protocol_from_outside_conforms(installed: Path) -> None:
    proto = get_protocol("ultimatum-rounds")
    assert type(proto).__module__ == "demo_ext"
    check_protocol(proto, trilateral(), seed=1)
    run = check_protocol(proto, bilateral(rounds=8), seed=0)
    assert run.protocol == "ultimatum-rounds"
    render_transcript(run)  # told by its declared layout


def test_a_strategy_from_outside_conforms_on_every_protocol_it_plays(installed: Path) -> None:
    meta = info("halfway")
    assert meta.needs == frozenset()
    assert {"saop", "single-text", "phased", "ultimatum-rounds"} <= meta.protocols
    for protocol in sorted(meta.protocols):
        check_strategy(trilateral(), "halfway", protocol, "party", "alpha")


def test_a_format_from_outside_round_trips(installed: Path, tmp_path: Path) -> None:
    fmt = get_format("demo")
    back = check_format(fmt, bilateral(), tmp_path / "deal.demo")
    assert back.id == bilateral().id


def test_accord_run_plays_all_three(installed: Path, tmp_path: Path) -> None:
    get_format("demo").write(bilateral(rounds=10), tmp_path / "deal.demo")
    args = ["run", str(tmp_path / "deal.demo"), "-p", "ultimatum-rounds", "-s", "halfway", "--rounds", "6"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.output)
    assert doc["protocol"] == "ultimatum-rounds" and set(doc["strategies"].values()) == {"halfway"}
    assert doc["config"] == {"n_rounds": 6}
    shown = CliRunner().invoke(app, [*args, "--transcript"])
    assert shown.exception is None and "Offers" in shown.output


def test_an_entry_point_that_names_no_protocol_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "demo_bad-1.0.dist-info").mkdir(parents=True)
    (site / "demo_bad.py").write_text("def thing() -> None:\n    pass\n", encoding="utf-8")
    (site / "demo_bad-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: demo-bad\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "demo_bad-1.0.dist-info" / "entry_points.txt").write_text(
        "[accord.protocols]\nbroken = demo_bad:thing\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    try:
        with pytest.raises(ProtocolError, match="broken = demo_bad:thing names no registered Protocol"):
            get_protocol("saop")
    finally:
        monkeypatch.undo()
        sys.modules.pop("demo_bad", None)
    assert get_protocol("saop").name == "saop"
