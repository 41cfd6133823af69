"""The ``--report FILE.html`` and ``--party NAME`` options that commands share, and writing the file.

The report modules (and plotly) are imported only when a report is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeGuard

import typer

from accord.cli.common import console, fail

ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="Also write a self-contained HTML report with plots to this file (opens offline in any browser).",
    ),
]
ViewOpt = Annotated[
    str | None,
    typer.Option(
        "--party",
        "--view",
        help="With --report: write the view of this party (its own preferences only, the others' unknown), "
        "the report a delegation could be given. Default: the analyst's view, with every party's preferences.",
    ),
]


def wanted(report: Path | None, view: str | None) -> TypeGuard[Path]:
    """Whether a report was asked for (``--party`` alone is an error: it only chooses a report's view)."""
    if view is not None and report is None:
        fail("--party chooses whose view a report shows; give the report's file with --report FILE.html")
    return report is not None


def write(path: Path, make: Callable[[], Path]) -> None:
    """Run ``make`` (which writes the report), turning failures into a clean exit; say where it went."""
    from accord.errors import AccordError

    try:
        written = make()
    except AccordError as e:
        fail(e)
    except OSError as e:
        fail(f"cannot write the report {path}: {e.strerror or e}")
    console(stderr=True).print(f"report written to {written}", markup=False)
