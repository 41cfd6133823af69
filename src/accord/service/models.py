"""The service's request and response bodies (pydantic): what the OpenAPI schema documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActionIn",
    "ActionOut",
    "CreateSession",
    "ErrorOut",
    "EventOut",
    "Identity",
    "ReportIn",
    "SeatOut",
    "SessionCreated",
    "SessionOut",
    "TokenOut",
    "ViewOut",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, and what was expected.")


class CreateSession(_Strict):
    """A new session: a scenario (embedded name or an uploaded accord document), protocol, seats."""

    scenario: str | None = Field(None, max_length=200, description="An embedded scenario name (`accord scenarios`).")
    document: dict[str, Any] | None = Field(
        None, description="An accord scenario document (the JSON form of an accord .toml/.json file)."
    )
    protocol: Literal["saop", "single-text", "phased"] = "phased"
    config: dict[str, int | float | bool | str | None] = Field(default_factory=dict, description="Protocol options.")
    seed: int = Field(0, ge=0, le=2**63 - 1)
    seats: dict[str, str] = Field(
        default_factory=dict,
        description='Seat -> "person" (a secret link is made for it) or a built-in strategy spec. Unset: person.',
    )
    move_seconds: float | None = Field(
        None,
        gt=0,
        le=7 * 86400,
        description="Seconds a person or agent has for each move, from the last move at the table; a seat "
        "that runs past it gets the protocol's rule for a missed move (recorded). Unset: no deadline.",
    )


class SessionCreated(BaseModel):
    id: str
    organiser: str = Field(description="The organiser's secret link (token); keep it.")
    observer: str = Field(description="A secret link for observers (public events only).")
    seats: dict[str, str] = Field(description="Seat -> the secret link for the person or agent taking it.")
    links: dict[str, str] = Field(description="Seat (and organiser, observer) -> the join URL.")


class Identity(BaseModel):
    session: str
    role: Literal["organiser", "seat", "observer"]
    seat: str = Field(description='The seat id for role "seat", else "".')


class SessionOut(BaseModel):
    id: str
    scenario: str
    protocol: str
    status: str
    over: bool
    length: int = Field(description="Events in the record so far.")
    turn: str | None = Field(description="The seat to act next (None once over).")
    seats: dict[str, dict[str, str]]
    you: Identity


class EventOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    seq: int
    kind: str
    round: int


class SeatOut(BaseModel):
    """The fixed part of a seat's view: the issues, the seat's own preferences, the table."""

    model_config = ConfigDict(extra="allow")
    id: str
    role: str
    seed: int = Field(description="The session's seed (public: it is in the record's first event).")
    index: int = Field(description="The seat's position at the table (strategies are seeded by (seed, index)).")


class ViewOut(BaseModel):
    """What the seat may see now: the situation, the allowed action kinds, new events."""

    model_config = ConfigDict(extra="allow")
    seat: str
    length: int
    over: bool
    your_turn: bool = Field(description="The protocol's turn is this seat's (the order `accord run` plays in).")
    may_act: bool = Field(description="This seat is among those the protocol expects to act now.")
    kinds: list[str]
    events: list[EventOut]


class ReportIn(_Strict):
    weights: list[float] = Field(max_length=1000)
    values: list[list[float]] = Field(max_length=1000)
    reservation: float = 0.0
    red_lines: list[tuple[int, int]] = Field(default_factory=list, max_length=10000)


class ActionIn(_Strict):
    kind: str = Field(max_length=32, description="offer, accept, end, propose, conclude, veto, critique, open, report")
    outcome: int | None = Field(None, description="An outcome index (offer, propose, open).")
    issues: list[int] = Field(default_factory=list, max_length=1000, description="Issue indices (critique).")
    group: str = Field("", max_length=200, description='The working group ("" = whole package).')
    note: str = Field("", max_length=2000, description="The mediator's public note on a text it tables (propose).")
    report: ReportIn | None = None
    expected_seq: int | None = Field(
        None, ge=0, description="The record length the action is based on; refused (409) if it has moved on."
    )


class ActionOut(BaseModel):
    length: int
    events: list[EventOut]


class TokenOut(BaseModel):
    seat: str
    token: str
    link: str
