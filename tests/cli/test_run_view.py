"""The concise default of ``accord run``: per day what changed, who accepts, the gap; short at 80 columns."""

from __future__ import annotations

from typer.testing import CliRunner

from accord import scenarios
from accord.cli.main import app
from accord.engine.events import EventKind
from accord.engine.runner import simulate

runner = CliRunner()


def test_the_default_run_is_concise_and_the_transcript_is_one_flag_away() -> None:
    concise = runner.invoke(app, ["run"], env={"COLUMNS": "80"})
    full = runner.invoke(app, ["run", "--transcript"], env={"COLUMNS": "80"})
    assert concise.exception is None and full.exception is None
    lines = concise.stdout.splitlines()
    assert len(lines) <= 60, len(lines)
    assert len(full.stdout.splitlines()) > 3 * len(lines)
    talks = scenarios.get("abu-dhabi-2026")
    for d in range(talks.calendar.days):
        assert talks.calendar.label(d) in concise.stdout
    days_with_a_text = concise.stdout.count("gap: ")  # one line a day with a package text on the table
    assert 1 <= days_with_a_text <= talks.calendar.days
    assert concise.stdout.count("accept: ") <= days_with_a_text
    assert "Result: " in concise.stdout and "--transcript" in concise.stdout


def test_a_refused_text_that_beats_no_deal_for_all_is_explained() -> None:
    talks = scenarios.get("abu-dhabi-2026")
    run = simulate(talks, seed=0)  # the same talks as `accord run`
    refused = [
        e
        for e in run.events
        if e.kind == EventKind.TEXT
        and not e.get("group", "")
        and e.get("phase") != "consultation"
        and e.outcome is not None
        and all(talks.preferences(p.id).accepts(talks.space.outcome(e.outcome)) for p in talks.negotiators)
    ]
    out = runner.invoke(app, ["run"], env={"COLUMNS": "200"}).stdout
    heading = "Why not sooner:" if run.agreement is not None else "Why no deal:"
    if refused:
        assert heading in out
        assert "at least as good as no deal for every party" in out
    else:
        assert "Why no deal:" not in out and "Why not sooner:" not in out


def test_saop_and_single_text_have_a_concise_view_too() -> None:
    for args in (
        ["run", "job-offer", "-p", "saop", "--seed", "3"],
        ["run", "harbour-development", "-p", "single-text"],
    ):
        result = runner.invoke(app, args, env={"COLUMNS": "80"})
        assert result.exception is None, result.output
        assert "Result: " in result.stdout
        assert len(result.stdout.splitlines()) <= 40, args


def test_a_partys_verdict_reads_as_the_analysts_when_what_it_saw_allows() -> None:
    from accord.report import run_report
    from accord.report.privacy import public_verdict, visible_events

    talks = scenarios.get("abu-dhabi-2026")
    run = simulate(talks, seed=0)  # the same talks as `accord run`
    analyst = run.metrics().verdict
    public = public_verdict(run.agreement is not None, visible_events(run.events, "ukraine"))
    assert public.split(":")[0] == analyst.split(":")[0]  # both say agreement, or both no agreement
    if analyst.endswith("no breakthrough"):  # groups settled issues: a party saw that too
        assert public == analyst
    if run.agreement is None:
        assert f"{public[0].upper()}{public[1:]}." in run_report(run, party="ukraine")
    out = runner.invoke(app, ["run", "--party", "ukraine"], env={"COLUMNS": "200"}).stdout
    assert f"Result: {public}" in out
