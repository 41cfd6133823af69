"""Event logs pinned by digest: a change to the engine's speed must not change a single event.

Each case is a seeded run whose whole record (every event as canonical JSON, in order) was
digested with the engine as it was before the per-round path was optimised. Alternating
offers with time-based strategies on real ANAC domains (including the 10,000-round
negotiations of ``bench/sao_bench.py --long``), strategies with a seeded concession rate,
a cost of delay, red lines, a party that cannot accept anything, other strategies, three
parties, and the mediated protocols. Run this file as a script to print the digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import pytest
from engine_scenarios import bilateral, trilateral

from accord.engine.events import Event, event_to_dict
from accord.engine.runner import simulate
from accord.model import Party, Preferences, Scenario
from shared_data import SCENARIOS

Y2012 = SCENARIOS / "genius" / "anac" / "y2012"


def digest(events: Iterable[Event]) -> str:
    h = hashlib.sha256()
    for e in events:
        h.update(json.dumps(event_to_dict(e), sort_keys=True, separators=(",", ":")).encode())
        h.update(b"\n")
    return h.hexdigest()[:20]


@cache
def genius(name: str, *, reservation: float | None = None, discount: bool = True) -> Scenario:
    """An ANAC 2012 domain, optionally with every party's reservation value replaced."""
    from accord.formats import load_scenario

    base = load_scenario(Y2012 / name)
    parties = []
    for p in base.parties:
        prefs = p.preferences
        if prefs is None:  # pragma: no cover - GENIUS domains give every party preferences
            parties.append(p)
            continue
        res = prefs.reservation if reservation is None else reservation
        cod = prefs.cost_of_delay if discount else None
        parties.append(Party(p.id, name=p.name, role=p.role, preferences=Preferences(prefs.utility, res, cod)))
    return base.with_parties(parties)


Lines = tuple[float, dict[str, set[str]]]  # a reservation value and red lines


def _bilateral_with(rounds: int, buyer: Lines, seller: Lines | None) -> Scenario:
    """The bilateral test scenario with other reservation values and red lines (None: as it is)."""
    base = bilateral(rounds=rounds)
    parties = []
    for p, lines in zip(base.negotiators, (buyer, seller), strict=True):
        prefs = p.preferences
        assert prefs is not None
        if lines is not None:
            prefs = Preferences(prefs.utility, lines[0], red_lines={k: frozenset(v) for k, v in lines[1].items()})
        parties.append(Party(p.id, preferences=prefs))
    return base.with_parties(parties)


@cache
def red_lined() -> Scenario:
    """A red line for each party."""
    return _bilateral_with(40, (0.2, {"price": {"top"}}), (0.2, {"warranty": {"two"}}))


@cache
def hopeless() -> Scenario:
    """The buyer's red line leaves it nothing worth its reservation value."""
    return _bilateral_with(30, (0.95, {"price": {"low"}}), None)


def _pair(a: str, b: str, eps: float = 1e-6) -> tuple[str, str]:
    return f"{a}(eps={eps!r},pressure=0)", f"{b}(eps={eps!r},pressure=0)"


def _seats(scenario: Scenario, specs: dict[str, str]) -> dict[str, str]:
    ids = [p.id for p in scenario.negotiators]
    return {ids[0]: specs["a"], ids[1]: specs["b"]}


Case = Callable[[], Any]
CASES: dict[str, tuple[Case, str]] = {}


def case(name: str, expected: str, build: Case) -> None:
    CASES[name] = (build, expected)


def _saop(scenario: Scenario, specs: dict[str, str], *, seed: int = 0, **config: Any) -> Any:
    return simulate(scenario, protocol="saop", strategies=_seats(scenario, specs), config=config, seed=seed)


def car_bench() -> Scenario:
    """CarA with NegMAS's effective reservation value, as the benchmark plays it."""
    return genius("CarA", reservation=0.005, discount=False)


SPREAD = ("time-based(e=0.5,spread=1)", "boulware(spread=0.5)")
# name, digest, scenario, the first and second party's strategies, seed, protocol configuration
SAOP_CASES: list[tuple[str, str, Callable[[], Scenario], tuple[str, str], int, dict[str, Any]]] = [
    # the 10,000-round benchmark negotiations
    (
        "cara-boulware-conceder-10000",
        "60f1599524409c2214bf",
        car_bench,
        _pair("boulware", "conceder"),
        0,
        {"n_rounds": 10_000},
    ),
    (
        "cara-boulware-boulware-10000",
        "a4c73478e5657aa08d97",
        car_bench,
        _pair("boulware", "boulware"),
        0,
        {"n_rounds": 10_000},
    ),
    (
        "cara-conceder-boulware-1000",
        "a45763b75224b24724b8",
        car_bench,
        _pair("conceder", "boulware"),
        0,
        {"n_rounds": 1000},
    ),
    # the file's reservation values and discounts, default strategy parameters
    (
        "cara-linear-conceder-file",
        "c925a8a0a260baee0953",
        lambda: genius("CarA"),
        ("linear", "conceder"),
        0,
        {"n_rounds": 300},
    ),
    (
        "itex-boulware-linear-file",
        "d56bbba96a24c4fa6f03",
        lambda: genius("ItexvsCypressA"),
        ("boulware", "linear"),
        0,
        {"n_rounds": 2000},
    ),
    ("laptop-spread-seed3", "b4a52d184db3b3dc26ab", lambda: genius("LaptopA"), SPREAD, 3, {}),
    ("laptop-spread-seed4", "355843a4a9126fc10e8b", lambda: genius("LaptopA"), SPREAD, 4, {}),
    (
        "energy-small-conceder-conceder",
        "6489d5b7d3f152faa649",
        lambda: genius("EnergySmallA"),
        ("conceder", "conceder"),
        0,
        {"n_rounds": 5000},
    ),
    (
        "cara-high-reservation",
        "3223949770dfdf895b13",
        lambda: genius("CarA", reservation=0.999),
        ("boulware", "linear"),
        0,
        {"n_rounds": 100},
    ),
    # code-built scenarios: discount with pressure, red lines, who opens, no walking away, other strategies
    ("bilateral-hopeless", "6879ce1375aed852b99f", hopeless, ("boulware", "linear"), 0, {}),
    (
        "bilateral-discount-pressure",
        "d3b692894b3db5a6ebb2",
        lambda: bilateral(discount=0.5),
        ("boulware", "linear(pressure=2)"),
        0,
        {"n_rounds": 200},
    ),
    (
        "red-lines-first-seller",
        "a9fef1956b4d9c10c3a1",
        red_lined,
        ("boulware", "conceder"),
        0,
        {"first": "seller", "allow_end": False},
    ),
    (
        "bilateral-ac-const",
        "c83fc1fe0f4c50ac2286",
        lambda: bilateral(rounds=60),
        ("linear(ac='const(c=0.6)')", "boulware"),
        0,
        {},
    ),
    ("bilateral-tit-for-tat", "ed2a28b2a34eaa013c83", lambda: bilateral(rounds=60), ("tit-for-tat", "conceder"), 2, {}),
    ("bilateral-random", "a2a22e5cbded8f2b4b8b", lambda: bilateral(rounds=60), ("random", "boulware"), 9, {}),
]
for _name, _digest, _scenario, (_a, _b), _seed, _config in SAOP_CASES:
    case(
        _name,
        _digest,
        lambda s=_scenario, a=_a, b=_b, seed=_seed, c=_config: _saop(s(), {"a": a, "b": b}, seed=seed, **c),
    )
# -- more than two parties, and the mediated protocols ----------------------------------------------
case(
    "trilateral-saop",
    "a7ccf03090be3a7ca4b1",
    lambda: simulate(
        trilateral(), protocol="saop", strategies={"alpha": "conceder", "beta": "linear", "gamma": "boulware"}
    ),
)
case("trilateral-phased-default", "eaff74f45ea8ae452a8e", lambda: simulate(trilateral(), seed=5))
case(
    "trilateral-single-text",
    "1e5c76e163b50a7a2cda",
    lambda: simulate(trilateral(), protocol="single-text", seed=1),
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_record_is_unchanged(name: str) -> None:
    build, expected = CASES[name]
    run = build()
    assert digest(run.events) == expected, f"{name}: {len(run.events)} events, agreement {run.agreement}"


if __name__ == "__main__":  # print the digests (to pin a new case)
    for name, (build, _) in CASES.items():
        run = build()
        print(f"{name}: {digest(run.events)}  ({len(run.events)} events, agreement {run.agreement})")
