"""The JSON forms of what crosses the wire: a seat's view, its events, an action.

Pure functions over the engine's public types (no web library), shared by the service and
:mod:`accord.client`, so a view sent by the server rebuilds, on the client, a
:class:`~accord.engine.view.View` that a strategy reads exactly as it would in ``accord run``.
A view holds the seat's own preferences and what the seat may see, never more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from accord.engine.events import Action, Event, Log, PriorityReport, event_from_dict, event_to_dict
from accord.engine.view import Answer, GroupInfo, Mediated, Seat, View
from accord.errors import ProtocolError
from accord.model.space import OutcomeSpace

__all__ = [
    "action_from_dict",
    "action_to_dict",
    "events_to_wire",
    "seat_from_dict",
    "seat_to_dict",
    "view_from_dict",
    "view_to_dict",
    "wire_events",
]


def seat_to_dict(seat: Seat) -> dict[str, Any]:
    """The fixed part of a seat's view: who it is, the issues, its own preferences (if any)."""
    from accord.formats.accord_write import preferences_to_dict, space_to_dict

    return {
        "id": seat.id,
        "role": seat.role,
        "protocol": seat.protocol,
        "parties": list(seat.parties),
        "mediator": seat.mediator,
        "n_rounds": seat.n_rounds,
        "rounds_per_day": seat.rounds_per_day,
        "groups": [{"id": g.id, "issues": list(g.issues), "members": list(g.members)} for g in seat.groups],
        "issues": space_to_dict(seat.space),
        "preferences": None if seat.preferences is None else preferences_to_dict(seat.preferences),
    }


def seat_from_dict(data: Mapping[str, Any]) -> Seat:
    """The :class:`Seat` a :func:`seat_to_dict` document describes."""
    from accord.formats.accord_read import preferences_from_dict, space_from_dict

    space: OutcomeSpace = space_from_dict(data["issues"])
    prefs = data.get("preferences")
    return Seat(
        id=str(data["id"]),
        role=str(data["role"]),
        preferences=None if prefs is None else preferences_from_dict(str(data["id"]), prefs, space),
        space=space,
        protocol=str(data["protocol"]),
        parties=tuple(str(p) for p in data["parties"]),
        mediator=None if data.get("mediator") is None else str(data["mediator"]),
        n_rounds=int(data["n_rounds"]),
        rounds_per_day=int(data["rounds_per_day"]),
        groups=tuple(
            GroupInfo(str(g["id"]), tuple(int(i) for i in g["issues"]), tuple(str(m) for m in g["members"]))
            for g in data.get("groups", ())
        ),
    )


def events_to_wire(events: Iterable[tuple[int, Event]]) -> list[dict[str, Any]]:
    """Events with their position in the session's record (``seq``)."""
    return [{"seq": seq, **event_to_dict(e)} for seq, e in events]


def view_to_dict(view: View) -> dict[str, Any]:
    """The moving part of a seat's view (the situation now), without the events."""
    return {
        "seat": view.seat.id,
        "round": view.round,
        "time": view.time,
        "day": view.day,
        "situation": view.situation,
        "kinds": sorted(view.kinds),
        "standing": view.standing,
        "standing_by": view.standing_by,
        "text": view.text,
        "group": view.group,
        "frame": view.frame,
        "issues": list(view.issues),
        "answers": [{"party": a.party, "kind": a.kind, "issues": list(a.issues)} for a in view.answers],
        "reports": [{"party": p, "report": r.as_dict()} for p, r in view.reports],
        "phase": view.phase,
        "assembled": view.assembled,
    }


def view_from_dict(seat: Seat, data: Mapping[str, Any], events: Sequence[Event]) -> View:
    """Rebuild a :class:`View` from :func:`view_to_dict` and the events the seat has seen."""
    mediated = Mediated(
        text=data.get("text"),
        group=str(data.get("group", "")),
        frame=data.get("frame"),
        issues=tuple(int(i) for i in data.get("issues", ())),
        answers=tuple(
            Answer(str(a["party"]), str(a["kind"]), tuple(int(i) for i in a.get("issues", ())))
            for a in data.get("answers", ())
        ),
        reports=tuple((str(r["party"]), PriorityReport.from_dict(r["report"])) for r in data.get("reports", ())),
        phase=str(data.get("phase", "")),
        assembled=data.get("assembled"),
    )
    return View(
        seat,
        Log(events),
        int(data["round"]),
        float(data["time"]),
        str(data["situation"]),
        frozenset(str(k) for k in data["kinds"]),
        data.get("standing"),
        str(data.get("standing_by", "")),
        int(data.get("day", 0)),
        mediated,
    )


def wire_events(items: Iterable[Mapping[str, Any]]) -> list[tuple[int, Event]]:
    """Parse :func:`events_to_wire` items back into (seq, event) pairs."""
    out = []
    for item in items:
        body = {k: v for k, v in item.items() if k != "seq"}
        out.append((int(item["seq"]), event_from_dict(body)))
    return out


def action_to_dict(action: Action) -> dict[str, Any]:
    """An action as the body of ``POST .../actions`` (the party is the caller's seat)."""
    out: dict[str, Any] = {"kind": str(action.kind)}
    if action.outcome is not None:
        out["outcome"] = action.outcome
    if action.issues:
        out["issues"] = list(action.issues)
    if action.group:
        out["group"] = action.group
    if action.note:
        out["note"] = action.note
    if action.report is not None:
        out["report"] = action.report.as_dict()
    return out


def action_from_dict(party: str, data: Mapping[str, Any]) -> Action:
    """The engine's action for ``party`` from an action body (validated by the protocol later)."""
    report = data.get("report")
    try:
        return Action(
            party=party,
            kind=str(data["kind"]),
            outcome=data.get("outcome"),
            issues=tuple(data.get("issues") or ()),
            group=str(data.get("group") or ""),
            note=str(data.get("note") or ""),
            report=None if report is None else PriorityReport.from_dict(report),
        )
    except (KeyError, TypeError) as e:
        raise ProtocolError(f"not an action ({e})") from None
