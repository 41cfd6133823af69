"""Commands about scenarios: ``scenarios``, ``show``, ``validate``, ``new``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.common import SCENARIO_HELP, JsonOpt, cannot_write, console, fail, json_mode, load, print_json


def scenarios(as_json: JsonOpt = False) -> None:
    """List the scenarios embedded in accord."""
    json_mode(as_json)
    from accord import scenarios as embedded

    rows: list[dict[str, Any]] = []
    for name in embedded.names():
        s = embedded.get(name)
        rows.append(
            {
                "name": name,
                "title": s.name,
                "parties": [p.id for p in s.negotiators],
                "mediator": s.mediator.id if s.mediator else None,
                "issues": len(s.space.issues),
                "outcomes": s.space.size,
                "default": name == embedded.DEFAULT,
            }
        )
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(title="Embedded scenarios", title_justify="left")
    # identifiers (what is typed) never wrap or get cut; prose wraps
    table.add_column("name", no_wrap=True)
    table.add_column("parties", no_wrap=True)
    table.add_column("size", no_wrap=True, justify="right")
    table.add_column("title", ratio=1, overflow="fold")
    for r in rows:
        seats = list(r["parties"]) + ([f"{r['mediator']} [dim](mediator)[/]"] if r["mediator"] else [])
        table.add_row(
            r["name"] + ("\n[dim](default)[/]" if r["default"] else ""),
            "\n".join(seats),
            f"{r['issues']} issues\n{r['outcomes']:,} packages",
            r["title"],
        )
    console().print(table)


def show(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)] = "abu-dhabi-2026",
    as_json: JsonOpt = False,
) -> None:
    """Show a scenario: parties, issues and options, weights, values, red lines, groups, calendar.

    Private preferences are shown: this is the analyst's own view.
    """
    json_mode(as_json)
    s = load(scenario)
    if as_json:
        from accord.errors import AccordError
        from accord.formats.accord_file import scenario_to_dict

        try:
            doc: dict[str, Any] = scenario_to_dict(s)
        except AccordError:
            doc = {"id": s.id, "name": s.name, "issues": list(s.space.names), "parties": [p.id for p in s.parties]}
        doc["outcomes"] = s.space.size
        print_json(doc)
        return
    from accord.cli.views import scenario_view

    console().print(scenario_view(s))


def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files or folders to check.")],
    as_json: JsonOpt = False,
) -> None:
    """Check scenario files; list every problem found. Exit code 0 if all are valid, 1 if not."""
    json_mode(as_json)
    from accord.errors import AccordError, ScenarioError
    from accord.formats.accord_file import read_scenario_file
    from accord.formats.detect import load_scenario

    results = []
    for f in files:
        entry: dict[str, Any] = {"file": str(f), "valid": True, "problems": [], "notes": []}
        try:
            if f.suffix.lower() in (".toml", ".json") and not _is_foreign_json(f):
                loaded = read_scenario_file(f)
                s, entry["notes"] = loaded.scenario, list(loaded.notes)
            else:
                s = load_scenario(str(f))
            entry["warnings"] = [
                f"party {p.id} red-lines every option of issue {issue!r}: no package is acceptable to it, "
                "so these talks cannot reach an agreement"
                for p in s.negotiators
                if p.preferences is not None
                for issue in p.preferences.blocked_issues()
            ]
            entry["summary"] = {
                "id": s.id,
                "parties": len(s.negotiators),
                "mediator": s.mediator.id if s.mediator else None,
                "issues": s.space.n_issues,
                "outcomes": s.space.size,
            }
        except ScenarioError as e:
            entry["valid"] = False
            entry["problems"] = [{k: v for k, v in vars_of(p).items() if v is not None} for p in e.problems]
        except AccordError as e:
            entry["valid"] = False
            entry["problems"] = [{"message": str(e), "file": str(f)}]
        results.append(entry)
    ok = all(r["valid"] for r in results)
    if as_json:
        print_json(results)
        raise typer.Exit(0 if ok else 1)
    from rich.markup import escape

    out = console()
    for r in results:
        if r["valid"]:
            sm = r["summary"]
            out.print(
                f"[green]✓[/] {escape(r['file'])}: {sm['id']} — {sm['parties']} parties"
                f"{', mediator ' + sm['mediator'] if sm['mediator'] else ''}, {sm['issues']} issues, "
                f"{sm['outcomes']:,} outcomes"
            )
            for n in r["notes"]:
                out.print(f"  [yellow]note:[/] {escape(n)}")
            for w in r.get("warnings", ()):
                out.print(f"  [bold yellow]warning:[/] {escape(w)}")
        else:
            n = len(r["problems"])
            out.print(f"[red]✗[/] {escape(r['file'])}: {n} problem{'s' if n != 1 else ''}")
            for p in r["problems"]:
                out.print(f"  - {escape(_problem_text(p))}")
    raise typer.Exit(0 if ok else 1)


def vars_of(p: object) -> dict[str, Any]:
    fields = ("file", "line", "path", "message", "found", "expected")
    return {k: getattr(p, k) for k in fields}


def _problem_text(p: dict[str, Any]) -> str:
    where = f"line {p['line']}: " if p.get("line") is not None else ""
    text = f"{where}{p['path']}: {p['message']}" if p.get("path") else f"{where}{p['message']}"
    if p.get("found") is not None:
        text += f" (found {p['found']}" + (f"; expected {p['expected']})" if p.get("expected") else ")")
    elif p.get("expected"):
        text += f" (expected {p['expected']})"
    return text


def _is_foreign_json(f: Path) -> bool:
    """A .json file that is not an accord scenario (GeniusWeb domain or profile)."""
    if f.suffix.lower() != ".json" or not f.is_file():
        return False
    try:
        head = f.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return '"schema"' not in head


def new(
    output: Annotated[Path, typer.Argument(help="Where to write the template.")] = Path("scenario.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    strategy: Annotated[
        Path | None, typer.Option("--strategy", help="Write a strategy template (Python) to this file instead.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write a commented template scenario (valid as written) to start from, or a strategy (--strategy)."""
    json_mode(as_json)
    if strategy is not None:
        from accord.cli.strategy_cmds import write_strategy_template

        write_strategy_template(strategy, force=force)
        return
    from accord.formats.template import TEMPLATE

    if output.exists() and not force:
        fail(f"{output} already exists; use --force to overwrite it")
    from accord.formats.accord_file import loads_scenario

    loads_scenario(TEMPLATE, source="template")
    from accord.atomic import write_text

    try:
        write_text(output, TEMPLATE)
    except OSError as e:
        cannot_write("the template", output, e)
    if as_json:
        print_json({"wrote": str(output), "bytes": len(TEMPLATE.encode("utf-8"))})
        return
    console().print(
        f"[green]wrote[/] {output} — edit it, then run [bold]accord validate {output}[/] "
        f"and [bold]accord show {output}[/]"
    )
