"""Export a scenario to GENIUS XML: one domain file and one profile per negotiating party.

What fits, and how it is written (so that :func:`~accord.formats.genius.read_genius` reads
back the same utilities):

- Categorical issues become discrete issues; their values are the option labels (the original
  names of an imported scenario) when those are distinct, otherwise the option ids.
  Integer issues keep their bounds; real issues their interval (GENIUS does not store the
  number of points: read back with ``real_steps`` equal to the issue's ``steps``).
- Linear-additive utilities: a discrete issue whose best value is worth ``m`` is written with
  evaluations ``value / m`` and weight ``weight * m`` (GENIUS divides evaluations by their
  largest and does not rescale weights, so the utilities are exactly accord's). Integer and
  real issues need a value table that is a straight line clipped to [0, 1] (GENIUS's only
  integer evaluator, and its linear real one) or a constant.
- Constraint utilities become ``<utility_space type="nonlinear">`` profiles with
  ``maxutility`` = the scale; every box must bound integer issues only.
- A cost of delay per fraction of the deadline becomes ``<discount_factor>``; the reservation
  value ``<reservation>``.

What does not fit raises :class:`~accord.errors.FormatError` before any file is written:
red lines, a mediator or observer holding preferences, a cost of delay counted in rounds or
days, integer/real value tables that are not clipped lines, other utility kinds. Mediators
and observers without preferences, working groups and the calendar are not written.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from accord.errors import FormatError
from accord.formats._common import fmt_num, write_files
from accord.formats._export import exported_parties, fit_clipped_line, issue_names, value_names
from accord.model.constraint import ConstraintUtility
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, RealIssue
from accord.model.preferences import DelayUnit, LinearAdditive, Preferences
from accord.model.scenario import Scenario

__all__ = ["genius_files", "write_genius"]


def _kind(issue: Issue) -> str:
    if isinstance(issue, CategoricalIssue):
        return "discrete"
    return "integer" if isinstance(issue, IntegerIssue) else "real"


def _issue_element(parent: Element, number: int, issue: Issue, name: str) -> Element:
    kind = _kind(issue)
    el = SubElement(parent, "issue", index=str(number), etype=kind, type=kind, vtype=kind, name=name)
    if isinstance(issue, IntegerIssue):
        el.set("lowerbound", str(issue.low))
        el.set("upperbound", str(issue.high))
    elif isinstance(issue, RealIssue):
        SubElement(el, "range", lowerbound=fmt_num(issue.low), upperbound=fmt_num(issue.high))
    return el


def _objective(parent: Element, scenario: Scenario) -> Element:
    return SubElement(
        parent, "objective", index="0", etype="objective", type="objective", description="", name=scenario.name
    )


def _text(root: Element) -> str:
    indent(root, space="  ")
    return tostring(root, encoding="unicode") + "\n"


def domain_xml(scenario: Scenario) -> str:
    """The GENIUS domain file (``<negotiation_template>``) of a scenario."""
    root = Element("negotiation_template")
    us = SubElement(root, "utility_space", number_of_issues=str(scenario.space.n_issues))
    obj = _objective(us, scenario)
    for number, (issue, name) in enumerate(
        zip(scenario.space.issues, issue_names(scenario.space.issues), strict=True), start=1
    ):
        el = _issue_element(obj, number, issue, name)
        if isinstance(issue, CategoricalIssue):
            for k, (opt, value) in enumerate(zip(issue.options, value_names(issue), strict=True), start=1):
                item = SubElement(el, "item", index=str(k), value=value)
                if opt.description:
                    item.set("description", opt.description)
    return _text(root)


def profile_xml(scenario: Scenario, party_id: str, prefs: Preferences) -> str:
    """The GENIUS profile file (``<utility_space>``) of one party."""
    util = prefs.utility
    root = Element("utility_space", number_of_issues=str(scenario.space.n_issues))
    if isinstance(util, LinearAdditive):
        _additive(_objective(root, scenario), scenario, party_id, util)
    elif isinstance(util, ConstraintUtility):
        root.set("type", "nonlinear")
        _nonlinear(_objective(root, scenario), scenario, party_id, util)
    else:
        raise FormatError(
            f"party {party_id!r} has a {util.kind} utility, which GENIUS cannot express",
            where=f"parties.{party_id}.utility",
            expected="a linear-additive or constraint utility",
        )
    SubElement(root, "discount_factor", value=fmt_num(_discount(party_id, prefs)))
    SubElement(root, "reservation", value=fmt_num(prefs.reservation))
    return _text(root)


def _discount(party_id: str, prefs: Preferences) -> float:
    cod = prefs.cost_of_delay
    if cod is None:
        return 1.0
    if cod.per is not DelayUnit.DEADLINE:
        raise FormatError(
            f"party {party_id!r} has a cost of delay per {cod.per.value}; "
            "GENIUS discounts by the fraction of the deadline",
            where=f"parties.{party_id}.cost_of_delay",
            expected="a cost of delay per deadline (or none)",
        )
    return cod.factor


def _additive(obj: Element, scenario: Scenario, party_id: str, util: LinearAdditive) -> None:
    weights: list[float] = []
    names = issue_names(scenario.space.issues)
    for number, (issue, name, w, table) in enumerate(
        zip(scenario.space.issues, names, util.weights, util.values, strict=True), start=1
    ):
        el = _issue_element(obj, number, issue, name)
        where = f"parties.{party_id}.values.{issue.name}"
        if isinstance(issue, CategoricalIssue):
            top = max(table)
            for k, (value, x) in enumerate(zip(value_names(issue), table, strict=True), start=1):
                SubElement(el, "item", index=str(k), value=value, evaluation=fmt_num(x / top if top > 0 else 0.0))
            weights.append(w * top)
            continue
        xs = [float(issue.value(k)) for k in range(issue.cardinality)]
        if isinstance(issue, IntegerIssue):
            fit = fit_clipped_line([x - issue.low for x in xs], table)
            if fit is None:
                raise _unfit(issue, where, "an integer")
            SubElement(el, "evaluator", ftype="linear", slope=fmt_num(fit[1]), offset=fmt_num(fit[0]))
        else:
            if all(abs(x - table[0]) <= 1e-12 for x in table):
                SubElement(el, "evaluator", ftype="constant", parameter0=fmt_num(table[0]))
            else:
                fit = fit_clipped_line(xs, table)
                if fit is None:
                    raise _unfit(issue, where, "a real")
                SubElement(el, "evaluator", ftype="linear", parameter0=fmt_num(fit[0]), parameter1=fmt_num(fit[1]))
        weights.append(w)
    for number, w in enumerate(weights, start=1):
        SubElement(obj, "weight", index=str(number), value=fmt_num(w))


def _unfit(issue: Issue, where: str, kind: str) -> FormatError:
    return FormatError(
        f"{kind} issue {issue.name!r} has values that are not a straight line clipped to [0, 1], "
        "which is all a GENIUS evaluator for it can express",
        where=where,
        expected="linear values (or make the issue categorical)",
    )


def _nonlinear(obj: Element, scenario: Scenario, party_id: str, util: ConstraintUtility) -> None:
    issues = scenario.space.issues
    for number, (issue, name) in enumerate(zip(issues, issue_names(issues), strict=True), start=1):
        el = _issue_element(obj, number, issue, name)
        if isinstance(issue, CategoricalIssue):
            for k, value in enumerate(value_names(issue), start=1):
                SubElement(el, "item", index=str(k), value=value)
    utility = SubElement(obj, "utility", maxutility=fmt_num(util.scale))
    ufun = SubElement(utility, "ufun", type="PlainUfun", weight="1", aggregation="sum")
    for k, box in enumerate(util.boxes):
        if not box.inside and not box.bounds:
            continue  # earned outside a box holding every outcome: never earned
        rect = SubElement(ufun, "hyperRectangle", utility=fmt_num(box.utility))
        for j, lo, hi in box.bounds:
            issue = issues[j]
            if not isinstance(issue, IntegerIssue):
                raise FormatError(
                    f"constraint {k} of party {party_id!r} bounds issue {issue.name!r}, which is not an integer issue; "
                    "GENIUS constraints bound integer issues only",
                    where=f"parties.{party_id}.utility.boxes[{k}]",
                )
            tag = "INCLUDES" if box.inside else "EXCLUDES"
            SubElement(rect, tag, index=str(j + 1), min=str(issue.low + lo), max=str(issue.low + hi))


def genius_files(scenario: Scenario) -> list[tuple[str, str]]:
    """``(file name, XML text)`` for the domain and each profile; raises if anything does not fit."""
    parties = exported_parties(scenario, "GENIUS")
    domain_name = f"{scenario.id}_domain.xml"
    files = [(domain_name, domain_xml(scenario))]
    for party, prefs in parties:
        name = f"{party.id}.xml"
        if name == domain_name:
            raise FormatError(f"party id {party.id!r} would overwrite the domain file", where=f"parties.{party.id}")
        files.append((name, profile_xml(scenario, party.id, prefs)))
    return files


def write_genius(scenario: Scenario, folder: Path) -> list[Path]:
    """Write ``scenario`` as GENIUS XML into ``folder``: ``<id>_domain.xml`` and ``<party>.xml``
    per negotiator. Returns the paths written (domain first). Nothing is written if any part
    does not fit GENIUS."""
    return write_files(Path(folder), genius_files(scenario))
