"""``accord check-strategy SPEC`` and ``accord new --strategy FILE``: for people writing strategies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import SCENARIO_HELP, console, fail, print_json


def check_strategy(
    spec: Annotated[str, typer.Argument(help="The strategy: NAME(k=v,...), module:Class(...) or path/file.py:Class.")],
    scenario: Annotated[
        str | None, typer.Option("--scenario", help=SCENARIO_HELP + " Default: harbour-development.")
    ] = None,
    protocol: Annotated[
        list[str] | None, typer.Option("--protocol", "-p", help="Check only this protocol (repeatable).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the negotiations played.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
) -> None:
    """Check a strategy against the contract the built-in ones keep (exit status 1 if it breaks it).

    In every protocol and seat it declares: it sees only what its seat may see, the same seed
    gives the same negotiation, the protocol accepts its actions, it never offers or accepts
    across its red lines, and the negotiation ends within the deadline.
    """
    from accord.engine.strategies.contract import check_strategy as run_checks
    from accord.errors import AccordError

    try:
        report = run_checks(spec, scenario=scenario, protocols=protocol, seed=seed)
    except AccordError as e:
        fail(e)
    if as_json:
        print_json(report.to_dict())
    else:
        from rich.table import Table

        table = Table(title=f"{spec} on {report.scenario}", title_justify="left", show_edge=False)
        for col in ("protocol", "seat", "check", "result", "detail"):
            table.add_column(col, overflow="fold")
        for c in report.checks:
            table.add_row(c.protocol, c.role, c.name, "[green]pass[/]" if c.passed else "[red]FAIL[/]", c.detail)
        out = console()
        out.print(table)
        n = len(report.failures)
        out.print("[green]keeps the contract[/]" if report.ok else f"[red]breaks the contract ({n} failed)[/]")
    if not report.ok:
        raise typer.Exit(1)


def write_strategy_template(path: Path, *, force: bool) -> None:
    """Write the commented strategy template to ``path`` (refusing to overwrite unless forced)."""
    from accord.atomic import write_text
    from accord.engine.strategies.template import STRATEGY_TEMPLATE

    if path.suffix != ".py":
        fail(f"a strategy file is Python: give a name ending in .py (found {str(path)!r})")
    if path.exists() and not force:
        fail(f"{path} already exists; use --force to overwrite it")
    try:
        write_text(path, STRATEGY_TEMPLATE.replace("{path}", str(path)))
    except OSError as e:
        fail(f"cannot write {path}: {e.strerror or e}")
    console().print(
        f"[green]wrote[/] {path} — try [bold]accord run job-offer -p saop -s {path}:MyStrategy[/] "
        f"and [bold]accord check-strategy {path}:MyStrategy[/]",
        highlight=False,
    )
