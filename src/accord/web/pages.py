"""The rooms in the browser: a delegation's room, the mediator's console, the organiser's and observers' page.

Pages are rendered on the server from the caller's view only (the same checks as the API:
:mod:`accord.service.auth`); a little plain JavaScript (``static/room.js``) listens to the
seat's Server-Sent Events stream, reloads the live part of the page when the record grows,
and posts the forms to ``POST /api/sessions/{sid}/actions``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from accord.engine.runner import DEFAULT_MEDIATOR
from accord.engine.strategies.registry import names as strategy_names
from accord.errors import AccordError
from accord.service.auth import Caller, SeatHolder
from accord.service.models import Identity
from accord.service.routers.sessions import ERRORS, SessionsDep
from accord.service.sessions import Live, Sessions
from accord.service.tokens import digest
from accord.web import brief, console

__all__ = ["render", "router"]

router = APIRouter(tags=["rooms"], include_in_schema=True)

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["pct"] = lambda x: "" if x is None else f"{100 * float(x):.0f}%"
_env.filters["u"] = lambda x: "" if x is None else f"{float(x):.2f}"


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


def _raw_token(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token", "")


def _mediator_strategies(protocol: str = "phased") -> list[str]:
    return strategy_names(role="mediator", protocol=protocol)


def room_context(live: Live, who: Identity) -> dict[str, Any]:
    """Everything the page and its live part show to ``who``, from its view alone."""
    live = live.snapshot()
    proto, state, scenario = live.proto, live.state, live.scenario
    names = brief.names_of(scenario)
    over = proto.is_over(state)
    turn = proto.turn(state)
    ctx: dict[str, Any] = {
        "sid": live.row.id,
        "role": who.role,
        "seat": who.seat,
        "names": names,
        "scenario": scenario.name or scenario.id,
        "protocol": proto.name,
        "length": live.length,
        "over": over,
        "closed": live.row.status != "open",
        "issues": brief.issue_rows(scenario.space),
        "radices": list(scenario.space.radices),
        "turn": None if turn is None else names.get(turn, turn),
        "seats": Sessions.seats_info(live),
    }
    end = proto.log(state)[-1] if over else None
    if end is not None:
        ctx["ending"] = str(end.kind)
        ctx["agreement"] = brief.text_rows(scenario.space, end.outcome, None, ())
    if who.role != "seat":
        events = [e for _, e in live.public()]
        ctx["story"] = Markup(brief.transcript(scenario, events, None).markup)
        ctx["page"] = "public"
        return ctx
    view = live.view(who.seat)
    prefs = view.preferences
    acting = who.seat in proto.expected(state).parties and live.row.status == "open"
    events = [e for _, e in live.visible(who.seat)]
    ctx.update(
        story=Markup(brief.transcript(scenario, events, who.seat).markup),
        status=brief.view_status(view, names, turn, over),
        acting=acting,
        kinds=sorted(view.kinds) if acting else [],
        group=view.group,
        group_name=next((wg.name or wg.id for wg in scenario.working_groups if wg.id == view.group), ""),
        in_play=list(view.issues) if view.issues else list(range(len(scenario.space.radices))),
        brief=brief.brief_of(scenario, who.seat, prefs),
    )
    on_table = next((x for x in (view.text, view.standing, view.frame) if x is not None), None)
    ctx["table"] = brief.text_rows(scenario.space, on_table, prefs, view.issues)
    if prefs is not None:
        points = brief.utility_points(events, prefs, scenario.space)
        ctx["chart"] = Markup(brief.chart_svg(points, prefs.reservation, view.n_rounds))
    if view.seat.role == "mediator":
        ctx["page"] = "mediator"
        ctx["reports"] = [
            {
                "party": names.get(p, p),
                "weights": list(r.weights),
                "values": [list(row) for row in r.values],
                "reservation": r.reservation,
                "red_lines": [
                    f"{scenario.space.issues[int(j)].label}: {scenario.space.issues[int(j)].label_of(int(k))}"
                    for j, k in r.red_lines
                ],
            }
            for p, r in view.reports
        ]
        ctx["answers"] = [
            {
                "party": names.get(a.party, a.party),
                "kind": a.kind,
                "issues": [scenario.space.issues[j].label for j in a.issues],
            }
            for a in view.answers
        ]
        draft = next((x for x in (view.text, view.frame, view.assembled) if x is not None), None)
        if draft is None and view.frame is not None:
            draft = view.frame
        digits = list(scenario.space.outcome(draft)) if draft is not None else [0] * len(scenario.space.radices)
        if view.frame is not None and view.issues and draft is not None:
            frame = scenario.space.outcome(view.frame)
            digits = [d if j in view.issues else frame[j] for j, d in enumerate(digits)]
        ctx["draft"] = digits
        ctx["verdicts"] = console.verdicts(scenario.space, view.reports, digits, names)
        ctx["estimate"] = console.estimate(view, names)
        ctx["strategies"] = _mediator_strategies(proto.name)
        ctx["default_strategy"] = DEFAULT_MEDIATOR
    else:
        ctx["page"] = "party"
        best = ctx["brief"]["preferences"]["best"] if ctx["brief"]["preferences"] else None
        ctx["draft"] = ctx["table"]["digits"] if ctx["table"] else (best or [0] * len(scenario.space.radices))
        ctx["best"] = best
    return ctx


def _page(request: Request, live: Live, who: Identity) -> dict[str, Any]:
    return {**room_context(live, who), "token": _raw_token(request)}


@router.get("/join/{token}", responses=ERRORS, response_class=RedirectResponse)
def join(token: str, sessions: SessionsDep) -> RedirectResponse:
    """A secret link: opens the room it is for (the delegation's, the mediator's, the organiser's)."""
    row = sessions.store.token(digest(token)) if len(token) <= 200 else None
    if row is None or row.revoked:
        raise HTTPException(401, "this link is not valid (unknown or revoked)")
    return RedirectResponse(f"/room/{row.session_id}?token={token}", status_code=303)


@router.get("/room/{sid}", responses=ERRORS, response_class=HTMLResponse)
def room(sid: str, who: Caller, request: Request, sessions: SessionsDep) -> HTMLResponse:
    """The room of the caller's seat: its brief and the live table (or the public page)."""
    return HTMLResponse(render("room.html", **_page(request, sessions.load(sid), who)))


@router.get("/room/{sid}/live", responses=ERRORS, response_class=HTMLResponse)
def room_live(sid: str, who: Caller, request: Request, sessions: SessionsDep) -> HTMLResponse:
    """The live part of the room, reloaded when the record grows."""
    return HTMLResponse(render("live.html", **_page(request, sessions.load(sid), who)))


def _mediator_view(sid: str, who: Identity, sessions: Sessions) -> tuple[Live, Any]:
    live = sessions.load(sid).snapshot()
    view = live.view(who.seat)
    if view.seat.role != "mediator":
        raise HTTPException(403, "only the mediator's console may do this")
    return live, view


@router.get("/room/{sid}/draft", responses=ERRORS, response_class=HTMLResponse)
def draft_verdicts(
    sid: str,
    who: SeatHolder,
    sessions: SessionsDep,
    digits: Annotated[str, Query(max_length=2000, description="The draft: option indices, comma separated.")] = "",
) -> HTMLResponse:
    """Each reported preference's verdict on a draft (the mediator's console)."""
    live, view = _mediator_view(sid, who, sessions)
    space = live.scenario.space
    if digits:
        try:
            got = [int(x) for x in digits.split(",")]
            space.check(got)
        except (ValueError, AccordError) as e:
            raise HTTPException(
                422, f"digits: one option index per issue ({len(space.radices)}), found {digits!r}: {e}"
            ) from None
    else:
        got = [0] * len(space.radices)
    rows = console.verdicts(space, view.reports, got, brief.names_of(live.scenario))
    worth = None if view.preferences is None else view.preferences(got)
    return HTMLResponse(render("verdicts.html", verdicts=rows, worth=worth, index=space.index(got)))


@router.get("/room/{sid}/suggest", responses=ERRORS)
def suggest(
    sid: str,
    who: SeatHolder,
    sessions: SessionsDep,
    strategy: Annotated[str, Query(max_length=200, description="A built-in mediator strategy.")] = DEFAULT_MEDIATOR,
) -> dict[str, Any]:
    """The text a built-in mediator strategy would table now, from the mediator's view alone."""
    live, view = _mediator_view(sid, who, sessions)
    known = _mediator_strategies(live.proto.name)
    if strategy not in known:
        raise HTTPException(422, f"strategy: a mediator strategy ({', '.join(known)}); found {strategy!r}")
    if "propose" not in view.kinds:
        raise HTTPException(409, "there is no text to table now")
    seed = (int(live.proto.log(live.state)[0].get("seed", 0)), live.proto.seats(live.state).index(who.seat))
    digits = console.suggest(view, strategy, seed)
    return {"strategy": strategy, "digits": digits, "outcome": live.scenario.space.index(digits)}
