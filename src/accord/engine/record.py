"""A run's record on disk, sealed: which scenario it belongs to, that it is complete and unedited.

``write_log(path, scenario, events)`` writes the events as JSON lines and ends the file with
a seal line ``{"seal": {...}}`` holding

* ``scenario``: the digest of the scenario's content (:func:`~accord.formats.accord_write.scenario_digest`),
  so a log is refused with another scenario of the same id (other private data, other results);
* ``events``: how many events precede the seal, and ``chain``: a hash chain over them
  (``h0 = sha256(scenario digest)``, ``h_i = sha256(h_{i-1} + event i as canonical JSON)``),
  so an edited, dropped, added or reordered event is detected;
* ``end``: the seal itself marks the end of the record, so a log cut short is detected.

:func:`check_log` verifies a seal against a scenario. The seal detects changes made by
hand or by accident and truncation; it is not a signature: whoever can rewrite the file can
compute a new chain. Replay also checks every event against the protocol's rules.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from accord.atomic import write_text
from accord.engine.events import Event, event_from_dict, event_to_dict
from accord.errors import ProtocolError
from accord.model.scenario import Scenario

__all__ = [
    "MAX_LOG_BYTES",
    "Seal",
    "SealedLog",
    "check_chain",
    "check_log",
    "check_origin",
    "event_chain",
    "read_log",
    "write_log",
]

MAX_LOG_BYTES = 256 * 1024 * 1024
"""Largest event log :func:`read_log` reads."""

SEAL_VERSION = 1


class Seal(NamedTuple):
    """The last line of a sealed log."""

    scenario: str  # digest of the scenario's content
    events: int  # number of events before the seal
    chain: str  # hash chain over those events


class SealedLog(NamedTuple):
    events: list[Event]
    seal: Seal | None  # None: the file has no seal line


def _canonical(event: Event) -> bytes:
    return json.dumps(event_to_dict(event), sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_chain(scenario_digest: str, events: Sequence[Event]) -> str:
    """The hash chain over ``events``, started from the scenario digest."""
    h = hashlib.sha256(scenario_digest.encode("ascii")).digest()
    for e in events:
        h = hashlib.sha256(h + _canonical(e)).digest()
    return h.hex()


def _digest(scenario: Scenario) -> str:
    from accord.formats.accord_write import scenario_digest

    return scenario_digest(scenario)


def write_log(path: str | Path, scenario: Scenario, events: Sequence[Event]) -> None:
    """Write ``events`` as JSON lines with a closing seal (atomically, replacing the file)."""
    digest = _digest(scenario)
    seal = {"v": SEAL_VERSION, "scenario": digest, "events": len(events), "chain": event_chain(digest, events)}
    lines = [json.dumps(event_to_dict(e), separators=(",", ":")) for e in events]
    lines.append(json.dumps({"seal": seal}, separators=(",", ":")))
    write_text(path, "\n".join(lines) + "\n")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _seal_of(data: Any, where: str) -> Seal:
    s = data.get("seal")
    if (
        not isinstance(s, dict)
        or s.get("v") != SEAL_VERSION
        or not isinstance(s.get("scenario"), str)
        or isinstance(s.get("events"), bool)
        or not isinstance(s.get("events"), int)
        or not isinstance(s.get("chain"), str)
    ):
        raise ProtocolError(f"{where}: the seal is damaged (expected v, scenario, events and chain)")
    return Seal(s["scenario"], s["events"], s["chain"])


def read_log(path: str | Path) -> SealedLog:
    """Read a log written by :func:`write_log` (or an unsealed one by ``write_events``).

    Raises :class:`ProtocolError` for a file that is not an event log (with file and line),
    and ``OSError`` when it cannot be read.
    """
    p = Path(path)
    if p.stat().st_size > MAX_LOG_BYTES:
        raise ProtocolError(f"{p}: larger than {MAX_LOG_BYTES // 2**20} MiB; not an event log accord wrote")
    events: list[Event] = []
    seal: Seal | None = None
    with p.open(encoding="utf-8", errors="strict") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{p}:{n}"
            if seal is not None:
                raise ProtocolError(f"{where}: an event follows the seal that ends the log")
            try:
                data = json.loads(line, parse_constant=_no_constant)
            except (json.JSONDecodeError, RecursionError) as e:
                raise ProtocolError(f"{where}: not JSON ({getattr(e, 'msg', 'nested too deeply')})") from None
            except ValueError as e:
                raise ProtocolError(f"{where}: not JSON ({e})") from None
            if isinstance(data, dict) and "seal" in data:
                seal = _seal_of(data, where)
                continue
            events.append(_checked_event(data, where))
    return SealedLog(events, seal)


def _checked_event(data: Any, where: str) -> Event:
    e = event_from_dict(data, where=where)
    if e.round < 0 or e.round > 2**53:
        raise ProtocolError(f"{where}: round must be a whole number >= 0 (found {e.round})")
    if e.outcome is not None and e.outcome < 0:
        raise ProtocolError(f"{where}: outcome must be an index >= 0 (found {e.outcome})")
    for _, v in e.info:
        if isinstance(v, float) and not math.isfinite(v):
            raise ProtocolError(f"{where}: a number in info is not finite ({v})")
    return e


def check_log(scenario: Scenario, log: SealedLog) -> None:
    """Refuse a log that is unsealed, of other scenario content, cut short or edited."""
    check_origin(scenario, log)
    check_chain(log)


def check_origin(scenario: Scenario, log: SealedLog) -> None:
    """Refuse a log without a seal, or sealed with other content for the scenario."""
    named = log.events[0].get("scenario") if log.events else None
    if named != scenario.id:
        raise ProtocolError(f"the log is of scenario {named!r}, not {scenario.id!r}")
    if log.seal is None:
        raise ProtocolError(
            "the log has no seal (its last line): it was cut short, or written by hand or by an older accord"
        )
    seal = log.seal
    if seal.scenario != _digest(scenario):
        raise ProtocolError(
            f"the log was recorded with other content for scenario {scenario.id!r} "
            "(its parties, preferences or issues differ from the file given)"
        )


def check_chain(log: SealedLog) -> None:
    """Refuse a log whose events are not the ones its seal counts and chains."""
    seal = log.seal
    if seal is None:
        raise ProtocolError("the log has no seal (its last line)")
    if seal.events != len(log.events):
        raise ProtocolError(f"the seal counts {seal.events} events but the log holds {len(log.events)}")
    if seal.chain != event_chain(seal.scenario, log.events):
        raise ProtocolError("the events do not match the seal's hash chain: the log was edited after it was written")
