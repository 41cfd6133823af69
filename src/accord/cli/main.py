"""The ``accord`` command: one Typer app; each command lives in its own module.

Command modules import what they need inside the command function, so ``accord --help``
and light commands start fast (no plotting, web or cluster libraries at start-up).
"""

from __future__ import annotations

import typer

from accord.cli import analyze, convert, levers, replay, run, scenario_cmds, serve, strategy_cmds
from accord.cli.tournament import app as tournament_app

app = typer.Typer(
    name="accord",
    help="Model, analyse and run mediated, multi-party, multi-issue negotiations.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.command("scenarios")(scenario_cmds.scenarios)
app.command("show")(scenario_cmds.show)
app.command("validate")(scenario_cmds.validate)
app.command("new")(scenario_cmds.new)
app.command("import")(convert.import_scenario)
app.command("analyze")(analyze.analyze)
app.command("levers")(levers.levers)
app.command("whatif")(levers.whatif)
app.command("evaluate")(levers.evaluate)
app.command("run")(run.run)
app.command("replay")(replay.replay)
app.command("check-strategy")(strategy_cmds.check_strategy)
app.add_typer(tournament_app, name="tournament")
app.command("serve")(serve.serve)
app.command("agent")(serve.agent)
app.add_typer(serve.sessions_app, name="sessions")


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """Model, analyse and run mediated, multi-party, multi-issue negotiations.

    With no command, shows the embedded default scenario (abu-dhabi-2026).
    """
    if ctx.invoked_subcommand is None:
        scenario_cmds.show("abu-dhabi-2026", as_json=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
