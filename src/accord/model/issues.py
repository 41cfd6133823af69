"""Issues: what is on the table, and the options each one offers.

Every issue, whatever its kind, exposes the same finite view: ``cardinality`` values indexed
``0 .. cardinality-1``, each with a machine value (``value(i)``: an option id, an int or a
float) and a human label (``label(i)``). Outcomes are tuples of such indices, so the rest
of accord never needs to know an issue's kind.

- :class:`CategoricalIssue` — named options; ``ordered=True`` makes it ordinal (options
  listed from lowest to highest).
- :class:`IntegerIssue` — every integer in ``[low, high]``.
- :class:`RealIssue` — the interval ``[low, high]``, discretised into ``steps`` evenly
  spaced points for enumeration (an approximation of the continuum, said so in ``label``).
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Literal

from accord.errors import ModelError

__all__ = ["MAX_ISSUE_VALUES", "CategoricalIssue", "IntegerIssue", "Issue", "IssueValue", "Option", "RealIssue"]

MAX_ISSUE_VALUES = 1_000_000
"""Most values one issue may have (integer range or real steps): each gets a utility per party."""

IssueValue = str | int | float

_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def check_id(kind: str, value: str) -> None:
    """Raise :class:`ModelError` unless ``value`` is a usable identifier."""
    if not isinstance(value, str) or not _ID.match(value):
        raise ModelError(
            f"{kind} id {value!r} is not valid: use letters, digits, '_', '-' or '.', "
            "starting with a letter, digit or '_'"
        )


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a categorical issue."""

    id: str
    label: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        check_id("option", self.id)
        if not self.label:
            object.__setattr__(self, "label", self.id.replace("_", " "))


@dataclass(frozen=True, slots=True)
class _IssueBase(ABC):
    name: str
    label: str
    description: str

    def _check_name(self) -> None:
        check_id("issue", self.name)
        if not self.label:
            object.__setattr__(self, "label", self.name.replace("_", " "))

    @property
    @abstractmethod
    def cardinality(self) -> int:
        """How many values the issue has."""

    def values(self) -> list[IssueValue]:
        """Every value of the issue, in index order."""
        return [self.value(i) for i in range(self.cardinality)]

    @abstractmethod
    def value(self, index: int) -> IssueValue:
        """The machine value (option id, int or float) at ``index``."""

    def label_of(self, index: int) -> str:
        return str(self.value(index))

    def _check_index(self, index: int) -> int:
        if not 0 <= index < self.cardinality:
            raise ModelError(f"issue {self.name!r} has values 0..{self.cardinality - 1}; index {index} is out of range")
        return index


@dataclass(frozen=True, slots=True)
class CategoricalIssue(_IssueBase):
    """An issue with named options. ``ordered`` marks an ordinal scale (lowest first)."""

    options: tuple[Option, ...] = ()
    ordered: bool = False
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    kind: Literal["categorical"] = field(default="categorical", init=False)

    def __init__(
        self,
        name: str,
        options: tuple[Option, ...] | list[Option] | list[str],
        *,
        label: str = "",
        description: str = "",
        ordered: bool = False,
    ) -> None:
        opts = tuple(o if isinstance(o, Option) else Option(str(o)) for o in options)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "options", opts)
        object.__setattr__(self, "ordered", bool(ordered))
        object.__setattr__(self, "kind", "categorical")
        self._check_name()
        if not opts:
            raise ModelError(f"issue {name!r} has no options; an issue needs at least one")
        index: dict[str, int] = {}
        for i, o in enumerate(opts):
            if o.id in index:
                raise ModelError(f"issue {name!r} lists option {o.id!r} twice")
            index[o.id] = i
        object.__setattr__(self, "_index", index)

    @property
    def cardinality(self) -> int:
        return len(self.options)

    def value(self, index: int) -> str:
        return self.options[self._check_index(index)].id

    def label_of(self, index: int) -> str:
        return self.options[self._check_index(index)].label

    def index_of(self, value: IssueValue) -> int:
        try:
            return self._index[str(value)]
        except KeyError:
            raise ModelError(
                f"issue {self.name!r} has no option {value!r}; options are " + ", ".join(o.id for o in self.options)
            ) from None

    def has(self, value: IssueValue) -> bool:
        return str(value) in self._index


@dataclass(frozen=True, slots=True)
class IntegerIssue(_IssueBase):
    """Every integer from ``low`` to ``high`` inclusive."""

    low: int = 0
    high: int = 0
    kind: Literal["integer"] = field(default="integer", init=False)

    def __init__(self, name: str, low: int, high: int, *, label: str = "", description: str = "") -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "kind", "integer")
        self._check_name()
        if isinstance(low, bool) or isinstance(high, bool) or not isinstance(low, int) or not isinstance(high, int):
            raise ModelError(f"issue {name!r}: integer bounds must be integers (found {low!r}, {high!r})")
        if high < low:
            raise ModelError(f"issue {name!r}: high ({high}) is below low ({low})")
        if high - low + 1 > MAX_ISSUE_VALUES:
            raise ModelError(
                f"issue {name!r}: [{low}, {high}] has {high - low + 1:,} values; "
                f"an issue may have at most {MAX_ISSUE_VALUES:,} (each value gets a utility)"
            )
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @property
    def cardinality(self) -> int:
        return self.high - self.low + 1

    def value(self, index: int) -> int:
        return self.low + self._check_index(index)

    def index_of(self, value: IssueValue) -> int:
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise ModelError(f"issue {self.name!r}: {value!r} is not an integer") from None
        if isinstance(value, float):
            if not value.is_integer():
                raise ModelError(f"issue {self.name!r}: {value!r} is not an integer")
            value = int(value)
        if not self.low <= value <= self.high:
            raise ModelError(f"issue {self.name!r}: {value} is outside [{self.low}, {self.high}]")
        return int(value) - self.low

    def has(self, value: IssueValue) -> bool:
        try:
            self.index_of(value)
        except ModelError:
            return False
        return True


@dataclass(frozen=True, slots=True)
class RealIssue(_IssueBase):
    """The interval ``[low, high]``, discretised into ``steps`` evenly spaced points (ends included)."""

    low: float = 0.0
    high: float = 1.0
    steps: int = 11
    kind: Literal["real"] = field(default="real", init=False)

    def __init__(
        self,
        name: str,
        low: float,
        high: float,
        *,
        steps: int = 11,
        label: str = "",
        description: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "kind", "real")
        self._check_name()
        try:
            lo, hi = float(low), float(high)
        except (TypeError, ValueError):
            raise ModelError(f"issue {name!r}: real bounds must be numbers (found {low!r}, {high!r})") from None
        if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(hi - lo)):
            raise ModelError(f"issue {name!r}: real bounds must be finite numbers (found {low!r}, {high!r})")
        if hi < lo:
            raise ModelError(f"issue {name!r}: need low <= high (found {low!r}, {high!r})")
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1 or (steps == 1 and hi > lo):
            raise ModelError(f"issue {name!r}: steps must be an integer >= 2 for a proper interval (found {steps!r})")
        if steps > MAX_ISSUE_VALUES:
            raise ModelError(
                f"issue {name!r}: {steps:,} steps; an issue may have at most {MAX_ISSUE_VALUES:,} "
                "(each step gets a utility)"
            )
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)
        object.__setattr__(self, "steps", steps)

    @property
    def cardinality(self) -> int:
        return self.steps

    def value(self, index: int) -> float:
        i = self._check_index(index)
        if self.steps == 1:
            return self.low
        return self.low + (self.high - self.low) * i / (self.steps - 1)

    def index_of(self, value: IssueValue) -> int:
        """Index of the grid point nearest to ``value`` (which must lie in the interval)."""
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ModelError(f"issue {self.name!r}: {value!r} is not a number") from None
        if not self.low - 1e-9 <= v <= self.high + 1e-9:
            raise ModelError(f"issue {self.name!r}: {v} is outside [{self.low}, {self.high}]")
        if self.steps == 1 or self.high == self.low:
            return 0
        return round((v - self.low) / (self.high - self.low) * (self.steps - 1))

    def has(self, value: IssueValue) -> bool:
        try:
            self.index_of(value)
        except ModelError:
            return False
        return True


Issue = CategoricalIssue | IntegerIssue | RealIssue
