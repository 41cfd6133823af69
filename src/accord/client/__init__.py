"""A small Python client of the negotiation service (``accord serve``), over httpx.

``SeatClient.from_link("http://127.0.0.1:8000/join/TOKEN")`` speaks for the seat (or the
organiser, or an observer) the link belongs to; :func:`play` seats a built-in strategy there
and plays until the negotiation is over, exactly as it would play in ``accord run``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from accord.engine.events import Action, Event
from accord.engine.strategies.registry import create
from accord.engine.view import Seat
from accord.errors import AccordError
from accord.service.wire import action_to_dict, seat_from_dict, view_from_dict, wire_events

__all__ = ["ClientError", "Played", "SeatClient", "create_session", "play"]


class ClientError(AccordError):
    """The service refused a request, or cannot be reached."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _check(r: httpx.Response) -> Any:
    if r.status_code >= 400:
        try:
            detail = r.json().get("detail", r.text)
        except ValueError:
            detail = r.text
        raise ClientError(f"{r.request.method} {r.request.url.path}: {r.status_code} {detail}", r.status_code)
    return r.json()


def create_session(base_url: str, body: Mapping[str, Any], *, timeout: float = 30.0) -> dict[str, Any]:
    """``POST /api/sessions``: the new session's id and secret links."""
    try:
        with httpx.Client(base_url=base_url, timeout=timeout) as http:
            doc: dict[str, Any] = _check(http.post("/api/sessions", json=dict(body)))
    except httpx.TransportError as e:
        raise ClientError(f"cannot reach {base_url}: {e}") from None
    return doc


@dataclass
class SeatClient:
    """One link's client: who it is, and the calls it may make."""

    base_url: str
    token: str
    timeout: float = 70.0
    retry_s: float = 0.0  # keep retrying a request this long while the server cannot be reached
    http: httpx.Client = field(init=False, repr=False)
    session: str = field(init=False, default="")
    role: str = field(init=False, default="")
    seat: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url, timeout=self.timeout, headers={"Authorization": f"Bearer {self.token}"}
        )
        me = self.get("/api/me")
        self.session, self.role, self.seat = me["session"], me["role"], me["seat"]

    @classmethod
    def from_link(cls, link: str, **kw: Any) -> SeatClient:
        """A client for a join link ``http://HOST:PORT/join/TOKEN``."""
        parts = urlsplit(link)
        path = parts.path.rstrip("/")
        if not parts.scheme or not parts.netloc or "/join/" not in path:
            raise ClientError(f"not a join link: {link!r} (expected http://HOST:PORT/join/TOKEN)")
        return cls(f"{parts.scheme}://{parts.netloc}", path.rsplit("/join/", 1)[1], **kw)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SeatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        """One request; repeated unchanged while the server is unreachable (up to ``retry_s``).

        Repeating an action is safe when it carries ``expected_seq``: if the first attempt was
        stored, the repeat is refused (409) instead of being applied twice.
        """
        stop = time.monotonic() + self.retry_s
        while True:
            try:
                return _check(self.http.request(method, path, **kw))
            except httpx.TransportError as e:
                if time.monotonic() >= stop:
                    raise ClientError(f"cannot reach {self.base_url}: {e}") from None
                time.sleep(0.2)

    def get(self, path: str, **params: Any) -> Any:
        return self._call("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return self._call("POST", path, json=dict(body or {}))

    @property
    def prefix(self) -> str:
        return f"/api/sessions/{self.session}"

    def info(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.get(self.prefix)
        return doc

    def brief(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.get(self.prefix + "/seat")
        return doc

    def view(self, *, since: int = 0, wait: float = 0.0, until: str = "change") -> dict[str, Any]:
        doc: dict[str, Any] = self.get(self.prefix + "/view", since=since, wait=wait, until=until)
        return doc

    def events(self, since: int = 0) -> list[tuple[int, Event]]:
        return wire_events(self.get(self.prefix + "/events", since=since))

    def act(self, action: Action | Mapping[str, Any], expected_seq: int | None = None) -> dict[str, Any]:
        body = action_to_dict(action) if isinstance(action, Action) else dict(action)
        if expected_seq is not None:
            body["expected_seq"] = expected_seq
        doc: dict[str, Any] = self.post(self.prefix + "/actions", body)
        return doc


@dataclass(frozen=True)
class Played:
    """What a seat did: its actions, and the events it saw."""

    seat: str
    actions: int
    events: tuple[Event, ...]
    over: bool


def play(
    client: SeatClient,
    spec: str,
    *,
    seed: Any = None,
    wait: float = 30.0,
    deadline_s: float = 3600.0,
    on_action: Callable[[Action, int], None] | None = None,
) -> Played:
    """Seat the strategy ``spec`` at the client's seat and play until the negotiation is over.

    The strategy is seeded as ``accord run`` seeds it, ``(session seed, seat index)``, unless
    ``seed`` is given. It acts when the protocol's turn is this seat's.
    """
    if client.role != "seat":
        raise ClientError(f"this link is the {client.role}'s, not a seat's: it cannot play")
    brief = client.brief()
    seat: Seat = seat_from_dict(brief)
    agent = create(spec)
    seen: list[Event] = []
    doc = client.view(since=0)
    seen.extend(e for _, e in wire_events(doc["events"]))
    pos = int(doc["length"])
    agent.start(view_from_dict(seat, doc, seen), seed if seed is not None else (brief["seed"], brief["index"]))
    actions = 0
    stop = time.monotonic() + deadline_s
    while not doc["over"] and doc.get("status", "open") == "open":
        if time.monotonic() > stop:
            raise ClientError(f"seat {client.seat}: the negotiation did not end within {deadline_s:g} s")
        doc = client.view(since=pos, wait=wait, until="turn")
        seen.extend(e for _, e in wire_events(doc["events"]))
        pos = int(doc["length"])
        if doc["over"] or not doc["your_turn"]:
            continue
        action = agent.act(view_from_dict(seat, doc, seen))
        try:
            client.act(action, expected_seq=pos)
        except ClientError as e:
            if e.status != 409:
                raise
            continue  # the record moved on: read it again
        actions += 1
        if on_action is not None:
            on_action(action, pos)
    return Played(client.seat, actions, tuple(seen), bool(doc["over"]))
