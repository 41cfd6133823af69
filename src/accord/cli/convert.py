"""``accord import``: turn a GENIUS or GeniusWeb scenario into an accord scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import JsonOpt, console, fail, json_mode, print_json

IMPORT_HELP = (
    "A GENIUS folder, domain file or profile file, or a GeniusWeb folder (ANL layout included), "
    "domain file or profile file, or a file of an installed scenario format."
)


def import_scenario(
    path: Annotated[str, typer.Argument(help=IMPORT_HELP)],
    output: Annotated[Path, typer.Option("-o", "--output", help="The accord scenario file to write (.toml or .json).")],
    as_json: JsonOpt = False,
) -> None:
    """Import a GENIUS / GeniusWeb scenario and save it as an accord scenario file.

    Notes on what was adjusted on the way (weights rescaled, files skipped) are printed.
    """
    json_mode(as_json)
    from accord.errors import AccordError
    from accord.formats.accord_file import save_scenario
    from accord.formats.detect import import_any

    try:
        imported = import_any(path)
        written = save_scenario(imported.scenario, output)
    except AccordError as e:
        fail(e)
    s = imported.scenario
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
                "deadline_rounds": s.calendar.days * s.calendar.rounds_per_day,
                "notes": list(imported.notes),
            }
        )
        return
    from rich.markup import escape

    err = console(stderr=True)
    for note in imported.notes:
        err.print(f"[yellow]note:[/] {escape(note)}")
    console().print(
        f"wrote {written}: {s.name} ({imported.format}), {len(s.negotiators)} parties, "
        f"{s.space.n_issues} issues, {s.space.size:,} outcomes",
        markup=False,
    )
