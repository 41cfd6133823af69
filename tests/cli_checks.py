"""Checks for commands driven through Typer's CliRunner.

Under CliRunner an uncaught exception also exits with code 1 and often prints nothing, so
"exit code 1 and no traceback in the output" holds for a crash too. A user's mistake must
end through the CLI's own error path instead: a ``SystemExit`` with the code, the message.
"""

from __future__ import annotations

from typing import Protocol


class Result(Protocol):
    """What CliRunner.invoke returns (the parts checked here)."""

    @property
    def exception(self) -> BaseException | None: ...
    @property
    def exit_code(self) -> int: ...
    @property
    def output(self) -> str: ...


def clean_error(result: Result, *, code: int = 1, says: str = "error:") -> None:
    """``result`` ended on a clean error (no crash): exit ``code``, its output saying ``says``."""
    assert isinstance(result.exception, SystemExit), f"the command crashed: {result.exception!r}"
    assert result.exit_code == code, result.output
    assert says in result.output, result.output


def succeeded(result: Result) -> None:
    """``result`` ran to the end without an error."""
    assert result.exception is None, f"the command failed: {result.exception!r}\n{result.output}"
    assert result.exit_code == 0, result.output
