"""A strategy that raises, breaks a rule or runs out of time loses that negotiation; the rest go on.

The misbehaving strategies are registered for these tests only (and removed afterwards),
so they exist only in this process: these tournaments run on the serial back-end.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tournament_support import stored

from accord.engine.events import Action, ActionKind
from accord.engine.strategies import registry
from accord.engine.strategies.base import PartyStrategy
from accord.engine.strategies.registry import register
from accord.engine.view import View
from accord.tournament import ProcessBackend, Record, SerialBackend, TournamentConfig, leaderboard, run_tournament


class _Raiser(PartyStrategy):
    """Concedes nothing, and raises at its third action."""

    def setup(self, view: View) -> None:
        super().setup(view)
        self.calls = 0

    def act(self, view: View) -> Action:
        self.calls += 1
        if self.calls == 3:
            raise RuntimeError("boom")
        return super().act(view)


class _Cheater(PartyStrategy):
    """Offers an outcome that does not exist."""

    def act(self, view: View) -> Action:
        return Action(view.seat.id, ActionKind.OFFER, -1)


class _Sleeper(PartyStrategy):
    """Thinks for 30 ms before each action."""

    def act(self, view: View) -> Action:
        time.sleep(0.03)
        return super().act(view)


class _Hanger(PartyStrategy):
    """Never returns from its second action (and swallows ordinary exceptions)."""

    def setup(self, view: View) -> None:
        super().setup(view)
        self.calls = 0

    def act(self, view: View) -> Action:
        self.calls += 1
        while self.calls > 1:
            try:
                time.sleep(0.01)
            except Exception:  # a badly behaved strategy swallows errors
                continue
        return super().act(view)


class _Slow:
    """Takes 50 ms to be collected: the alarm lands in its ``__del__``, where Python ignores it."""

    def __del__(self) -> None:
        end = time.perf_counter() + 0.05
        while time.perf_counter() < end:
            pass


class _Littering(PartyStrategy):
    """Leaves an object that is slow to collect behind at every action, then thinks for 30 ms."""

    def act(self, view: View) -> Action:
        _Slow()
        time.sleep(0.03)
        return super().act(view)


_TEST_STRATEGIES = {
    "test-raiser": _Raiser,
    "test-cheater": _Cheater,
    "test-sleeper": _Sleeper,
    "test-hanger": _Hanger,
    "test-littering": _Littering,
}


@pytest.fixture(autouse=True, scope="module")
def misbehaving() -> Iterator[None]:
    """Register the misbehaving strategies for this module only."""
    for name, cls in _TEST_STRATEGIES.items():
        register(name=name, kind="test", description=cls.__doc__ or name, needs=(ActionKind.OFFER,))(cls)
    yield
    for name in _TEST_STRATEGIES:
        registry._CLASSES.pop(name, None)
    registry._resolve_cached.cache_clear()


def _play(tmp_path: Path, bad: str, *, time_limit: float | None = 5.0) -> list[Record]:
    config = TournamentConfig(
        strategies=("boulware", bad), scenarios=("job-offer",), deadline=20, time_limit=time_limit, seed=1
    )
    path = tmp_path / "r.sqlite"
    summary = run_tournament(config, path, backend=SerialBackend())
    assert summary.complete
    records = stored(path)
    assert len(records) == 4
    return records


def _check_losses(records: list[Record], bad: str, message: str) -> None:
    for r in records:
        if bad not in r.strategies:
            assert r.end != "error" and r.error == ""
            continue
        assert r.end == "error" and r.agreement is None
        assert r.failed is not None and r.strategies[r.failed] == bad
        assert message in r.error and f"seat {r.parties[r.failed]!r}" in r.error
        assert r.utilities[r.failed] == 0.0
        for seat in range(len(r.strategies)):
            if seat != r.failed:
                assert r.utilities[seat] == r.reservations[seat] and r.advantages[seat] == 0.0
    board = {row.strategy: row for row in leaderboard(records).rows}
    assert board[bad].errors == 3 and board["boulware"].errors == 0
    assert board["boulware"].rank == 1


def test_raising_strategy_loses_with_its_error(tmp_path: Path) -> None:
    _check_losses(_play(tmp_path, "test-raiser"), "test-raiser", "RuntimeError: boom")


def test_rule_breaking_strategy_loses(tmp_path: Path) -> None:
    _check_losses(_play(tmp_path, "test-cheater"), "test-cheater", "the protocol rejected its action")


def test_slow_strategy_runs_out_of_time(tmp_path: Path) -> None:
    _check_losses(_play(tmp_path, "test-sleeper", time_limit=0.05), "test-sleeper", "ran out of time")


def test_an_alarm_ignored_in_a_finaliser_fires_again_and_is_not_reported(tmp_path: Path) -> None:
    # no filter for PytestUnraisableExceptionWarning here: an alarm reported as unraisable fails
    _check_losses(_play(tmp_path, "test-littering", time_limit=0.02), "test-littering", "ran out of time")


def test_strategy_that_never_returns_is_interrupted(tmp_path: Path) -> None:
    t0 = time.perf_counter()
    records = _play(tmp_path, "test-hanger", time_limit=0.05)
    _check_losses(records, "test-hanger", "ran out of time")
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize(
    ("limit", "protocol", "backend"),
    [
        (1e-9, "saop", "serial"),
        (1e-6, "saop", "serial"),
        (1e-4, "saop", "serial"),
        (1e-9, "single-text", "serial"),
        (1e-4, "single-text", "serial"),
        (1e-9, "saop", "processes"),
        (1e-4, "saop", "processes"),
    ],
)
# the alarm may land in a gc callback another library installed in this process (hypothesis
# does); Python ignores it there and reports it, and the alarm fires again at once
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_tiny_time_limit_ends_negotiations_as_timeouts(
    tmp_path: Path, limit: float, protocol: str, backend: str
) -> None:
    # the timer used to fire outside the strategies (before and after the play), and its
    # exception then escaped the worker and stopped the tournament
    saop = ("boulware", "hardliner", "random", "opponent-model", "tit-for-tat", "late-sprint")
    config = TournamentConfig(
        strategies=saop if protocol == "saop" else ("boulware", "hardliner", "random"),
        scenarios=("job-offer", "abu-dhabi-2026"),
        protocol=protocol,
        mediator=None if protocol == "saop" else "hill-climber",
        deadline=20,
        time_limit=limit,
        seed=1,
    )
    path = tmp_path / "r.sqlite"
    summary = run_tournament(config, path, backend=SerialBackend() if backend == "serial" else ProcessBackend(2))
    assert summary.complete and summary.played == summary.planned
    records = stored(path)
    assert len(records) == summary.planned
    out_of_time = [r for r in records if r.end == "error"]
    for r in out_of_time:
        assert "ran out of time" in r.error, repr(r)
        seat = re.search(r"in seat '([^']+)'", r.error)
        assert seat is not None, repr(r)
        # a negotiator that runs out of time loses; the mediator's seat holds no result of its own
        assert r.failed is not None if seat.group(1) in r.parties else r.failed is None, repr(r)
    if limit <= 1e-6:  # nobody thinks that fast: every negotiation is lost by a seat that ran out of time
        assert len(out_of_time) == len(records)
