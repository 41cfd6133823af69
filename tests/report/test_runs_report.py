"""The report of many seeded runs: agreement by day, the most frequent deals, each party's utilities."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from report_support import figures_in, traces_in
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.batch import Distribution, play_runs
from accord.model import Scenario
from accord.report import write_runs_report
from accord.scenarios import get

runner = CliRunner()


@pytest.fixture(scope="module")
def talks() -> Scenario:
    return get()


@pytest.fixture(scope="module")
def dist(talks: Scenario) -> Distribution:
    return play_runs(talks, seeds=range(40))


def test_report_draws_the_distribution_of_the_runs(
    tmp_path: Path, talks: Scenario, dist: Distribution, open_report: Callable[[Path], Any]
) -> None:
    path = write_runs_report(talks, dist, tmp_path / "runs.html")
    (by_day,) = traces_in(path, "agreed-by-day")
    assert by_day["y"] == pytest.approx([100 * s for s in dist.by_day])
    assert len(by_day["x"]) == len(dist.by_day) == talks.calendar.days
    (on_day,) = traces_in(path, "agreed-on-day")
    assert sum(on_day["y"]) == pytest.approx(100 * dist.agreement_rate)
    # the deals: as many runs per package as the runs themselves ended in
    ended = Counter(r.agreement for r in dist.results if r.agreement is not None)
    if dist.deals:
        (deals,) = traces_in(path, "deals")
        assert {int(o): n for o, n in zip(deals["meta"]["outcomes"], deals["x"], strict=True)} == {
            o: ended[o] for o, _, _ in dist.deals
        }
    # each negotiating party's utility in every run, as a box plot and a histogram
    boxes = {t["meta"]["party"]: t for t in traces_in(path, "utility-distribution")}
    hists = {t["meta"]["party"]: t for t in traces_in(path, "utility-histogram")}
    parties = [p.id for p in talks.negotiators]
    assert sorted(boxes) == sorted(hists) == sorted(parties)
    for i, p in enumerate(parties):
        runs = [r.utility[i] for r in dist.results]
        assert len(runs) == 40
        assert boxes[p]["x"] == pytest.approx(runs)
        assert hists[p]["x"] == pytest.approx(runs)
    text = html.unescape(path.read_text(encoding="utf-8"))
    for _, _, raw in dist.deals:  # the analyst's report names every party's utility of each deal
        assert all(f"{talks.party(p).name} {u:.3f}" in text for p, u in zip(dist.parties, raw, strict=True))
    page = open_report(path)
    page.assert_clean()
    assert len(page.plots()) == len(figures_in(path))
    text = page.text()
    assert f"agreement in {dist.agreements} of 40 runs" in text
    assert "Analyst's view" in text


def test_a_partys_report_holds_its_own_utilities_only(tmp_path: Path, talks: Scenario, dist: Distribution) -> None:
    path = write_runs_report(talks, dist, tmp_path / "ukraine.html", party="Ukraine")
    assert [t["meta"]["party"] for t in traces_in(path, "utility-distribution")] == ["ukraine"]
    assert [t["meta"]["party"] for t in traces_in(path, "utility-histogram")] == ["ukraine"]
    text = html.unescape(path.read_text(encoding="utf-8"))
    assert "Ukraine's view" in text
    russia = dist.parties.index("russia")
    for _, _, raw in dist.deals:
        assert f"Russia {raw[russia]:.3f}" not in text
    # the results themselves (which deal, which day) are public
    assert traces_in(path, "agreed-by-day")[0]["y"] == pytest.approx([100 * s for s in dist.by_day])


def test_the_mediators_report_shows_results_and_no_utilities(
    tmp_path: Path, talks: Scenario, dist: Distribution
) -> None:
    mediator = talks.mediator
    assert mediator is not None
    path = write_runs_report(talks, dist, tmp_path / "us.html", party=mediator.id)
    assert traces_in(path, "utility-distribution") == []
    assert traces_in(path, "agreed-by-day")
    assert "holds no utilities of its own" in path.read_text(encoding="utf-8")


def test_seen_by_keeps_the_results_and_one_partys_utilities(dist: Distribution) -> None:
    mine = dist.seen_by("russia")
    i = dist.parties.index("russia")
    assert mine.parties == ("russia",)
    assert mine.utilities == (dist.utilities[i],)
    assert [r.agreement for r in mine.results] == [r.agreement for r in dist.results]
    assert [r.utility for r in mine.results] == [(r.utility[i],) for r in dist.results]
    assert (mine.agreements, mine.by_day, mine.distinct) == (dist.agreements, dist.by_day, dist.distinct)


def test_run_with_runs_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "runs.html"
    result = runner.invoke(app, ["run", "--runs", "12", "--seed", "3", "--report", str(out), "--json"])
    assert result.exception is None, result.output
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["runs"] == 12
    assert "report written to" in result.stderr
    (by_day,) = traces_in(out, "agreed-by-day")
    assert by_day["y"] == pytest.approx([100 * s for s in doc["agreed_by_day"]])
    boxes = traces_in(out, "utility-distribution")
    assert [len(t["x"]) for t in boxes] == [12, 12]
    assert "seeds 3–14" in out.read_text(encoding="utf-8")


def test_run_with_runs_and_party_shows_its_view_everywhere(tmp_path: Path) -> None:
    out = tmp_path / "russia.html"
    result = runner.invoke(app, ["run", "--runs", "8", "--party", "russia", "--report", str(out), "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.stdout)
    assert doc["party"] == "russia"
    assert [u["party"] for u in doc["utilities"]] == ["russia"]
    assert all(set(d["utilities"]) == {"russia"} for d in doc["deals"])
    assert [t["meta"]["party"] for t in traces_in(out, "utility-distribution")] == ["russia"]
    shown = runner.invoke(app, ["run", "--runs", "8", "--party", "russia"], env={"COLUMNS": "140"})
    assert shown.exception is None, shown.output
    assert "Russia's view" in shown.stdout
    assert "ukraine" not in shown.stdout.lower().replace("weapons supply to ukraine", "")


def test_runs_refuse_the_options_of_one_run(tmp_path: Path) -> None:
    log = tmp_path / "x.jsonl"
    result = runner.invoke(app, ["run", "--runs", "5", "--log", str(log)])
    assert result.exit_code == 1
    assert "--log" in result.output
    assert not log.exists()
