"""Several packages side by side: what they all share, and where each one differs.

A table of bargaining solutions is easiest to read as differences: the options every package
has in common are said once, and each package is shown only on the issues where the
packages disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accord.model.space import OutcomeSpace

__all__ = ["PackageDifferences", "package_differences"]


@dataclass(frozen=True, slots=True)
class PackageDifferences:
    """``shared``: (issue, option) pairs every package has; ``issues``: the issues they differ on;
    ``options[k]``: the k-th package's option on each of ``issues`` (labels)."""

    shared: tuple[tuple[str, str], ...]
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]


def package_differences(
    space: OutcomeSpace, packages: Sequence[Sequence[int]], *, labels: bool = True
) -> PackageDifferences:
    """Split ``packages`` (outcomes as option indices) into what they share and where they differ.

    With ``labels`` the issues and options are their labels (for people), else their ids.
    """
    shared: list[tuple[str, str]] = []
    issues: list[str] = []
    columns: list[list[str]] = []
    for j, issue in enumerate(space.issues):
        name = issue.label if labels else issue.name
        chosen = [int(p[j]) for p in packages]
        words = [issue.label_of(k) if labels else str(issue.value(k)) for k in chosen]
        if len(set(chosen)) <= 1:
            if words:
                shared.append((name, words[0]))
            continue
        issues.append(name)
        columns.append(words)
    options = tuple(tuple(col[k] for col in columns) for k in range(len(packages)))
    return PackageDifferences(tuple(shared), tuple(issues), options)
