"""The issues of a space as units a search can choose independently.

Options that cannot go together (a space's exclusions, ``[[incompatible]]`` in scenario
files) tie issues: a search that picks each issue's option on its own could assemble a
package that cannot exist. :func:`feasible_units` merges the issues each exclusion ties into
one compound issue whose options are their feasible combinations (as the additive frontier
does, :func:`accord.analysis.additive.compound_units`); every choice of one option per unit
is then a feasible package, and every feasible package is one such choice. An additive
utility stays additive over units.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.arrays import IntArray
from accord.model.space import OutcomeSpace

__all__ = ["Unit", "feasible_units", "sample_units"]

Unit = tuple[tuple[int, ...], list[tuple[int, ...]]]
"""The issues of a unit and its options (one option digit per issue of the unit)."""


def feasible_units(space: OutcomeSpace, allowed: Sequence[Sequence[int]]) -> list[Unit] | None:
    """The units of ``space`` over the ``allowed`` options of each issue; None if a unit has none."""
    groups = space.linked_groups()
    out: list[Unit] = []
    if not groups:
        for j, opts in enumerate(allowed):
            if not opts:
                return None
            out.append(((j,), [(int(k),) for k in opts]))
        return out
    from accord.analysis.additive import compound_units

    masks = []
    for r, opts in zip(space.radices, allowed, strict=True):
        mask = np.zeros(r, dtype=bool)
        mask[list(opts)] = True
        masks.append(mask)
    for issues, combos in compound_units(space.radices, groups, space.exclusions, masks):
        rows: list[tuple[int, ...]] = (
            [(int(k),) for k in allowed[issues[0]]] if combos is None else [tuple(map(int, c)) for c in combos]
        )
        if not rows:
            return None
        out.append((issues, rows))
    return out


def sample_units(units: Sequence[Unit], n_issues: int, rng: np.random.Generator, m: int) -> IntArray:
    """``m`` packages drawn uniformly per unit (so every one is feasible), as an (m, n_issues) array."""
    out = np.zeros((m, n_issues), dtype=np.int64)
    for issues, rows in units:
        arr = np.asarray(rows, dtype=np.int64)
        out[:, list(issues)] = arr[rng.integers(0, arr.shape[0], size=m)]
    return out
