"""The FastAPI application: routers, error mapping, request-size limit, structured logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from accord import __version__
from accord.errors import AccordError, ActionRejected, ProtocolError, ScenarioError, StrategyError
from accord.service.routers import ops, play, sessions
from accord.service.sessions import Late, NotFound, SessionClosed, Sessions, TooMany
from accord.service.store import StaleLog, Store, StoreError

__all__ = ["MAX_BODY_BYTES", "create_app"]

log = logging.getLogger("accord.service")

MAX_BODY_BYTES = 1_000_000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(self.limit, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"the request body is larger than {self.limit:,} bytes")
            return message

        await self.app(scope, limited, send)


async def _too_large(limit: int, send: Send) -> None:
    await JSONResponse({"detail": f"the request body is larger than {limit:,} bytes"}, 413)(
        {"type": "http"}, _no_receive, send
    )


async def _no_receive() -> Message:  # pragma: no cover - a response never reads
    return {"type": "http.disconnect"}


_STATUS: list[tuple[type[Exception], int]] = [
    (NotFound, 404),
    (SessionClosed, 409),
    (Late, 409),
    (StaleLog, 409),
    (TooMany, 429),
    (ActionRejected, 422),
    (ScenarioError, 422),
    (StrategyError, 422),
    (ProtocolError, 422),
    (StoreError, 503),
]


def create_app(
    db: str, *, max_sessions: int = 1000, max_body: int = MAX_BODY_BYTES, max_per_organiser: int | None = None
) -> FastAPI:
    """The service over the database ``db`` (a SQLite file path or URL, or a PostgreSQL URL);
    ``max_per_organiser``: the most open sessions one organiser (client address) may hold."""
    store = Store(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("serving sessions from %s", store.safe_url)
        yield
        store.close()
        log.info("database closed")

    app = FastAPI(
        title="accord negotiation service",
        version=__version__,
        description=(
            "Mediated, multi-party negotiation sessions. Each link (token) is a seat, the organiser or an "
            "observer; every read shows what that seat may see."
        ),
        lifespan=lifespan,
    )
    app.state.sessions = Sessions(store, max_open=max_sessions, max_per_organiser=max_per_organiser)
    app.include_router(ops.router)
    app.include_router(sessions.router)
    app.include_router(play.router)
    from accord.web import mount as mount_pages

    mount_pages(app)

    @app.exception_handler(AccordError)
    async def accord_error(request: Request, exc: AccordError) -> JSONResponse:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 422)
        log.info("refused %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": str(exc)}, status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:20]:
            where = ".".join(str(x) for x in err.get("loc", ()))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, 422)

    app.add_middleware(BodyLimit, limit=max_body)
    return app
