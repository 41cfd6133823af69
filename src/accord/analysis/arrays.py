"""Small numpy helpers shared by the analysis: distinct rows, concatenated ranges, ordering."""

from __future__ import annotations

import numpy as np

from accord.arrays import IntArray

__all__ = ["lex_order", "ranges", "unique_rows"]


def unique_rows(rows: IntArray) -> tuple[IntArray, IntArray]:
    """Distinct rows (in lexicographic order) and, for each input row, its distinct row's index.

    >>> u, inv = unique_rows(np.array([[2, 1], [1, 5], [2, 1]]))
    >>> u.tolist(), inv.tolist()
    ([[1, 5], [2, 1]], [1, 0, 1])
    """
    m = rows.shape[0]
    if m == 0:
        return rows.copy(), np.zeros(0, dtype=np.int64)
    order = lex_order(rows)
    ordered = rows[order]
    new = np.empty(m, dtype=bool)
    new[0] = True
    np.any(ordered[1:] != ordered[:-1], axis=1, out=new[1:])
    ids = np.cumsum(new) - 1
    inverse = np.empty(m, dtype=np.int64)
    inverse[order] = ids
    return ordered[new], inverse


def lex_order(rows: IntArray) -> IntArray:
    """Indices that sort the rows lexicographically (first column most significant), stably."""
    if rows.shape[1] == 0:
        return np.arange(rows.shape[0], dtype=np.int64)
    return np.lexsort(rows.T[::-1]).astype(np.int64)


def ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """Concatenation of ``arange(s, s + n)`` for each ``(s, n)``, without a Python loop.

    >>> ranges(np.array([5, 0, 2]), np.array([2, 0, 3])).tolist()
    [5, 6, 2, 3, 4]
    """
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    shift = np.repeat(starts - (ends - lengths), lengths)
    return shift + np.arange(total, dtype=np.int64)
