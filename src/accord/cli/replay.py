"""``accord replay LOG``: rebuild a recorded run from its event log, check it, and show or report it.

The log (``accord run ... --log events.jsonl``) is the run's complete record. Replaying it
applies every recorded action to the protocol again and checks that each event is what the
rules produce, and its seal (the last line: a digest of the scenario's content, a hash chain
over the events and the end of the record), so a log that was cut short, edited, or recorded
with another scenario (even one of the same id) is refused. The
strategies that played are not part of the record (they are each party's private business):
the replayed run names them as unknown. A tournament played with ``--traces`` keeps such a
log for each negotiation: ``accord replay RESULTS.sqlite --negotiation N`` replays one,
on the scenario as the tournament played it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import SCENARIO_HELP, fail, json_mode, load, print_json
from accord.cli.reports import PlotlyOpt, ReportOpt, ViewOpt, viewer, wanted, write

if TYPE_CHECKING:
    from accord.model.scenario import Scenario


def _is_results(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _traced(path: Path, negotiation: str | None) -> tuple[list[Any], Scenario]:
    """The events of one negotiation of a tournament's results file, and its scenario as played."""
    from accord.engine.events import event_from_dict
    from accord.tournament.config import config_from_dict, load_scenarios
    from accord.tournament.store import ResultStore

    if negotiation is None:
        fail(f"{path} is a tournament's results file: say which negotiation to replay with --negotiation N")
    with ResultStore(path, readonly=True) as store:
        record, text = store.trace(negotiation)
        stored = store.stored_config()
    events = [
        event_from_dict(json.loads(line), where=f"{path}#{negotiation}:{n}")
        for n, line in enumerate(text.splitlines(), 1)
    ]
    if stored is None:
        fail(f"{path} does not record its tournament's configuration")
    config = config_from_dict(stored, base_dir=path.resolve().parent)
    for s in load_scenarios(config):
        if s.id == record.scenario:
            return events, s
    fail(f"{path}: the scenario {record.scenario!r} of negotiation {negotiation} is not among the tournament's")
    raise AssertionError("unreachable")  # pragma: no cover


def replay(
    log: Annotated[
        Path,
        typer.Argument(help="An event log written by `accord run --log`, or a tournament's results file (--traces)."),
    ],
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help=SCENARIO_HELP + " Default: the scenario named in the log (if embedded)."),
    ] = None,
    negotiation: Annotated[
        str | None,
        typer.Option("--negotiation", "-n", help="In a tournament's results file: the negotiation's number or key."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON (errors too).")] = False,
    transcript: Annotated[bool, typer.Option("--transcript", help="Print every text and answer.")] = False,
    report: ReportOpt = None,
    view: ViewOpt = None,
    plotly_js: PlotlyOpt = "inline",
) -> None:
    """Rebuild a run from its event log (checking every event), then print or report it."""
    json_mode(as_json)
    from accord.engine.events import EventKind
    from accord.engine.protocols.base import replay as replay_events
    from accord.engine.record import SealedLog, check_chain, check_origin, read_log
    from accord.engine.runner import Run
    from accord.errors import AccordError

    traced: Scenario | None = None
    sealed: SealedLog | None = None  # a tournament's trace lives in its results file, unsealed
    try:
        if _is_results(log):
            events, traced = _traced(log, negotiation)
        else:
            sealed = read_log(log)
            events = sealed.events
    except UnicodeDecodeError as e:
        fail(f"{log}: not an event log (not UTF-8 text: {e.reason} at byte {e.start})")
    except OSError as e:
        fail(f"cannot read the event log {log}: {e.strerror or e}")
    except AccordError as e:
        fail(e)
    except ValueError as e:
        fail(f"{log}: not an event log ({e})")
    if not events or events[0].kind != EventKind.STARTED:
        fail(f"{log}: an event log opens with a 'started' event")
    named = events[0].scenario_id
    s = traced if traced is not None and scenario is None else load(scenario if scenario is not None else named)
    seat = viewer(s, view)
    if seat is not None and transcript:
        fail("--transcript is the analyst's record (every party's utilities); with --party the party's view is shown")
    try:
        if sealed is not None:
            check_origin(s, sealed)
        proto, state = replay_events(s, events)
        if sealed is not None:
            check_chain(sealed)
    except AccordError as e:
        fail(f"{log}: {e}")
    seats = proto.seats(state)
    run = Run(
        scenario=s,
        protocol=proto.name,
        seed=events[0].seed,
        strategies=dict.fromkeys(seats, "unknown (not in the record)"),
        events=tuple(events),
        agreement=proto.agreement(state),
        state=state,
    )
    metrics = run.metrics()
    if wanted(report, view):
        from accord.report import write_run_report

        write(report, lambda: write_run_report(run, report, party=seat, seed=run.seed), plotly_js)
    if as_json and seat is not None:
        from accord.cli.run_view import party_metrics

        print_json({**party_metrics(run, metrics, seat), "seed": run.seed, "events": len(events)})
        return
    if as_json:
        print_json(
            {"scenario": s.id, "protocol": run.protocol, "seed": run.seed, "events": len(events), **metrics.to_dict(s)}
        )
        return
    from accord.cli.run import show

    show(run, metrics, seat, transcript=transcript)
