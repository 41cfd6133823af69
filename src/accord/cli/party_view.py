"""``accord analyze SCENARIO --party NAME``: one party's view, on the terminal or as JSON.

It is built from :func:`accord.report.privacy.knowledge_of` alone: the public facts of the
scenario and the party's own preferences. The frontier, the solutions, the zone of agreement
and the sticking points rest on every party's private preferences, so they are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from accord.cli.common import console, print_json

if TYPE_CHECKING:
    from accord.model.scenario import Scenario
    from accord.report.privacy import Knowledge

__all__ = ["party_analysis", "print_party_analysis"]

_BEST = 5
_SAMPLE = 200_000


def party_analysis(scenario: Scenario, party: str) -> dict[str, Any]:
    """What ``party`` may know of the scenario's analysis, as a JSON-ready dict."""
    from accord.model.preferences import LinearAdditive
    from accord.report.privacy import knowledge_of

    know = knowledge_of(scenario, party)
    doc: dict[str, Any] = {
        "scenario": know.scenario_id,
        "name": know.scenario_name,
        "view": know.viewer,
        "outcomes": know.space.size,
        "parties": [
            {"id": p.id, "role": p.role.value, "preferences": "yours" if p.id == know.viewer else "unknown"}
            for p in know.parties
        ],
        "not_shown": "frontier, solutions, zone of agreement, sticking points (they rest on every party's preferences)",
    }
    own = know.own
    if own is None:
        return doc
    u = own.utility
    doc["reservation"] = own.reservation
    if isinstance(u, LinearAdditive):
        doc["weights"] = {issue.name: float(u.weights[j]) for j, issue in enumerate(know.space.issues)}
    doc["red_lines"] = {k: sorted(map(str, v)) for k, v in own.red_lines.items()}
    share, best, exact = _own_best(know)
    doc["acceptable_share"] = share
    doc["acceptable_share_exact"] = exact
    doc["best_packages"] = best
    return doc


def _own_best(know: Knowledge) -> tuple[float, list[dict[str, Any]], bool]:
    own = know.own
    assert own is not None
    space = know.space
    exact = space.size <= _SAMPLE
    outcomes = space.all() if exact else space.sample(_SAMPLE, np.random.default_rng(0))
    u = own.evaluate(outcomes)
    ok = own.acceptable(outcomes)
    u = np.where(own.crosses_red_line(outcomes), -1.0, u)
    order = np.argsort(-u, kind="stable")[:_BEST]
    best = [
        {"utility": float(u[i]), "package": space.values_of(tuple(int(v) for v in outcomes[i]))}
        for i in order
        if u[i] >= 0
    ]
    return float(ok.mean()) if ok.size else 0.0, best, exact


def print_party_analysis(scenario: Scenario, party: str, *, as_json: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    doc = party_analysis(scenario, party)
    if as_json:
        print_json(doc)
        return
    out = console()
    head = Text()
    head.append(doc["name"], style="bold")
    head.append(f"  ({doc['scenario']}) — {doc['view']}'s view: its own preferences only\n", style="dim")
    head.append(", ".join(f"{p['id']} ({p['role']}): {p['preferences']}" for p in doc["parties"]))
    out.print(head)
    if "reservation" not in doc:
        out.print("This seat holds no preferences of its own.")
        return
    share = doc["acceptable_share"]
    sampled = "" if doc["acceptable_share_exact"] else f" (of {_SAMPLE:,} sampled packages)"
    out.print(
        f"no deal is worth {doc['reservation']:.3f} to you; {share:.1%} of the packages{sampled} "
        "beat it and cross none of your red lines"
    )
    if "weights" in doc:
        wt = Table(title="What matters to you (weights)", title_justify="left")
        wt.add_column("issue", no_wrap=True)
        wt.add_column("weight", justify="right")
        for name, w in sorted(doc["weights"].items(), key=lambda kv: -kv[1]):
            wt.add_row(name, f"{w:.3f}")
        out.print(wt)
    bt = Table(title="Your best packages", title_justify="left")
    bt.add_column("utility", justify="right")
    bt.add_column("package")
    for b in doc["best_packages"]:
        bt.add_row(f"{b['utility']:.3f}", "; ".join(f"{k}: {v}" for k, v in b["package"].items()))
    out.print(bt)
    out.print(Text(doc["not_shown"].capitalize() + " are not part of this view.", style="dim"))
