"""A tournament's configuration: a frozen value, read from a TOML or JSON file and validated.

The file (``schema = "accord-tournament/1"``, optional)::

    name = "anac-2012-mini"
    strategies = ["boulware", "linear", "conceder", { spec = "time-based(e=0.5)", label = "half" }]
    scenarios = ["../scenarios/genius/anac/y2012/CarA", "job-offer"]
    protocol = "saop"          # saop, single-text, phased
    deadline = 100             # rounds; leave out to use each scenario's calendar
    repetitions = 3
    rotate_roles = true        # every strategy plays every seat
    self_play = true           # a strategy may meet itself
    seed = 42
    ignore_discount = false    # drop the scenarios' cost of delay
    time_limit = 10.0          # seconds a strategy may think in one negotiation
    mediator = "nash-seeking"  # the mediator's strategy, for protocols with a mediator

    [protocol_options]         # passed to the protocol (e.g. allow_end = false)

A strategy is a ``NAME(k=v,...)`` spec of the engine's registry, or a class in user code
(``module:Class(k=v,...)``, ``path/file.py:Class``; a relative path is taken from the
configuration file's folder); scenarios are whatever
:func:`accord.formats.detect.load_scenario` reads (embedded names, accord files, GENIUS and
GeniusWeb folders), with relative paths taken from the configuration file's folder.
Every problem found is reported at once, each with its file, line and field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from accord.errors import AccordError, Problem, TournamentError
from accord.model.scenario import MAX_ROUNDS

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

__all__ = ["SCHEMA", "TournamentConfig", "config_from_dict", "load_config", "load_scenarios", "loads_config"]

SCHEMA = "accord-tournament/1"
MAX_FILE_BYTES = 1024 * 1024
MAX_REPETITIONS = 100_000
"""Most repetitions of each pairing (the plan of a tournament is built in memory)."""


@dataclass(frozen=True)
class TournamentConfig:
    """What a tournament plays: strategies x scenarios x seat assignments x repetitions.

    ``strategies`` are registry specs (``"boulware"``, ``"time-based(e=0.5)"``); ``labels``
    optionally names some of them for tables. ``scenarios`` are load specs; relative paths
    are resolved against ``base_dir``. ``deadline`` is the number of rounds (``None``: each
    scenario's calendar; protocols that run by days, such as ``phased``, take none, and a
    configuration file for one that leaves it out gets none). ``time_limit`` is the thinking
    time, in seconds, a strategy may use in one negotiation (``None``: unlimited).
    ``batch_size`` (negotiations shipped to a worker at once; ``None``: chosen from the
    tournament's size) does not change results.
    """

    strategies: tuple[str, ...]
    scenarios: tuple[str, ...]
    name: str = "tournament"
    labels: Mapping[str, str] = field(default_factory=dict)
    protocol: str = "saop"
    deadline: int | None = 100
    repetitions: int = 1
    rotate_roles: bool = True
    self_play: bool = True
    seed: int = 0
    ignore_discount: bool = False
    time_limit: float | None = 60.0
    mediator: str | None = None
    protocol_options: Mapping[str, Any] = field(default_factory=dict)
    batch_size: int | None = None
    base_dir: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "strategies", tuple(self.strategies))
        object.__setattr__(self, "scenarios", tuple(self.scenarios))
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))
        object.__setattr__(self, "protocol_options", MappingProxyType(dict(self.protocol_options)))
        problems = _check(self)
        if problems:
            raise TournamentError("invalid tournament configuration", problems=problems)

    # -- derived -----------------------------------------------------------------------------
    @property
    def strategy_labels(self) -> tuple[str, ...]:
        """The name each strategy goes by in results (its label, or its spec)."""
        return tuple(self.labels.get(s, s) for s in self.strategies)

    @property
    def protocol_config(self) -> dict[str, Any]:
        """The options handed to the protocol (the deadline included)."""
        options = dict(self.protocol_options)
        if self.deadline is not None:
            options["n_rounds"] = self.deadline
        return options

    def scenario_path(self, spec: str) -> str:
        """Where ``spec`` is read from: a path relative to ``base_dir`` if one exists there."""
        if self.base_dir is not None and not Path(spec).is_absolute():
            candidate = self.base_dir / spec
            if candidate.exists():
                return str(candidate)
        return spec

    def to_dict(self) -> dict[str, Any]:
        """The configuration as file fields (what determines the results; no base_dir)."""
        entries: list[Any] = [{"spec": s, "label": self.labels[s]} if s in self.labels else s for s in self.strategies]
        out: dict[str, Any] = {"schema": SCHEMA}
        for name in _FIELDS[1:]:
            if name not in _RUN_ONLY:
                out[name] = getattr(self, name)
        out.update(strategies=entries, scenarios=list(self.scenarios), protocol_options=dict(self.protocol_options))
        return out

    def fingerprint(self) -> str:
        """A digest of every field that changes what is played (not name, batch size or paths)."""
        data = self.to_dict()
        del data["name"]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def differences(self, other: Mapping[str, Any]) -> list[str]:
        """Fields whose value differs from ``other`` (a ``to_dict`` of another configuration)."""
        mine = self.to_dict()
        return sorted(k for k in mine if k != "name" and mine[k] != other.get(k))

    def replace(self, **changes: Any) -> TournamentConfig:
        return dataclasses.replace(self, **changes)


_NOT_IN_FILE = ("labels", "base_dir")  # labels are written inside strategies; base_dir is where the file is
_RUN_ONLY = ("batch_size",)  # changes how, not what, is played: not part of the saved configuration
_FIELDS = ("schema", *(f.name for f in dataclasses.fields(TournamentConfig) if f.name not in _NOT_IN_FILE))
"""The fields of a configuration file: the dataclass's own, in its order."""


# -- validation ------------------------------------------------------------------------------
def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check(c: TournamentConfig) -> list[Problem]:
    from accord.engine.protocols.base import get_protocol, protocol_names
    from accord.engine.strategies.registry import resolve
    from accord.errors import ProtocolError, StrategyError

    out: list[Problem] = []
    if not isinstance(c.name, str) or not c.name.strip():
        out.append(Problem("name", "must be a non-empty string", repr(c.name)))
    if not c.strategies:
        out.append(Problem("strategies", "no strategies given", expected="a list of NAME(k=v,...) specs"))
    protocol_ok = c.protocol in protocol_names()
    if not protocol_ok:
        out.append(Problem("protocol", "unknown protocol", repr(c.protocol), "one of " + ", ".join(protocol_names())))
    seen: dict[str, int] = {}
    given: tuple[object, ...] = c.strategies  # a file may hold anything
    for i, spec in enumerate(given):
        where = f"strategies[{i}]"
        if not isinstance(spec, str):
            out.append(Problem(where, "a strategy is a NAME(k=v,...) string", repr(spec)))
            continue
        try:
            cls, params = resolve(spec)
            cls(**params)
        except StrategyError as e:
            out.append(Problem(where, str(e), repr(spec)))
            continue
        if "party" not in cls.info.roles:
            out.append(Problem(where, f"{cls.info.name!r} cannot negotiate for a party", repr(spec)))
        if protocol_ok and c.protocol not in cls.info.protocols:
            out.append(
                Problem(
                    where,
                    f"{cls.info.name!r} does not play the {c.protocol} protocol",
                    repr(spec),
                    "a strategy for " + ", ".join(sorted(cls.info.protocols)),
                )
            )
        label = c.labels.get(spec, spec)
        if label in seen:
            out.append(Problem(where, f"the name {label!r} is already used by strategies[{seen[label]}]", repr(spec)))
        seen[label] = i
    for spec in c.labels:
        if spec not in c.strategies:
            out.append(Problem("labels", "labels a strategy that is not in the list", repr(spec)))
    if not c.scenarios:
        out.append(Problem("scenarios", "no scenarios given", expected="embedded names, files or folders"))
    for i, spec in enumerate(c.scenarios):
        if not isinstance(spec, str) or not spec:
            out.append(Problem(f"scenarios[{i}]", "a scenario is a name, file or folder", repr(spec)))
    if c.deadline is not None and _by_day(c.protocol):
        out.append(
            Problem(
                "deadline",
                f"the {c.protocol} protocol runs by days, not to a deadline in rounds",
                repr(c.deadline),
                "deadline left out (each scenario's calendar; protocol_options.days to change the days)",
            )
        )
    elif c.deadline is not None and (not _is_int(c.deadline) or c.deadline < 1):
        out.append(Problem("deadline", "must be a positive number of rounds", repr(c.deadline)))
    if not _is_int(c.repetitions) or c.repetitions < 1:
        out.append(Problem("repetitions", "must be a positive integer", repr(c.repetitions)))
    elif c.repetitions > MAX_REPETITIONS:
        out.append(Problem("repetitions", "is too many", f"{c.repetitions:,}", f"at most {MAX_REPETITIONS:,}"))
    if c.deadline is not None and isinstance(c.protocol_options, Mapping) and "n_rounds" in c.protocol_options:
        out.append(
            Problem(
                "protocol_options.n_rounds",
                "is set twice: deadline sets the number of rounds",
                repr(c.protocol_options["n_rounds"]),
                "deadline = <rounds> alone (or deadline left out)",
            )
        )
    if isinstance(c.deadline, int) and c.deadline > MAX_ROUNDS:
        out.append(Problem("deadline", "is too long", f"{c.deadline:,}", f"at most {MAX_ROUNDS:,} rounds"))
    if not _is_int(c.seed) or c.seed < 0:
        out.append(Problem("seed", "must be an integer >= 0", repr(c.seed)))
    for key in ("rotate_roles", "self_play", "ignore_discount"):
        if not isinstance(getattr(c, key), bool):
            out.append(Problem(key, "must be true or false", repr(getattr(c, key))))
    tl = c.time_limit
    if tl is not None and (isinstance(tl, bool) or not isinstance(tl, int | float) or not (0 < tl < math.inf)):
        out.append(Problem("time_limit", "must be a number of seconds > 0", repr(tl)))
    if c.batch_size is not None and (not _is_int(c.batch_size) or c.batch_size < 1):
        out.append(Problem("batch_size", "must be a positive integer", repr(c.batch_size)))
    if c.mediator is not None:
        try:
            cls, params = resolve(c.mediator)
            cls(**params)
            if "mediator" not in cls.info.roles:
                out.append(Problem("mediator", f"{cls.info.name!r} cannot take the mediator's seat", repr(c.mediator)))
        except StrategyError as e:
            out.append(Problem("mediator", str(e), repr(c.mediator)))
    if protocol_ok:
        try:
            get_protocol(c.protocol).config_type.from_dict(c.protocol_config)
        except (ProtocolError, AccordError) as e:
            out.append(Problem("protocol_options", str(e)))
    return out


# -- reading files ---------------------------------------------------------------------------
def _entry(value: object, where: str, problems: list[Problem]) -> tuple[Any, str | None]:
    """A strategy entry: a spec string, or a table {spec, label}. Returns (spec, label)."""
    if isinstance(value, Mapping):
        extra = set(value) - {"spec", "label"}
        if extra:
            problems.append(Problem(where, "unknown key(s) " + ", ".join(sorted(extra)), expected="spec, label"))
        label = value.get("label")
        if label is not None and not isinstance(label, str):
            problems.append(Problem(f"{where}.label", "must be a string", repr(label)))
            label = None
        return value.get("spec"), label
    return value, None


def _file_spec(spec: str, label: str | None, base_dir: Path) -> tuple[str, str | None]:
    """A ``file.py:Class`` spec relative to the configuration's folder, made absolute (its label keeps
    the text as written), so that worker processes find the file wherever they run."""
    from accord.engine.strategies.plugins import absolute_spec

    full = absolute_spec(spec, base_dir)
    return full, (label if label is not None or full == spec else spec)


def _by_day(protocol: object) -> bool:
    """Whether ``protocol`` names a registered protocol that runs by days (no deadline in rounds)."""
    from accord.engine.protocols.base import get_protocol, protocol_names

    return isinstance(protocol, str) and protocol in protocol_names() and get_protocol(protocol).capabilities.days


def config_from_dict(data: Mapping[str, Any], *, base_dir: Path | None = None) -> TournamentConfig:
    """A configuration from parsed file fields (raises TournamentError listing every problem)."""
    if not isinstance(data, Mapping):
        raise TournamentError("a tournament configuration is a table of fields", problems=[Problem("", "not a table")])
    problems = [
        Problem(k, "unknown field", expected="one of " + ", ".join(_FIELDS)) for k in sorted(set(data) - set(_FIELDS))
    ]
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        problems.append(Problem("schema", "unsupported schema", repr(schema), repr(SCHEMA)))
    raw = data.get("strategies", [])
    specs: list[Any] = []
    labels: dict[str, str] = {}
    if not isinstance(raw, list):
        problems.append(Problem("strategies", "must be a list", repr(raw)))
    else:
        for i, item in enumerate(raw):
            spec, label = _entry(item, f"strategies[{i}]", problems)
            if base_dir is not None and isinstance(spec, str):
                spec, label = _file_spec(spec, label, base_dir)
            specs.append(spec)
            if label is not None and isinstance(spec, str):
                labels[spec] = label
    scenarios = data.get("scenarios", [])
    if not isinstance(scenarios, list):
        problems.append(Problem("scenarios", "must be a list", repr(scenarios)))
        scenarios = []
    options = data.get("protocol_options", {})
    if not isinstance(options, Mapping):
        problems.append(Problem("protocol_options", "must be a table", repr(options)))
        options = {}
    kwargs = {k: data[k] for k in _FIELDS if k in data and k not in ("schema", "strategies", "scenarios")}
    if "deadline" not in data and _by_day(data.get("protocol", "saop")):
        kwargs["deadline"] = None  # the talks' days come from each scenario's calendar
    kwargs["protocol_options"] = options
    try:
        config = TournamentConfig(
            strategies=tuple(specs), scenarios=tuple(scenarios), labels=labels, base_dir=base_dir, **kwargs
        )
    except TournamentError as e:
        problems.extend(e.problems)
    if problems:
        raise TournamentError("invalid tournament configuration", problems=problems)
    return config


def _locate(problems: Sequence[Problem], text: str, kind: str, source: str) -> list[Problem]:
    from accord.formats.locate import line_of

    out = []
    for p in problems:
        path = p.path.split("[")[0]
        line = line_of(text, path, kind=kind) if path else None
        out.append(p.located(file=source, line=line))
    return out


def loads_config(
    text: str, *, kind: str = "toml", source: str | None = None, base_dir: Path | None = None
) -> TournamentConfig:
    """A configuration from the text of a TOML (``kind="toml"``) or JSON file."""
    where = source or "<text>"
    try:
        from accord.formats.accord_file import parse_document

        data: Any = parse_document(text, kind)
    except RecursionError:
        raise TournamentError(f"cannot read {where} as {kind.upper()}: nested too deeply") from None
    except (ValueError, tomllib.TOMLDecodeError) as e:  # JSONDecodeError is a ValueError
        raise TournamentError(f"cannot read {where} as {kind.upper()}: {e}") from None
    try:
        return config_from_dict(data, base_dir=base_dir)
    except TournamentError as e:
        raise TournamentError(
            "invalid tournament configuration", problems=_locate(e.problems, text, kind, where)
        ) from None


def load_config(path: str | Path) -> TournamentConfig:
    """Read a tournament configuration file (``.toml`` or ``.json``)."""
    p = Path(path)
    if not p.is_file():
        raise TournamentError(f"no tournament configuration file {str(p)!r}")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise TournamentError(f"{p}: the file is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise TournamentError(f"cannot read {p}: {e}") from None
    kind = "json" if p.suffix.lower() == ".json" else "toml"
    return loads_config(text, kind=kind, source=str(p), base_dir=p.resolve().parent)


def load_scenarios(config: TournamentConfig) -> tuple[Scenario, ...]:
    """The configuration's scenarios, loaded and checked (every problem reported at once).

    With ``ignore_discount`` the parties' cost of delay is dropped. Each scenario must have
    a distinct id, and without self-play enough strategies to fill its seats.
    """
    from accord.formats.detect import load_scenario

    problems: list[Problem] = []
    loaded: list[Scenario] = []
    ids: dict[str, int] = {}
    for i, spec in enumerate(config.scenarios):
        where = f"scenarios[{i}]"
        try:
            scenario = load_scenario(config.scenario_path(spec))
        except AccordError as e:
            problems.append(Problem(where, str(e).replace("\n", " "), repr(spec)))
            continue
        if scenario.id in ids:
            problems.append(
                Problem(where, f"scenario {scenario.id!r} is also scenarios[{ids[scenario.id]}]", repr(spec))
            )
        ids[scenario.id] = i
        n = len(scenario.negotiators)
        if not config.self_play and n > len(config.strategies):
            problems.append(
                Problem(
                    where,
                    f"{scenario.id!r} has {n} negotiating parties but only {len(config.strategies)} strategies "
                    "are given and self_play is off",
                    expected="self_play = true, or more strategies",
                )
            )
        if config.ignore_discount:
            scenario = scenario.with_parties(
                [
                    dataclasses.replace(p, preferences=dataclasses.replace(p.preferences, cost_of_delay=None))
                    if p.preferences is not None
                    else p
                    for p in scenario.parties
                ]
            )
        loaded.append(scenario)
    if problems:
        raise TournamentError("cannot load the tournament's scenarios", problems=problems)
    return tuple(loaded)
