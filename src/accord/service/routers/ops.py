"""Operations: liveness and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from accord.service.auth import get_sessions
from accord.service.sessions import Sessions
from accord.service.store import StoreError

router = APIRouter(tags=["operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "The database cannot be reached."}})
def ready(sessions: Annotated[Sessions, Depends(get_sessions)]) -> dict[str, str]:
    """The database answers."""
    try:
        sessions.store.ping()
    except (StoreError, OSError, Exception) as e:  # any driver error means not ready
        raise HTTPException(503, f"the database is not reachable: {type(e).__name__}") from None
    return {"status": "ready"}
