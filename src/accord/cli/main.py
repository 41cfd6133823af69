"""The ``accord`` command: one Typer app; each command lives in its own module.

A command's module is imported only when that command runs: ``accord --help`` and shell
completion list every command from :data:`COMMANDS` (name, where it lives, its summary)
without importing any of them, and command modules import what they need inside the
command function, so no command pays for another's libraries (plotting, web, cluster).
"""

from __future__ import annotations

import difflib
import importlib
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Final, Literal

import typer
import typer.core
import typer.main

from accord.cli.common import json_mode, print_json

MARKUP: Final[Literal["rich"]] = "rich"

# name -> (module, attribute: a command function or a Typer app of subcommands, summary for the listing).
# A summary is the first paragraph of the command's own help (tests/cli/test_lazy_imports.py checks it).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "scenarios": ("accord.cli.scenario_cmds", "scenarios", "List the scenarios embedded in accord."),
    "show": (
        "accord.cli.scenario_cmds",
        "show",
        "Show a scenario: parties, issues and options, weights, values, red lines, groups, calendar.",
    ),
    "validate": (
        "accord.cli.scenario_cmds",
        "validate",
        "Check scenario files; list every problem found. Exit code 0 if all are valid, 1 if not.",
    ),
    "new": (
        "accord.cli.scenario_cmds",
        "new",
        "Write a commented template scenario (valid as written) to start from, or a strategy (--strategy).",
    ),
    "import": (
        "accord.cli.convert",
        "import_scenario",
        "Import a GENIUS / GeniusWeb scenario and save it as an accord scenario file.",
    ),
    "analyze": (
        "accord.cli.analyze",
        "analyze",
        "Analyse a scenario: Pareto frontier, zone of possible agreement, bargaining solutions "
        "(Nash, Kalai–Smorodinsky, egalitarian, utilitarian) and the sticking points, ranked.",
    ),
    "levers": (
        "accord.cli.levers",
        "levers",
        "Rank the scenario's levers (actions outside the table) and pairs of levers by their effect on "
        "the zone of agreement (its exact size, whether it opens), the Nash package and, with --runs, "
        "the simulated agreement rate.",
    ),
    "whatif": (
        "accord.cli.levers",
        "whatif",
        "What would it take: for each party and parameter, the smallest change that opens a zone of "
        "agreement (default; when it is open already, that widens it by half), widens it (--widen), or "
        "makes a package acceptable to all (--package). Exact, not sampled.",
    ),
    "evaluate": (
        "accord.cli.levers",
        "evaluate",
        "A draft's chances: who accepts the package, each party's margin over no deal, red lines crossed, "
        "the packages that would improve it for everyone (Raiffa) and, with uncertainty in the scenario, "
        "the probability that each party accepts.",
    ),
    "run": (
        "accord.cli.run",
        "run",
        "Run a negotiation and print, per day, what changed, who accepts and the gap; then how it ended.",
    ),
    "replay": (
        "accord.cli.replay",
        "replay",
        "Rebuild a run from its event log (checking every event), then print or report it.",
    ),
    "check-strategy": (
        "accord.cli.strategy_cmds",
        "check_strategy",
        "Check a strategy against the contract the built-in ones keep (exit status 1 if it breaks it).",
    ),
    "serve": (
        "accord.cli.serve",
        "serve",
        "Serve negotiation sessions over HTTP (FastAPI; OpenAPI schema at /docs).",
    ),
    "agent": (
        "accord.cli.serve",
        "agent",
        "Take a seat in a served session with a built-in strategy, and play it to the end.",
    ),
    "class": (
        "accord.cli.classroom",
        "classroom",
        "Create N tables of one case at once on a running service; print one link per seat per table.",
    ),
    "tournament": (
        "accord.cli.tournament",
        "app",
        "Tournaments: every strategy against every other, on many scenarios, in every role.",
    ),
    "sessions": ("accord.cli.serve", "sessions_app", "List, export and close the sessions of a service's database."),
}


def load_command(name: str) -> Any:  # typer's own click Command
    """Import the module of command ``name`` and build its command, as if it were registered on the root."""
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(rich_markup_mode=MARKUP, add_completion=False)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_group(holder).commands[name]


class _Group(typer.core.TyperGroup):
    """The root group: commands are loaded on first use; a closed pipe (``accord analyze | head``)
    ends the command quietly, with exit 0."""

    _listing = False

    @contextmanager
    def _summaries(self) -> Iterator[None]:
        """While listing commands (help, completion), stand-ins with a name and a summary do."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        if self._listing:
            return typer.core.TyperCommand(cmd_name, help=COMMANDS[cmd_name][2])
        command = load_command(cmd_name)
        self.commands[cmd_name] = command
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as e:  # "no such command": typer suggests among the commands loaded so far
            message = getattr(e, "message", None)
            if args and isinstance(message, str) and "Did you mean" not in message:
                matches = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    e.message = f"{message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._summaries():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._summaries():
            return super().shell_complete(ctx, incomplete)

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


app = typer.Typer(
    name="accord",
    cls=_Group,
    help="Model, analyse and run mediated, multi-party, multi-issue negotiations.",
    no_args_is_help=False,
    add_completion=True,
    rich_markup_mode=MARKUP,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
        from accord.cli.scenario_cmds import show

        show("abu-dhabi-2026", as_json=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
