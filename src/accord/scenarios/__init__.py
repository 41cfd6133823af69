"""Scenarios shipped with accord: the Abu Dhabi talks and teaching cases.

``names()`` lists them, ``get(name)`` loads one (validated like any user file),
``path(name)`` gives its TOML file, which is a good starting point to copy and edit.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from accord.errors import Problem, ScenarioFileError
from accord.model.scenario import Scenario

__all__ = ["DEFAULT", "get", "names", "path"]

DEFAULT = "abu-dhabi-2026"


def _data() -> Path:
    return Path(__file__).with_name("data")  # shipped beside this module (importlib.resources costs start-up)


def names() -> list[str]:
    """Names of the embedded scenarios, the default first."""
    found = sorted(p.stem for p in _data().glob("*.toml"))
    return sorted(found, key=lambda n: (n != DEFAULT, n))


def path(name: str) -> Path:
    """The TOML file of an embedded scenario."""
    p = _data() / f"{name}.toml"
    if not p.is_file():
        raise ScenarioFileError(
            [Problem("", "no embedded scenario of that name", repr(name), "one of " + ", ".join(names()))]
        )
    return p


@cache
def get(name: str = DEFAULT) -> Scenario:
    """Load an embedded scenario by name."""
    from accord.formats.accord_file import load_scenario_file

    return load_scenario_file(path(name))
