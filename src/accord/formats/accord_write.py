"""Writing accord's scenario documents: a scenario -> the document (the inverse of the reader)."""

from __future__ import annotations

import json
from typing import Any

from accord.errors import ScenarioError
from accord.formats.accord_read import SCHEMA
from accord.formats.accord_uncertain import extras_to_dict
from accord.model.constraint import ConstraintUtility
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace

__all__ = ["preferences_to_dict", "scenario_digest", "scenario_to_dict", "space_to_dict"]


def _with_rationale(value: float, rationale: str | None) -> float | dict[str, Any]:
    return {"value": value, "rationale": rationale} if rationale else value


def _issue_to_dict(issue: Issue) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if issue.label and issue.label != issue.name.replace("_", " "):
        d["label"] = issue.label
    if issue.description:
        d["description"] = issue.description
    if isinstance(issue, CategoricalIssue):
        d["kind"] = "ordinal" if issue.ordered else "categorical"
        opts = []
        for o in issue.options:
            od: dict[str, Any] = {"id": o.id}
            if o.label != o.id.replace("_", " "):
                od["label"] = o.label
            if o.description:
                od["description"] = o.description
            opts.append(od)
        d["options"] = opts
    elif isinstance(issue, IntegerIssue):
        d.update(kind="integer", min=issue.low, max=issue.high)
    else:
        d.update(kind="real", min=issue.low, max=issue.high, steps=issue.steps)
    return d


def _preferences_to_dict(prefs: Preferences) -> dict[str, Any]:
    util = prefs.utility
    if not isinstance(util, LinearAdditive | ConstraintUtility):
        raise ScenarioError.single(
            "utility",
            f"a {util.kind} utility cannot be written to an accord file",
            expected="linear-additive or constraint",
        )
    why = prefs.rationales
    d: dict[str, Any] = {}
    d["reservation"] = _with_rationale(prefs.reservation, why.get("reservation"))
    if prefs.cost_of_delay is not None:
        cd: dict[str, Any] = {"factor": prefs.cost_of_delay.factor, "per": prefs.cost_of_delay.per.value}
        if why.get("cost_of_delay"):
            cd["rationale"] = why["cost_of_delay"]
        d["cost_of_delay"] = cd
    space = util.space
    if isinstance(util, ConstraintUtility):
        d["utility"] = _constraint_to_dict(util)
        _red_lines_to_dict(prefs, d)
        return d
    d["weights"] = {
        issue.name: _with_rationale(w, why.get(f"weights.{issue.name}"))
        for issue, w in zip(space.issues, util.weights, strict=True)
    }
    values: dict[str, Any] = {}
    for issue, row in zip(space.issues, util.values, strict=True):
        if isinstance(issue, CategoricalIssue):
            values[issue.name] = {
                o.id: _with_rationale(v, why.get(f"values.{issue.name}.{o.id}"))
                for o, v in zip(issue.options, row, strict=True)
            }
        else:
            values[issue.name] = [
                _with_rationale(v, why.get(f"values.{issue.name}.{issue.value(k)}")) for k, v in enumerate(row)
            ]
    d["values"] = values
    _red_lines_to_dict(prefs, d)
    return d


def _constraint_to_dict(util: ConstraintUtility) -> dict[str, Any]:
    space = util.space
    boxes = []
    for box in util.boxes:
        ranges = {space.names[j]: [space.issues[j].value(lo), space.issues[j].value(hi)] for j, lo, hi in box.bounds}
        bd: dict[str, Any] = {"utility": box.utility}
        if not box.inside:
            bd["inside"] = False
        bd["ranges"] = ranges
        boxes.append(bd)
    return {"kind": "constraint", "scale": util.scale, "boxes": boxes}


def _red_lines_to_dict(prefs: Preferences, d: dict[str, Any]) -> None:
    why = prefs.rationales
    space = prefs.space
    if prefs.red_lines:
        red: dict[str, Any] = {}
        for name, opts in prefs.red_lines.items():
            issue = space.issue(name)
            ordered = sorted(opts, key=issue.index_of)
            red[name] = (
                {"options": ordered, "rationale": why[f"red_lines.{name}"]} if why.get(f"red_lines.{name}") else ordered
            )
        d["red_lines"] = red


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The document for a scenario (the inverse of :func:`scenario_from_dict`)."""
    d: dict[str, Any] = {"schema": SCHEMA, "id": scenario.id}
    if scenario.name and scenario.name != scenario.id:
        d["name"] = scenario.name
    if scenario.description:
        d["description"] = scenario.description
    if scenario.source:
        d["source"] = scenario.source
    cal = scenario.calendar
    cd: dict[str, Any] = {"days": cal.days, "rounds_per_day": cal.rounds_per_day}
    if cal.start is not None:
        cd["start"] = cal.start
    if cal.day_labels:
        cd["day_labels"] = list(cal.day_labels)
    if cal.horizon is not None:
        cd["horizon"] = cal.horizon
    d["calendar"] = cd
    d["issues"] = {issue.name: _issue_to_dict(issue) for issue in scenario.space.issues}
    if scenario.space.exclusions:
        issues = scenario.space.issues
        d["incompatible"] = [
            {"options": {issues[j].name: issues[j].value(k) for j, k in ex}} for ex in scenario.space.exclusions
        ]
    parties: dict[str, Any] = {}
    for p in scenario.parties:
        pd: dict[str, Any] = {"name": p.name, "role": p.role.value}
        if p.description:
            pd["description"] = p.description
        if p.preferences is not None:
            pd.update(_preferences_to_dict(p.preferences))
        parties[p.id] = pd
    d["parties"] = parties
    if scenario.working_groups:
        groups: dict[str, Any] = {}
        for g in scenario.working_groups:
            gd: dict[str, Any] = {"name": g.name, "issues": list(g.issues)}
            if g.members:
                gd["members"] = list(g.members)
            if g.description:
                gd["description"] = g.description
            groups[g.id] = gd
        d["working_groups"] = groups
    d.update(extras_to_dict(scenario.uncertainties, scenario.levers, scenario.beliefs, _preferences_to_dict))
    return d


def space_to_dict(space: OutcomeSpace) -> dict[str, Any]:
    """The ``issues`` table of a document for ``space`` (read back by ``space_from_dict``)."""
    return {issue.name: _issue_to_dict(issue) for issue in space.issues}


def preferences_to_dict(prefs: Preferences) -> dict[str, Any]:
    """One party's preferences as the keys of its ``parties.ID`` table (read back by ``preferences_from_dict``)."""
    return _preferences_to_dict(prefs)


def scenario_digest(scenario: Scenario) -> str:
    """A digest of everything a scenario says (issues, parties and their private data, calendar).

    Two scenarios with the same id but different content (another reservation, another
    weight) have different digests; the same content read from TOML, JSON or GENIUS files
    has the same one.
    """
    text = json.dumps(scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"), default=repr)
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()
