"""The strategy registry: names, aliases, parameters, metadata."""

from __future__ import annotations

import pytest

from accord.engine.strategies import create, info, infos, names, parse_acceptance, resolve
from accord.engine.strategies.acceptance import ACConst, ACNext, ACTime, AllOf, AnyOf
from accord.engine.strategies.spec import parse_spec
from accord.engine.strategies.time_based import TimeBased
from accord.errors import StrategyError


def test_spec_parsing() -> None:
    assert parse_spec("boulware") == ("boulware", {})
    assert parse_spec(" time-based( e=0.5 , eps=1e-6 ) ") == ("time-based", {"e": 0.5, "eps": 1e-6})
    assert parse_spec("x(a=-2, b=true, c=next, d='q|r(t=1)')") == (
        "x",
        {"a": -2, "b": True, "c": "next", "d": "q|r(t=1)"},
    )
    for bad in ("", "x(", "x(1)", "x(a=[1])", "x(**k)", "1x"):
        with pytest.raises(StrategyError):
            parse_spec(bad)


def test_aliases_fix_parameters() -> None:
    cls, params = resolve("boulware")
    assert cls is TimeBased and params == {"e": 0.25}
    s = create("conceder(eps=0.001)")
    assert isinstance(s, TimeBased) and s.values["e"] == 4.0 and s.values["eps"] == 0.001
    assert create("linear").spec == "time-based"
    assert create("boulware").spec == "time-based(e=0.25)"
    with pytest.raises(StrategyError, match="fixes e"):
        create("boulware(e=2)")


def test_unknown_names_and_parameters_are_errors() -> None:
    with pytest.raises(StrategyError, match="no strategy 'nope'"):
        create("nope")
    with pytest.raises(StrategyError, match="has no parameter"):
        create("time-based(speed=2)")
    with pytest.raises(StrategyError, match="must be float"):
        create("time-based(e=fast)")
    with pytest.raises(StrategyError, match=r">= 0\.001"):
        create("time-based(e=0)")
    with pytest.raises(StrategyError, match="one of"):
        create("linear(report=lies)")
    with pytest.raises(StrategyError, match="acceptance rule"):
        create("linear(ac=sometimes)")


def test_metadata_and_filters() -> None:
    assert {"time-based", "hardliner", "random", "tit-for-tat", "opponent-model"} <= set(names(role="party"))
    assert set(names(role="mediator")) == {"annealing", "hill-climber", "nash-seeking"}
    assert "boulware" in names(aliases=True)
    assert "tit-for-tat" not in names(protocol="phased")
    for meta in infos():
        assert meta.description and meta.kind and meta.roles and meta.protocols
        for p in meta.params:
            assert p.doc
    assert info("boulware").name == "time-based"
    assert not info("random").deterministic


def test_acceptance_rules() -> None:
    assert parse_acceptance("next") == ACNext()
    rule = parse_acceptance("next|time(t=0.9)&const(c=0.6)")
    assert rule == AnyOf((ACNext(), AllOf((ACTime(0.9), ACConst(0.6)))))
    assert rule(0.5, 0.7, 0.8) is False  # not next, not late enough
    assert rule(0.95, 0.7, 0.8) is True  # late and above 0.6
    assert rule(0.1, 0.8, 0.8) is True  # as good as the next offer
    assert parse_acceptance("next(a=1.1, b=-0.05)")(0.0, 0.5, 0.5) is True
    with pytest.raises(StrategyError):
        parse_acceptance("next|")
