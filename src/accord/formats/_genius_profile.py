"""Reading one GENIUS profile (``<utility_space>``) against its domain.

Additive profiles become :class:`~accord.model.preferences.LinearAdditive`; non-linear ones
(``type="nonlinear"``, ANAC 2014) become :class:`~accord.model.constraint.ConstraintUtility`.
The rules are GENIUS's (``AdditiveUtilitySpace``, ``EvaluatorDiscrete``, ``EvaluatorInteger``,
``EvaluatorReal``, ``NonlinearUtilitySpace``); see :mod:`accord.formats.genius`.
"""

from __future__ import annotations

import math
from pathlib import Path
from xml.etree.ElementTree import Element

from accord.errors import FormatError, ModelError
from accord.formats._genius_domain import DomainIssue, GeniusDomain, attr_float, attr_int
from accord.model.constraint import ConstraintUtility, HyperRectangle
from accord.model.issues import RealIssue
from accord.model.preferences import CostOfDelay, DelayUnit, LinearAdditive, Preferences, UtilityFunction

__all__ = ["ProfileReader"]

_ADDITIVE_TYPES = {None, "linear", "additive", "any"}
_EVAL_EPS = 0.00001  # GENIUS: a discrete evaluator whose largest evaluation is below this gives 0


MAX_WEIGHT = 1e12
"""Largest weight a profile may give (GENIUS weights are normalised; larger ones only overflow)."""
MAX_UFUN_DEPTH = 64
"""Most levels of <ufun> inside <ufun> a constraint profile may nest."""


class ProfileReader:
    """Reads one profile file; ``notes`` collects what a user should know about it."""

    def __init__(self, path: Path, root: Element, domain: GeniusDomain) -> None:
        self.path = path
        self.file = str(path)
        self.root = root
        self.domain = domain
        self.notes: list[str] = []

    def error(
        self, message: str, *, where: str | None = None, found: str | None = None, expected: str | None = None
    ) -> FormatError:
        return FormatError(message, file=self.file, where=where, found=found, expected=expected)

    def note(self, text: str) -> None:
        self.notes.append(f"{self.path.name}: {text}")

    # -- the whole profile ----------------------------------------------------------------
    def read(self) -> Preferences:
        root = self.root
        if root.tag != "utility_space":
            raise self.error("not a GENIUS profile", where=root.tag, expected="root element <utility_space>")
        kind = root.get("type")
        kind = kind.strip().lower() if kind is not None else None
        objective = root.find("objective")
        if objective is None:
            raise self.error("the profile has no objective", where="utility_space", expected="an <objective> element")
        utility: UtilityFunction
        if kind == "nonlinear":
            utility = self._constraint(objective)
        elif kind in _ADDITIVE_TYPES:
            utility = self._additive(objective)
        else:
            raise self.error(
                "unknown utility space type", where="utility_space", found=repr(kind), expected="linear or nonlinear"
            )
        reservation = self._reservation()
        try:
            return Preferences(utility, reservation=reservation, cost_of_delay=self._discount())
        except ModelError as e:
            raise self.error(str(e)) from None

    def _reservation(self) -> float:
        el = self.root.find("reservation")
        if el is None:
            return 0.0
        r = attr_float(el, "value", file=self.file, where="reservation")
        if not 0.0 <= r <= 1.0:
            raise self.error(
                "reservation value outside [0, 1]", where="reservation", found=f"{r:g}", expected="a number in [0, 1]"
            )
        return r

    def _discount(self) -> CostOfDelay | None:
        el = self.root.find("discount_factor")
        if el is None:
            return None
        d = attr_float(el, "value", file=self.file, where="discount_factor")
        if 0.0 < d < 1.0:
            return CostOfDelay(d, per=DelayUnit.DEADLINE)
        if d < 0.0 or d > 1.0:
            self.note(f"discount factor {d:g} is outside [0, 1]; GENIUS discards it, so there is no discount")
        return None

    # -- issues of the profile against the domain ------------------------------------------
    def _issue(self, el: Element, pos: int) -> tuple[int, DomainIssue, str]:
        where = f"objective/issue[{pos}]"
        number = attr_int(el, "index", file=self.file, where=where)
        where = f"objective/issue[@index='{number}']"
        hit = self.domain.by_number(number)
        name = el.get("name")
        if hit is None:
            raise self.error(
                "the profile has an issue the domain does not (a profile for another domain?)",
                where=where,
                found=f"issue {name!r} (index {number})",
                expected=self._domain_issues(),
            )
        j, d = hit
        if name is not None and name != d.name:
            raise self.error(
                "the profile's issue differs from the domain's (a profile for another domain?)",
                where=where,
                found=repr(name),
                expected=f"{d.name!r} (index {number} in {Path(self.domain.file).name})",
            )
        return j, d, where

    def _domain_issues(self) -> str:
        return "one of " + ", ".join(f"{d.name!r} (index {d.number})" for d in self.domain.issues)

    # -- additive ---------------------------------------------------------------------------
    def _additive(self, objective: Element) -> LinearAdditive:
        if objective.find("objective") is not None:
            raise self.error("nested objectives are not supported", where="objective/objective")
        n = len(self.domain.issues)
        tables: list[list[float] | None] = [None] * n
        for pos, el in enumerate(objective.findall("issue"), start=1):
            j, d, where = self._issue(el, pos)
            if tables[j] is not None:
                raise self.error("the profile evaluates an issue twice", where=where)
            tables[j] = self._evaluations(el, j, d, where)
        weights = self._weights(objective)
        for j, d in enumerate(self.domain.issues):
            if tables[j] is None:
                raise self.error(
                    f"issue {d.name!r} has no evaluation (a profile for another domain?)",
                    where=f"objective/issue[@index='{d.number}']",
                    expected="an <issue> element with its evaluations",
                )
            if weights[j] is None:
                raise self.error(
                    f"issue {d.name!r} has no weight",
                    where="objective/weight",
                    expected=f'<weight index="{d.number}" value=...>',
                )
        return self._linear([float(w) for w in weights if w is not None], [t for t in tables if t is not None])

    def _weights(self, objective: Element) -> list[float | None]:
        weights: list[float | None] = [None] * len(self.domain.issues)
        own = {objective.get("index")}
        for el in objective.findall("weight"):
            number = attr_int(el, "index", file=self.file, where="objective/weight")
            where = f"objective/weight[@index='{number}']"
            value = attr_float(el, "value", file=self.file, where=where)
            hit = self.domain.by_number(number)
            if hit is None:
                if str(number) in own:
                    continue  # a weight on the objective itself: GENIUS ignores it
                raise self.error(
                    "a weight for an unknown issue",
                    where=where,
                    found=f"index {number}",
                    expected=self._domain_issues(),
                )
            if value < 0:
                raise self.error("negative weight", where=where, found=f"{value:g}", expected="a weight >= 0")
            if value > MAX_WEIGHT:
                raise self.error(
                    "weight too large", where=where, found=f"{value:g}", expected=f"a weight <= {MAX_WEIGHT:g}"
                )
            if weights[hit[0]] is not None:
                self.note(f"issue {hit[1].name!r} has two weights; the last ({value:g}) is used, as in GENIUS")
            weights[hit[0]] = value
        return weights

    def _evaluations(self, el: Element, j: int, d: DomainIssue, where: str) -> list[float]:
        if d.kind == "discrete":
            return self._discrete(el, d, where)
        if d.kind == "integer":
            return self._integer(el, d, where)
        return self._real(el, j, d, where)

    def _discrete(self, el: Element, d: DomainIssue, where: str) -> list[float]:
        evals: dict[str, float] = {}
        for k, item in enumerate(el.findall("item"), start=1):
            value = item.get("value")
            iwhere = f"{where}/item[{k}]" if value is None else f"{where}/item[@value={value!r}]"
            if value is None:
                raise self.error("item has no value", where=iwhere, expected="a value attribute")
            if value not in d.values:
                raise self.error(
                    f"issue {d.name!r} has no value {value!r} in the domain (a profile for another domain?)",
                    where=iwhere,
                    expected="one of " + ", ".join(map(repr, d.values)),
                )
            raw = item.get("evaluation")
            if raw is None or raw.strip() == "null":
                raise self.error(
                    f"item {value!r} of issue {d.name!r} has no evaluation",
                    where=iwhere,
                    expected="an evaluation attribute",
                )
            e = attr_float(item, "evaluation", file=self.file, where=iwhere)
            if e < 0:
                raise self.error(
                    "negative evaluation: GENIUS's evaluator refuses evaluations below 0, "
                    "and accord utilities lie in [0, 1]",
                    where=iwhere,
                    found=f"{e:g}",
                    expected="an evaluation >= 0",
                )
            if value in evals:
                self.note(
                    f"issue {d.name!r} lists value {value!r} twice; the last evaluation ({e:g}) is used, as in GENIUS"
                )
            evals[value] = e
        missing = [v for v in d.values if v not in evals]
        if missing:
            raise self.error(
                f"issue {d.name!r}: value{'s' if len(missing) > 1 else ''} "
                + ", ".join(map(repr, missing))
                + " ha"
                + ("ve" if len(missing) > 1 else "s")
                + " no evaluation",
                where=where,
                expected="an <item value=... evaluation=...> for every value of the domain",
            )
        top = max(evals.values())
        if top < _EVAL_EPS:
            return [0.0] * len(d.values)
        return [evals[v] / top for v in d.values]

    def _evaluator(self, el: Element, where: str) -> Element | None:
        ev = el.find("evaluator")
        if ev is None:
            self.note(f"{where} has no <evaluator>; GENIUS then values every option at 0")
        return ev

    def _integer(self, el: Element, d: DomainIssue, where: str) -> list[float]:
        lo, hi = int(d.low), int(d.high)
        ev = self._evaluator(el, where)
        if ev is None:
            return [0.0] * (hi - lo + 1)
        ftype = ev.get("ftype")
        if ftype is not None and ftype.strip().lower() != "linear":
            raise self.error(
                "unknown integer evaluator", where=f"{where}/evaluator", found=repr(ftype), expected='ftype="linear"'
            )
        slope = attr_float(ev, "slope", file=self.file, where=f"{where}/evaluator")
        offset = attr_float(ev, "offset", file=self.file, where=f"{where}/evaluator")
        base = attr_int(el, "lowerbound", file=self.file, where=where) if el.get("lowerbound") is not None else lo
        return [min(1.0, max(0.0, offset + slope * (v - base))) for v in range(lo, hi + 1)]

    def _real(self, el: Element, j: int, d: DomainIssue, where: str) -> list[float]:
        issue = self.domain.space.issues[j]
        if not isinstance(issue, RealIssue):  # pragma: no cover - built together with the domain
            raise self.error("internal: a real issue was not built as a real issue", where=where)
        xs = [issue.value(k) for k in range(issue.cardinality)]
        ev = self._evaluator(el, where)
        if ev is None:
            return [0.0] * len(xs)
        ewhere = f"{where}/evaluator"
        ftype = (ev.get("ftype") or "").strip().lower()

        def par(k: int) -> float:
            return attr_float(ev, f"parameter{k}", file=self.file, where=ewhere)

        if ftype == "linear":
            p0, p1 = par(0), par(1)
            return [min(1.0, max(0.0, p0 + p1 * x)) for x in xs]
        if ftype == "constant":
            c = par(0)
            if not 0.0 <= c <= 1.0:
                raise self.error(
                    "constant evaluation outside [0, 1]", where=ewhere, found=f"{c:g}", expected="a number in [0, 1]"
                )
            return [c] * len(xs)
        if ftype == "triangular":
            lower, upper, top = par(0), par(1), par(2)
            if not lower <= top <= upper or lower == upper:
                raise self.error(
                    "triangular evaluator needs parameter0 <= parameter2 <= parameter1 (lower, top, upper)",
                    where=ewhere,
                    found=f"lower={lower:g}, upper={upper:g}, top={top:g}",
                )
            return [_triangular(x, lower, upper, top) for x in xs]
        raise self.error(
            "unknown real evaluator",
            where=ewhere,
            found=repr(ev.get("ftype")),
            expected="linear, constant or triangular",
        )

    def _linear(self, weights: list[float], tables: list[list[float]]) -> LinearAdditive:
        """GENIUS's additive utility ``min(1, sum w_j v_j)`` with the weights as written."""
        total = math.fsum(weights)
        if total <= 0:
            raise self.error("every weight is 0", where="objective/weight", expected="at least one positive weight")
        tops = [max(t) for t in tables]
        reach = math.fsum(w * m for w, m in zip(weights, tops, strict=True))
        space = self.domain.space
        try:
            if abs(total - 1.0) <= 1e-12:
                return LinearAdditive.create(space, weights, tables, normalize=True)
            if reach <= 1.0 + 1e-12:
                self.note(
                    f"weights sum to {total:.10g}, not 1; GENIUS uses them as written, so no outcome is worth more "
                    f"than {reach:.10g}; accord keeps exactly those utilities"
                )
                if reach <= 0:
                    return LinearAdditive.create(
                        space, [1.0] * len(tables), [[0.0] * len(t) for t in tables], normalize=True
                    )
                ws = [w * m / reach for w, m in zip(weights, tops, strict=True)]
                vs = [
                    [x * reach / m for x in t] if m > 0 else [0.0] * len(t) for t, m in zip(tables, tops, strict=True)
                ]
                return LinearAdditive.create(space, ws, vs, normalize=True)
            self.note(
                f"weights sum to {total:.10g}, not 1; GENIUS uses them as written and caps utilities at 1; "
                f"accord rescales them to sum to 1, so utilities differ from GENIUS's by at most {1 - 1 / total:.3g}"
            )
            return LinearAdditive.create(space, weights, tables, normalize=True)
        except ModelError as e:
            raise self.error(str(e)) from None

    # -- non-linear (hyper-rectangles) ---------------------------------------------------------
    def _constraint(self, objective: Element) -> ConstraintUtility:
        for pos, el in enumerate(objective.findall("issue"), start=1):
            self._issue(el, pos)
        utility = objective.find("utility")
        if utility is None:
            raise self.error(
                "a non-linear profile needs <utility>", where="objective", expected="<utility maxutility=...>"
            )
        scale = attr_float(utility, "maxutility", file=self.file, where="objective/utility")
        if scale <= 0:
            raise self.error("maxutility must be positive", where="objective/utility", found=f"{scale:g}")
        ufun = utility.find("ufun")
        if ufun is None:
            raise self.error(
                "no <ufun> in <utility>", where="objective/utility", expected="a <ufun> with <hyperRectangle>s"
            )
        boxes: list[HyperRectangle] = []
        self._ufun(ufun, 1.0, "objective/utility/ufun", boxes)
        if any(b.utility < 0 for b in boxes):
            self.note(
                "some constraints have negative utility; where the sum is negative "
                "GENIUS gives a negative utility, accord 0"
            )
        try:
            return ConstraintUtility(self.domain.space, tuple(boxes), scale)
        except ModelError as e:
            raise self.error(str(e), where="objective/utility") from None

    def _ufun(self, ufun: Element, weight: float, where: str, boxes: list[HyperRectangle], depth: int = 1) -> None:
        if depth > MAX_UFUN_DEPTH:
            raise self.error(
                "<ufun> elements are nested too deeply", where=where, expected=f"at most {MAX_UFUN_DEPTH} levels"
            )
        aggregation = (ufun.get("aggregation") or "sum").strip().lower()
        if aggregation != "sum":
            raise self.error('only aggregation="sum" is supported', where=where, found=repr(ufun.get("aggregation")))
        if ufun.get("weight") is not None:
            weight *= attr_float(ufun, "weight", file=self.file, where=where)
        for k, rect in enumerate(ufun.findall("hyperRectangle"), start=1):
            box = self._box(rect, weight, f"{where}/hyperRectangle[{k}]")
            if box is not None:
                boxes.append(box)
        for k, inner in enumerate(ufun.findall("ufun"), start=1):
            self._ufun(inner, weight, f"{where}/ufun[{k}]", boxes, depth + 1)

    def _box(self, rect: Element, weight: float, where: str) -> HyperRectangle | None:
        value = attr_float(rect, "utility", file=self.file, where=where) * weight
        if rect.get("weight") is not None:
            value *= attr_float(rect, "weight", file=self.file, where=where)
        includes, excludes = rect.findall("INCLUDES"), rect.findall("EXCLUDES")
        if includes and excludes:
            raise self.error(
                "a hyperRectangle has both INCLUDES and EXCLUDES", where=where, expected="one kind of bound"
            )
        inside = not excludes
        bounds: list[tuple[int, int, int]] = []
        empty = False
        for k, b in enumerate(includes or excludes, start=1):
            bwhere = f"{where}/{b.tag}[{k}]"
            number = attr_int(b, "index", file=self.file, where=bwhere)
            hit = self.domain.by_number(number)
            if hit is None:
                raise self.error(
                    "a bound on an unknown issue", where=bwhere, found=f"index {number}", expected=self._domain_issues()
                )
            j, d = hit
            if d.kind != "integer":
                raise self.error(
                    f"a bound on issue {d.name!r}, which is {d.kind}",
                    where=bwhere,
                    expected="bounds on integer issues (as GENIUS requires)",
                )
            lo = max(attr_int(b, "min", file=self.file, where=bwhere), int(d.low)) - int(d.low)
            hi = min(attr_int(b, "max", file=self.file, where=bwhere), int(d.high)) - int(d.low)
            if any(jj == j for jj, _, _ in bounds):
                raise self.error(f"two bounds on issue {d.name!r} in one hyperRectangle", where=bwhere)
            if hi < lo:
                empty = True
            else:
                bounds.append((j, lo, hi))
        if empty:  # a range outside the issue: INCLUDES never holds, EXCLUDES always does
            return None if inside else HyperRectangle((), value, inside=True)
        return HyperRectangle(tuple(bounds), value, inside=inside)


def _triangular(x: float, lower: float, upper: float, top: float) -> float:
    """GENIUS's ``EVALFUNCTYPE.evalTriangular``."""
    if x < lower:
        return 0.0
    if x < top:
        return (x - lower) / (top - lower)
    if x < upper:
        return 1.0 - (x - top) / (upper - top)
    return 0.0
