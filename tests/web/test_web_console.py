"""The mediator's console helpers against oracles: the analysis module's Nash package, brute-force counts."""

from __future__ import annotations

import numpy as np
import pytest

from accord import scenarios
from accord.analysis.pareto import pareto_frontier
from accord.analysis.solutions import nash
from accord.engine.events import Action, PriorityReport
from accord.engine.protocols.base import get_protocol
from accord.engine.view import View
from accord.web import console
from accord.web.brief import names_of

CASE = "abu-dhabi-2026"


def _truthful(pid: str) -> PriorityReport:
    s = scenarios.get(CASE)
    prefs = s.preferences(pid)
    red = tuple((j, k) for j, mask in prefs.red_line_masks() for k in np.flatnonzero(mask).tolist())
    util = prefs.utility
    return PriorityReport(tuple(util.weights), tuple(tuple(r) for r in util.values), prefs.reservation, red)


def _mediator_view(reports: dict[str, PriorityReport]) -> View:
    s = scenarios.get(CASE)
    proto = get_protocol("phased")
    state = proto.start(s, proto.config_of({"days": 1, "rounds_per_day": 3, "group_rounds": 1}), 0)
    for pid in ("ukraine", "russia"):
        state, _ = proto.apply(state, Action(pid, "open", outcome=0))
    for pid, rep in reports.items():
        state, _ = proto.apply(state, Action(pid, "report", report=rep))
    return proto.view(state, "united_states")


def test_truthful_reports_give_the_analysis_nash_package_and_acceptable_count() -> None:
    s = scenarios.get(CASE)
    view = _mediator_view({p: _truthful(p) for p in ("ukraine", "russia")})
    est = console.estimate(view, names_of(s))
    assert est is not None and est["nash"] is not None
    oracle = nash(pareto_frontier(s, acceptable=True))
    assert est["nash"]["utilities"] == pytest.approx([oracle.utilities["ukraine"], oracle.utilities["russia"]])
    everything = np.indices(s.space.radices).reshape(len(s.space.radices), -1).T
    both = s.preferences("ukraine").acceptable(everything) & s.preferences("russia").acceptable(everything)
    assert est["acceptable"] == int(both.sum()) and est["considered"] == s.space.size
    assert est["frontier"] == len(pareto_frontier(s, acceptable=True))


def test_verdicts_follow_the_reports_not_the_truth() -> None:
    s = scenarios.get(CASE)
    n = len(s.space.radices)
    flat = PriorityReport((1.0,) + (0.0,) * (n - 1), tuple((0.5,) * r for r in s.space.radices), 0.6, ((0, 0),))
    rows = console.verdicts(s.space, [("ukraine", flat)], [0] * n, names_of(s))
    assert rows[0]["worth"] == pytest.approx(0.5) and not rows[0]["ok"]
    assert rows[0]["crossed"] == [f"{s.space.issues[0].label}: {s.space.issues[0].label_of(0)}"]
    ok = console.verdicts(s.space, [("ukraine", flat._replace(reservation=0.4))], [1] * n, names_of(s))
    assert ok[0]["ok"] and ok[0]["verdict"] == "acceptable by its report"


def test_a_suggestion_reads_the_mediators_view_only() -> None:
    view = _mediator_view({p: _truthful(p) for p in ("ukraine", "russia")})
    digits = console.suggest(view, "nash-seeking", (0, 2))
    assert len(digits) == len(view.space.radices)
    assert all(0 <= d < r for d, r in zip(digits, view.space.radices, strict=True))


def test_no_report_no_hint() -> None:
    assert console.estimate(_mediator_view({}), {}) is None
