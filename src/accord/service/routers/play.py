"""At the table: a seat's own brief, its view (long-polled), the events it may see, its actions, a live stream.

Every read goes through the protocol's view for the caller's seat; observers and the
organiser read the public events only.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from accord.service.auth import Caller, SeatHolder
from accord.service.models import ActionIn, ActionOut, EventOut, Identity, SeatOut, ViewOut
from accord.service.routers.sessions import ERRORS, SessionsDep
from accord.service.sessions import Live, Sessions
from accord.service.wire import action_from_dict, events_to_wire, seat_to_dict, view_to_dict

router = APIRouter(prefix="/api/sessions/{sid}", tags=["play"])

POLL_LOCAL_S = 0.01  # how often a waiter looks at this process's log lengths
POLL_STORE_S = 0.5  # how often it asks the database (another process may have written)


def _view_doc(live: Live, who: Identity, since: int) -> dict[str, Any]:
    live = live.snapshot()  # one state throughout, whatever other requests do meanwhile
    proto, state = live.proto, live.state
    over = proto.is_over(state)
    if who.role == "seat":
        doc = view_to_dict(live.view(who.seat))
        events = live.visible(who.seat, since)
        expected = proto.expected(state).parties
        doc.update(your_turn=proto.turn(state) == who.seat, may_act=who.seat in expected)
    else:
        doc = {"seat": "", "kinds": [], "your_turn": False, "may_act": False}
        events = live.public(since)
    if not doc["may_act"]:
        doc["kinds"] = []
    doc.update(length=live.length, over=over, status=live.row.status, events=events_to_wire(events))
    return doc


def _ready(live: Live, who: Identity, since: int, until: str) -> bool:
    if live.proto.is_over(live.state) or live.row.status != "open":
        return True
    if until == "turn":
        return who.role == "seat" and live.proto.turn(live.state) == who.seat
    return live.length > since


async def _wait(sessions: Sessions, sid: str, who: Identity, since: int, until: str, wait: float) -> Live:
    live = await run_in_threadpool(sessions.load, sid)
    deadline = time.monotonic() + wait
    next_store = time.monotonic() + POLL_STORE_S
    while not _ready(live, who, since, until) and time.monotonic() < deadline:
        await asyncio.sleep(POLL_LOCAL_S)
        now = time.monotonic()
        if sessions.version.get(sid, -1) != live.length or now >= next_store:
            live = await run_in_threadpool(sessions.load, sid)
            next_store = now + POLL_STORE_S
    return live


@router.get("/seat", responses=ERRORS)
def seat(sid: str, who: SeatHolder, sessions: SessionsDep) -> SeatOut:
    """The seat's fixed brief: the issues, its own preferences, the table, the seed and its place."""
    live = sessions.load(sid)
    view = live.view(who.seat)
    seed = int(live.proto.log(live.state)[0].get("seed", 0))
    index = live.proto.seats(live.state).index(who.seat)
    return SeatOut(**seat_to_dict(view.seat), seed=seed, index=index)


@router.get("/view", responses=ERRORS)
async def view(
    sid: str,
    who: Caller,
    sessions: SessionsDep,
    since: Annotated[int, Query(ge=0, description="Return the visible events from this record position on.")] = 0,
    wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for `until` (long poll).")] = 0,
    until: Annotated[
        Literal["change", "turn"], Query(description="change: the record grew past `since`; turn: this seat's turn.")
    ] = "change",
) -> ViewOut:
    """What the caller's seat may see now, the action kinds it may use, and the events since `since`."""
    live = await _wait(sessions, sid, who, since, until, wait)
    return ViewOut(**_view_doc(live, who, since))


@router.get("/events", responses=ERRORS)
def events(
    sid: str,
    who: Caller,
    sessions: SessionsDep,
    since: Annotated[int, Query(ge=0)] = 0,
) -> list[EventOut]:
    """The events the caller may see, from record position `since` on (the export of a seat's record)."""
    live = sessions.load(sid)
    items = live.visible(who.seat, since) if who.role == "seat" else live.public(since)
    return [EventOut(**d) for d in events_to_wire(items)]


@router.post("/actions", responses={**ERRORS, 409: {"description": "Out of date, closed, or not now."}})
def act(sid: str, body: ActionIn, who: SeatHolder, sessions: SessionsDep) -> ActionOut:
    """The seat acts. Refused (nothing stored) when the protocol's rules or `expected_seq` say no."""
    data = body.model_dump(exclude_none=True, exclude={"expected_seq"})
    length, produced = sessions.act(sid, action_from_dict(who.seat, data), body.expected_seq)
    start = length - len(produced)
    mine = [(start + i, e) for i, e in enumerate(produced) if e.visible_to(who.seat)]
    return ActionOut(length=length, events=[EventOut(**d) for d in events_to_wire(mine)])


@router.get("/stream", responses=ERRORS, response_class=StreamingResponse)
async def stream(
    sid: str,
    who: Caller,
    request: Request,
    sessions: SessionsDep,
    since: Annotated[int, Query(ge=0)] = 0,
    for_s: Annotated[
        float, Query(ge=0, le=86400, description="The stream ends after this many seconds (reconnect with since=).")
    ] = 3600,
) -> StreamingResponse:
    """Server-Sent Events: a `view` event (as GET /view) each time the record grows; ends when it is over."""

    async def gen() -> AsyncIterator[str]:
        pos, first = since, True
        end = time.monotonic() + for_s
        while True:
            live = await _wait(sessions, sid, who, pos, "change", max(0.0, min(15.0, end - time.monotonic())))
            if await request.is_disconnected():
                return
            if live.length > pos or first or live.row.status != "open" or live.proto.is_over(live.state):
                first = False
                doc = _view_doc(live, who, pos)
                pos = int(doc["length"])
                yield f"event: view\nid: {pos}\ndata: {json.dumps(doc, separators=(',', ':'))}\n\n"
                if doc["over"] or doc["status"] != "open":
                    yield "event: end\ndata: {}\n\n"
                    return
            else:
                yield ": keep-alive\n\n"
            if time.monotonic() >= end:
                return

    return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})
