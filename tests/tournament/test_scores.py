"""Scores, intervals and rankings: textbook values and small hand-made tournaments."""

from __future__ import annotations

import math

import pytest

from accord.errors import TournamentError
from accord.tournament import Record, distributions, leaderboard, pair_matrix, report, summary
from accord.tournament.scores import estimate, t_quantile


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.7062), (2, 4.3027), (3, 3.1824), (4, 2.7764), (10, 2.2281), (30, 2.0423), (1000, 1.9623)],
)
def test_t_quantile_matches_tables(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_estimate_is_a_t_interval() -> None:
    e = estimate([1.0, 2.0, 3.0, 4.0, 5.0])
    half = 2.7764 * math.sqrt(2.5 / 5)
    assert e.mean == 3.0 and e.n == 5
    assert e.low == pytest.approx(3.0 - half, abs=1e-3) and e.high == pytest.approx(3.0 + half, abs=1e-3)
    assert estimate([0.4]) == (0.4, 0.4, 0.4, 1)
    assert math.isnan(estimate([]).mean)


def _record(i: int, strategies: tuple[str, str], utilities: tuple[float, float], *, agreed: bool = True) -> Record:
    reservations = (0.2, 0.3)
    advantages = tuple(u - r for u, r in zip(utilities, reservations, strict=True))
    return Record(
        number=i, key=str(i), scenario="s", repetition=0, seed=i, strategies=strategies, parties=("a", "b"),
        end="agreement" if agreed else "deadline", agreement=1 if agreed else None, outcome=None, rounds=3,
        utilities=utilities, reservations=reservations, advantages=advantages, welfare=sum(utilities),
        nash_product=math.prod(max(a, 0.0) for a in advantages) if agreed else 0.0,
        pareto_distance=0.1 * i, nash_distance=0.0, failed=None, error="", wall_s=0.001,
    )  # fmt: skip


RECORDS = [
    _record(0, ("hard", "soft"), (0.9, 0.4)),
    _record(1, ("soft", "hard"), (0.5, 0.8)),
    _record(2, ("hard", "hard"), (0.2, 0.3), agreed=False),
    _record(3, ("soft", "soft"), (0.6, 0.7)),
]


def test_leaderboard_ranks_by_the_chosen_score() -> None:
    board = leaderboard(RECORDS, by="advantage")
    assert [r.strategy for r in board.rows] == ["hard", "soft"]
    hard = board.rows[0]
    assert hard.n == 4 and hard.rank == 1
    assert hard.scores["utility"].mean == pytest.approx((0.9 + 0.8 + 0.2 + 0.3) / 4)
    assert hard.scores["agreement"].mean == pytest.approx(0.5)
    assert [r.strategy for r in leaderboard(RECORDS, by="agreement").rows] == ["soft", "hard"]
    assert [r.strategy for r in leaderboard(RECORDS, by="pareto_distance").rows] == ["hard", "soft"]
    with pytest.raises(TournamentError, match="unknown score"):
        leaderboard(RECORDS, by="charisma")


def test_pair_matrix_and_distributions() -> None:
    m = pair_matrix(RECORDS, metric="utility", order=["soft", "hard"])
    assert m.strategies == ("soft", "hard")
    assert m.values[1][0] == pytest.approx((0.9 + 0.8) / 2)  # hard against soft
    assert m.values[1][1] == pytest.approx((0.2 + 0.3) / 2)  # hard against itself
    assert m.counts[0][1] == 2
    only_mixed = pair_matrix(RECORDS[:2], metric="utility")
    assert only_mixed.values[0][0] is None
    d = distributions(RECORDS, metric="utility")
    assert sorted(d["soft"]) == [0.4, 0.5, 0.6, 0.7]


def test_summary_and_report() -> None:
    s = summary(RECORDS)
    assert s["negotiations"] == 4 and s["ends"]["agreement"] == 3 and s["agreement_rate"] == 0.75
    r = report(RECORDS, name="demo", by="utility")
    assert r.name == "demo" and r.matrix.metric == "utility"
    assert r.matrix.strategies == tuple(row.strategy for row in r.leaderboard.rows)
    assert r.leaderboard.as_dicts()[0]["utility_low"] <= r.leaderboard.as_dicts()[0]["utility"]
