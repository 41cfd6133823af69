"""Import GeniusWeb JSON: a domain (``issuesValues``) and ``LinearAdditiveUtilitySpace`` profiles.

- Domain issues with ``{"values": [...]}`` are categorical (names that are not accord ids
  become ids and keep the original as the label). Issues with
  ``{"range": {"low", "high", "step"}}`` (GeniusWeb's ``NumberValueSet``) are integer issues
  when every number is an integer and the step is 1, otherwise real issues with one point per
  step.
- Profiles: ``issueWeights``; ``issueUtilities`` per issue as ``DiscreteValueSetUtilities``
  (``{"valueUtilities": {value: utility}}``) or ``NumberValueSetUtilities``
  (``lowValue``, ``lowUtility``, ``highValue``, ``highUtility``: linear in between, 0 outside,
  as GeniusWeb computes it); the older keys ``discreteutils`` / ``numberutils`` are read too.
- ``reservationBid``: its utility becomes the reservation value (none: 0).
- A profile embeds its domain; it must be the domain given, or the profile is refused.
- Weights that do not sum to 1 (GeniusWeb itself requires a sum of 1) are rescaled, with a note.

The ANL 2023 folders (``domainNN.json``, ``profileA.json``, ``profileB.json``,
``specials.json``) load with :func:`read_geniusweb_folder`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import AccordError, FormatError, ModelError
from accord.formats._common import (
    Imported,
    is_accord_doc,
    make_id,
    natural_key,
    one_domain,
    party_ids,
    read_json,
    unique_ids,
)
from accord.formats.detect import DomainAndProfiles, register_format
from accord.model.issues import CategoricalIssue, IntegerIssue, Issue, Option, RealIssue
from accord.model.preferences import LinearAdditive, Preferences
from accord.model.scenario import Party, Role, Scenario
from accord.model.space import OutcomeSpace

__all__ = [
    "find_geniusweb_files",
    "find_geniusweb_profiles",
    "import_geniusweb",
    "import_geniusweb_folder",
    "read_geniusweb",
    "read_geniusweb_folder",
]

DOMAIN_KEY = "issuesValues"
PROFILE_KEY = "LinearAdditiveUtilitySpace"
_DISCRETE_KEYS = ("DiscreteValueSetUtilities", "discreteutils")
_NUMBER_KEYS = ("NumberValueSetUtilities", "numberutils")
MAX_RANGE_VALUES = 10_000_000


@dataclass
class _Domain:
    file: str
    name: str
    doc: Mapping[str, Any]
    names: list[str]  # original issue names, in file order
    values: list[list[Any]]  # per issue: original values (strings or numbers), in index order
    space: OutcomeSpace
    notes: list[str] = field(default_factory=list)

    def index_of(self, j: int, value: Any) -> int | None:
        for k, v in enumerate(self.values[j]):
            if v == value or (
                isinstance(v, float) and _is_number(value) and math.isclose(v, float(value), abs_tol=1e-9)
            ):
                return k
        return None


def _is_number(x: Any) -> bool:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # an integer too large for a float
        return False


def _number(x: Any, *, file: str, where: str, text: bool = True) -> float:
    """A finite number; with ``text``, a number written as a string is read too."""
    if isinstance(x, str) and text:
        with contextlib.suppress(ValueError):
            x = float(x)
    if not _is_number(x):
        raise FormatError("must be a number", file=file, where=where, found=repr(x), expected="a finite number")
    return float(x)


def _object(x: Any, *, file: str, where: str) -> Mapping[str, Any]:
    if not isinstance(x, Mapping):
        raise FormatError(
            "must be a JSON object", file=file, where=where, found=type(x).__name__, expected="an object {...}"
        )
    return x


def _parse_domain(path: Path, doc: Any) -> _Domain:
    file = str(path)
    doc = _object(doc, file=file, where="(top level)")
    if DOMAIN_KEY not in doc:
        raise FormatError("not a GeniusWeb domain", file=file, where="(top level)", expected='an "issuesValues" key')
    issues_doc = _object(doc["issuesValues"], file=file, where="issuesValues")
    if not issues_doc:
        raise FormatError("the domain has no issues", file=file, where="issuesValues", expected="at least one issue")
    names = list(issues_doc)
    ids = unique_ids(names, prefix="issue")
    issues: list[Issue] = []
    values: list[list[Any]] = []
    for iid, name in zip(ids, names, strict=True):
        where = f"issuesValues.{name}"
        spec = _object(issues_doc[name], file=file, where=where)
        try:
            issue, vals = _issue(iid, name, spec, file=file, where=where)
        except ModelError as e:
            raise FormatError(str(e), file=file, where=where) from None
        issues.append(issue)
        values.append(vals)
    title = doc.get("name")
    return _Domain(file, str(title) if title else path.stem, doc, names, values, OutcomeSpace(issues))


def _issue(iid: str, name: str, spec: Mapping[str, Any], *, file: str, where: str) -> tuple[Issue, list[Any]]:
    if "values" in spec:
        raw = spec["values"]
        if not isinstance(raw, list) or not raw:
            raise FormatError(
                "values must be a non-empty list", file=file, where=f"{where}.values", found=repr(raw)[:80]
            )
        vals = [v if isinstance(v, str) else _check_scalar(v, file=file, where=f"{where}.values") for v in raw]
        texts = [str(v) for v in vals]
        if len(set(texts)) != len(texts):
            dup = sorted({t for t in texts if texts.count(t) > 1})
            raise FormatError(
                "an issue lists a value twice", file=file, where=f"{where}.values", found=", ".join(map(repr, dup))
            )
        oids = unique_ids(texts, prefix="value")
        return CategoricalIssue(iid, [Option(o, label=t) for o, t in zip(oids, texts, strict=True)], label=name), vals
    if "range" in spec:
        rng = _object(spec["range"], file=file, where=f"{where}.range")
        lo = _number(rng.get("low"), file=file, where=f"{where}.range.low")
        hi = _number(rng.get("high"), file=file, where=f"{where}.range.high")
        step = _number(rng.get("step", 1), file=file, where=f"{where}.range.step")
        if step <= 0 or hi < lo:
            raise FormatError(
                "a range needs low <= high and step > 0",
                file=file,
                where=f"{where}.range",
                found=f"{lo:g}..{hi:g} step {step:g}",
            )
        span = (hi - lo) / step
        count = math.floor(span + 1e-9) + 1 if math.isfinite(span) and span < MAX_RANGE_VALUES else MAX_RANGE_VALUES + 1
        if count > MAX_RANGE_VALUES:
            raise FormatError(
                "range has too many values",
                file=file,
                where=f"{where}.range",
                found=f"{count:,}",
                expected=f"at most {MAX_RANGE_VALUES:,}",
            )
        if all(float(x).is_integer() for x in (lo, hi, step)) and step == 1:
            return IntegerIssue(iid, int(lo), int(hi), label=name), [int(lo) + k for k in range(count)]
        last = lo + step * (count - 1)
        issue = RealIssue(iid, lo, last, steps=count, label=name)
        return issue, [issue.value(k) for k in range(count)]
    raise FormatError(
        "an issue needs values or a range", file=file, where=where, expected='"values": [...] or "range": {...}'
    )


def _check_scalar(v: Any, *, file: str, where: str) -> Any:
    if not _is_number(v):
        raise FormatError("a value must be a string or a number", file=file, where=where, found=repr(v)[:80])
    return v


# -- profiles ---------------------------------------------------------------------------------
class _ProfileReader:
    def __init__(self, path: Path, doc: Any, domain: _Domain) -> None:
        self.path = path
        self.file = str(path)
        self.doc = doc
        self.domain = domain
        self.notes: list[str] = []

    def error(
        self, message: str, *, where: str | None = None, found: str | None = None, expected: str | None = None
    ) -> FormatError:
        return FormatError(message, file=self.file, where=where, found=found, expected=expected)

    def read(self) -> Preferences:
        top = _object(self.doc, file=self.file, where="(top level)")
        if PROFILE_KEY not in top:
            kinds = ", ".join(map(repr, top)) or "nothing"
            raise self.error(
                "not a supported GeniusWeb profile", where="(top level)", found=kinds, expected=f'"{PROFILE_KEY}"'
            )
        body = _object(top[PROFILE_KEY], file=self.file, where=PROFILE_KEY)
        self._check_domain(body)
        weights = self._weights(body)
        tables = self._tables(body)
        total = math.fsum(weights)
        if total <= 0:
            raise self.error("every weight is 0", where=f"{PROFILE_KEY}.issueWeights", expected="weights summing to 1")
        if abs(total - 1.0) > 1e-9:
            self.notes.append(f"{self.path.name}: weights sum to {total:.10g}, not 1; rescaled to sum to 1")
        try:
            utility = LinearAdditive.create(self.domain.space, weights, tables, normalize=True)
            reservation = self._reservation(body, utility)
            prefs = Preferences(utility, reservation=reservation)
        except ModelError as e:
            raise self.error(str(e), where=PROFILE_KEY) from None
        return prefs

    def _check_domain(self, body: Mapping[str, Any]) -> None:
        embedded = body.get("domain")
        if embedded is None:
            return
        emb = _object(embedded, file=self.file, where=f"{PROFILE_KEY}.domain")
        mine = self.domain.doc
        if emb.get("name") != mine.get("name") or _canon(emb.get("issuesValues")) != _canon(mine.get("issuesValues")):
            raise self.error(
                "the profile is for another domain",
                where=f"{PROFILE_KEY}.domain",
                found=repr(emb.get("name")),
                expected=f"the domain of {Path(self.domain.file).name} ({mine.get('name')!r}, same issues and values)",
            )

    def _weights(self, body: Mapping[str, Any]) -> list[float]:
        where = f"{PROFILE_KEY}.issueWeights"
        raw = _object(body.get("issueWeights"), file=self.file, where=where)
        unknown = [k for k in raw if k not in self.domain.names]
        if unknown:
            raise self.error(
                "a weight for an unknown issue",
                where=f"{where}.{unknown[0]}",
                expected="one of " + ", ".join(self.domain.names),
            )
        out = []
        for name in self.domain.names:
            if name not in raw:
                raise self.error(f"issue {name!r} has no weight", where=where)
            w = _number(raw[name], file=self.file, where=f"{where}.{name}", text=False)
            if w < 0:
                raise self.error("negative weight", where=f"{where}.{name}", found=f"{w:g}", expected="a weight >= 0")
            out.append(w)
        return out

    def _tables(self, body: Mapping[str, Any]) -> list[list[float]]:
        where = f"{PROFILE_KEY}.issueUtilities"
        raw = _object(body.get("issueUtilities"), file=self.file, where=where)
        unknown = [k for k in raw if k not in self.domain.names]
        if unknown:
            raise self.error(
                "utilities for an unknown issue",
                where=f"{where}.{unknown[0]}",
                expected="one of " + ", ".join(self.domain.names),
            )
        tables = []
        for j, name in enumerate(self.domain.names):
            if name not in raw:
                raise self.error(f"issue {name!r} has no utilities", where=where)
            spec = _object(raw[name], file=self.file, where=f"{where}.{name}")
            tables.append(self._table(j, name, spec, f"{where}.{name}"))
        return tables

    def _table(self, j: int, name: str, spec: Mapping[str, Any], where: str) -> list[float]:
        values = self.domain.values[j]
        for key in _DISCRETE_KEYS:
            if key in spec:
                inner = _object(spec[key], file=self.file, where=f"{where}.{key}")
                vu = _object(inner.get("valueUtilities"), file=self.file, where=f"{where}.{key}.valueUtilities")
                table = []
                for v in values:
                    if str(v) not in vu:
                        raise self.error(
                            f"value {v!r} of issue {name!r} has no utility",
                            where=f"{where}.{key}.valueUtilities",
                            expected="a utility for every value of the domain",
                        )
                    table.append(self._unit(vu[str(v)], f"{where}.{key}.valueUtilities.{v}"))
                extra = [k for k in vu if k not in {str(v) for v in values}]
                if extra:
                    raise self.error(
                        f"issue {name!r} has no value {extra[0]!r} in the domain (a profile for another domain?)",
                        where=f"{where}.{key}.valueUtilities",
                    )
                return table
        for key in _NUMBER_KEYS:
            if key in spec:
                inner = _object(spec[key], file=self.file, where=f"{where}.{key}")
                lv, hv = (
                    _number(inner.get(k), file=self.file, where=f"{where}.{key}.{k}") for k in ("lowValue", "highValue")
                )
                lu, hu = (self._unit(inner.get(k), f"{where}.{key}.{k}") for k in ("lowUtility", "highUtility"))
                if hv <= lv:
                    raise self.error("highValue must exceed lowValue", where=f"{where}.{key}", found=f"{lv:g}..{hv:g}")
                if not all(_is_number(v) for v in values):
                    raise self.error(
                        f"issue {name!r} is not a number range",
                        where=f"{where}.{key}",
                        expected="DiscreteValueSetUtilities",
                    )
                return [
                    0.0 if not lv <= float(x) <= hv else lu + (hu - lu) * (float(x) - lv) / (hv - lv) for x in values
                ]
        raise self.error(
            "unknown value utilities",
            where=where,
            found=", ".join(map(repr, spec)) or "nothing",
            expected="DiscreteValueSetUtilities or NumberValueSetUtilities",
        )

    def _unit(self, x: Any, where: str) -> float:
        v = _number(x, file=self.file, where=where)
        if not 0.0 <= v <= 1.0:
            raise self.error("utility outside [0, 1]", where=where, found=f"{v:g}", expected="a number in [0, 1]")
        return v

    def _reservation(self, body: Mapping[str, Any], utility: LinearAdditive) -> float:
        bid = body.get("reservationBid")
        if bid is None:
            return 0.0
        where = f"{PROFILE_KEY}.reservationBid"
        values = _object(
            _object(bid, file=self.file, where=where).get("issuevalues"), file=self.file, where=f"{where}.issuevalues"
        )
        outcome = []
        for j, name in enumerate(self.domain.names):
            if name not in values:
                raise self.error(f"the reservation bid has no value for issue {name!r}", where=f"{where}.issuevalues")
            k = self.domain.index_of(j, values[name])
            if k is None:
                raise self.error(
                    f"the reservation bid's value for {name!r} is not in the domain",
                    where=f"{where}.issuevalues.{name}",
                    found=repr(values[name]),
                )
            outcome.append(k)
        return float(utility(outcome))


def _canon(x: Any) -> Any:
    """A JSON value with numbers compared as floats (``1`` equals ``1.0``)."""
    if isinstance(x, Mapping):
        return {str(k): _canon(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_canon(v) for v in x]
    if _is_number(x):
        return float(x)
    return x


# -- files ----------------------------------------------------------------------------------------
def json_kind(doc: Any) -> str:
    """``"domain"`` or ``"profile"`` for a GeniusWeb document, else ""."""
    if isinstance(doc, Mapping):
        if DOMAIN_KEY in doc:
            return "domain"
        if PROFILE_KEY in doc:
            return "profile"
        if any(isinstance(k, str) and (k.endswith("UtilitySpace") or k.endswith("Profile")) for k in doc):
            return "other-profile"
    return ""


def find_geniusweb_files(folder: Path) -> tuple[Path, list[Path], list[str]]:
    """The domain file and the profile files of a GeniusWeb folder (by their content)."""
    (domain, _), profiles, notes = _scan(folder)
    return domain, [p for p, _ in profiles], notes


def _scan_all(folder: Path) -> tuple[list[tuple[Path, Any]], list[tuple[Path, Any]], list[str]]:
    if not folder.is_dir():
        raise FormatError("is not a folder", file=str(folder))
    domains: list[tuple[Path, Any]] = []
    profiles: list[tuple[Path, Any]] = []
    notes: list[str] = []
    for p in sorted(folder.iterdir(), key=natural_key):
        if not p.is_file() or p.suffix.lower() != ".json":
            continue
        doc = read_json(p)
        kind = json_kind(doc)
        if kind == "domain":
            domains.append((p, doc))
        elif kind == "profile":
            profiles.append((p, doc))
        elif kind == "other-profile":
            raise FormatError(
                "a GeniusWeb profile of a kind accord cannot import",
                file=str(p),
                found=", ".join(str(k) for k in doc),
                expected=PROFILE_KEY,
            )
        elif is_accord_doc(doc):
            notes.append(f"skipped {p.name}: an accord scenario file, not GeniusWeb")
        else:
            notes.append(f"skipped {p.name}: neither a GeniusWeb domain nor a profile")
    return domains, profiles, notes


def _scan(folder: Path) -> tuple[tuple[Path, Any], list[tuple[Path, Any]], list[str]]:
    domains, profiles, notes = _scan_all(folder)
    expected = f'a .json file with "{DOMAIN_KEY}"'
    return one_domain(folder, domains, title="GeniusWeb", expected=expected, reader="read_geniusweb"), profiles, notes


def find_geniusweb_profiles(folder: Path) -> tuple[list[Path], list[str]]:
    """The GeniusWeb profile files in ``folder``, and notes on skipped files."""
    _, profiles, notes = _scan_all(Path(folder))
    return [p for p, _ in profiles], notes


def _build(domain_path: Path, domain_doc: Any, profiles: Sequence[tuple[Path, Any]], notes: list[str]) -> Imported:
    domain = _parse_domain(domain_path, domain_doc)
    if len(profiles) < 2:
        raise FormatError(
            "a negotiation needs at least two profiles",
            file=str(domain_path),
            found=f"{len(profiles)} profile{'s' if len(profiles) != 1 else ''}",
            expected=f'two or more "{PROFILE_KEY}" files',
        )
    named = party_ids([p.stem for p, _ in profiles], domain_stem=domain_path.stem)
    parties = []
    for (pid, pname), (path, doc) in zip(named, profiles, strict=True):
        reader = _ProfileReader(path, doc, domain)
        prefs = reader.read()
        notes.extend(reader.notes)
        parties.append(Party(pid, name=pname, role=Role.PARTY, preferences=prefs))
    folder = domain_path.resolve().parent.name
    description = (
        f"Imported from GeniusWeb: domain {domain_path.name}, profiles " + ", ".join(p.name for p, _ in profiles) + "."
    )
    try:
        scenario = Scenario(
            id=make_id(folder, fallback=make_id(domain.name, fallback="geniusweb")),
            space=domain.space,
            parties=tuple(parties),
            name=domain.name,
            description=description,
            source=str(domain_path),
        )
    except AccordError as e:
        raise FormatError(str(e), file=str(domain_path)) from None
    return Imported(scenario, tuple(notes), "geniusweb")


def import_geniusweb(domain: Path, profiles: Sequence[Path]) -> Imported:
    """Read a GeniusWeb domain and its profiles, with the notes made on the way."""
    domain = Path(domain)
    docs = [(Path(p), read_json(Path(p))) for p in profiles]
    return _build(domain, read_json(domain), docs, [])


def read_geniusweb(domain: Path, profiles: Sequence[Path]) -> Scenario:
    """A scenario from a GeniusWeb domain file and one ``LinearAdditiveUtilitySpace`` profile per party."""
    return import_geniusweb(domain, profiles).scenario


def import_geniusweb_folder(folder: Path) -> Imported:
    """Read the GeniusWeb domain and every profile in ``folder`` (ANL layout included), with notes."""
    (dpath, ddoc), profiles, notes = _scan(Path(folder))
    return _build(dpath, ddoc, profiles, notes)


def read_geniusweb_folder(folder: Path) -> Scenario:
    """A scenario from a folder holding one GeniusWeb domain file and its profiles."""
    return import_geniusweb_folder(folder).scenario


class GeniusWebFormat(DomainAndProfiles):
    """GeniusWeb JSON: a folder (ANL layout included), a domain file or a profile file."""

    name = "geniusweb"
    title = "GeniusWeb"
    suffix = ".json"

    def kind(self, path: Path) -> str:
        return json_kind(read_json(path)) if path.suffix.lower() == self.suffix else ""

    read_folder = staticmethod(import_geniusweb_folder)
    profiles_beside = staticmethod(find_geniusweb_profiles)
    import_domain = staticmethod(import_geniusweb)

    def write(self, scenario: Scenario, path: Path) -> list[Path]:
        from accord.formats.geniusweb_export import write_geniusweb

        return write_geniusweb(scenario, path)


register_format(GeniusWebFormat())
