"""The progress measure a day of mediated talks ends with (kept for the record only).

For the package text on the table at the end of the day it reports: which issues are
settled (agreed in a working group, or in an accepted package, and still so in the text);
how many parties accept it; each party's *distance from acceptance* (0 if it accepted the
text, else how far the text falls below the position it last stated, in its own utility);
each party's *shortfall* (how far the text falls below its reservation value) and the red
lines it crosses; the *acceptable-to-all gap* (the sum of the shortfalls: 0 means every
party prefers the text to no deal); and how close *any* package comes to being acceptable
to all (the least, over every outcome that crosses no red line, of the largest shortfall:
0 means a package every party prefers to no deal exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from accord.engine.tables import MAX_TABLE_OUTCOMES
from accord.model.preferences import Preferences
from accord.model.space import OutcomeSpace

__all__ = ["Progress", "closest_to_acceptable", "measure"]


class Progress(NamedTuple):
    day: int
    text: int | None
    settled: tuple[str, ...]
    accepting: int
    gap: float
    distance: tuple[tuple[str, float], ...]
    shortfall: tuple[tuple[str, float], ...]
    red_lines: tuple[tuple[str, int], ...]
    closest: float | None
    agreed_groups: tuple[str, ...]

    def info(self) -> tuple[tuple[str, Any], ...]:
        return tuple((k, v) for k, v in zip(self._fields, self, strict=True))

    @classmethod
    def from_info(cls, info: Sequence[tuple[str, Any]]) -> Progress:
        d = dict(info)
        return cls(
            day=int(d["day"]),
            text=d.get("text"),
            settled=tuple(d.get("settled", ())),
            accepting=int(d.get("accepting", 0)),
            gap=float(d.get("gap", 0.0)),
            distance=tuple((str(p), float(x)) for p, x in d.get("distance", ())),
            shortfall=tuple((str(p), float(x)) for p, x in d.get("shortfall", ())),
            red_lines=tuple((str(p), int(x)) for p, x in d.get("red_lines", ())),
            closest=None if d.get("closest") is None else float(d["closest"]),
            agreed_groups=tuple(d.get("agreed_groups", ())),
        )


def _round(x: float) -> float:
    return round(float(x), 6)


def _u(space: OutcomeSpace, p: Preferences, outcome: int) -> float:
    return p(space.outcome(outcome))


def closest_to_acceptable(space: OutcomeSpace, prefs: Sequence[Preferences]) -> float | None:
    """Least, over outcomes crossing no red line, of the largest shortfall below reservation.

    Exact, over every package up to ``MAX_TABLE_OUTCOMES`` (None beyond), a chunk at a time:
    memory stays bounded whatever the size of the space.
    """
    if space.size > MAX_TABLE_OUTCOMES:
        return None
    least: float | None = None
    for _, chunk in space.chunks():
        worst = np.zeros(chunk.shape[0])
        blocked = ~space.feasible(chunk) if space.exclusions else np.zeros(chunk.shape[0], dtype=bool)
        for p in prefs:
            np.maximum(worst, p.reservation - p.evaluate(chunk), out=worst)
            if p.red_lines:
                blocked |= p.crosses_red_line(chunk)
        if not blocked.all():
            m = float(worst[~blocked].min())
            least = m if least is None else min(least, m)
    return None if least is None else _round(max(0.0, least))


def measure(
    *,
    day: int,
    space: OutcomeSpace,
    parties: Sequence[str],
    prefs: Sequence[Preferences],
    text: int | None,
    settled: Sequence[str],
    accepted: Sequence[bool],
    stated: Sequence[int | None],
    agreed_groups: Sequence[str],
    closest: float | None,
) -> Progress:
    """The progress measure of ``text`` (see the module docstring)."""
    shortfall: list[tuple[str, float]] = []
    distance: list[tuple[str, float]] = []
    red: list[tuple[str, int]] = []
    if text is not None:
        outcome = space.outcome(text)
        for pid, p, ok, pos in zip(parties, prefs, accepted, stated, strict=True):
            u, u_pos = _u(space, p, text), (_u(space, p, pos) if pos is not None else p.utility.best()[1])
            shortfall.append((pid, _round(max(0.0, p.reservation - u))))
            distance.append((pid, 0.0 if ok else _round(max(0.0, u_pos - u))))
            red.append((pid, sum(1 for j, mask in p.red_line_masks() if mask[outcome[j]])))
    return Progress(
        day=day,
        text=text,
        settled=tuple(settled),
        accepting=sum(1 for ok in accepted if ok),
        gap=_round(sum(x for _, x in shortfall)),
        distance=tuple(distance),
        shortfall=tuple(shortfall),
        red_lines=tuple(red),
        closest=closest,
        agreed_groups=tuple(agreed_groups),
    )
