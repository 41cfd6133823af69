"""The plan of a tournament: every negotiation it plays, each with a stable key and seed.

For each repetition, each scenario and each assignment of strategies to the scenario's
negotiating seats, one negotiation. Assignments are ordered tuples (``rotate_roles``: every
strategy plays every seat) or sorted ones (each group of strategies meets once, in the
order the configuration lists them); ``self_play`` allows a strategy in several seats.

A negotiation's key names its scenario, the strategy in each seat and its repetition; its
seed is drawn from ``numpy.random.SeedSequence(tournament seed, spawn_key=digest(key))``,
so it depends on nothing else: not on the order of the plan, the batch it travels in, the
back-end or the worker that plays it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np

from accord.errors import TournamentError

__all__ = ["Task", "assignments", "auto_batch_size", "batched", "make_plan", "negotiation_key", "negotiation_seed"]


class Task(NamedTuple):
    """One negotiation to play: indices into the configuration's scenarios and strategies."""

    number: int  # position in the plan
    key: str
    scenario: int
    strategies: tuple[int, ...]  # one per negotiating seat, in the scenario's party order
    repetition: int
    seed: int


def assignments(n_strategies: int, n_seats: int, *, self_play: bool, rotate_roles: bool) -> list[tuple[int, ...]]:
    """Every assignment of strategies (by index) to ``n_seats`` seats, in a fixed order."""
    pool = range(n_strategies)
    if rotate_roles:
        if self_play:
            return list(itertools.product(pool, repeat=n_seats))
        return list(itertools.permutations(pool, n_seats))
    if self_play:
        return list(itertools.combinations_with_replacement(pool, n_seats))
    return list(itertools.combinations(pool, n_seats))


def _count(n_strategies: int, n_seats: int, *, self_play: bool, rotate_roles: bool) -> int:
    """``len(assignments(...))`` without listing them."""
    n, k = n_strategies, n_seats
    if rotate_roles:
        return n**k if self_play else math.perm(n, k)
    return math.comb(n + k - 1, k) if self_play else math.comb(n, k)


def negotiation_key(scenario: str, labels: Sequence[str], repetition: int) -> str:
    """The unique, human-readable key of one negotiation: ``["CarA",["boulware","linear"],0]``."""
    return json.dumps([scenario, list(labels), repetition], separators=(",", ":"), ensure_ascii=False)


def negotiation_seed(tournament_seed: int, key: str) -> int:
    """A 63-bit seed for the negotiation ``key`` (fits SQLite's signed 64-bit integers)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    words = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    state = np.random.SeedSequence(tournament_seed, spawn_key=words).generate_state(1, dtype=np.uint64)
    return int(state[0]) >> 1


MAX_PLANNED = 1_000_000
"""Most negotiations one tournament plans (the plan is built in memory)."""


def make_plan(
    *,
    scenario_ids: Sequence[str],
    seats: Sequence[int],
    labels: Sequence[str],
    repetitions: int,
    self_play: bool,
    rotate_roles: bool,
    seed: int,
) -> list[Task]:
    """Every negotiation of the tournament, repetition by repetition.

    ``seats[i]`` is the number of negotiating parties of scenario ``i``; ``labels`` names
    the strategies. Repetitions come outermost, so a tournament stopped early holds a
    balanced sample of the whole league.
    """
    planned = repetitions * sum(_count(len(labels), n, self_play=self_play, rotate_roles=rotate_roles) for n in seats)
    if planned > MAX_PLANNED:
        raise TournamentError(
            f"the tournament would play {planned:,} negotiations, more than the {MAX_PLANNED:,} one run plans; "
            "use fewer repetitions, strategies or scenarios"
        )
    per_scenario = [assignments(len(labels), n, self_play=self_play, rotate_roles=rotate_roles) for n in seats]
    tasks: list[Task] = []
    for rep in range(repetitions):
        for s, (sid, assigned) in enumerate(zip(scenario_ids, per_scenario, strict=True)):
            for a in assigned:
                key = negotiation_key(sid, [labels[i] for i in a], rep)
                tasks.append(Task(len(tasks), key, s, a, rep, negotiation_seed(seed, key)))
    return tasks


def auto_batch_size(n_tasks: int, n_workers: int) -> int:
    """Negotiations per batch: about 4 batches per worker, between 8 and 1,000 negotiations.

    Large enough that shipping a batch costs little next to playing it (a Dask task costs
    about 2 ms; a negotiation of 100 rounds a fraction of one), small enough to balance the
    load (batches go to whichever worker is free) and to lose little when a run is killed.
    """
    if n_tasks <= 0:
        return 1
    return max(8, min(1000, math.ceil(n_tasks / (4 * max(1, n_workers)))))


def batched(tasks: Sequence[Task], size: int) -> Iterator[tuple[Task, ...]]:
    """The tasks in consecutive batches of ``size``."""
    if size < 1:
        raise ValueError("batch size must be positive")
    for i in range(0, len(tasks), size):
        yield tuple(tasks[i : i + size])
