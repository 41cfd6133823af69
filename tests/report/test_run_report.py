"""The run report opens offline in Chromium and draws the run's own record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from report_support import traces_in

from accord import scenarios
from accord.engine.events import EventKind
from accord.engine.runner import simulate
from accord.report import write_run_report
from accord.report.html import write_report


def test_phased_run_report(tmp_path: Path, open_report: Callable[[Path], Any]) -> None:
    talks = scenarios.get("abu-dhabi-2026")
    run = simulate(talks, protocol="phased", seed=3, strategies={"ukraine": "boulware", "russia": "linear"})
    opened = open_report(write_run_report(run, tmp_path / "run.html"))
    opened.assert_clean()
    space = talks.space
    ids = [p.id for p in talks.negotiators]
    texts = [e for e in run.events if e.kind == EventKind.TEXT and not e.group and e.outcome is not None]
    (trail,) = [t for t in opened.traces("trail") if t["meta"]["line"] == "package"]
    expected = [[talks.preferences(p)(space.outcome(e.outcome or 0)) for e in texts] for p in ids]
    np.testing.assert_allclose([trail["x"], trail["y"]], expected, atol=1e-12)
    per_round = {t["meta"]["party"]: t for t in opened.traces("utility") if t["meta"]["line"] == "package"}
    assert set(per_round) == {*ids, "united_states"}  # the mediator holds preferences too
    np.testing.assert_allclose(per_round["russia"]["y"], expected[1], atol=1e-12)
    days = [e for e in run.events if e.kind == EventKind.DAY_END]
    (gap,) = opened.traces("gap")
    assert gap["y"] == pytest.approx([e.get("gap") for e in days])
    text = opened.text()
    for day in range(len(days)):
        assert talks.calendar.label(day) in text
    assert "consultations in plenary" in text.lower()  # a heading, shown in capitals
    assert "told the mediator in confidence" in text
    if run.agreement is not None:
        (star,) = opened.traces("agreement")
        o = space.outcome(run.agreement)
        assert [star["x"][0], star["y"][0]] == pytest.approx([talks.preferences(p)(o) for p in ids])
        assert "Agreement on:" in text
    opened.screenshot("report-run.png")
    party = open_report(write_run_report(run, tmp_path / "russia.html", party="russia"))
    party.assert_clean()
    assert {t["meta"]["party"] for t in party.traces("utility")} == {"russia"}
    assert party.traces("trail") == [] and party.traces("gap") == []
    party.screenshot("report-run-party.png")


def test_alternating_offers_report_draws_each_partys_offers(tmp_path: Path) -> None:
    offer = scenarios.get("job-offer")
    run = simulate(offer, protocol="saop", seed=1)
    trails = {t["meta"]["line"]: t for t in traces_in(write_run_report(run, tmp_path / "saop.html"), "trail")}
    for p in offer.negotiators:
        offers = [e for e in run.events if e.kind == EventKind.OFFER and e.party == p.id]
        assert len(trails[f"offer:{p.id}"]["x"]) == len(offers)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("the previous report", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("accord.atomic.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_report(target, "<html>new</html>")
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
