"""The meta-game between strategies: textbook games first, then a real tournament's results."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tournament_support import reference
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import AnalysisError
from accord.tournament import Record, ResultStore
from accord.tournament.metagame import MetaGame, metagame, solve_game

runner = CliRunner()

PRISONERS = (("cooperate", "defect"), [[3.0, 0.0], [5.0, 1.0]])
RPS = (("rock", "paper", "scissors"), [[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
STAG_HUNT = (("stag", "hare"), [[4.0, 1.0], [3.0, 3.0]])


def is_equilibrium(a: np.ndarray, row: tuple[float, ...], column: tuple[float, ...]) -> bool:
    """Brute force: no pure deviation gains either player anything (the column player's payoffs are A^T)."""
    r, c = np.asarray(row), np.asarray(column)
    return bool((a @ c).max() <= r @ a @ c + 1e-9 and (a @ r).max() <= r @ a.T @ c + 1e-9)


def test_prisoners_dilemma_has_mutual_defection_only() -> None:
    names, a = PRISONERS
    game = solve_game(names, np.array(a))
    assert [(e.row, e.column) for e in game.equilibria] == [((0.0, 1.0), (0.0, 1.0))]
    assert game.equilibria[0].pure and game.equilibria[0].symmetric
    assert game.equilibria[0].payoffs == (1.0, 1.0)
    assert game.regret == (2.0, 0.0)  # a defector gains 5 - 3 among cooperators
    assert game.replicator[-1][1] > 0.999  # defection takes over
    assert not game.degenerate


def test_rock_paper_scissors_has_the_uniform_mix_only() -> None:
    names, a = RPS
    game = solve_game(names, np.array(a))
    assert len(game.equilibria) == 1
    e = game.equilibria[0]
    assert e.row == pytest.approx((1 / 3, 1 / 3, 1 / 3), abs=1e-12)
    assert e.column == pytest.approx((1 / 3, 1 / 3, 1 / 3), abs=1e-12)
    assert e.symmetric and not e.pure and e.payoffs == pytest.approx((0.0, 0.0), abs=1e-12)
    assert game.regret == (1.0, 1.0, 1.0)
    for shares in game.replicator:  # the uniform population is a rest point
        assert shares == pytest.approx((1 / 3, 1 / 3, 1 / 3), abs=1e-6)
    assert game.equilibrium_loss == pytest.approx((0.0, 0.0, 0.0), abs=1e-12)


def test_stag_hunt_has_two_pure_and_one_mixed_equilibrium() -> None:
    names, a = STAG_HUNT
    game = solve_game(names, np.array(a))
    found = sorted((round(e.row[0], 9), round(e.column[0], 9)) for e in game.equilibria)
    assert found == [(0.0, 0.0), (round(2 / 3, 9), round(2 / 3, 9)), (1.0, 1.0)]
    assert game.reference is not None and game.reference.row == pytest.approx((2 / 3, 1 / 3))


def _store_game(path: Path, names: tuple[str, ...], a: list[list[float]]) -> None:
    """A results file whose negotiations pay exactly the game's payoffs (every ordered pair once)."""
    records = []
    for i, x in enumerate(names):
        for j, y in enumerate(names):
            n = len(records)
            records.append(
                Record(
                    number=n, key=f"k{n}", scenario="game", repetition=0, seed=n, strategies=(x, y),
                    parties=("a", "b"), end="agreement", agreement=0, outcome="deal", rounds=1,
                    utilities=(a[i][j], a[j][i]), reservations=(0.0, 0.0), advantages=(a[i][j], a[j][i]),
                    welfare=a[i][j] + a[j][i], nash_product=0.0, pareto_distance=None, nash_distance=None,
                    failed=None, error="", wall_s=0.0,
                )
            )  # fmt: skip
    with ResultStore(path) as store:
        store.bind({"name": "game"}, "textbook", planned=len(records))
        store.add(records)


@pytest.mark.parametrize("game", [PRISONERS, RPS])
def test_the_command_reproduces_textbook_equilibria_from_a_results_file(
    tmp_path: Path, game: tuple[tuple[str, ...], list[list[float]]]
) -> None:
    names, a = game
    path = tmp_path / "game.sqlite"
    _store_game(path, names, a)
    result = runner.invoke(app, ["tournament", "equilibria", str(path), "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.output)
    assert doc["payoffs"] == [[a[names.index(x)][names.index(y)] for y in doc["strategies"]] for x in doc["strategies"]]
    (eq,) = doc["equilibria"]
    if names == PRISONERS[0]:
        assert eq["row"] == {"defect": 1.0} and eq["column"] == {"defect": 1.0} and eq["pure"]
    else:
        assert eq["row"] == pytest.approx(dict.fromkeys(names, 1 / 3)) and eq["symmetric"] and not eq["pure"]
    shown = runner.invoke(app, ["tournament", "equilibria", str(path)])
    assert shown.exception is None, shown.output
    assert "Nash equilibria" in shown.output and "symmetric" in shown.output


def test_a_real_tournament_meta_game_is_checked_by_brute_force() -> None:
    game: MetaGame = metagame(list(reference()))
    a = np.array(game.payoffs)
    assert set(game.strategies) == {"boulware", "conceder", "random(p=0.3)"}
    assert game.equilibria, "every finite game has an equilibrium"
    for e in game.equilibria:
        assert is_equilibrium(a, e.row, e.column)
    assert game.symmetric  # a symmetric game has a symmetric equilibrium
    for i in range(len(game.strategies)):
        assert game.regret[i] == pytest.approx(max(0.0, a[:, i].max() - a[i, i]))
    assert all(abs(sum(s) - 1) < 1e-9 for s in game.replicator)


def test_a_game_with_missing_pairs_is_refused_clearly(tmp_path: Path) -> None:
    records = [r for r in reference() if len(set(r.strategies)) > 1]  # no self-play
    with pytest.raises(AnalysisError, match="never met"):
        metagame(records)
