"""What every command shares: resolving SCENARIO|FILE, printing errors, JSON output."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from accord.errors import AccordError
    from accord.model.scenario import Scenario

SCENARIO_HELP = (
    "An embedded scenario name (see `accord scenarios`), an accord .toml/.json file, "
    "a GENIUS folder or domain file, a GeniusWeb folder, or a file of an installed scenario format."
)


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def fail(error: AccordError | str, *, code: int = 1) -> NoReturn:
    """Print a user-facing error (no traceback) and exit."""
    from rich.markup import escape

    text = str(error)
    console(stderr=True).print(f"[bold red]error:[/] {escape(text)}")
    raise typer.Exit(code)


def cannot_write(what: str, path: object, error: OSError) -> NoReturn:
    """Exit with a clear error for a file that could not be written (the old one is untouched)."""
    reason = error.strerror or str(error)
    fail(f"cannot write {what} {path}: {reason} (nothing was changed there)")


def load(spec: str) -> Scenario:
    """Resolve a SCENARIO|FILE argument, turning accord's errors into a clean exit."""
    from accord.errors import AccordError
    from accord.formats.detect import load_scenario

    try:
        return load_scenario(spec)
    except AccordError as e:
        fail(e)


def print_json(data: Any) -> None:
    """Write data as JSON to stdout (dates and numpy scalars converted)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(v: Any) -> Any:
    import datetime as dt

    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    if hasattr(v, "tolist"):
        return v.tolist()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")
