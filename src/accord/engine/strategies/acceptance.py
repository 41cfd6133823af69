"""Acceptance rules (Baarslag, Hindriks & Jonker 2014): when to accept an offer.

- ``next(a=1, b=0)`` — AC_next: accept if ``a * u(offer) + b >= u(my next offer)``.
- ``const(c=0.8)`` — AC_const: accept if ``u(offer) >= c``.
- ``time(t=0.99)`` — AC_time: accept anything once the relative time reaches ``t``.

Rules combine with ``|`` (any) and ``&`` (all; binds tighter), e.g. AC_combi is
``next|time(t=0.98)&const(c=0.6)``. Whatever the rule, a party never accepts an outcome
below its reservation value or across its red lines (its strategy checks that first).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from accord.engine.strategies.spec import parse_spec
from accord.errors import StrategyError

__all__ = ["ACConst", "ACNext", "ACTime", "Acceptance", "AllOf", "AnyOf", "parse_acceptance"]


class Acceptance(ABC):
    """``rule(t, u_offer, u_next)``: accept an offer worth ``u_offer`` at relative time ``t``."""

    @abstractmethod
    def __call__(self, t: float, u_offer: float, u_next: float) -> bool: ...


@dataclass(frozen=True)
class ACNext(Acceptance):
    a: float = 1.0
    b: float = 0.0

    def __call__(self, t: float, u_offer: float, u_next: float) -> bool:
        return self.a * u_offer + self.b >= u_next


@dataclass(frozen=True)
class ACConst(Acceptance):
    c: float = 0.8

    def __call__(self, t: float, u_offer: float, u_next: float) -> bool:
        return u_offer >= self.c


@dataclass(frozen=True)
class ACTime(Acceptance):
    t: float = 0.99

    def __call__(self, t: float, u_offer: float, u_next: float) -> bool:
        return t >= self.t


@dataclass(frozen=True)
class AnyOf(Acceptance):
    rules: tuple[Acceptance, ...]

    def __call__(self, t: float, u_offer: float, u_next: float) -> bool:
        return any(r(t, u_offer, u_next) for r in self.rules)


@dataclass(frozen=True)
class AllOf(Acceptance):
    rules: tuple[Acceptance, ...]

    def __call__(self, t: float, u_offer: float, u_next: float) -> bool:
        return all(r(t, u_offer, u_next) for r in self.rules)


_RULES: dict[str, type[Acceptance]] = {"next": ACNext, "const": ACConst, "time": ACTime}


def _term(text: str) -> Acceptance:
    name, params = parse_spec(text)
    cls = _RULES.get(name)
    if cls is None:
        raise StrategyError(f"no acceptance rule {name!r}; rules are {', '.join(_RULES)}")
    try:
        return cls(**{k: float(v) for k, v in params.items()})
    except (TypeError, ValueError) as e:
        raise StrategyError(f"acceptance rule {text!r}: {e}") from None


def parse_acceptance(text: str) -> Acceptance:
    """Build an acceptance rule from its text (see the module docstring)."""
    alternatives = []
    for alt in text.split("|"):
        terms = [_term(t) for t in alt.split("&") if t.strip()]
        if not terms:
            raise StrategyError(f"empty acceptance rule in {text!r}")
        alternatives.append(terms[0] if len(terms) == 1 else AllOf(tuple(terms)))
    return alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))
