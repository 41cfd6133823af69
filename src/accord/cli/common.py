"""What every command shares: resolving SCENARIO|FILE, printing errors, JSON output."""

from __future__ import annotations

import json
import logging
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from accord.errors import AccordError
    from accord.model.scenario import Scenario

log = logging.getLogger("accord.cli")

SCENARIO_HELP = (
    "An embedded scenario name (see `accord scenarios`), an accord .toml/.json file, "
    "a GENIUS folder or domain file, a GeniusWeb folder, or a file of an installed scenario format."
)


def console(*, stderr: bool = False) -> Console:
    """A Rich console; a closed pipe raises ``BrokenPipeError`` (the root command then exits quietly, 0)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(stderr=stderr, highlight=False, soft_wrap=False)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of tables; errors too.")]

_json_errors = False


def json_mode(on: bool) -> None:
    """Under ``--json``, :func:`fail` prints the error as JSON on stdout (``{"error": {...}}``)."""
    global _json_errors
    _json_errors = on


def fail(error: AccordError | str, *, code: int = 1) -> NoReturn:
    """Print a user-facing error (no traceback) and exit: as JSON on stdout under ``--json``."""
    text = str(error)
    log.debug("failing with exit %d: %s", code, text)
    if _json_errors:
        kind = "usage" if isinstance(error, str) else type(error).__name__
        print_json({"error": {"message": text, "kind": kind, "exit_code": code}})
        raise typer.Exit(code)
    from rich.markup import escape

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
        s = load_scenario(spec)
    except AccordError as e:
        fail(e)
    log.info(
        "loaded %s: %s (%d parties, %d issues, %s packages)",
        spec,
        s.id,
        len(s.parties),
        s.space.n_issues,
        f"{s.space.size:,}",
    )
    return s


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
