"""The classroom: N tables of one case at once, the teacher's page, the debrief.

``POST /api/classes`` creates the tables (each a session, as ``POST /api/sessions`` makes
one) and answers every seat's link once, with a teacher's link (random, stored hashed, as
the sessions' links). ``/class/TOKEN`` shows the teacher the progress of every table and,
table by table as they end, the debrief (:mod:`accord.web.debrief`); ``/class/new`` is the
organiser's form.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from accord.service.models import CreateSession, ErrorOut
from accord.service.routers.sessions import ERRORS, SessionsDep, create_session
from accord.service.sessions import Live, Sessions
from accord.service.tokens import digest, new_token
from accord.web import brief
from accord.web.debrief import debrief, table_result
from accord.web.pages import render

__all__ = ["ClassCreated", "CreateClass", "classes", "router"]

router = APIRouter(tags=["classroom"])

MAX_TABLES = 100

classes = sa.Table(
    "classes",
    sa.MetaData(),
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(32), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sessions_json", sa.Text, nullable=False),
)


class CreateClass(BaseModel):
    """N tables of one case: the session's fields, and how many tables."""

    model_config = ConfigDict(extra="forbid")
    tables: int = Field(ge=1, le=MAX_TABLES, description="How many tables (sessions) to create.")
    name: str = Field("", max_length=200, description="A name for the class (shown to the teacher).")
    scenario: str | None = Field(None, max_length=200, description="An embedded scenario name (`accord scenarios`).")
    document: dict[str, Any] | None = Field(None, description="An accord scenario document.")
    protocol: Literal["saop", "single-text", "phased"] = "phased"
    config: dict[str, int | float | bool | str | None] = Field(default_factory=dict, description="Protocol options.")
    seed: int = Field(0, ge=0, le=2**62, description="Table t (from 1) is seeded seed + t - 1.")
    seats: dict[str, str] = Field(default_factory=dict, description='Seat -> "person" or a built-in strategy spec.')


class TableLinks(BaseModel):
    table: int
    session: str
    links: dict[str, str] = Field(description="Seat (and organiser, observer) -> the join URL.")


class ClassCreated(BaseModel):
    id: str
    teacher: str = Field(description="The teacher's secret link (token); keep it.")
    link: str = Field(description="The teacher's page.")
    tables: list[TableLinks]


def _class_of(sessions: Sessions, token: str) -> tuple[str, list[str]]:
    with sessions.store.engine.connect() as conn:
        row = conn.execute(sa.select(classes).where(classes.c.hash == digest(token))).first()
    if row is None:
        raise HTTPException(401, "this class link is not valid")
    return str(row.name), list(json.loads(row.sessions_json))


@router.post("/api/classes", status_code=201, responses={**ERRORS, 429: {"model": ErrorOut}})
def create_class(body: CreateClass, request: Request, sessions: SessionsDep) -> ClassCreated:
    """Create ``tables`` sessions of one case; the answer holds every seat's link and the teacher's (shown once)."""
    if sessions.store.count_open() + body.tables > sessions.max_open:
        raise HTTPException(429, f"{body.tables} tables would exceed this server's {sessions.max_open} open sessions")
    fields = body.model_dump(exclude={"tables", "name"})
    made = []
    for t in range(1, body.tables + 1):
        created = create_session(CreateSession(**{**fields, "seed": body.seed + t - 1}), request, sessions)
        made.append(TableLinks(table=t, session=created.id, links=created.links))
    cid, teacher = uuid.uuid4().hex, new_token()
    name = body.name or (body.scenario or "class")
    with sessions.store.engine.begin() as conn:
        conn.execute(
            classes.insert().values(
                hash=digest(teacher),
                id=cid,
                created_at=time.time(),
                name=name,
                sessions_json=json.dumps([m.session for m in made]),
            )
        )
    link = f"{str(request.base_url).rstrip('/')}/class/{teacher}"
    return ClassCreated(id=cid, teacher=teacher, link=link, tables=made)


def _progress(sessions: Sessions, ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for t, sid in enumerate(ids, start=1):
        live: Live = sessions.load(sid).snapshot()
        proto, state = live.proto, live.state
        names = brief.names_of(live.scenario)
        over = proto.is_over(state)
        turn = proto.turn(state)
        phase = next((str(e.get("phase")) for e in reversed(proto.log(state)) if e.kind == "phase"), "")
        day = next((int(e.get("day", 0)) for e in reversed(proto.log(state)) if e.kind == "phase"), 0)
        rows.append(
            {
                "table": t,
                "session": sid,
                "status": "over" if over else live.row.status,
                "ending": str(proto.log(state)[-1].kind) if over else "",
                "day": day + 1,
                "phase": phase,
                "length": live.length,
                "turn": "" if turn is None else names.get(turn, turn),
                "seats": {names.get(s, s): i["held_by"] for s, i in Sessions.seats_info(live).items()},
            }
        )
    return rows


def class_debrief(sessions: Sessions, ids: list[str]) -> dict[str, Any]:
    """The debrief of a class's tables (the teacher's view: true utilities)."""
    results = []
    scenario = None
    for t, sid in enumerate(ids, start=1):
        live = sessions.load(sid).snapshot()
        scenario = live.scenario
        events = list(live.proto.log(live.state))
        results.append(table_result(t, sid, scenario, events, live.proto.is_over(live.state), live.row.status))
    if scenario is None:  # pragma: no cover - a class has at least one table
        raise HTTPException(404, "this class has no tables")
    return {**debrief(scenario, results), "scenario": scenario.name or scenario.id}


Token = Annotated[str, Path(max_length=200, description="The teacher's secret link.")]


@router.get("/api/classes/{token}", responses=ERRORS)
def class_info(token: Token, sessions: SessionsDep) -> dict[str, Any]:
    """Every table's progress (JSON), and whether every table is over or closed."""
    name, ids = _class_of(sessions, token)
    rows = _progress(sessions, ids)
    return {"name": name, "tables": rows, "done": all(r["status"] != "open" for r in rows)}


@router.get("/class/new", response_class=HTMLResponse)
def new_class_page() -> HTMLResponse:
    """The organiser's form: a case, a number of tables, who holds each seat."""
    from accord import scenarios

    return HTMLResponse(render("class_new.html", cases=scenarios.names()))


@router.get("/class/{token}", responses=ERRORS, response_class=HTMLResponse)
def class_page(token: Token, sessions: SessionsDep) -> HTMLResponse:
    """The teacher's page: every table's progress, and the debrief as tables end."""
    name, ids = _class_of(sessions, token)
    return HTMLResponse(
        render("class.html", name=name, token=token, progress=_progress(sessions, ids), d=class_debrief(sessions, ids))
    )


@router.get("/class/{token}/progress", responses=ERRORS, response_class=HTMLResponse)
def class_progress(token: Token, sessions: SessionsDep) -> HTMLResponse:
    """The live part of the teacher's page."""
    name, ids = _class_of(sessions, token)
    del name
    return HTMLResponse(render("class_live.html", progress=_progress(sessions, ids), d=class_debrief(sessions, ids)))


@router.get("/class/{token}/debrief", responses=ERRORS, response_class=HTMLResponse)
def class_debrief_page(token: Token, sessions: SessionsDep) -> HTMLResponse:
    """The debrief as a page of its own (to save or print)."""
    name, ids = _class_of(sessions, token)
    return HTMLResponse(render("debrief.html", name=name, d=class_debrief(sessions, ids), standalone=True))
