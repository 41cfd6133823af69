"""``accord import``: turn a GENIUS or GeniusWeb scenario into an accord scenario file."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import JsonOpt, cannot_write, console, fail, json_mode, print_json

IMPORT_HELP = (
    "A GENIUS folder, domain file or profile file, or a GeniusWeb folder (ANL layout included), "
    "domain file or profile file, or a file of an installed scenario format."
)


def import_scenario(
    path: Annotated[str, typer.Argument(help=IMPORT_HELP)],
    output: Annotated[Path, typer.Option("-o", "--output", help="The accord scenario file to write (.toml or .json).")],
    deadline: Annotated[
        int | None,
        typer.Option(
            "--deadline",
            min=1,
            help="The deadline, in rounds, written into the scenario's calendar. GENIUS and GeniusWeb domain "
            "files state none; default: the calendar accord gives every scenario without one (1 day of 20 rounds).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a GENIUS / GeniusWeb scenario and save it as an accord scenario file.

    Notes on what was adjusted on the way (weights rescaled, files skipped) are printed.
    """
    json_mode(as_json)
    from accord.errors import AccordError
    from accord.formats.accord_file import save_scenario
    from accord.formats.detect import import_any

    _check_output(Path(path), output)
    try:
        imported = import_any(path)
        scenario = imported.scenario
        if deadline is not None:
            scenario = dataclasses.replace(
                scenario, calendar=dataclasses.replace(scenario.calendar, rounds_per_day=deadline, days=1)
            )
        written = save_scenario(scenario, output)
    except AccordError as e:
        fail(e)
    except OSError as e:
        cannot_write("the scenario", output, e)
    cal = scenario.calendar
    rounds = cal.days * cal.rounds_per_day
    said = (
        "as given with --deadline" if deadline is not None else "the domain states none; set it with --deadline ROUNDS"
    )
    notes = [*imported.notes, f"deadline: {rounds} rounds ({said})"]
    s = scenario
    if as_json:
        print_json(
            {
                "wrote": str(written),
                "id": s.id,
                "name": s.name,
                "format": imported.format,
                "parties": [p.id for p in s.negotiators],
                "issues": s.space.n_issues,
                "outcomes": s.space.size,
                "deadline_rounds": rounds,
                "notes": notes,
            }
        )
        return
    from rich.markup import escape

    err = console(stderr=True)
    for note in notes:
        err.print(f"[yellow]note:[/] {escape(note)}")
    console().print(
        f"wrote {written}: {s.name} ({imported.format}), {len(s.negotiators)} parties, "
        f"{s.space.n_issues} issues, {s.space.size:,} outcomes",
        markup=False,
    )


def _check_output(source: Path, output: Path) -> None:
    """Refuse a target whose suffix is not what is written, or that is one of the inputs."""
    if output.suffix.lower() not in (".toml", ".json"):
        fail(f"-o {output}: an accord scenario is written as .toml or .json (found {output.suffix or 'no suffix'!r})")
    if output.is_dir():
        fail(f"-o {output}: is a folder; give the file to write")
    if not output.exists() or not source.exists():
        return
    root = source if source.is_dir() else source.parent
    target = output.resolve()
    if target == source.resolve() or (root.resolve() in target.parents and _is_input(target)):
        fail(f"-o {output}: is one of the files being imported; write the scenario elsewhere")


def _is_input(path: Path) -> bool:
    """A GENIUS or GeniusWeb file (what an import reads), as opposed to an accord scenario."""
    from accord.errors import AccordError
    from accord.formats.detect import ACCORD, detect_format

    try:
        return detect_format(path) != ACCORD
    except (AccordError, OSError):
        return True
