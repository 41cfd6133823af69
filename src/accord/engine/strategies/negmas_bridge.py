"""NegMAS negotiators as accord strategies: ``negmas:BoulwareTBNegotiator``, ``negmas_genius_agents:HardHeaded``.

Any NegMAS SAO negotiator class (NegMAS's own, and the ANAC agents of
``negmas-genius-agents``) named by a ``module:Class`` spec plays a party in accord's
alternating-offers protocol (``saop``), in runs and tournaments. Install the extra:
``pip install -e '.[negmas]' (from the clone)``.

How it plays. The negotiator runs inside a private NegMAS ``SAOMechanism`` owned by its
seat: the seat's outcome space (public) and a NegMAS utility function built from the seat's
own preferences alone (weights and option values of a linear-additive utility, or the
utility of every outcome otherwise, with the seat's reservation value). The other parties
are stand-ins whose actions are the ones they took in accord: each time accord asks the
seat to act, the private mechanism is stepped once, with the others' latest offers given as
their actions and the negotiator itself called by NegMAS as usual; its answer (accept, a
counter-offer, or ending the negotiation) becomes the seat's action. So the negotiator sees
exactly what NegMAS would show it (the offers made to it, the step and relative time of a
NegMAS negotiation of the same number of steps) and nothing of the other parties'
preferences. A NegMAS step is an accord round; the deadline is accord's ``n_rounds``.

Randomness: NegMAS agents draw from Python's ``random`` and numpy's global generator; the
bridge seeds both from the seat's seed before each action, so a seed replays a negotiation.
Parameters are passed to the negotiator's constructor: ``negmas:AspirationNegotiator(max_aspiration=0.9)``.
"""

from __future__ import annotations

import importlib
import random
from typing import Any, ClassVar

import numpy as np

from accord.engine.events import Action, ActionKind, EventKind
from accord.engine.strategies.base import Strategy, StrategyInfo
from accord.engine.view import Situation, View
from accord.errors import StrategyError
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.space import OutcomeSpace

__all__ = ["NegmasParty", "is_negmas_negotiator", "negmas_outcome_space", "negmas_ufun", "wrap_negotiator"]

_MISSING = "the NegMAS bridge needs NegMAS: pip install -e '.[negmas]' (from the clone)"


def _negmas() -> Any:
    try:
        return importlib.import_module("negmas")
    except ImportError:
        raise StrategyError(_MISSING) from None


def is_negmas_negotiator(obj: object) -> bool:
    """Whether ``obj`` is a NegMAS SAO negotiator class (checked without importing NegMAS otherwise)."""
    if not isinstance(obj, type) or not any(c.__module__.startswith("negmas") for c in obj.__mro__):
        return False
    sao = importlib.import_module("negmas.sao")
    gb = importlib.import_module("negmas.gb")
    return issubclass(obj, sao.SAONegotiator | gb.GBNegotiator)


def negmas_outcome_space(space: OutcomeSpace) -> Any:
    """The NegMAS outcome space of ``space``: the same issues, options named by their labels, in order."""
    negmas = _negmas()
    issues = [negmas.make_issue(values=[str(v) for v in issue.values()], name=issue.name) for issue in space.issues]
    return negmas.make_os(issues)


def negmas_ufun(preferences: Preferences, outcome_space: Any) -> Any:
    """A NegMAS utility function equal to ``preferences`` on every outcome (with its reservation value)."""
    negmas = _negmas()
    space = preferences.space
    u = preferences.utility
    if isinstance(u, LinearAdditive) and not preferences.red_lines:
        values = [
            negmas.TableFun(dict(zip((str(v) for v in issue.values()), row, strict=True)))
            for issue, row in zip(space.issues, u.values, strict=True)
        ]
        return negmas.LinearAdditiveUtilityFunction(
            values=values, weights=list(u.weights), outcome_space=outcome_space, reserved_value=preferences.reservation
        )
    from accord.engine.tables import outcome_table, utility_table

    table = utility_table(preferences)
    outcomes = outcome_table(space).outcomes
    labels = [[str(v) for v in issue.values()] for issue in space.issues]
    # an outcome across a red line is worth nothing to the party (below any reservation value)
    worth = np.where(table.red, min(0.0, preferences.reservation - 1.0), table.u)
    mapping = {
        tuple(labels[j][k] for j, k in enumerate(row)): float(w)
        for row, w in zip(outcomes.tolist(), worth, strict=True)
    }
    return negmas.MappingUtilityFunction(
        mapping=mapping, outcome_space=outcome_space, reserved_value=preferences.reservation
    )


class NegmasParty(Strategy):
    """A NegMAS SAO negotiator playing a party (see the module's description)."""

    negotiator_type: ClassVar[type]
    any_params: ClassVar[bool] = True  # parameters go to the negotiator's constructor

    def __init__(self, **params: object) -> None:
        self._kwargs = dict(params)
        super().__init__()

    @property
    def spec(self) -> str:
        inner = ",".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in self._kwargs.items())
        return f"{self.info.name}({inner})" if inner else self.info.name

    def setup(self, view: View) -> None:
        prefs = view.preferences
        if prefs is None:
            raise StrategyError(f"{self.info.name}: a NegMAS negotiator plays a party and needs preferences")
        sao = importlib.import_module("negmas.sao")
        self._sao = sao
        self._os = negmas_outcome_space(view.space)
        self._ufun = negmas_ufun(prefs, self._os)
        self._labels = [{str(v): k for k, v in enumerate(issue.values())} for issue in view.space.issues]
        self._names = [[str(v) for v in issue.values()] for issue in view.space.issues]
        self._mechanism: Any = None
        self._proxies: dict[str, str] = {}
        self._cursor = 0
        self._last_offer: int | None = None
        self._pending: dict[str, int] = {}

    def _to_negmas(self, index: int, space: OutcomeSpace) -> tuple[str, ...]:
        return tuple(self._names[j][k] for j, k in enumerate(space.outcome(index)))

    def _to_accord(self, outcome: Any, space: OutcomeSpace) -> int:
        try:
            return space.index([self._labels[j][str(v)] for j, v in enumerate(outcome)])
        except (KeyError, TypeError, ValueError):
            raise StrategyError(
                f"{self.info.name} offered {outcome!r}, which is not an outcome of this space"
            ) from None

    def _start(self, view: View) -> None:
        """The private mechanism: the others in accord's turn order after this seat, then this seat."""
        me = view.seat.id
        parties = list(view.seat.parties)
        k = parties.index(me)
        others = parties[k + 1 :] + parties[:k]
        mechanism = self._sao.SAOMechanism(
            outcome_space=self._os, n_steps=view.n_rounds, time_limit=None, ignore_negotiator_exceptions=False
        )
        for other in others:
            proxy = self._sao.NaiveTitForTatNegotiator(name=other)
            mechanism.add(proxy, preferences=self._ufun)  # never called: its actions are given
            self._proxies[other] = proxy.id
        try:
            self._negotiator = self.negotiator_type(name=me, **self._kwargs)
        except TypeError as e:
            raise StrategyError(f"{self.info.name}: {e}") from None
        mechanism.add(self._negotiator, preferences=self._ufun)
        self._mechanism = mechanism

    def act(self, view: View) -> Action:
        if view.situation not in (Situation.OFFER, Situation.RESPOND):
            raise StrategyError(f"{self.info.name} plays alternating offers only (asked to {view.situation})")
        me = view.seat.id
        if self._mechanism is None:
            self._start(view)
        events, self._cursor = view.events_since(self._cursor)
        for e in events:
            if e.kind == EventKind.OFFER and e.party != me and e.outcome is not None:
                self._pending[e.party] = e.outcome
        responses: dict[str, Any] = {}
        for party, proxy in self._proxies.items():
            offer = self._pending.pop(party, None)
            if offer is None:
                responses[proxy] = self._sao.SAOResponse(self._sao.ResponseType.NO_RESPONSE, None)
            else:
                responses[proxy] = self._sao.SAOResponse(
                    self._sao.ResponseType.REJECT_OFFER, self._to_negmas(offer, view.space)
                )
        seed = int(self.rng.integers(2**31))
        random.seed(seed)
        np.random.seed(seed)
        mechanism = self._mechanism
        before = mechanism.state.step
        mechanism.step(action=responses)
        state = mechanism.state
        if state.agreement is not None:
            return Action(me, ActionKind.ACCEPT)
        mine = [o for who, o in state.new_offers if who == self._negotiator.id]
        if mine and mine[-1] is not None:
            self._last_offer = self._to_accord(mine[-1], view.space)
            return Action(me, ActionKind.OFFER, self._last_offer)
        if state.broken and not state.has_error and ActionKind.END in view.kinds:
            return Action(me, ActionKind.END)
        if state.has_error:
            raise StrategyError(f"{self.info.name} failed: {state.error_details}")
        if self._last_offer is not None:  # NegMAS's steps ran out (it counts one more) or it did not answer
            return Action(me, ActionKind.OFFER, self._last_offer)
        raise StrategyError(f"{self.info.name} made no offer at step {before}")


def wrap_negotiator(cls: type, name: str, params: dict[str, Any] | None = None) -> type[Strategy]:
    """An accord strategy class for the NegMAS negotiator class ``cls`` (named ``name`` in results)."""
    doc = (cls.__doc__ or "").strip().splitlines()
    wrapped: type[NegmasParty] = type(
        f"Negmas{cls.__name__}",
        (NegmasParty,),
        {"negotiator_type": cls, "__module__": __name__, "__doc__": doc[0] if doc else cls.__name__},
    )
    wrapped.info = StrategyInfo(
        name=name,
        kind="negmas",
        description=f"NegMAS {cls.__module__}.{cls.__qualname__}" + (f": {doc[0]}" if doc else ""),
        params=(),
        roles=frozenset({"party"}),
        needs=frozenset({str(ActionKind.OFFER)}),
        deterministic=True,
    )
    return wrapped


def negotiator_class(spec: str) -> type:
    """The NegMAS negotiator class a ``module:Class`` spec names."""
    module, _, name = spec.partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as e:
        raise StrategyError(f"no NegMAS negotiator {spec!r}: {e}") from None
    if not is_negmas_negotiator(cls):
        raise StrategyError(f"{spec!r} is not a NegMAS SAO negotiator")
    return cls  # type: ignore[no-any-return]


def native_run(scenario: Any, first: str, second: str, *, n_steps: int) -> tuple[int | None, int]:
    """Play two NegMAS negotiators in NegMAS itself (``SAOMechanism``), on ``scenario``'s space and preferences.

    The utility functions are the ones the bridge builds, so a difference from the same pair
    in accord is a difference of protocol or bridge. Returns the agreement (as accord's outcome
    index, or None) and the number of steps NegMAS ran.
    """
    sao = importlib.import_module("negmas.sao")
    space: OutcomeSpace = scenario.space
    os_ = negmas_outcome_space(space)
    mechanism = sao.SAOMechanism(outcome_space=os_, n_steps=n_steps, time_limit=None)
    for party, spec in zip(scenario.negotiators, (first, second), strict=True):
        mechanism.add(negotiator_class(spec)(name=party.id), preferences=negmas_ufun(party.preferences, os_))
    mechanism.run()
    agreement = mechanism.agreement
    if agreement is None:
        return None, int(mechanism.state.step)
    labels = [[str(v) for v in issue.values()] for issue in space.issues]
    return space.index([labels[j].index(str(v)) for j, v in enumerate(agreement)]), int(mechanism.state.step)
