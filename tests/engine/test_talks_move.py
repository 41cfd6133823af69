"""Talks that move: the default run revises its texts, seeds and the cost of delay change runs,
many seeded runs summarise, and one default serves the CLI and Python alike."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.defaults import DEFAULT_MEDIATOR, DEFAULT_PARTY, DEFAULT_PROTOCOL
from accord.engine.batch import PARALLEL_RUNS, RunOutcome, default_jobs, play_runs, summarise
from accord.engine.events import EventKind, read_events
from accord.engine.runner import simulate
from accord.engine.strategies import create
from accord.engine.tables import utility_table
from accord.model import CostOfDelay, Scenario
from accord.scenarios import get


@pytest.fixture(scope="module")
def talks() -> Scenario:
    return get()


def _package_texts(run_events: tuple[object, ...]) -> list[tuple[int, list[object]]]:
    """(day, [text event, answers...]) for every package text of the alignment phase."""
    out: list[tuple[int, list[object]]] = []
    day = 0
    for e in run_events:
        if e.kind == EventKind.PHASE:  # type: ignore[attr-defined]
            day = int(e.get("day", day))  # type: ignore[attr-defined]
        if e.kind == EventKind.TEXT and e.get("phase") == "alignment":  # type: ignore[attr-defined]
            out.append((day, [e]))
        elif e.kind in (EventKind.ACCEPT, EventKind.VETO, EventKind.CRITIQUE) and out and not e.get("group"):  # type: ignore[attr-defined]
            out[-1][1].append(e)
    return out


def test_default_texts_change_and_are_not_retabled_unexplained(talks: Scenario) -> None:
    for seed in range(5):
        run = simulate(talks, seed=seed)
        texts = _package_texts(run.events)
        by_day: dict[int, set[int]] = {}
        for day, (text, *_answers) in texts:
            by_day.setdefault(day, set()).add(text.outcome)  # type: ignore[attr-defined]
        assert by_day and all(len(drafts) >= 2 for drafts in by_day.values()), (seed, by_day)
        for (day, prev), (next_day, cur) in pairwise(texts):
            if day != next_day:
                continue  # a new day opens on the package the day's groups assembled
            answers = prev[1:]
            all_objected = bool(answers) and all(a.kind != EventKind.ACCEPT for a in answers)  # type: ignore[attr-defined]
            if all_objected and cur[0].outcome == prev[0].outcome:  # type: ignore[attr-defined]
                assert cur[0].get("note"), (seed, cur[0])  # type: ignore[attr-defined]
        # a group text is a draft too: group work moves within the day
        group_texts = [e for e in run.events if e.kind == EventKind.TEXT and e.get("group")]
        assert len({e.outcome for e in group_texts}) >= 3


def test_ten_seeds_give_at_least_five_runs(talks: Scenario) -> None:
    logs = {simulate(talks, seed=seed).events for seed in range(10)}
    assert len(logs) >= 5


def _impatient(talks: Scenario, party: str, factor: float) -> Scenario:
    parties = []
    for p in talks.parties:
        if p.id == party and p.preferences is not None and p.preferences.cost_of_delay is not None:
            cod = CostOfDelay(factor, p.preferences.cost_of_delay.per)
            p = replace(p, preferences=replace(p.preferences, cost_of_delay=cod))
        parties.append(p)
    return talks.with_parties(parties)


def _settled_at_end(events: tuple[object, ...]) -> tuple[str, ...]:
    ends = [e for e in events if e.kind == EventKind.DAY_END]  # type: ignore[attr-defined]
    return tuple(dict(ends[-1].info).get("settled", ())) if ends else ()  # type: ignore[attr-defined]


def test_default_run_tells_the_reported_story(talks: Scenario) -> None:
    # Two days of talks paced for three: no breakthrough on most seeds, territory still open,
    # other issues settled in working groups on most of those.
    assert talks.calendar.days == 2 and talks.calendar.horizon_days() == 3
    runs = [simulate(talks, seed=s) for s in range(20)]
    failed = [r for r in runs if r.agreement is None]
    assert len(failed) >= 15
    settled = [_settled_at_end(r.events) for r in failed]
    assert sum("territory" not in s for s in settled) >= len(failed) - 2, settled
    assert sum(bool(s) and "territory" not in s for s in settled) >= len(failed) // 2, settled
    # the days the parties pace themselves for bring a deal
    longer = sum(simulate(talks, seed=s, config={"days": 3}).agreement is not None for s in range(20))
    assert longer >= 15, longer


def test_cost_of_delay_changes_the_run_and_moves_the_deal(talks: Scenario) -> None:
    pressed = _impatient(talks, "ukraine", 0.5)
    assert simulate(pressed, seed=0).events != simulate(talks, seed=0).events

    # over 100 seeded runs of talks long enough for a deal (four days), the mean deal moves
    # toward the patient side
    mean = {}
    for name, scenario in (("base", talks), ("impatient", pressed)):
        tables = [utility_table(scenario.preferences(p)) for p in ("ukraine", "russia")]
        deals = [simulate(scenario, seed=s, config={"days": 4}).agreement for s in range(100)]
        assert sum(d is not None for d in deals) >= 90
        mean[name] = np.mean([[t.u[d] for t in tables] for d in deals if d is not None], axis=0)
    ukraine, russia = 0, 1
    assert mean["impatient"][russia] > mean["base"][russia]
    assert mean["impatient"][ukraine] < mean["base"][ukraine]


def test_play_runs_in_processes_equals_serial(talks: Scenario) -> None:
    serial = play_runs(talks, seeds=range(12))
    parallel = play_runs(talks, seeds=range(12), jobs=2)
    assert serial.deals == parallel.deals and serial.by_day == parallel.by_day
    assert serial.utilities == parallel.utilities and parallel.runs == 12


def test_summary_of_hand_made_outcomes(talks: Scenario) -> None:
    outcomes = [
        RunOutcome(0, 7, 0, (0.6, 0.5), (0.6, 0.5)),
        RunOutcome(1, 7, 1, (0.6, 0.5), (0.5, 0.4)),
        RunOutcome(2, 9, 1, (0.7, 0.45), (0.6, 0.4)),
        RunOutcome(3, None, 1, (0.4, 0.45), (0.3, 0.4)),
    ]
    dist = summarise(outcomes, scenario=talks, protocol="phased", days=2)
    assert dist.agreements == 3 and dist.by_day == (0.25, 0.75)
    assert dist.deals == ((7, 2, (0.6, 0.5)), (9, 1, (0.7, 0.45)))
    assert dist.utilities[0].mean == pytest.approx(0.5) and dist.utilities[0].low == 0.3
    assert dist.distinct == 4


def test_one_default_for_the_cli_and_python(talks: Scenario, tmp_path: object) -> None:
    assert create(DEFAULT_PARTY).spec == DEFAULT_PARTY
    log = tmp_path / "run.jsonl"  # type: ignore[operator]
    result = CliRunner().invoke(app, ["run", "--log", str(log)])
    assert result.exception is None and result.exit_code == 0, result.output
    assert tuple(read_events(log)) == simulate(talks).events
    run = simulate(talks)
    assert run.protocol == DEFAULT_PROTOCOL
    assert run.strategies["ukraine"] == DEFAULT_PARTY and run.strategies["united_states"] == DEFAULT_MEDIATOR
    assert DEFAULT_PARTY in result.output.replace("\n", "")


def test_cli_runs_summarises_many_seeds() -> None:
    result = CliRunner().invoke(app, ["run", "--runs", "8", "--days", "3", "--json"])
    assert result.exception is None and result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["runs"] == 8 and doc["days"] == 3 and len(doc["agreed_by_day"]) == 3
    assert doc["agreed_by_day"] == sorted(doc["agreed_by_day"])
    assert sum(d["runs"] for d in doc["deals"]) <= doc["agreements"]
    assert {u["party"] for u in doc["utilities"]} == {"ukraine", "russia"}
    text = CliRunner().invoke(app, ["run", "--runs", "4", "--days", "3"])
    assert text.exception is None and "Most frequent deals" in text.output
    assert "Agreed by the end of each day" in text.output
    bad = CliRunner().invoke(app, ["run", "--runs", "3", "--log", "x.jsonl"])
    assert bad.exit_code == 1 and isinstance(bad.exception, SystemExit) and "--runs" in bad.output


def test_verdict_is_worded_from_measures() -> None:
    from engine_scenarios import trilateral

    scenario = trilateral(days=2, rounds_per_day=5)
    run = simulate(scenario, protocol="phased", strategies={"alpha": "hardliner", "beta": "hardliner"}, seed=0)
    m = run.metrics()
    assert not m.agreement
    last = m.progress[-1]
    assert f"{len(last.settled)} of {scenario.space.n_issues} issues settled" in m.verdict
    assert "substantive and productive" not in m.verdict


def test_exact_nash_package_is_on_the_frontier_of_acceptable_packages(talks: Scenario) -> None:
    from accord.engine.metrics import reference

    ref = reference(talks)
    assert ref is not None and ref.nash_outcome is not None
    tables = [utility_table(talks.preferences(p)) for p in ("ukraine", "russia")]
    point = np.asarray([t.u[ref.nash_outcome] for t in tables])
    assert float(np.min(np.sum((ref.frontier - point) ** 2, axis=1))) < 1e-18


def test_many_runs_use_every_core_by_default() -> None:
    cores = len(os.sched_getaffinity(0))
    assert default_jobs(PARALLEL_RUNS) == cores
    assert default_jobs(PARALLEL_RUNS - 1) == 1
    result = CliRunner().invoke(app, ["run", "--runs", str(PARALLEL_RUNS), "--json"])
    assert result.exception is None, result.output
    doc = json.loads(result.stdout)
    assert doc["runs"] == PARALLEL_RUNS
    assert doc["jobs"] == cores
    one = CliRunner().invoke(app, ["run", "--runs", "20", "--json"])
    assert one.exception is None, one.output
    assert json.loads(one.stdout)["jobs"] == 1
    shown = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert "every available core from --runs 100 on" in shown.stdout
