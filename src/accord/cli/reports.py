"""The ``--report FILE.html`` and ``--party NAME`` options that commands share, and writing the file.

The report modules (and plotly) are imported only when a report is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeGuard

import typer

from accord.cli.common import console, fail

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

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
        help="Show this party's view in every output (terminal, JSON, --report, files): its own preferences "
        "only, the others' unknown, what a delegation could be given. Default: the analyst's view.",
    ),
]


PlotlyOpt = Annotated[
    str,
    typer.Option(
        "--plotly-js",
        help="inline: one self-contained report file (~5 MB); shared: plotly.min.js written once beside the "
        "reports, each report then a few hundred kB (both open offline).",
    ),
]


def wanted(report: Path | None, view: str | None) -> TypeGuard[Path]:
    """Whether a report was asked for (``--party`` chooses the view of the report and of everything else)."""
    return report is not None


def viewer(scenario: Scenario, party: str | None) -> str | None:
    """The party id ``--party`` names (by id or name, any case), or ``None`` for the analyst's view."""
    if party is None:  # the analyst's view: no need to load the engine's event types
        return None
    from accord.errors import AccordError
    from accord.report.privacy import resolve_viewer

    try:
        return resolve_viewer(scenario, party)
    except AccordError as e:
        fail(e)


def write(path: Path, make: Callable[[], Path], plotly_js: str = "inline") -> None:
    """Run ``make`` (which writes the report), turning failures into a clean exit; say where it went.

    ``plotly_js="shared"`` then makes the report load plotly.js from a file beside it.
    """
    from accord.errors import AccordError

    if plotly_js not in ("inline", "shared"):
        fail(f"--plotly-js is inline or shared (found {plotly_js!r})")
    try:
        written = make()
        if plotly_js == "shared":
            from accord.report.html import share_plotly

            written = share_plotly(written)
    except AccordError as e:
        fail(e)
    except OSError as e:
        fail(f"cannot write the report {path}: {e.strerror or e}")
    console(stderr=True).print(f"report written to {written}", markup=False)
