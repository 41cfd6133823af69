"""Sessions: create one, read its public summary, close it, replace a seat's link."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request

from accord.service.auth import AnyToken, Caller, Organiser, get_sessions
from accord.service.models import CreateSession, ErrorOut, Identity, SessionCreated, SessionOut, TokenOut
from accord.service.sessions import Sessions
from accord.service.tokens import digest, new_token

router = APIRouter(prefix="/api", tags=["sessions"])

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (401, 403, 404, 422)}
SessionsDep = Annotated[Sessions, Depends(get_sessions)]


def join_link(request: Request, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/join/{token}"


@router.post("/sessions", status_code=201, responses={**ERRORS, 429: {"model": ErrorOut}})
def create_session(body: CreateSession, request: Request, sessions: SessionsDep) -> SessionCreated:
    """Create a session; the answer holds every secret link (shown once, stored hashed)."""
    from accord import scenarios

    if (body.scenario is None) == (body.document is None):
        raise HTTPException(422, "give either scenario (an embedded name) or document (an accord scenario document)")
    if body.scenario is not None:
        if body.scenario not in scenarios.names():
            raise HTTPException(
                422, f"no embedded scenario {body.scenario!r}; embedded: {', '.join(scenarios.names())}"
            )
        scenario, name, doc = scenarios.get(body.scenario), body.scenario, None
    else:
        from accord.formats.accord_read import scenario_from_dict

        scenario, name, doc = scenario_from_dict(body.document or {}).scenario, None, json.dumps(body.document)
    created = sessions.create(
        scenario,
        scenario_name=name,
        scenario_json=doc,
        protocol=body.protocol,
        config=body.config,
        seed=body.seed,
        seats=body.seats,
        move_seconds=body.move_seconds,
        organiser_key=request.client.host if request.client else None,
    )
    links = {seat: join_link(request, t) for seat, t in created.seats.items()}
    links["organiser"] = join_link(request, created.organiser)
    links["observer"] = join_link(request, created.observer)
    return SessionCreated(
        id=created.id, organiser=created.organiser, observer=created.observer, seats=created.seats, links=links
    )


@router.get("/me", responses=ERRORS)
def me(who: AnyToken) -> Identity:
    """Whose link this is: the session, the role and the seat."""
    return who


@router.get("/sessions/{sid}", responses=ERRORS)
def session_info(sid: str, who: Caller, sessions: SessionsDep) -> SessionOut:
    """The session's public summary (any link of the session)."""
    live = sessions.load(sid)
    return SessionOut(
        id=sid,
        scenario=live.scenario.id,
        protocol=live.proto.name,
        status=live.row.status,
        over=live.proto.is_over(live.state),
        length=live.length,
        turn=live.proto.turn(live.state),
        seats=sessions.seats_info(live),
        you=who,
    )


@router.post("/sessions/{sid}/close", responses=ERRORS)
def close_session(sid: str, who: Organiser, sessions: SessionsDep) -> dict[str, str]:
    """Close the session: no further action is accepted; the record stays."""
    sessions.close(sid)
    return {"id": sid, "status": "closed"}


@router.post("/sessions/{sid}/seats/{seat}/link", responses=ERRORS)
def replace_link(
    sid: str,
    seat: Annotated[str, Path(max_length=200)],
    who: Organiser,
    request: Request,
    sessions: SessionsDep,
) -> TokenOut:
    """Revoke a seat's link and make a new one (seat "observer" for the observers' link)."""
    live = sessions.load(sid)
    if seat == "observer":
        role, seat_id = "observer", ""
    elif live.row.seats.get(seat) == "person":
        role, seat_id = "seat", seat
    else:
        raise HTTPException(404, f"no seat {seat!r} taken by a person in this session")
    token = new_token()
    sessions.store.replace_token(sid, role, seat_id, digest(token))
    return TokenOut(seat=seat, token=token, link=join_link(request, token))
