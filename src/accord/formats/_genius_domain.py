"""Parsing a GENIUS domain file: its issues, their kinds and values, as an accord outcome space."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from accord.errors import FormatError, ModelError
from accord.formats._common import unique_ids
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, Option, RealIssue
from accord.model.space import OutcomeSpace

__all__ = ["DEFAULT_REAL_STEPS", "DomainIssue", "GeniusDomain", "attr_float", "attr_int", "issue_kind", "parse_domain"]

DEFAULT_REAL_STEPS = 21
"""Points a GENIUS real issue is discretised into (GENIUS's own ``IssueReal`` default)."""


@dataclass(frozen=True)
class DomainIssue:
    """One issue of a GENIUS domain: its number (``index``), original name, kind and values."""

    number: int
    name: str
    kind: str  # discrete | integer | real
    values: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0


@dataclass
class GeniusDomain:
    """A parsed GENIUS domain: its issues in file order and the accord outcome space."""

    file: str
    issues: tuple[DomainIssue, ...]
    space: OutcomeSpace
    notes: list[str] = field(default_factory=list)

    def by_number(self, number: int) -> tuple[int, DomainIssue] | None:
        for j, issue in enumerate(self.issues):
            if issue.number == number:
                return j, issue
        return None


def attr_int(el: Element, name: str, *, file: str, where: str) -> int:
    """An integer attribute, or a FormatError naming the file, element and attribute."""
    raw = el.get(name)
    if raw is None:
        raise FormatError(f"missing attribute {name!r}", file=file, where=where, expected="an integer")
    try:
        return int(str(raw).strip())
    except ValueError:
        raise FormatError(
            f"attribute {name!r} must be an integer", file=file, where=where, found=repr(raw), expected="an integer"
        ) from None


def attr_float(el: Element, name: str, *, file: str, where: str) -> float:
    """A finite number attribute, or a FormatError naming the file, element and attribute."""
    raw = el.get(name)
    if raw is None:
        raise FormatError(f"missing attribute {name!r}", file=file, where=where, expected="a number")
    try:
        v = float(str(raw).strip())
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise FormatError(
            f"attribute {name!r} must be a number", file=file, where=where, found=repr(raw), expected="a number"
        )
    return v


def issue_kind(el: Element, *, file: str, where: str, notes: list[str]) -> str:
    """GENIUS's rule: no ``type`` means discrete; ``type`` wins over a conflicting ``vtype``."""
    t, vt = el.get("type"), el.get("vtype")
    if t is None:
        return "discrete"
    kind = t.strip().lower()
    if vt is not None and vt.strip().lower() != kind:
        notes.append(f"{file}: {where}: type={t!r} and vtype={vt!r} conflict; type is used, as GENIUS does")
    if kind not in ("discrete", "integer", "real"):
        raise FormatError(
            "unknown issue type", file=file, where=where, found=repr(t), expected="discrete, integer or real"
        )
    return kind


def _bounds(el: Element, *, file: str, where: str, integer: bool) -> tuple[float, float]:
    holder = el
    if el.get("lowerbound") is None or el.get("upperbound") is None:
        rng = el.find("range")
        if rng is None:
            raise FormatError(
                "missing bounds", file=file, where=where, expected="lowerbound and upperbound attributes or a <range>"
            )
        holder = rng
    read = attr_int if integer else attr_float
    return float(read(holder, "lowerbound", file=file, where=where)), float(
        read(holder, "upperbound", file=file, where=where)
    )


def parse_domain(path: Path, root: Element, *, real_steps: int = DEFAULT_REAL_STEPS) -> GeniusDomain:
    """Read the issues of a GENIUS domain file (``<negotiation_template>``)."""
    file = str(path)
    if root.tag != "negotiation_template":
        raise FormatError(
            "not a GENIUS domain file", file=file, where=root.tag, expected="root element <negotiation_template>"
        )
    us = root.find("utility_space")
    objective = us.find("objective") if us is not None else None
    if objective is None:
        raise FormatError("no issues", file=file, where="negotiation_template", expected="<utility_space><objective>")
    if objective.find("objective") is not None:
        raise FormatError(
            "nested objectives are not supported",
            file=file,
            where="objective/objective",
            expected="issues directly under one objective",
        )
    notes: list[str] = []
    parsed: list[DomainIssue] = []
    numbers: set[int] = set()
    for pos, el in enumerate(objective.findall("issue"), start=1):
        where = f"objective/issue[{pos}]"
        number = attr_int(el, "index", file=file, where=where)
        name = el.get("name")
        where = f"objective/issue[@index='{number}']"
        if name is None or not name.strip():
            raise FormatError("issue has no name", file=file, where=where, expected="a name attribute")
        if number in numbers:
            raise FormatError("two issues share an index", file=file, where=where, found=str(number))
        numbers.add(number)
        kind = issue_kind(el, file=file, where=where, notes=notes)
        if kind == "discrete":
            values = []
            for k, item in enumerate(el.findall("item"), start=1):
                v = item.get("value")
                if v is None:
                    raise FormatError(
                        "item has no value", file=file, where=f"{where}/item[{k}]", expected="a value attribute"
                    )
                values.append(v)
            if not values:
                raise FormatError("discrete issue has no items", file=file, where=where, expected="at least one <item>")
            dup = sorted({v for v in values if values.count(v) > 1})
            if dup:
                raise FormatError(
                    "an issue lists a value twice", file=file, where=where, found=", ".join(map(repr, dup))
                )
            parsed.append(DomainIssue(number, name, kind, tuple(values)))
        else:
            lo, hi = _bounds(el, file=file, where=where, integer=kind == "integer")
            if hi < lo:
                raise FormatError("upperbound is below lowerbound", file=file, where=where, found=f"{lo:g}..{hi:g}")
            parsed.append(DomainIssue(number, name, kind, (), lo, hi))
    if not parsed:
        raise FormatError("the domain has no issues", file=file, where="objective", expected="at least one <issue>")
    ids = unique_ids([d.name for d in parsed], prefix="issue")
    issues: list[Issue] = []
    for iid, d in zip(ids, parsed, strict=True):
        try:
            issues.append(_accord_issue(iid, d, real_steps))
        except ModelError as e:
            raise FormatError(str(e), file=file, where=f"objective/issue[@index='{d.number}']") from None
    return GeniusDomain(file, tuple(parsed), OutcomeSpace(issues), notes)


def _accord_issue(iid: str, d: DomainIssue, real_steps: int) -> Issue:
    if d.kind == "discrete":
        oids = unique_ids(d.values, prefix="value")
        return CategoricalIssue(iid, [Option(o, label=v) for o, v in zip(oids, d.values, strict=True)], label=d.name)
    if d.kind == "integer":
        return IntegerIssue(iid, int(d.low), int(d.high), label=d.name)
    steps = 1 if d.high == d.low else real_steps
    return RealIssue(iid, d.low, d.high, steps=steps, label=d.name)
