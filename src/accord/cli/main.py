"""The ``accord`` command: one Typer app; each command lives in its own module.

Command modules import what they need inside the command function, so ``accord --help``
and light commands start fast (no plotting, web or cluster libraries at start-up).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Any

import typer
import typer.core

from accord.cli import analyze, classroom, convert, levers, replay, run, scenario_cmds, serve, strategy_cmds
from accord.cli.common import json_mode, print_json
from accord.cli.tournament import app as tournament_app


class _Group(typer.core.TyperGroup):
    """The root group: a closed pipe (``accord analyze | head``) ends the command quietly, with exit 0."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        words = [*getattr(ctx, "_protected_args", ()), *getattr(ctx, "protected_args", ()), *ctx.args]
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except typer.TyperException as e:
            # a usage error in a command's options: as JSON too when the command line asks for JSON
            if "--json" not in words or not hasattr(e, "format_message"):
                raise
            code = int(getattr(e, "exit_code", 2))
            print_json({"error": {"message": e.format_message(), "kind": "usage", "exit_code": code}})
            raise typer.Exit(code) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


def _flag_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows a value's type (``<int>``) but none for on/off flags (typer would print ``<bool>``)."""
    return None if self.is_flag else _typed(self, ctx)


_typed = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]


app = typer.Typer(
    name="accord",
    cls=_Group,
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
app.command("class")(classroom.classroom)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("accord")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"accord {version()}\n")
        raise typer.Exit(0)


class _StderrHandler(logging.StreamHandler[Any]):
    """Writes to whatever ``sys.stderr`` is at the time of the record (test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _configure_logging(verbose: int) -> None:
    """``-v``: what accord does (INFO); ``-vv``: details (DEBUG); to stderr, via the logging module."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    root = logging.getLogger("accord")
    root.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Log what accord does to stderr (-vv: details).")
    ] = 0,
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print accord's version and exit."),
    ] = False,
) -> None:
    """Model, analyse and run mediated, multi-party, multi-issue negotiations.

    With no command, shows the embedded default scenario (abu-dhabi-2026).
    """
    _configure_logging(verbose)
    json_mode(False)
    if ctx.invoked_subcommand is None:
        scenario_cmds.show("abu-dhabi-2026", as_json=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
