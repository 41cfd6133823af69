"""Reading and writing the ``[uncertainty]``, ``[beliefs]`` and ``[levers]`` tables of accord files.

::

    [uncertainty.russia]                 # the analyst's uncertainty about Russia's parameters
    reservation = { range = [0.35, 0.5], rationale = "..." }
    weights.territory = { values = [0.25, 0.32], probabilities = [0.5, 0.5], rationale = "..." }
    values.territory.partial_withdrawal = { range = [0.5, 0.7] }

    [beliefs.ukraine.russia]             # Ukraine's model of Russia's preferences
    reservation = { value = 0.5, range = [0.4, 0.6], rationale = "..." }
    weights.territory = 0.4              # ... weights, values, red_lines as for a party

    [levers.tighten_sanctions]           # an action outside the table
    by = "united_states"
    cost = { value = 0.05, rationale = "..." }
    effects = [ { party = "russia", parameter = "reservation", change = -0.05, rationale = "..." } ]

Problems are collected on the caller's reader (field path, found, expected), like the rest of
the document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from accord.errors import ModelError
from accord.model.preferences import Preferences
from accord.model.scenario import Party
from accord.model.space import OutcomeSpace
from accord.model.uncertainty import Belief, Distribution, Effect, Lever, Uncertain

if TYPE_CHECKING:
    from accord.formats.accord_read import _Reader

__all__ = ["EXTRA_KEYS", "Extras", "extras_to_dict", "read_extras"]

EXTRA_KEYS = {"uncertainty", "beliefs", "levers"}
_DIST_KEYS = {"range", "values", "probabilities"}
_LEVER_KEYS = {"name", "by", "rationale", "cost", "effects"}
_EFFECT_KEYS = {"party", "parameter", "change", "set", "add", "drop", "rationale"}

Extras = tuple[tuple[Uncertain, ...], tuple[Lever, ...], tuple[Belief, ...]]
PreferencesReader = Callable[["_Reader", str, Mapping[str, Any], OutcomeSpace], Preferences | None]


def _distribution(r: _Reader, raw: Mapping[str, Any], path: str) -> Distribution | None:
    try:
        if "range" in raw:
            rng = raw["range"]
            if not (isinstance(rng, list) and len(rng) == 2 and all(_is_num(x) for x in rng)):
                r.bad(f"{path}.range", "must be [low, high]", rng, "two numbers, low <= high")
                return None
            return Distribution(float(rng[0]), float(rng[1]))
        vals, probs = raw.get("values"), raw.get("probabilities")
        if not (isinstance(vals, list) and vals and all(_is_num(x) for x in vals)):
            r.bad(f"{path}.values", "must be a list of numbers", vals, "[0.4, 0.45, 0.5]")
            return None
        if not (isinstance(probs, list) and all(_is_num(x) for x in probs)):
            r.bad(f"{path}.probabilities", "must be a list of numbers", probs, "one probability per value")
            return None
        return Distribution(values=tuple(vals), probabilities=tuple(probs))
    except ModelError as e:
        r.bad(path, str(e))
        return None


def _is_num(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _leaves(spec: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(parameter, raw) for the numbers of a preferences-shaped table."""
    out: list[tuple[str, Any]] = []
    for kind in ("reservation", "cost_of_delay"):
        if kind in spec:
            out.append((kind, spec[kind]))
    for issue, raw in dict(spec.get("weights") or {}).items():
        out.append((f"weights.{issue}", raw))
    for issue, table in dict(spec.get("values") or {}).items():
        if isinstance(table, Mapping):
            out += [(f"values.{issue}.{option}", raw) for option, raw in table.items()]
    return out


def _uncertain_leaf(r: _Reader, raw: object, path: str, party: str, parameter: str, holder: str) -> Uncertain | None:
    if not isinstance(raw, Mapping) or not (_DIST_KEYS & set(raw)):
        if not holder:
            r.bad(path, "must give a range or a distribution", raw, '{ range = [low, high], rationale = "..." }')
        return None
    allowed = _DIST_KEYS | {"rationale"} | ({"value"} if holder else set())
    r.unknown(raw, allowed, path)
    dist = _distribution(r, raw, path)
    if dist is not None and not (dist.low >= 0.0 and dist.high <= 1.0):
        r.bad(path, "is out of range", f"[{dist.low:g}, {dist.high:g}]", "values in [0, 1]")
        dist = None
    why = raw.get("rationale", "")
    if not isinstance(why, str):
        r.bad(f"{path}.rationale", "must be a string", why, "a string")
        why = ""
    return None if dist is None else Uncertain(party, parameter, dist, why, holder)


def _strip(raw: object) -> object:
    """A number written with a distribution, reduced to ``{value, rationale}`` for the preferences reader."""
    if not isinstance(raw, Mapping) or not (_DIST_KEYS & set(raw)):
        return raw
    kept = {k: v for k, v in raw.items() if k not in _DIST_KEYS}
    if "value" not in kept:
        lo_hi = raw.get("range")
        vals, probs = raw.get("values"), raw.get("probabilities")
        if isinstance(lo_hi, list) and len(lo_hi) == 2 and all(_is_num(x) for x in lo_hi):
            kept["value"] = (float(lo_hi[0]) + float(lo_hi[1])) / 2
        elif isinstance(vals, list) and isinstance(probs, list) and all(_is_num(x) for x in [*vals, *probs]):
            kept["value"] = sum(float(v) * float(p) for v, p in zip(vals, probs, strict=False))
    return kept


def _strip_table(spec: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    for kind in ("reservation",):
        if kind in out:
            out[kind] = _strip(out[kind])
    if isinstance(out.get("weights"), Mapping):
        out["weights"] = {k: _strip(v) for k, v in out["weights"].items()}
    if isinstance(out.get("values"), Mapping):
        out["values"] = {
            k: ({o: _strip(v) for o, v in t.items()} if isinstance(t, Mapping) else t) for k, t in out["values"].items()
        }
    return out


def _by_party(
    r: _Reader, table: Mapping[str, Any], prefix: str, names: set[str], expected: str
) -> list[tuple[str, Any]]:
    """The ``(party, table)`` entries of a table keyed by party id (problems for the others)."""
    out = []
    for pid, spec in table.items():
        path = f"{prefix}.{pid}"
        if pid not in names:
            r.bad(path, "names a party that is not defined", pid, "one of " + ", ".join(sorted(names)))
        elif not isinstance(spec, Mapping):
            r.bad(path, "must be a table", spec, expected)
        else:
            out.append((pid, spec))
    return out


def _read_uncertainty(r: _Reader, data: Mapping[str, Any], names: set[str]) -> list[Uncertain]:
    out: list[Uncertain] = []
    table = r.table(data, "uncertainty", "uncertainty")
    for pid, spec in _by_party(r, table, "uncertainty", names, "reservation, weights.ISSUE, values.ISSUE.OPTION"):
        path = f"uncertainty.{pid}"
        r.unknown(spec, {"reservation", "cost_of_delay", "weights", "values"}, path)
        for parameter, raw in _leaves(spec):
            u = _uncertain_leaf(r, raw, f"{path}.{parameter}", pid, parameter, "")
            if u is not None:
                out.append(u)
    return out


def _read_beliefs(
    r: _Reader,
    data: Mapping[str, Any],
    space: OutcomeSpace,
    names: set[str],
    read_preferences: PreferencesReader,
) -> tuple[list[Belief], list[Uncertain]]:
    from accord.formats.accord_read import _Reader

    beliefs: list[Belief] = []
    held: list[Uncertain] = []
    table = r.table(data, "beliefs", "beliefs")
    for holder, about_all in _by_party(r, table, "beliefs", names, "[beliefs.HOLDER.PARTY] tables"):
        hpath = f"beliefs.{holder}"
        others = names - {holder}
        for about, spec in _by_party(r, about_all, hpath, others, "weights, values, reservation, red_lines"):
            path = f"{hpath}.{about}"
            r.unknown(spec, {"reservation", "weights", "values", "red_lines"}, path)
            for parameter, raw in _leaves(spec):
                u = _uncertain_leaf(r, raw, f"{path}.{parameter}", about, parameter, holder)
                if u is not None:
                    held.append(u)
            sub = _Reader()
            prefs = read_preferences(sub, about, _strip_table(spec), space)
            for p in sub.problems:
                r.problems.append(replace(p, path=path + p.path.removeprefix(f"parties.{about}")))
            if prefs is not None:
                beliefs.append(Belief(holder, about, prefs))
    return beliefs, held


def _read_levers(r: _Reader, data: Mapping[str, Any]) -> list[Lever]:
    out: list[Lever] = []
    for lid, spec in r.table(data, "levers", "levers").items():
        path = f"levers.{lid}"
        if not isinstance(spec, Mapping):
            r.bad(path, "must be a table", spec, "by, effects, cost, rationale")
            continue
        r.unknown(spec, _LEVER_KEYS, path)
        by = spec.get("by")
        if not isinstance(by, str):
            r.bad(f"{path}.by", "must name the party that pulls the lever", by, "a party id")
            continue
        cost, cost_why = (0.0, "")
        if "cost" in spec:
            got, cost_why = r.number(spec["cost"], f"{path}.cost", lo=0.0, hi=1.0)
            cost = got or 0.0
        raw_effects = spec.get("effects")
        if not isinstance(raw_effects, list) or not raw_effects:
            r.bad(f"{path}.effects", "must list the lever's effects", raw_effects, "[{ party, parameter, change }]")
            continue
        effects = [e for k, raw in enumerate(raw_effects) if (e := _effect(r, raw, f"{path}.effects[{k}]"))]
        if len(effects) == len(raw_effects):
            out.append(
                Lever(
                    lid,
                    by,
                    tuple(effects),
                    r.text(spec, "name", f"{path}.name"),
                    cost,
                    r.text(spec, "rationale", f"{path}.rationale"),
                    cost_why,
                )
            )
    return out


def _effect(r: _Reader, raw: object, path: str) -> Effect | None:
    if not isinstance(raw, Mapping):
        r.bad(path, "must be a table", raw, "{ party, parameter, change | set | add | drop }")
        return None
    r.unknown(raw, _EFFECT_KEYS, path)
    party, parameter = raw.get("party"), raw.get("parameter")
    if not isinstance(party, str) or not isinstance(parameter, str):
        r.bad(path, "needs a party and a parameter", expected='party = "russia", parameter = "reservation"')
        return None
    why = r.text(raw, "rationale", f"{path}.rationale")
    if parameter.startswith("red_lines."):
        add, drop = raw.get("add", []), raw.get("drop", [])
        if not isinstance(add, list) or not isinstance(drop, list) or not (add or drop):
            r.bad(path, "a red-line effect lists options to add or drop", expected='add = ["option"]')
            return None
        return Effect(party, parameter, add=tuple(add), drop=tuple(drop), rationale=why)
    given = [k for k in ("change", "set") if k in raw]
    if len(given) != 1 or not _is_num(raw[given[0]]):
        r.bad(path, "needs one number: change (added) or set (the new value)", expected="change = -0.05")
        return None
    x = float(raw[given[0]])
    return Effect(
        party,
        parameter,
        change=x if given[0] == "change" else None,
        set=x if given[0] == "set" else None,
        rationale=why,
    )


def read_extras(
    r: _Reader,
    data: Mapping[str, Any],
    space: OutcomeSpace | None,
    parties: list[Party],
    read_preferences: PreferencesReader,
) -> Extras:
    """The uncertainties, levers and beliefs of a document (problems go to ``r``)."""
    names = set(dict(data.get("parties") or {}) if isinstance(data.get("parties"), Mapping) else {})
    uncertain = _read_uncertainty(r, data, names)
    levers = _read_levers(r, data)
    beliefs: list[Belief] = []
    if space is not None:
        beliefs, held = _read_beliefs(r, data, space, names, read_preferences)
        uncertain += held
    return tuple(uncertain), tuple(levers), tuple(beliefs)


# -- writing ----------------------------------------------------------------------------------
def _nest(d: dict[str, Any], parameter: str, leaf: Any) -> None:
    kind, *rest = parameter.split(".")
    if kind in ("reservation", "cost_of_delay"):
        d[kind] = leaf
    elif kind == "weights":
        d.setdefault("weights", {})[rest[0]] = leaf
    else:
        d.setdefault("values", {}).setdefault(rest[0], {})[".".join(rest[1:])] = leaf


def _leaf(u: Uncertain, value: float | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {} if value is None else {"value": value}
    d.update(u.distribution.to_dict())
    if u.rationale:
        d["rationale"] = u.rationale
    return d


def extras_to_dict(
    uncertainties: tuple[Uncertain, ...],
    levers: tuple[Lever, ...],
    beliefs: tuple[Belief, ...],
    preferences_to_dict: Callable[[Preferences], dict[str, Any]],
) -> dict[str, Any]:
    """The ``uncertainty``, ``beliefs`` and ``levers`` tables (only those that are not empty)."""
    from accord.model.uncertainty import get_parameter

    out: dict[str, Any] = {}
    analyst = [u for u in uncertainties if not u.held_by]
    if analyst:
        table: dict[str, Any] = {}
        for u in analyst:
            _nest(table.setdefault(u.party, {}), u.parameter, _leaf(u))
        out["uncertainty"] = table
    if beliefs:
        bt: dict[str, Any] = {}
        for b in beliefs:
            d = preferences_to_dict(b.preferences)
            d.pop("cost_of_delay", None)
            for u in uncertainties:
                if u.held_by == b.holder and u.party == b.about:
                    _nest(d, u.parameter, _leaf(u, get_parameter(b.preferences, u.parameter)))
            bt.setdefault(b.holder, {})[b.about] = d
        out["beliefs"] = bt
    if levers:
        lt: dict[str, Any] = {}
        for lever in levers:
            ld: dict[str, Any] = {"name": lever.name, "by": lever.by}
            if lever.rationale:
                ld["rationale"] = lever.rationale
            if lever.cost:
                ld["cost"] = (
                    {"value": lever.cost, "rationale": lever.cost_rationale} if lever.cost_rationale else lever.cost
                )
            ld["effects"] = [_effect_to_dict(e) for e in lever.effects]
            lt[lever.id] = ld
        out["levers"] = lt
    return out


def _effect_to_dict(e: Effect) -> dict[str, Any]:
    d: dict[str, Any] = {"party": e.party, "parameter": e.parameter}
    if e.change is not None:
        d["change"] = e.change
    if e.set is not None:
        d["set"] = e.set
    if e.add:
        d["add"] = list(e.add)
    if e.drop:
        d["drop"] = list(e.drop)
    if e.rationale:
        d["rationale"] = e.rationale
    return d
