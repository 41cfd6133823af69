"""A draft's chances: who accepts a package, by how much, what it crosses, and what would improve it.

:func:`evaluate` takes one package (option indices) and reports, for each party: its
utility, its margin over no deal, the red lines the package crosses and whether it
accepts; the Raiffa improvements (:func:`accord.analysis.improvements`: packages that leave
every party at least as well off and one better); and, when the scenario declares
uncertainties, the probability that each party (and every party) accepts
(:func:`accord.analysis.robustness.acceptance`, exact or Monte Carlo with its error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.improve import Improvement, improvements
from accord.analysis.panel import select_parties
from accord.analysis.robustness import acceptance
from accord.model.scenario import Scenario

__all__ = ["DraftEvaluation", "PartyVerdict", "evaluate"]


@dataclass(frozen=True)
class PartyVerdict:
    party: str
    utility: float
    reservation: float
    margin: float
    red_lines: tuple[str, ...]
    accepts: bool
    p_accept: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "party": self.party,
            "utility": self.utility,
            "reservation": self.reservation,
            "margin": self.margin,
            "red_lines_crossed": list(self.red_lines),
            "accepts": self.accepts,
            "p_accept": self.p_accept,
        }


@dataclass(frozen=True)
class DraftEvaluation:
    outcome: tuple[int, ...]
    package: dict[str, str]
    verdicts: tuple[PartyVerdict, ...]
    improvements: tuple[Improvement, ...]
    p_all: float | None = None
    method: str | None = None
    error: float | None = None

    @property
    def accepted(self) -> bool:
        return all(v.accepts for v in self.verdicts)

    def sentences(self) -> list[str]:
        out = []
        for v in self.verdicts:
            crossed = f", crossing its red line on {', '.join(v.red_lines)}" if v.red_lines else ""
            verb = "accepts" if v.accepts else "rejects"
            prob = "" if v.p_accept is None else f" (probability of acceptance {v.p_accept:.0%})"
            out.append(
                f"{v.party} {verb}: utility {v.utility:.3f} against {v.reservation:.3f} for no deal{crossed}{prob}."
            )
        if self.improvements:
            out.append(
                f"{len(self.improvements)} package(s) would leave every party at least as well off and one better."
            )
        else:
            out.append(
                "No package leaves every party at least as well off and one better (among those crossing no red line)."
            )
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "package": self.package,
            "accepted_by_all": self.accepted,
            "parties": [v.to_dict() for v in self.verdicts],
            "improvements": [i.to_dict() for i in self.improvements],
            "p_all_accept": self.p_all,
            "method": self.method,
            "error_95": self.error,
            "sentences": self.sentences(),
        }


def evaluate(
    scenario: Scenario,
    outcome: Sequence[int],
    parties: Sequence[str] | None = None,
    *,
    count: int = 5,
    samples: int = 10_000,
    seed: int = 0,
) -> DraftEvaluation:
    """Evaluate the package ``outcome`` for ``parties`` (default: the negotiators)."""
    panel = select_parties(scenario, parties)
    o = panel.space.check(outcome)
    arr = np.asarray([o], dtype=np.int64)
    p_all = method = error = None
    p_party = None
    if any(not u.held_by and u.party in panel.ids for u in scenario.uncertainties):
        all_, per, method, error = acceptance(scenario, arr, panel.ids, samples=samples, seed=seed)
        p_all, p_party = float(all_[0]), per[:, 0]
    verdicts = []
    for i, (pid, prefs) in enumerate(zip(panel.ids, panel.preferences, strict=True)):
        u = float(prefs.evaluate(arr)[0])
        crossed = tuple(
            f"{panel.space.names[j]} = {panel.space.issues[j].value(o[j])}"
            for j, mask in prefs.red_line_masks()
            if mask[o[j]]
        )
        verdicts.append(
            PartyVerdict(
                pid,
                u,
                prefs.reservation,
                u - prefs.reservation,
                crossed,
                prefs.accepts(o),
                None if p_party is None else float(p_party[i]),
            )
        )
    better = improvements(scenario, o, panel.ids, count=count)
    return DraftEvaluation(o, panel.space.labels_of(o), tuple(verdicts), better, p_all, method, error)
