"""The plan: which negotiations a tournament plays, their keys, seeds and batches."""

from __future__ import annotations

import pytest

from accord.tournament.plan import assignments, auto_batch_size, batched, make_plan, negotiation_seed


@pytest.mark.parametrize(
    ("self_play", "rotate", "count"),
    [(True, True, 16), (False, True, 12), (True, False, 10), (False, False, 6)],
)
def test_bilateral_assignments(self_play: bool, rotate: bool, count: int) -> None:
    found = assignments(4, 2, self_play=self_play, rotate_roles=rotate)
    assert len(found) == len(set(found)) == count
    if rotate:  # every strategy plays every seat equally often
        for seat in range(2):
            assert sorted({a[seat] for a in found}) == [0, 1, 2, 3]


def test_trilateral_assignments() -> None:
    assert len(assignments(3, 3, self_play=True, rotate_roles=True)) == 27
    assert len(assignments(3, 3, self_play=False, rotate_roles=True)) == 6
    assert assignments(3, 3, self_play=False, rotate_roles=False) == [(0, 1, 2)]


def _plan(labels: tuple[str, ...] = ("a", "b", "c"), seed: int = 5, reps: int = 2) -> dict[str, int]:
    tasks = make_plan(
        scenario_ids=["s1", "s2"], seats=[2, 3], labels=labels, repetitions=reps, self_play=True,
        rotate_roles=True, seed=seed,
    )  # fmt: skip
    assert [t.number for t in tasks] == list(range(len(tasks)))
    return {t.key: t.seed for t in tasks}


def test_plan_keys_are_unique_and_seeds_depend_only_on_key_and_seed() -> None:
    plan = _plan()
    assert len(plan) == 2 * (9 + 27)
    assert len(set(plan.values())) == len(plan)
    bigger = _plan(labels=("c", "a", "b", "d"), reps=3)  # other strategies, other order, more repetitions
    assert all(bigger[k] == s for k, s in plan.items())
    assert all(0 <= s < 2**63 for s in plan.values())
    other = _plan(seed=6)
    assert all(other[k] != s for k, s in plan.items())


def test_seeds_are_pinned() -> None:
    """Changing how seeds are derived would silently change every stored tournament's results."""
    assert negotiation_seed(0, '["CarA",["boulware","linear"],0]') == 2167556546996155784
    assert negotiation_seed(42, "x") == 3565071139617786571


def test_batches_cover_the_plan_in_order() -> None:
    tasks = make_plan(
        scenario_ids=["s"], seats=[2], labels=["a", "b", "c"], repetitions=3, self_play=True, rotate_roles=True,
        seed=0,
    )  # fmt: skip
    chunks = list(batched(tasks, 4))
    assert [len(c) for c in chunks] == [4] * 6 + [3]
    assert [t for c in chunks for t in c] == tasks
    assert auto_batch_size(10, 2) == 8
    assert auto_batch_size(100_000, 2) == 1000
    assert auto_batch_size(4_000, 2) == 500
