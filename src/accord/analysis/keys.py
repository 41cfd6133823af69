"""Utilities as exact integer keys: how the analysis compares outcomes.

Floating-point sums are not associative: two packages that are truly worth the same
(``0.1 + 0.2`` against ``0.3``, or ``w/7 + 3w/7`` against ``4w/7``) can differ in the last
bit, and a tie then turns into a "dominance" that depends on the order of the additions.
The analysis therefore compares utilities as int64 *keys*, multiples of
``RESOLUTION = 1 / SCALE``:

- a linear-additive utility's key is the sum of its per-issue contributions, each
  rounded to the nearest multiple (:func:`joint_issue_keys`). Sums of integers are exact
  and associative, so a package's key does not depend on the order in which issues are
  merged, and equal contributions give equal keys;
- any other utility's key is its value rounded to the nearest multiple.

``SCALE = 2^12 * 3^2 * 5^10 * 7 * 11 * 13`` (about 3.6e14) makes every number that is a
decimal with up to 10 places divided by 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, ... an exact
integer key: weights and values written with 5 decimals (GeniusWeb, ANL), GENIUS's
integer evaluations divided by their maximum, weights normalised from small integers.
Their ties are exact ties in the analysis. Other numbers are rounded at about 3e-15, so
utilities closer than ``n_issues`` times that may compare differently from their
floating-point sums; nothing in a negotiation model is that precise. Utilities lie in
[0, 1], and SCALE keeps the product ``u * SCALE`` below 2^49, where a double still
resolves an eighth of a unit, so the rounding recovers the intended integer; keys stay
far below the int64 limit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.arrays import IntArray
from accord.model.preferences import LinearAdditive, Preferences, UtilityFunction

__all__ = [
    "ACCEPT_TOLERANCE",
    "RESOLUTION",
    "SCALE",
    "issue_keys",
    "joint_issue_keys",
    "reservation_floor",
    "to_keys",
    "utility_keys",
]


SCALE = float(2**12 * 3**2 * 5**10 * 7 * 11 * 13)
"""A utility ``u`` has key ``round(u * SCALE)`` (see the module docstring for the choice)."""

RESOLUTION = 1.0 / SCALE
"""Grid on which utilities are compared (about 2.8e-15)."""

ACCEPT_TOLERANCE = 1e-9
"""An outcome is acceptable at ``u >= reservation - ACCEPT_TOLERANCE``, as in
:meth:`accord.model.Preferences.acceptable`."""


def to_keys(values: npt.ArrayLike) -> IntArray:
    """Utilities (any shape) -> int64 keys on the :data:`RESOLUTION` grid."""
    return np.rint(np.asarray(values, dtype=np.float64) * SCALE).astype(np.int64)


def issue_keys(utility: LinearAdditive) -> tuple[IntArray, ...]:
    """Per-issue contributions ``weights[j] * values[j]`` as keys, one array per issue."""
    flat = to_keys(np.concatenate(utility.tables))
    return tuple(np.split(flat, np.cumsum(utility.space.radices)[:-1]))


def joint_issue_keys(utilities: Sequence[LinearAdditive]) -> list[IntArray]:
    """Per issue, the contribution keys of every utility: (n_options_j, n_utilities) arrays."""
    space = utilities[0].space
    flat = to_keys(np.stack([np.concatenate(u.tables) for u in utilities], axis=1))
    return np.split(flat, np.cumsum(space.radices)[:-1])


def utility_keys(utility: UtilityFunction, outcomes: IntArray) -> IntArray:
    """Keys of an (n, n_issues) outcome array for one utility function, shape (n,)."""
    if isinstance(utility, LinearAdditive):
        out = np.zeros(outcomes.shape[0], dtype=np.int64)
        for j, k in enumerate(issue_keys(utility)):
            out += k[outcomes[:, j]]
        return out
    return to_keys(utility.evaluate(outcomes))


def reservation_floor(preferences: Preferences) -> int:
    """The smallest key that can belong to an acceptable outcome.

    Lenient by one grid step per issue (the rounding of a sum of rounded contributions),
    so pruning on it never drops an outcome that
    :meth:`~accord.model.Preferences.acceptable` accepts; the final word is the model's.
    """
    slack = preferences.space.n_issues + 1
    return math.floor((preferences.reservation - ACCEPT_TOLERANCE) * SCALE) - slack
