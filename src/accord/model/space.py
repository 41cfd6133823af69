"""The outcome space: every combination of one value per issue.

An outcome is a tuple of value indices, one per issue. Outcomes are numbered by a
mixed-radix integer (the first issue is the most significant digit), so the space can be
addressed, chunked and sampled without ever being materialised. ``size`` is an exact Python
integer (10^40 is fine); the vectorised paths (``decode`` / ``encode`` / ``chunks``) work on
int64 index arrays and so need the size to fit in int64 — sampling does not.

Some option combinations may be impossible together (``exclusions``: e.g. a freeze along the
current line with a withdrawal before the deal). An exclusion is a set of (issue, option)
pairs on different issues; a package holding all of them is *infeasible*. ``size`` still
counts the whole Cartesian product (indices address it); :meth:`feasible` says which
packages can exist, and :meth:`linked_groups` which issues exclusions tie together (the
analysis merges each group into one compound issue, so additive methods stay exact).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from math import prod
from typing import TYPE_CHECKING

from accord.errors import ModelError
from accord.model.issues import Issue, IssueValue

if TYPE_CHECKING:  # numpy is imported where it is used: reading and showing a scenario need none
    import numpy as np
    import numpy.typing as npt

__all__ = ["Outcome", "OutcomeSpace"]

Outcome = tuple[int, ...]

_INT64_MAX = 2**63 - 1  # numpy's int64 maximum
_DECODED = 1 << 16


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """The Cartesian product of the issues' values."""

    issues: tuple[Issue, ...]
    exclusions: tuple[tuple[tuple[int, int], ...], ...] = ()
    _by_name: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _radices: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)
    _size: int = field(default=0, init=False, repr=False, compare=False)
    _decoded: dict[int, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __init__(self, issues: Sequence[Issue], exclusions: Sequence[Sequence[tuple[int, int]]] = ()) -> None:
        object.__setattr__(self, "issues", tuple(issues))
        if not self.issues:
            raise ModelError("an outcome space needs at least one issue")
        by_name: dict[str, int] = {}
        for i, issue in enumerate(self.issues):
            if issue.name in by_name:
                raise ModelError(f"issue {issue.name!r} is defined twice")
            by_name[issue.name] = i
        object.__setattr__(self, "_by_name", by_name)
        checked: list[tuple[tuple[int, int], ...]] = []
        for ex in exclusions:
            pairs = tuple(sorted((int(j), int(k)) for j, k in ex))
            issues_of = [j for j, _ in pairs]
            if len(pairs) < 2 or len(set(issues_of)) != len(issues_of):
                raise ModelError(f"an exclusion names options of at least two different issues (found {list(pairs)})")
            for j, k in pairs:
                if not 0 <= j < len(self.issues) or not 0 <= k < self.issues[j].cardinality:
                    raise ModelError(f"an exclusion names an option that does not exist: issue {j}, option {k}")
            checked.append(pairs)
        object.__setattr__(self, "exclusions", tuple(dict.fromkeys(checked)))
        object.__setattr__(self, "_radices", tuple(i.cardinality for i in self.issues))
        object.__setattr__(self, "_size", prod(self._radices))
        object.__setattr__(self, "_decoded", {})

    def __reduce__(
        self,
    ) -> tuple[type[OutcomeSpace], tuple[tuple[Issue, ...], tuple[tuple[tuple[int, int], ...], ...]]]:
        return (OutcomeSpace, (self.issues, self.exclusions))

    # -- option combinations that cannot go together ------------------------------------
    def feasible(self, outcomes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Which outcomes (rows of value indices) hold no excluded combination."""
        import numpy as np

        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim == 1:
            arr = arr[None, :]
        ok = np.ones(arr.shape[0], dtype=bool)
        for ex in self.exclusions:
            hit = np.ones(arr.shape[0], dtype=bool)
            for j, k in ex:
                hit &= arr[:, j] == k
            ok &= ~hit
        return ok

    def is_feasible(self, outcome: Sequence[int]) -> bool:
        return not any(all(outcome[j] == k for j, k in ex) for ex in self.exclusions)

    def linked_groups(self) -> tuple[tuple[int, ...], ...]:
        """The issues tied together by exclusions, each group sorted (singletons omitted)."""
        parent = list(range(len(self.issues)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for ex in self.exclusions:
            first = root(ex[0][0])
            for j, _ in ex[1:]:
                parent[root(j)] = first
        groups: dict[int, list[int]] = {}
        for i in range(len(self.issues)):
            groups.setdefault(root(i), []).append(i)
        return tuple(tuple(g) for g in groups.values() if len(g) > 1)

    # -- shape ----------------------------------------------------------------------------
    @property
    def n_issues(self) -> int:
        return len(self.issues)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.issues)

    @property
    def radices(self) -> tuple[int, ...]:
        return self._radices

    @property
    def size(self) -> int:
        """Exact number of outcomes (a Python int: no overflow at 10^40)."""
        return self._size

    @property
    def fits_int64(self) -> bool:
        return self.size <= _INT64_MAX

    def issue_index(self, name: str) -> int:
        try:
            return self._by_name[name]
        except KeyError:
            raise ModelError(f"no issue {name!r}; issues are " + ", ".join(self.names)) from None

    def issue(self, name: str) -> Issue:
        return self.issues[self.issue_index(name)]

    # -- one outcome -------------------------------------------------------------------
    def index(self, outcome: Sequence[int]) -> int:
        """Mixed-radix index of an outcome (exact Python int)."""
        self.check(outcome)
        idx = 0
        for v, r in zip(outcome, self.radices, strict=True):
            idx = idx * r + int(v)
        return idx

    def outcome(self, index: int) -> Outcome:
        """The outcome with the given mixed-radix index."""
        hit = self._decoded.get(index) if type(index) is int else None
        if hit is not None:
            return hit
        if not 0 <= index < self.size:
            raise ModelError(f"outcome index {index} is outside 0..{self.size - 1}")
        key = index
        digits = []
        for r in reversed(self.radices):
            index, d = divmod(index, r)
            digits.append(d)
        out = tuple(reversed(digits))
        # Engines decode the same few texts over and over: the decodings are remembered
        # (up to _DECODED of them per space; only valid indices, so errors are unchanged).
        if len(self._decoded) < _DECODED and type(key) is int:
            self._decoded[key] = out
        return out

    def check(self, outcome: Sequence[int]) -> Outcome:
        """Validate an outcome and return it as a tuple of ints."""
        if len(outcome) != self.n_issues:
            raise ModelError(f"an outcome needs {self.n_issues} values, one per issue (found {len(outcome)})")
        out = []
        for v, r, issue in zip(outcome, self._radices, self.issues, strict=True):
            iv = int(v)
            if not 0 <= iv < r:
                raise ModelError(f"issue {issue.name!r}: value index {v} is outside 0..{r - 1}")
            out.append(iv)
        return tuple(out)

    def is_valid(self, outcome: object) -> bool:
        if not isinstance(outcome, Sequence) or isinstance(outcome, str):
            return False
        try:
            self.check(outcome)
        except (ModelError, TypeError, ValueError):
            return False
        return True

    def from_values(self, values: Mapping[str, IssueValue] | Sequence[IssueValue]) -> Outcome:
        """The outcome for values given by issue name (a mapping) or in issue order."""
        if isinstance(values, Mapping):
            unknown = set(values) - set(self.names)
            missing = [n for n in self.names if n not in values]
            if unknown or missing:
                raise ModelError(
                    "an outcome needs one value per issue"
                    + (f"; unknown issues: {', '.join(sorted(unknown))}" if unknown else "")
                    + (f"; missing issues: {', '.join(missing)}" if missing else "")
                )
            seq = [values[n] for n in self.names]
        else:
            seq = list(values)
            if len(seq) != self.n_issues:
                raise ModelError(f"an outcome needs {self.n_issues} values (found {len(seq)})")
        return tuple(issue.index_of(v) for issue, v in zip(self.issues, seq, strict=True))

    def values_of(self, outcome: Sequence[int]) -> dict[str, IssueValue]:
        """Issue name -> machine value (option id, int or float)."""
        o = self.check(outcome)
        return {iss.name: iss.value(v) for iss, v in zip(self.issues, o, strict=True)}

    def labels_of(self, outcome: Sequence[int]) -> dict[str, str]:
        """Issue name -> human label of the chosen value."""
        o = self.check(outcome)
        return {iss.name: iss.label_of(v) for iss, v in zip(self.issues, o, strict=True)}

    # -- many outcomes (vectorised) ------------------------------------------------------
    def _require_int64(self) -> None:
        if not self.fits_int64:
            raise ModelError(
                f"the space has {self.size:.3e} outcomes; int64 index arrays cannot address it "
                "(use sample(), or per-issue value arrays)"
            )

    def decode(self, indices: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Index array of shape (n,) -> outcome array of shape (n, n_issues)."""
        import numpy as np

        self._require_int64()
        idx = np.asarray(indices, dtype=np.int64)
        if idx.ndim != 1:
            raise ModelError("decode expects a 1-D array of indices")
        if idx.size and (idx.min() < 0 or idx.max() >= self.size):
            raise ModelError(f"outcome indices must lie in 0..{self.size - 1}")
        out = np.empty((idx.shape[0], self.n_issues), dtype=np.int64)
        rest = idx.copy()
        for j in range(self.n_issues - 1, -1, -1):
            r = self.radices[j]
            out[:, j] = rest % r
            rest //= r
        return out

    def encode(self, outcomes: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Outcome array of shape (n, n_issues) -> index array of shape (n,)."""
        import numpy as np

        self._require_int64()
        arr = np.asarray(outcomes, dtype=np.int64)
        if arr.ndim != 2 or arr.shape[1] != self.n_issues:
            raise ModelError(f"encode expects an array of shape (n, {self.n_issues})")
        radices = np.asarray(self.radices, dtype=np.int64)
        if arr.size and ((arr < 0).any() or (arr >= radices).any()):
            raise ModelError("an outcome array holds a value index outside its issue's range")
        idx = np.zeros(arr.shape[0], dtype=np.int64)
        for j in range(self.n_issues):
            idx = idx * radices[j] + arr[:, j]
        return idx

    def chunks(self, chunk_size: int = 1 << 16) -> Iterator[tuple[int, npt.NDArray[np.int64]]]:
        """Enumerate the whole space in order, ``chunk_size`` outcomes at a time.

        Yields ``(first_index, outcomes)`` with ``outcomes`` of shape (m, n_issues), m <= chunk_size.
        Memory is bounded by the chunk size whatever the size of the space.
        """
        import numpy as np

        if chunk_size < 1:
            raise ModelError("chunk_size must be positive")
        self._require_int64()
        total = self.size
        start = 0
        while start < total:
            stop = min(total, start + chunk_size)
            yield start, self.decode(np.arange(start, stop, dtype=np.int64))
            start = stop

    def all(self) -> npt.NDArray[np.int64]:
        """Every outcome as one array (n, n_issues): only for spaces you know are small."""
        import numpy as np

        self._require_int64()
        return self.decode(np.arange(self.size, dtype=np.int64))

    def sample(self, n: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
        """``n`` outcomes drawn uniformly (with replacement) using the given generator.

        Works for any size of space: each issue's value is drawn independently, which is
        exactly uniform over the Cartesian product.
        """
        import numpy as np

        if not isinstance(rng, np.random.Generator):
            raise ModelError("sample needs an explicit numpy.random.Generator (np.random.default_rng(seed))")
        if n < 0:
            raise ModelError("sample size must be non-negative")
        out = np.empty((n, self.n_issues), dtype=np.int64)
        for j, r in enumerate(self.radices):
            out[:, j] = rng.integers(0, r, size=n)
        return out
