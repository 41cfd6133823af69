"""The exceptions accord raises, all in one place.

The tree::

    AccordError
    ├── ModelError                 a model value was built from inconsistent parts
    ├── ScenarioError              a scenario (file or object) is invalid; carries every Problem found
    │   └── ScenarioFileError      the file cannot be read at all (missing, not TOML/JSON, too large)
    ├── FormatError                a GENIUS / GeniusWeb file cannot be imported or exported
    ├── AnalysisError              an analysis cannot be carried out as asked
    │   ├── SpaceTooLargeError     exact enumeration was asked of a space too large to enumerate
    │   ├── FrontierTooLargeError  the exact frontier has more outcomes than the limit asked for
    │   └── UndefinedSolutionError a bargaining solution does not exist (e.g. empty acceptable set)
    ├── ProtocolError              a negotiation protocol was misused
    │   └── ActionRejected         an action is out of turn, by an unknown party, or names an invalid outcome
    ├── StrategyError              a strategy is unknown, misconfigured, or failed
    └── TournamentError            a tournament cannot be configured or run

Every error carries what a user needs to fix the cause: the file, the line where known,
the field path, what was found and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "AccordError",
    "ActionRejected",
    "AnalysisError",
    "FormatError",
    "FrontierTooLargeError",
    "ModelError",
    "Problem",
    "ProtocolError",
    "ScenarioError",
    "ScenarioFileError",
    "SpaceTooLargeError",
    "StrategyError",
    "TournamentError",
    "UndefinedSolutionError",
]


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""


class ModelError(AccordError):
    """A model value (issue, space, preferences, party, scenario) was built from inconsistent parts."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is, what was found, what was expected."""

    path: str
    message: str
    found: str | None = None
    expected: str | None = None
    file: str | None = None
    line: int | None = None

    def located(self, *, file: str | None = None, line: int | None = None) -> Problem:
        """The same problem with a file and line filled in (where not already known)."""
        return Problem(
            path=self.path,
            message=self.message,
            found=self.found,
            expected=self.expected,
            file=self.file or file,
            line=self.line if self.line is not None else line,
        )

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        text = f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"
        if self.found is not None:
            text += f" (found {self.found}"
            text += f"; expected {self.expected})" if self.expected is not None else ")"
        elif self.expected is not None:
            text += f" (expected {self.expected})"
        return text


class ScenarioError(AccordError):
    """A scenario is invalid. ``problems`` lists everything found, not only the first."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(p.located(file=source) if source else p for p in problems)
        self.source = source
        if not self.problems:
            raise ValueError("ScenarioError needs at least one problem")
        head = f"{source}: " if source else ""
        count = len(self.problems)
        lines = [f"{head}{count} problem{'s' if count != 1 else ''} found:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        *,
        found: str | None = None,
        expected: str | None = None,
        source: str | None = None,
    ) -> ScenarioError:
        return cls([Problem(path, message, found, expected)], source=source)


class ScenarioFileError(ScenarioError):
    """A scenario file cannot be read at all: missing, unreadable, not TOML/JSON, too large."""


class FormatError(AccordError):
    """A file in a foreign format (GENIUS XML, GeniusWeb JSON) cannot be imported or exported.

    ``file`` names the file, ``where`` the element or key, ``expected`` what would have been valid.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        where: str | None = None,
        found: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.file = file
        self.where = where
        self.found = found
        self.expected = expected
        parts = []
        if file:
            parts.append(f"{file}:")
        if where:
            parts.append(f"{where}:")
        parts.append(message)
        text = " ".join(parts)
        if found is not None:
            text += f" (found {found}"
            text += f"; expected {expected})" if expected is not None else ")"
        elif expected is not None:
            text += f" (expected {expected})"
        super().__init__(text)


class AnalysisError(AccordError):
    """An analysis cannot be carried out as asked."""


class SpaceTooLargeError(AnalysisError):
    """Exact enumeration was asked of an outcome space larger than the configured limit.

    The message names only what every user can change (the scenario); from Python, the
    functions that enumerate take the limit as an argument.
    """

    def __init__(self, size: int, limit: int, *, what: str = "this analysis") -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            f"the outcome space has {size:,} outcomes, more than the {limit:,} that {what} "
            "will enumerate; a scenario with fewer issues, or fewer options per issue, stays within it"
        )


class FrontierTooLargeError(AnalysisError):
    """The exact Pareto frontier has more outcomes (or partial packages) than the limit allows."""


class UndefinedSolutionError(AnalysisError):
    """A bargaining solution is undefined, e.g. because no outcome is acceptable to every party."""


class ProtocolError(AccordError):
    """A negotiation protocol was configured or driven incorrectly."""


class ActionRejected(ProtocolError):
    """An action was rejected by the protocol; the state is unchanged."""

    def __init__(self, message: str, *, party: str | None = None) -> None:
        self.party = party
        super().__init__(f"{party}: {message}" if party else message)


class StrategyError(AccordError):
    """A strategy is unknown, misconfigured, or failed while choosing an action."""


class TournamentError(AccordError):
    """A tournament cannot be configured or run.

    ``problems`` lists everything wrong with a tournament configuration (file and field of
    each); it is empty when the error is not about the configuration.
    """

    def __init__(self, message: str, *, problems: Iterable[Problem] = (), source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(p.located(file=source) if source else p for p in problems)
        self.source = source
        lines = [f"{source}: {message}" if source else message]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
