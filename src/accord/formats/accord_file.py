"""accord's own scenario files: TOML (human-edited, comments allowed) and the same in JSON.

Schema ``accord/1`` (documented in the README, template from ``accord new``)::

    schema = "accord/1"
    id = "..."                       # letters, digits, _ - .
    [calendar]       days, rounds_per_day, start (date), day_labels, horizon (days to pace concessions over)
    [issues.ID]      label, description, kind = categorical|ordinal|integer|real,
                     options = [{id, label, description}] | min, max (integer) | min, max, steps (real)
    [parties.ID]     name, role = party|mediator|observer, description,
                     reservation, cost_of_delay = {factor, per = round|day|deadline},
                     weights.ISSUE, values.ISSUE.OPTION, red_lines.ISSUE = [option ids]
    [working_groups.ID]  name, issues, members, description
    [uncertainty.PARTY]  reservation | weights.ISSUE | values.ISSUE.OPTION | cost_of_delay
                         = { range = [lo, hi] } | { values = [...], probabilities = [...] }, rationale
    [beliefs.HOLDER.PARTY]  HOLDER's model of PARTY's preferences (numbers may carry a range)
    [levers.ID]      name, by, rationale, cost, effects = [{party, parameter, change | set | add | drop}]

Every number under a party (reservation, weights, values) may be written plainly or as
``{ value = 0.3, rationale = "why" }``; ``cost_of_delay`` and red lines take a ``rationale``
too. Weights that do not sum to 1 are **normalised, and a note says so**.

Loading collects every problem before failing (:class:`~accord.errors.ScenarioError`, each
problem with file, line, field path, what was found and what was expected) and never
returns a partly built scenario. Saving writes a temporary file and renames it into place,
so a failed save never leaves a half-written file.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

from accord.atomic import write_text
from accord.errors import Problem, ScenarioError, ScenarioFileError
from accord.formats._common import Imported, is_accord_doc, read_json
from accord.formats.accord_read import SCHEMA, LoadedScenario, scenario_from_dict
from accord.formats.accord_write import scenario_to_dict
from accord.formats.detect import ScenarioFormat, register_format
from accord.formats.locate import line_of
from accord.formats.toml_writer import dumps_toml
from accord.model.scenario import Scenario

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA",
    "LoadedScenario",
    "dumps_scenario",
    "load_scenario_file",
    "loads_scenario",
    "read_scenario_file",
    "save_scenario",
    "scenario_from_dict",
    "scenario_to_dict",
]

MAX_FILE_BYTES = 20 * 1024 * 1024


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v


def dumps_scenario(scenario: Scenario, *, fmt: str = "toml") -> str:
    """The scenario as accord TOML or JSON text."""
    doc = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(_jsonable(doc), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return dumps_toml(doc)
    raise ValueError(f"unknown scenario format {fmt!r}; expected 'toml' or 'json'")


# -- files -------------------------------------------------------------------------------------
def _kind_of(path: Path) -> str:
    return "json" if path.suffix.lower() == ".json" else "toml"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"the key {k!r} appears twice in one object")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_document(text: str, kind: str) -> Any:
    """TOML or JSON text as plain data: a byte-order mark is skipped; JSON's duplicate keys,
    NaN and Infinity are refused (``ValueError``); nesting too deep raises ``RecursionError``."""
    text = text.removeprefix("\ufeff")
    if kind == "json":
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    return tomllib.loads(text)


def loads_scenario(text: str, *, kind: str = "toml", source: str | None = None) -> LoadedScenario:
    """Parse accord TOML or JSON text; errors carry ``source`` and line numbers."""
    try:
        data: Any = parse_document(text, kind)
    except RecursionError:
        raise ScenarioFileError(
            [Problem("", f"not valid {kind.upper()}: nested too deeply", file=source)], source=source
        ) from None
    except json.JSONDecodeError as e:
        raise ScenarioFileError(
            [Problem("", f"not valid JSON: {e.msg}", file=source, line=e.lineno)], source=source
        ) from None
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        line = None
        if "(at line " in msg:
            try:
                line = int(msg.split("(at line ")[1].split(",")[0])
            except ValueError:
                line = None
        raise ScenarioFileError(
            [Problem("", f"not valid TOML: {msg.split(' (at line')[0]}", file=source, line=line)], source=source
        ) from None
    except ValueError as e:
        raise ScenarioFileError([Problem("", f"not valid JSON: {e}", file=source)], source=source) from None
    try:
        return scenario_from_dict(data)
    except ScenarioError as e:
        located = [
            p.located(file=source, line=line_of(text, p.path, kind=kind) if p.path else None) for p in e.problems
        ]
        raise ScenarioError(located, source=source) from None


def read_scenario_file(path: str | Path) -> LoadedScenario:
    """Read an accord scenario file (``.toml`` or ``.json``) with the notes made on the way."""
    p = Path(path)
    if not p.exists():
        raise ScenarioFileError([Problem("", "no such file", file=str(p))], source=str(p))
    if not p.is_file():
        raise ScenarioFileError([Problem("", "is not a file", file=str(p))], source=str(p))
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioFileError(
            [Problem("", "file is too large", f"{size:,} bytes", f"at most {MAX_FILE_BYTES:,} bytes", file=str(p))],
            source=str(p),
        )
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioFileError(
            [Problem("", "not UTF-8 text", f"byte {e.start}", "a TOML or JSON text file", file=str(p))], source=str(p)
        ) from None
    except OSError as e:
        raise ScenarioFileError([Problem("", f"cannot be read: {e.strerror}", file=str(p))], source=str(p)) from None
    return loads_scenario(text, kind=_kind_of(p), source=str(p))


def load_scenario_file(path: str | Path) -> Scenario:
    """Load an accord scenario file (``.toml`` or ``.json``)."""
    return read_scenario_file(path).scenario


def save_scenario(scenario: Scenario, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a scenario to ``path`` (format from the suffix unless given), atomically."""
    p = Path(path)
    return write_text(p, dumps_scenario(scenario, fmt=fmt or _kind_of(p)))


class AccordFormat(ScenarioFormat):
    """accord's own scenario files: ``.toml``, or ``.json`` with an ``accord/...`` schema."""

    name = "accord"
    title = "accord"

    def sniff(self, path: Path) -> bool:
        suffix = path.suffix.lower()
        return suffix == ".toml" or (suffix == ".json" and is_accord_doc(read_json(path)))

    def read(self, path: Path) -> Imported:
        loaded = read_scenario_file(path)
        return Imported(loaded.scenario, tuple(loaded.notes), self.name)

    def write(self, scenario: Scenario, path: Path) -> list[Path]:
        return [save_scenario(scenario, path)]


register_format(AccordFormat())
