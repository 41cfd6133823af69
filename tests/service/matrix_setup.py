"""A phased session with distinctive private values, played to the mediator's first draft."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from accord import scenarios
from accord.formats.accord_file import dumps_scenario
from accord.formats.accord_read import scenario_from_dict
from accord.formats.accord_write import space_to_dict
from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario

PARTIES = ("ukraine", "russia")
MEDIATOR = "united_states"


def distinctive_document(seed: int = 1) -> dict[str, Any]:
    """The Abu Dhabi document with every party's weights and values replaced by distinctive numbers."""
    doc: dict[str, Any] = json.loads(dumps_scenario(scenarios.get("abu-dhabi-2026"), fmt="json"))
    rng = np.random.default_rng(seed)
    for pid in PARTIES:
        p = doc["parties"][pid]
        w = rng.uniform(0.1, 1.0, len(p["weights"]))
        w = w / w.sum()
        p["weights"] = {
            k: {"value": float(x), "rationale": f"secret-rationale-{pid}-{k}"}
            for k, x in zip(p["weights"], w, strict=True)
        }
        for issue, row in p["values"].items():
            if isinstance(row, dict):
                p["values"][issue] = {o: round(float(rng.uniform(0.11, 0.99)), 9) for o in row}
            else:
                p["values"][issue] = [round(float(rng.uniform(0.11, 0.99)), 9) for _ in row]
        p["reservation"] = round(float(rng.uniform(0.05, 0.2)), 9)
    return doc


def markers_of_preferences(scenario: Scenario, pid: str) -> set[str]:
    """Strings that only the party's own preferences contain (values at two precisions, rationales)."""
    prefs = scenario.preferences(pid)
    util = prefs.utility
    assert isinstance(util, LinearAdditive)
    numbers = [*util.weights, *(v for row in util.values for v in row), prefs.reservation]
    out = {repr(float(x)) for x in numbers} | {f"{float(x):.6f}" for x in numbers}
    # a rationale that quotes public text (an issue's description, say) is no secret
    public = json.dumps(space_to_dict(scenario.space)) + (scenario.description or "")
    out |= {r for r in prefs.rationales.values() if r.rstrip(".") not in public}
    return out


def report_for(scenario: Scenario, pid: str, k: int) -> dict[str, Any]:
    """A made-up confidential report with its own distinctive numbers."""
    radices = scenario.space.radices
    n = len(radices)
    weights = [0.0] * n
    weights[k % n] = 1.0
    values = [[round(0.2 + 0.0001 * (k + 1) + 0.00000123 * j, 8) for j in range(r)] for r in radices]
    return {"weights": weights, "values": values, "reservation": 0.0, "red_lines": []}


def markers_of_report(report: dict[str, Any]) -> set[str]:
    return {repr(v) for row in report["values"] for v in row}


@dataclass
class Table:
    client: TestClient
    sid: str
    tokens: dict[str, str]  # role -> token
    forbidden: dict[str, set[str]] = field(default_factory=dict)  # role -> strings it must never see

    def length(self) -> int:
        org = {"Authorization": f"Bearer {self.tokens['organiser']}"}
        return int(self.client.get(f"/api/sessions/{self.sid}", headers=org).json()["length"])


def headers(token: str | None) -> dict[str, str]:
    return {} if token is None else {"Authorization": f"Bearer {token}"}


def set_up(client: TestClient) -> Table:
    doc = distinctive_document()
    scenario = scenario_from_dict(doc).scenario
    r = client.post("/api/sessions", json={"document": doc, "protocol": "phased", "seed": 2})
    assert r.status_code == 201, r.text
    created = r.json()
    sid = created["id"]
    other = client.post("/api/sessions", json={"document": doc, "protocol": "phased"}).json()
    tokens = {s: created["seats"][s] for s in (*PARTIES, MEDIATOR)}
    tokens |= {"organiser": created["organiser"], "observer": created["observer"]}
    tokens["other-session"] = other["seats"]["ukraine"]
    # a revoked link: the organiser replaces ukraine's
    revoked = tokens["ukraine"]
    new = client.post(f"/api/sessions/{sid}/seats/ukraine/link", headers=headers(tokens["organiser"]))
    assert new.status_code == 200, new.text
    tokens["ukraine"], tokens["revoked"] = new.json()["token"], revoked
    # consultation: each party opens and gives the mediator a (made-up) confidential report
    reports = {pid: report_for(scenario, pid, k) for k, pid in enumerate(PARTIES)}
    for _ in range(10):
        acted = False
        for pid in PARTIES:
            v = client.get(f"/api/sessions/{sid}/view", headers=headers(tokens[pid])).json()
            if not v["may_act"]:
                continue
            body = (
                {"kind": "open", "outcome": 0} if "open" in v["kinds"] else {"kind": "report", "report": reports[pid]}
            )
            assert (
                client.post(f"/api/sessions/{sid}/actions", json=body, headers=headers(tokens[pid])).status_code == 200
            )
            acted = True
        if not acted:
            break
    true = {pid: markers_of_preferences(scenario, pid) for pid in PARTIES}
    told = {pid: markers_of_report(reports[pid]) for pid in PARTIES}
    everything = set().union(*true.values(), *told.values())
    forbidden = dict.fromkeys(tokens, everything)
    forbidden[None] = everything  # type: ignore[index]
    for pid in PARTIES:
        forbidden[pid] = set().union(*(true[q] | told[q] for q in PARTIES if q != pid))
    forbidden[MEDIATOR] = set().union(*true.values())
    return Table(client, sid, tokens, forbidden)


def roles(table: Table) -> Iterator[tuple[str, str | None]]:
    yield "none", None
    yield from table.tokens.items()
