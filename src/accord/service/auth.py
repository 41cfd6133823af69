"""Who is calling: a secret link's token resolved to (session, role, seat), as FastAPI dependencies.

The token travels as ``Authorization: Bearer TOKEN`` or, for links opened in a browser and
for Server-Sent Events (which cannot set headers), as ``?token=TOKEN``. Unknown and revoked
tokens are refused alike (401); a token of another session is refused (403) without saying
whether the session exists.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from accord.service.models import Identity
from accord.service.sessions import Sessions
from accord.service.tokens import digest

__all__ = ["AnyToken", "Caller", "Organiser", "SeatHolder", "get_sessions"]

_bearer = HTTPBearer(auto_error=False, description="A secret link's token.")


def get_sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def _identity(
    sessions: Annotated[Sessions, Depends(get_sessions)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    token: Annotated[str | None, Query(max_length=200, description="The token, where no header can be set.")] = None,
) -> Identity:
    raw = credentials.credentials if credentials is not None else token
    if not raw:
        raise HTTPException(401, "a token is required (Authorization: Bearer TOKEN, or ?token=TOKEN)")
    row = sessions.store.token(digest(raw))
    if row is None or row.revoked:
        raise HTTPException(401, "this link is not valid (unknown or revoked)")
    return Identity(session=row.session_id, role=row.role, seat=row.seat)  # type: ignore[arg-type]


def _in_session(
    who: Annotated[Identity, Depends(_identity)],
    sid: Annotated[str, Path(max_length=64, description="The session id.")],
) -> Identity:
    if who.session != sid:
        raise HTTPException(403, "this link is for another session")
    return who


def _seat(who: Annotated[Identity, Depends(_in_session)]) -> Identity:
    if who.role != "seat":
        raise HTTPException(403, "only a seat at the table may do this (this link is the " + who.role + "'s)")
    return who


def _organiser(who: Annotated[Identity, Depends(_in_session)]) -> Identity:
    if who.role != "organiser":
        raise HTTPException(403, "only the session's organiser may do this")
    return who


AnyToken = Annotated[Identity, Depends(_identity)]
Caller = Annotated[Identity, Depends(_in_session)]
SeatHolder = Annotated[Identity, Depends(_seat)]
Organiser = Annotated[Identity, Depends(_organiser)]
