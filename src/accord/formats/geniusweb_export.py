"""Export a scenario to GeniusWeb JSON: a domain file and one ``LinearAdditiveUtilitySpace``
profile per negotiating party (each embedding the domain, as GeniusWeb does).

- Categorical issues become ``{"values": [...]}`` (option labels when distinct, else ids);
  integer issues ``{"range": {"low", "high", "step": 1}}``; real issues a range with one
  step between grid points.
- Linear-additive utilities only: ``DiscreteValueSetUtilities`` for categorical issues,
  ``NumberValueSetUtilities`` for number issues (which needs the values to lie on one
  straight line: GeniusWeb interpolates linearly and does not clip).
- The reservation value becomes a ``reservationBid``: an outcome worth exactly that much
  (searched for in spaces of up to 10^7 outcomes). A reservation value of 0 writes no bid.

What does not fit raises :class:`~accord.errors.FormatError` before any file is written:
constraint (non-linear) utilities, a cost of delay (GeniusWeb profiles have no discount),
red lines, a mediator or observer holding preferences, number issues whose values are not
linear, a reservation value that no outcome is worth.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import FormatError
from accord.formats._common import write_files
from accord.formats._export import exported_parties, fit_line, issue_names, value_names
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, IssueValue
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Scenario

__all__ = ["geniusweb_files", "write_geniusweb"]

RESERVATION_SEARCH_LIMIT = 10_000_000


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else float(x)


def domain_doc(scenario: Scenario) -> dict[str, Any]:
    """The GeniusWeb domain document of a scenario."""
    issues: dict[str, Any] = {}
    for issue, name in zip(scenario.space.issues, issue_names(scenario.space.issues), strict=True):
        if isinstance(issue, CategoricalIssue):
            issues[name] = {"values": value_names(issue)}
        elif isinstance(issue, IntegerIssue):
            issues[name] = {"range": {"low": issue.low, "high": issue.high, "step": 1}}
        else:
            step = (issue.high - issue.low) / (issue.steps - 1) if issue.steps > 1 else 1.0
            issues[name] = {"range": {"low": _number(issue.low), "high": _number(issue.high), "step": _number(step)}}
    return {"name": scenario.name or scenario.id, "issuesValues": issues}


def _written_values(issue: Issue) -> list[IssueValue]:
    if isinstance(issue, CategoricalIssue):
        return list(value_names(issue))
    return [_number(float(issue.value(k))) for k in range(issue.cardinality)]


def profile_doc(scenario: Scenario, party_id: str, prefs: Preferences, domain: dict[str, Any]) -> dict[str, Any]:
    """The GeniusWeb profile document of one party."""
    util = prefs.utility
    if not isinstance(util, LinearAdditive):
        raise FormatError(
            f"party {party_id!r} has a {util.kind} utility; GeniusWeb export supports linear-additive utilities only",
            where=f"parties.{party_id}.utility",
            expected="a linear-additive utility",
        )
    if prefs.cost_of_delay is not None:
        raise FormatError(
            f"party {party_id!r} has a cost of delay; GeniusWeb profiles have no discount",
            where=f"parties.{party_id}.cost_of_delay",
            expected="no cost of delay",
        )
    names = issue_names(scenario.space.issues)
    utilities: dict[str, Any] = {}
    for issue, name, table in zip(scenario.space.issues, names, util.values, strict=True):
        if isinstance(issue, CategoricalIssue):
            utilities[name] = {
                "DiscreteValueSetUtilities": {
                    "valueUtilities": {v: float(x) for v, x in zip(value_names(issue), table, strict=True)}
                }
            }
            continue
        xs = [float(issue.value(k)) for k in range(issue.cardinality)]
        fit = fit_line(xs, table) if len(xs) > 1 else None
        if fit is None:
            raise FormatError(
                f"number issue {issue.name!r} has values that are not one straight line "
                "(or a single value), which GeniusWeb's NumberValueSetUtilities cannot express",
                where=f"parties.{party_id}.values.{issue.name}",
                expected="values linear in the number",
            )
        utilities[name] = {
            "NumberValueSetUtilities": {
                "lowValue": _number(xs[0]),
                "lowUtility": float(table[0]),
                "highValue": _number(xs[-1]),
                "highUtility": float(table[-1]),
            }
        }
    body: dict[str, Any] = {
        "issueUtilities": utilities,
        "issueWeights": {name: float(w) for name, w in zip(names, util.weights, strict=True)},
        "domain": domain,
        "name": party_id,
    }
    bid = _reservation_bid(scenario, party_id, prefs)
    if bid is not None:
        body["reservationBid"] = {"issuevalues": bid}
    return {"LinearAdditiveUtilitySpace": body}


def _reservation_bid(scenario: Scenario, party_id: str, prefs: Preferences) -> dict[str, IssueValue] | None:
    r = prefs.reservation
    if r == 0.0:
        return None
    space = scenario.space
    if space.size > RESERVATION_SEARCH_LIMIT:
        raise FormatError(
            f"party {party_id!r} has reservation value {r:g}; GeniusWeb states a reservation as a bid, "
            f"and the space ({space.size:,} outcomes) is too large to search for one worth exactly that",
            where=f"parties.{party_id}.reservation",
        )
    for _, chunk in space.chunks():
        hits = np.flatnonzero(np.abs(prefs.evaluate(chunk) - r) <= 1e-9)
        if hits.size:
            outcome = chunk[int(hits[0])]
            names = issue_names(space.issues)
            return {
                name: _written_values(issue)[int(k)]
                for name, issue, k in zip(names, space.issues, outcome, strict=True)
            }
    raise FormatError(
        f"party {party_id!r} has reservation value {r:g}, which no outcome is worth exactly; "
        "GeniusWeb states a reservation only as a bid",
        where=f"parties.{party_id}.reservation",
        expected="a reservation value equal to the utility of some outcome (or 0)",
    )


def geniusweb_files(scenario: Scenario) -> list[tuple[str, str]]:
    """``(file name, JSON text)`` for the domain and each profile; raises if anything does not fit."""
    parties = exported_parties(scenario, "GeniusWeb")
    domain = domain_doc(scenario)
    domain_name = f"{scenario.id}.json"
    files = [(domain_name, json.dumps(domain, indent=2, ensure_ascii=False) + "\n")]
    for party, prefs in parties:
        name = f"{party.id}.json"
        if name == domain_name:
            raise FormatError(f"party id {party.id!r} would overwrite the domain file", where=f"parties.{party.id}")
        doc = profile_doc(scenario, party.id, prefs, domain)
        files.append((name, json.dumps(doc, indent=2, ensure_ascii=False) + "\n"))
    return files


def write_geniusweb(scenario: Scenario, folder: Path) -> list[Path]:
    """Write ``scenario`` as GeniusWeb JSON into ``folder``: ``<id>.json`` (the domain) and
    ``<party>.json`` per negotiator. Returns the paths written (domain first). Nothing is
    written if any part does not fit GeniusWeb."""
    return write_files(Path(folder), geniusweb_files(scenario))
