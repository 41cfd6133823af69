"""Reading accord's scenario documents: a parsed TOML/JSON document -> a validated scenario.

The reader walks the whole document and collects every problem (field path, what was found,
what was expected) before failing, so a user sees all that is wrong at once; it never
returns a partly built scenario. Positions (file, line) are added by the caller, which has
the text (:mod:`accord.formats.accord_file`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from accord.errors import ModelError, Problem, ScenarioError
from accord.formats.accord_uncertain import EXTRA_KEYS, read_extras
from accord.model.constraint import ConstraintUtility, HyperRectangle
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, Option, RealIssue
from accord.model.preferences import CostOfDelay, LinearAdditive, Preferences, UtilityFunction
from accord.model.scenario import Calendar, Party, Role, Scenario, WorkingGroup
from accord.model.space import OutcomeSpace

__all__ = ["SCHEMA", "LoadedScenario", "preferences_from_dict", "scenario_from_dict", "space_from_dict"]

SCHEMA = "accord/1"

MAX_WEIGHT = 1e12
"""Largest issue weight a file may give (weights are normalised; larger ones only overflow)."""

_TOP_KEYS = {
    "schema",
    "id",
    "name",
    "description",
    "source",
    "calendar",
    "issues",
    "parties",
    "working_groups",
    "incompatible",
    *EXTRA_KEYS,
}
_ISSUE_KEYS = {"label", "description", "kind", "options", "min", "max", "steps"}
_PARTY_KEYS = {
    "name",
    "role",
    "description",
    "reservation",
    "cost_of_delay",
    "weights",
    "values",
    "utility",
    "red_lines",
}
_GROUP_KEYS = {"name", "issues", "members", "description"}
_CAL_KEYS = {"days", "rounds_per_day", "start", "day_labels", "horizon"}


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario and the notes made while reading it (e.g. weights normalised)."""

    scenario: Scenario
    notes: tuple[str, ...] = ()


@dataclass
class _Reader:
    """Walks a parsed document, collecting problems instead of stopping at the first."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def bad(self, path: str, message: str, found: object = None, expected: str | None = None) -> None:
        self.problems.append(Problem(path, message, None if found is None else _show(found), expected))

    def table(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> dict[str, Any]:
        v = data.get(key)
        if v is None:
            if required:
                self.bad(path, "is missing", expected="a table")
            return {}
        if not isinstance(v, Mapping):
            self.bad(path, "must be a table", v, "a table")
            return {}
        return dict(v)

    def unknown(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for k in data:
            if k not in allowed:
                self.bad(
                    f"{path}.{k}" if path else k,
                    "is not a known key",
                    k,
                    "one of " + ", ".join(sorted(allowed)),
                )

    def text(self, data: Mapping[str, Any], key: str, path: str, default: str = "") -> str:
        v = data.get(key, default)
        if not isinstance(v, str):
            self.bad(path, "must be a string", v, "a string")
            return default
        return v

    def number(
        self, raw: object, path: str, *, lo: float | None = None, hi: float | None = None
    ) -> tuple[float | None, str]:
        """A number written plainly or as ``{value, rationale}``; returns (value, rationale)."""
        rationale = ""
        value = raw
        if isinstance(raw, Mapping):
            extra = set(raw) - {"value", "rationale"}
            if extra:
                self.bad(f"{path}.{sorted(extra)[0]}", "is not a known key", sorted(extra)[0], "value or rationale")
            if "value" not in raw:
                self.bad(path, "is missing its value", expected='{ value = <number>, rationale = "..." }')
                return None, ""
            value = raw["value"]
            r = raw.get("rationale", "")
            if not isinstance(r, str):
                self.bad(f"{path}.rationale", "must be a string", r, "a string")
            else:
                rationale = r
        if not _finite(value):
            self.bad(path, "must be a number", value, "a number" + _range(lo, hi))
            return None, rationale
        x = float(value)  # type: ignore[arg-type]
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            self.bad(path, "is out of range", value, "a number" + _range(lo, hi))
            return None, rationale
        return x, rationale


def _finite(value: object) -> bool:
    """A finite int or float (an int too large for a float is not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _names_option(issue: Issue, option: object) -> bool:
    """Whether ``option`` (a value read from a file: anything) names an option of ``issue``."""
    if isinstance(option, bool) or not isinstance(option, str | int | float):
        return False
    try:
        return bool(issue.has(option))
    except (TypeError, ValueError, OverflowError):
        return False


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f" in [{lo:g}, {hi:g}]"
    if lo is not None:
        return f" >= {lo:g}"
    return ""


def _show(v: object) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, Mapping):
        return "a table"
    if isinstance(v, list):
        return f"a list of {len(v)}"
    return repr(v)


# -- dict -> model ---------------------------------------------------------------------------
def _issue(r: _Reader, iid: str, spec: object) -> Issue | None:
    path = f"issues.{iid}"
    if not isinstance(spec, Mapping):
        r.bad(path, "must be a table", spec, "a table with kind and options")
        return None
    r.unknown(spec, _ISSUE_KEYS, path)
    kind = spec.get("kind", "categorical")
    label = r.text(spec, "label", f"{path}.label")
    desc = r.text(spec, "description", f"{path}.description")
    try:
        if kind in ("categorical", "ordinal"):
            raw = spec.get("options")
            if not isinstance(raw, list) or not raw:
                r.bad(
                    f"{path}.options",
                    "an issue needs at least one option",
                    raw if raw is not None else "nothing",
                    "a non-empty list of options",
                )
                return None
            options = []
            seen: set[str] = set()
            ok = True
            for k, o in enumerate(raw):
                opath = f"{path}.options[{k}]"
                if isinstance(o, str):
                    o = {"id": o}
                if not isinstance(o, Mapping) or not isinstance(o.get("id"), str):
                    r.bad(opath, "must be an option id or a table with an id", o, '{ id = "...", label = "..." }')
                    ok = False
                    continue
                r.unknown(o, {"id", "label", "description"}, opath)
                if o["id"] in seen:
                    r.bad(f"{opath}.id", "duplicate option id", o["id"], "ids unique within the issue")
                    ok = False
                seen.add(o["id"])
                try:
                    options.append(Option(o["id"], str(o.get("label", "")), str(o.get("description", ""))))
                except ModelError as e:
                    r.bad(f"{opath}.id", str(e), o["id"])
                    ok = False
            if not ok:
                return None
            return CategoricalIssue(iid, options, label=label, description=desc, ordered=kind == "ordinal")
        if kind == "integer":
            lo, hi = spec.get("min"), spec.get("max")
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (lo, hi)):
                r.bad(
                    path,
                    "an integer issue needs integer min and max",
                    f"min={lo!r}, max={hi!r}",
                    "min = <int>, max = <int>",
                )
                return None
            return IntegerIssue(iid, int(lo), int(hi), label=label, description=desc)  # type: ignore[arg-type]
        if kind == "real":
            lo, hi, steps = spec.get("min"), spec.get("max"), spec.get("steps", 11)
            return RealIssue(iid, lo, hi, steps=steps, label=label, description=desc)  # type: ignore[arg-type]
        r.bad(f"{path}.kind", "unknown issue kind", kind, "categorical, ordinal, integer or real")
    except ModelError as e:
        r.bad(path, str(e))
    return None


def _value_table(
    r: _Reader, issue: Issue, spec: object, path: str, rationales: dict[str, str], rkey: str
) -> list[float] | None:
    n = issue.cardinality
    if isinstance(spec, list):
        if len(spec) != n:
            r.bad(path, "needs one value per option", f"{len(spec)} values", f"{n} values")
            return None
        out = []
        for k, x in enumerate(spec):
            v, why = r.number(x, f"{path}[{k}]", lo=0.0, hi=1.0)
            out.append(0.0 if v is None else v)
            if why:
                rationales[f"{rkey}.{issue.value(k)}"] = why
        return out
    if not isinstance(spec, Mapping):
        r.bad(path, "must be a table of option = value, or a list", spec, "a table or a list")
        return None
    if "linear" in spec and isinstance(issue, IntegerIssue | RealIssue):
        pts = spec["linear"]
        if (
            not isinstance(pts, list)
            or len(pts) < 2
            or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(c, int | float) for c in p) for p in pts)
        ):
            r.bad(f"{path}.linear", "must list [x, utility] points", pts, "at least two [x, u] pairs, x increasing")
            return None
        xs = [float(p[0]) for p in pts]
        if any(b <= a for a, b in pairwise(xs)):
            r.bad(f"{path}.linear", "x must increase", xs, "increasing x")
            return None
        import numpy as np

        grid = [float(issue.value(k)) for k in range(n)]
        ys = np.interp(grid, xs, [float(p[1]) for p in pts])
        if (ys < 0).any() or (ys > 1).any():
            r.bad(f"{path}.linear", "utilities must lie in [0, 1]", [p[1] for p in pts], "[0, 1]")
            return None
        return [float(y) for y in ys]
    out = [0.0] * n
    for key, x in spec.items():
        if not issue.has(key):
            r.bad(f"{path}.{key}", "names an unknown option", key, f"an option of issue {issue.name!r}")
            continue
        v, why = r.number(x, f"{path}.{key}", lo=0.0, hi=1.0)
        if v is not None:
            out[issue.index_of(key)] = v
        if why:
            rationales[f"{rkey}.{key}"] = why
    return out


def _additive(
    r: _Reader, path: str, spec: Mapping[str, Any], space: OutcomeSpace, rationales: dict[str, str]
) -> UtilityFunction | None:
    """A linear-additive utility from ``weights`` and ``values`` tables."""
    n_before = len(r.problems)
    weights_spec = r.table(spec, "weights", f"{path}.weights", required=True)
    values_spec = r.table(spec, "values", f"{path}.values", required=True)
    weights: list[float] = []
    for name in weights_spec:
        if name not in space.names:
            r.bad(f"{path}.weights.{name}", "names an unknown issue", name, "one of " + ", ".join(space.names))
    for name in values_spec:
        if name not in space.names:
            r.bad(f"{path}.values.{name}", "names an unknown issue", name, "one of " + ", ".join(space.names))
    tables: list[list[float]] = []
    for issue in space.issues:
        w, why = (0.0, "")
        if issue.name in weights_spec:
            got, why = r.number(weights_spec[issue.name], f"{path}.weights.{issue.name}", lo=0.0, hi=MAX_WEIGHT)
            w = 0.0 if got is None else got
        if why:
            rationales[f"weights.{issue.name}"] = why
        weights.append(w)
        if issue.name in values_spec:
            t = _value_table(
                r, issue, values_spec[issue.name], f"{path}.values.{issue.name}", rationales, f"values.{issue.name}"
            )
            tables.append(t if t is not None else [0.0] * issue.cardinality)
        else:
            if w > 0:
                r.bad(
                    f"{path}.values.{issue.name}",
                    "is missing for an issue with a positive weight",
                    expected="a value per option",
                )
            tables.append([0.0] * issue.cardinality)
    total = math.fsum(weights)
    if len(r.problems) == n_before and not weights_spec:
        r.bad(f"{path}.weights", "is empty", expected="a weight per issue")
    elif len(r.problems) == n_before and total <= 0:
        r.bad(f"{path}.weights", "weights sum to zero", expected="at least one positive weight")
    elif len(r.problems) == n_before and abs(total - 1.0) > 1e-6:
        r.notes.append(f"{path}.weights sum to {total:.6g}, not 1; they were normalised (divided by {total:.6g})")
    if len(r.problems) != n_before:
        return None
    try:
        return LinearAdditive.create(space, weights, tables, normalize=True)
    except ModelError as e:
        r.bad(path, str(e))
        return None


def _constraint(r: _Reader, path: str, spec: object, space: OutcomeSpace) -> UtilityFunction | None:
    """A constraint utility from ``utility = { kind = "constraint", scale, boxes }``."""
    if not isinstance(spec, Mapping):
        r.bad(path, "must be a table", spec, '{ kind = "constraint", scale = ..., boxes = [...] }')
        return None
    r.unknown(spec, {"kind", "scale", "boxes"}, path)
    if spec.get("kind") != "constraint":
        r.bad(f"{path}.kind", "unknown utility kind", spec.get("kind"), "constraint (or weights and values tables)")
        return None
    scale, _ = r.number(spec.get("scale"), f"{path}.scale", lo=0.0)
    raw = spec.get("boxes")
    if not isinstance(raw, list):
        r.bad(
            f"{path}.boxes", "must be a list of boxes", raw, "[{ utility = ..., ranges = { ISSUE = [first, last] } }]"
        )
        return None
    n_before = len(r.problems)
    boxes = []
    for k, box in enumerate(raw):
        bpath = f"{path}.boxes[{k}]"
        if not isinstance(box, Mapping):
            r.bad(bpath, "must be a table", box, "{ utility = ..., ranges = {...} }")
            continue
        r.unknown(box, {"utility", "inside", "ranges"}, bpath)
        u, _ = r.number(box.get("utility"), f"{bpath}.utility")
        ranges = box.get("ranges", {})
        if not isinstance(ranges, Mapping):
            r.bad(f"{bpath}.ranges", "must be a table", ranges, "{ ISSUE = [first, last] }")
            continue
        bounds = []
        for name, pair in ranges.items():
            if name not in space.names:
                r.bad(f"{bpath}.ranges.{name}", "names an unknown issue", name, "one of " + ", ".join(space.names))
                continue
            issue = space.issue(name)
            if not isinstance(pair, list) or len(pair) != 2 or not all(issue.has(v) for v in pair):
                r.bad(f"{bpath}.ranges.{name}", "must be [first, last] values of the issue", pair, "two values")
                continue
            bounds.append((space.issue_index(name), issue.index_of(pair[0]), issue.index_of(pair[1])))
        if u is not None:
            try:
                boxes.append(HyperRectangle(tuple(bounds), u, bool(box.get("inside", True))))
            except ModelError as e:
                r.bad(bpath, str(e))
    if len(r.problems) != n_before or scale is None:
        return None
    try:
        return ConstraintUtility(space, tuple(boxes), scale)
    except ModelError as e:
        r.bad(path, str(e))
        return None


def _preferences(r: _Reader, pid: str, spec: Mapping[str, Any], space: OutcomeSpace) -> Preferences | None:
    path = f"parties.{pid}"
    n_before = len(r.problems)
    rationales: dict[str, str] = {}
    util: UtilityFunction | None
    if "utility" in spec:
        if "weights" in spec or "values" in spec:
            r.bad(f"{path}.utility", "give either a utility table or weights and values, not both")
        util = _constraint(r, f"{path}.utility", spec["utility"], space)
    else:
        util = _additive(r, path, spec, space, rationales)

    reservation = 0.0
    if "reservation" in spec:
        got, why = r.number(spec["reservation"], f"{path}.reservation", lo=0.0, hi=1.0)
        reservation = 0.0 if got is None else got
        if why:
            rationales["reservation"] = why
    delay = None
    if "cost_of_delay" in spec:
        cd = spec["cost_of_delay"]
        cpath = f"{path}.cost_of_delay"
        if not isinstance(cd, Mapping):
            r.bad(cpath, "must be a table", cd, '{ factor = 0.95, per = "day" }')
        else:
            r.unknown(cd, {"factor", "per", "rationale"}, cpath)
            factor, _ = r.number(cd.get("factor"), f"{cpath}.factor", lo=0.0, hi=1.0)
            per = cd.get("per", "round")
            if per not in ("round", "day", "deadline"):
                r.bad(f"{cpath}.per", "unknown unit", per, "round, day or deadline")
            elif factor is not None:
                try:
                    delay = CostOfDelay(factor, per)
                except ModelError as e:
                    r.bad(f"{cpath}.factor", str(e))
            if isinstance(cd.get("rationale"), str) and cd["rationale"]:
                rationales["cost_of_delay"] = cd["rationale"]
    red: dict[str, frozenset[str | int | float]] = {}
    for name, opts in r.table(spec, "red_lines", f"{path}.red_lines").items():
        rpath = f"{path}.red_lines.{name}"
        if name not in space.names:
            r.bad(rpath, "names an unknown issue", name, "one of " + ", ".join(space.names))
            continue
        issue = space.issue(name)
        if isinstance(opts, Mapping):
            if isinstance(opts.get("rationale"), str) and opts["rationale"]:
                rationales[f"red_lines.{name}"] = opts["rationale"]
            opts = opts.get("options")
        if not isinstance(opts, list):
            r.bad(rpath, "must list option ids", opts, '["option", ...] or { options = [...], rationale = "..." }')
            continue
        known = []
        for o in opts:
            if not _names_option(issue, o):
                r.bad(
                    rpath,
                    "names an unknown option",
                    o,
                    f"an option of issue {name!r}: " + ", ".join(str(v) for v in issue.values()[:12]),
                )
            else:
                known.append(o)
        red[name] = frozenset(issue.value(issue.index_of(o)) for o in known)
    if len(r.problems) != n_before or util is None:
        return None
    try:
        return Preferences(util, reservation, delay, red, rationales)
    except ModelError as e:
        r.bad(path, str(e))
        return None


def _incompatible(r: _Reader, raw: object, issues: list[Issue]) -> list[list[tuple[int, int]]]:
    """``[[incompatible]]``: option combinations that cannot go together, as (issue, option) pairs."""
    if not isinstance(raw, list):
        r.bad("incompatible", "must be an array of tables", raw, '[[incompatible]] options = { issue = "option", ... }')
        return []
    by_name = {iss.name: (j, iss) for j, iss in enumerate(issues)}
    out: list[list[tuple[int, int]]] = []
    for n, spec in enumerate(raw):
        path = f"incompatible[{n}]"
        if not isinstance(spec, Mapping):
            r.bad(path, "must be a table", spec, '{ options = { issue = "option", ... }, rationale = "..." }')
            continue
        r.unknown(spec, {"options", "rationale"}, path)
        if "rationale" in spec and not isinstance(spec["rationale"], str):
            r.bad(f"{path}.rationale", "must be a string", spec["rationale"], "a string")
        opts = spec.get("options")
        if not isinstance(opts, Mapping) or len(opts) < 2:
            r.bad(
                f"{path}.options", "must name one option of each of at least two issues", opts, '{ a = "x", b = "y" }'
            )
            continue
        pairs: list[tuple[int, int]] = []
        for name, o in opts.items():
            hit = by_name.get(name)
            if hit is None:
                r.bad(f"{path}.options", "names an unknown issue", name, "one of " + ", ".join(by_name))
                continue
            j, issue = hit
            if isinstance(o, bool) or not issue.has(o):
                r.bad(
                    f"{path}.options.{name}",
                    "names an unknown option",
                    o,
                    f"an option of issue {name!r}: " + ", ".join(str(v) for v in issue.values()[:12]),
                )
                continue
            pairs.append((j, issue.index_of(o)))
        if len(pairs) == len(opts):
            out.append(pairs)
    return out


def _issues_section(r: _Reader, data: Mapping[str, Any]) -> tuple[OutcomeSpace | None, Mapping[str, Any]]:
    """The ``[issues.ID]`` tables: the outcome space (None if any issue is invalid) and the raw tables."""
    issues: list[Issue] = []
    raw_issues = r.table(data, "issues", "issues", required=True)
    if not raw_issues and "issues" in data:
        r.bad("issues", "no issues are defined", expected="at least one [issues.ID] table")
    for iid, spec in raw_issues.items():
        issue = _issue(r, iid, spec)
        if issue is not None:
            issues.append(issue)
    space: OutcomeSpace | None = None
    if issues and len(issues) == len(raw_issues):
        try:
            space = OutcomeSpace(issues, _incompatible(r, data.get("incompatible", []), issues))
        except ModelError as e:
            r.bad("issues", str(e))
    return space, raw_issues


def _parties_section(
    r: _Reader, data: Mapping[str, Any], space: OutcomeSpace | None
) -> tuple[list[Party], Mapping[str, Any]]:
    """The ``[parties.ID]`` tables: the valid parties and the raw tables."""
    parties: list[Party] = []
    raw_parties = r.table(data, "parties", "parties", required=True)
    for pid, spec in raw_parties.items():
        ppath = f"parties.{pid}"
        if not isinstance(spec, Mapping):
            r.bad(ppath, "must be a table", spec, "a table")
            continue
        r.unknown(spec, _PARTY_KEYS, ppath)
        role = spec.get("role", "party")
        if not isinstance(role, str) or role not in {x.value for x in Role}:
            r.bad(f"{ppath}.role", "unknown role", role, "party, mediator or observer")
            continue
        prefs = None
        has_prefs = "weights" in spec or "values" in spec or "utility" in spec
        if role == "party" and not has_prefs:
            r.bad(ppath, "a negotiating party needs preferences", expected="weights and values tables")
            continue
        if has_prefs and space is not None:
            prefs = _preferences(r, pid, spec, space)
            if prefs is None:
                continue
        if has_prefs and space is None:
            continue
        try:
            parties.append(
                Party(
                    pid,
                    r.text(spec, "name", f"{ppath}.name"),
                    Role(role),
                    prefs,
                    r.text(spec, "description", f"{ppath}.description"),
                )
            )
        except ModelError as e:
            r.bad(ppath, str(e))
    return parties, raw_parties


def _groups_section(
    r: _Reader, data: Mapping[str, Any], raw_issues: Mapping[str, Any], raw_parties: Mapping[str, Any]
) -> list[WorkingGroup]:
    """The ``[working_groups.ID]`` tables, checked against the issues and parties defined."""
    groups: list[WorkingGroup] = []
    for gid, spec in r.table(data, "working_groups", "working_groups").items():
        gpath = f"working_groups.{gid}"
        if not isinstance(spec, Mapping):
            r.bad(gpath, "must be a table", spec, "a table with issues")
            continue
        r.unknown(spec, _GROUP_KEYS, gpath)
        gi, gm = spec.get("issues", []), spec.get("members", [])
        if not isinstance(gi, list) or not all(isinstance(x, str) for x in gi):
            r.bad(f"{gpath}.issues", "must be a list of issue ids", gi, "a list of issue ids")
            continue
        if not isinstance(gm, list) or not all(isinstance(x, str) for x in gm):
            r.bad(f"{gpath}.members", "must be a list of party ids", gm, "a list of party ids")
            continue
        for name in gi:
            if name not in raw_issues:
                r.bad(f"{gpath}.issues", "names an unknown issue", name, "one of " + ", ".join(raw_issues))
        for m in gm:
            if m not in raw_parties:
                r.bad(f"{gpath}.members", "names a party that is not defined", m, "one of " + ", ".join(raw_parties))
        try:
            groups.append(
                WorkingGroup(
                    gid,
                    tuple(gi),
                    r.text(spec, "name", f"{gpath}.name"),
                    tuple(gm),
                    r.text(spec, "description", f"{gpath}.description"),
                )
            )
        except ModelError as e:
            r.bad(gpath, str(e))
    return groups


def _calendar_section(r: _Reader, data: Mapping[str, Any]) -> Calendar:
    """The ``[calendar]`` table (the default calendar when there is none)."""
    calendar = Calendar()
    cal = r.table(data, "calendar", "calendar")
    if cal:
        r.unknown(cal, _CAL_KEYS, "calendar")
        start = cal.get("start")
        if isinstance(start, str):
            try:
                start = dt.date.fromisoformat(start)
            except ValueError:
                r.bad("calendar.start", "is not a date", start, "YYYY-MM-DD")
                start = None
        elif start is not None and not isinstance(start, dt.date):
            r.bad("calendar.start", "is not a date", start, "YYYY-MM-DD")
            start = None
        try:
            calendar = Calendar(
                cal.get("days", 1),
                cal.get("rounds_per_day", 20),
                start,
                cal.get("day_labels", ()),
                cal.get("horizon"),
            )
        except (ModelError, TypeError) as e:
            r.bad("calendar", str(e))
    return calendar


def scenario_from_dict(data: Mapping[str, Any]) -> LoadedScenario:
    """Build a scenario from a parsed document; raises :class:`ScenarioError` with every problem."""
    r = _Reader()
    if not isinstance(data, Mapping):
        raise ScenarioError([Problem("", "the document must be a table at top level", _show(data), "a table")])
    r.unknown(data, _TOP_KEYS, "")
    schema = data.get("schema")
    if schema is None:
        r.bad("schema", "is missing", expected=f'schema = "{SCHEMA}"')
    elif schema != SCHEMA:
        r.bad("schema", "unsupported schema version", schema, f'"{SCHEMA}"')
    sid = data.get("id")
    if not isinstance(sid, str) or not sid:
        r.bad("id", "is missing or not a string", sid, "a scenario id such as 'my-talks'")
        sid = "scenario"

    space, raw_issues = _issues_section(r, data)
    parties, raw_parties = _parties_section(r, data, space)
    groups = _groups_section(r, data, raw_issues, raw_parties)
    calendar = _calendar_section(r, data)

    uncertainties, levers, beliefs = read_extras(r, data, space, parties, _preferences)
    if r.problems or space is None:
        if not r.problems:
            r.bad("issues", "no valid issues", expected="at least one issue")
        raise ScenarioError(r.problems)
    try:
        scenario = Scenario(
            id=sid,
            space=space,
            parties=tuple(parties),
            name=r.text(data, "name", "name"),
            description=r.text(data, "description", "description"),
            working_groups=tuple(groups),
            calendar=calendar,
            source=r.text(data, "source", "source"),
            uncertainties=uncertainties,
            levers=levers,
            beliefs=beliefs,
        )
    except ScenarioError as e:
        raise ScenarioError([*r.problems, *e.problems]) from None
    if r.problems:
        raise ScenarioError(r.problems)
    return LoadedScenario(scenario, tuple(r.notes))


def space_from_dict(data: Mapping[str, Any]) -> OutcomeSpace:
    """The outcome space an ``issues`` table describes; raises :class:`ScenarioError`."""
    r = _Reader()
    space, _ = _issues_section(r, {"issues": data})
    if r.problems or space is None:
        raise ScenarioError(r.problems or [Problem("issues", "no valid issues", expected="at least one issue")])
    return space


def preferences_from_dict(pid: str, spec: Mapping[str, Any], space: OutcomeSpace) -> Preferences:
    """One party's preferences from its ``parties.ID`` table over ``space``; raises :class:`ScenarioError`."""
    r = _Reader()
    if not isinstance(spec, Mapping):
        raise ScenarioError.single(f"parties.{pid}", "must be a table", found=_show(spec), expected="a table")
    prefs = _preferences(r, pid, spec, space)
    if r.problems or prefs is None:
        raise ScenarioError(r.problems or [Problem(f"parties.{pid}", "holds no preferences")])
    return prefs
