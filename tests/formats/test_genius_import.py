"""GENIUS XML import, proven on the real ANAC domains against an independent reference.

The reference below reads the XML with ``xml.etree`` and computes GENIUS's utility of a bid
(a dict of issue name -> value) in plain Python, from the format description: weights as
written, discrete evaluations divided by the issue's largest, integer evaluators
``offset + slope * (value - lowerbound)`` clipped to [0, 1], hyper-rectangles summed and
divided by ``maxutility``, and the total capped at 1. It shares no code with the importer.
"""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from accord.errors import FormatError
from accord.formats import import_genius, read_genius, read_genius_folder
from accord.formats.genius import find_genius_files, import_genius_folder
from accord.model import CategoricalIssue, ConstraintUtility, DelayUnit, LinearAdditive, Scenario
from shared_data import SCENARIOS

GENIUS = SCENARIOS / "genius"
FOLDERS = sorted({p.parent for p in GENIUS.rglob("*.xml")})
LOADABLE = [f for f in FOLDERS if f.name != "LaptopConv"]

Bid = dict[str, object]


# -- the reference -------------------------------------------------------------------------------
def reference_utility(profile: Path) -> tuple[Callable[[Bid], float], float]:
    """GENIUS's utility function of a profile file, and its sum of weights."""
    root = ET.parse(profile).getroot()
    objective = root.find("objective")
    assert objective is not None
    issues = {int(i.get("index", "0")): i for i in objective.findall("issue")}
    if root.get("type") == "nonlinear":
        utility = objective.find("utility")
        assert utility is not None
        top = float(utility.get("maxutility", "nan"))
        names = {n: i.get("name") for n, i in issues.items()}
        rects = []
        for r in utility.iter("hyperRectangle"):
            bounds = [(names[int(b.get("index", "0"))], int(b.get("min", "0")), int(b.get("max", "0"))) for b in r]
            rects.append((float(r.get("utility", "0")), bounds))

        def nonlinear(bid: Bid) -> float:
            total = sum(u for u, bounds in rects if all(lo <= int(bid[n]) <= hi for n, lo, hi in bounds))  # type: ignore[call-overload]
            return min(1.0, total / top)

        return nonlinear, 1.0
    weights = {int(w.get("index", "0")): float(w.get("value", "nan")) for w in objective.findall("weight")}
    evaluators: dict[str, Callable[[object], float]] = {}
    for el in issues.values():
        if el.get("type", "discrete") == "integer":
            ev = el.find("evaluator")
            assert ev is not None
            slope, offset = float(ev.get("slope", "nan")), float(ev.get("offset", "nan"))
            low = int(el.get("lowerbound", "0"))
            evaluators[el.get("name", "")] = lambda v, s=slope, o=offset, lo=low: min(
                1.0, max(0.0, o + s * (int(v) - lo))
            )  # type: ignore[misc]
        else:
            evals = {}
            for item in el.findall("item"):  # direct children only: later duplicates win, as in a HashMap
                evals[item.get("value")] = float(item.get("evaluation", "nan"))
            top = max(evals.values())
            evaluators[el.get("name", "")] = lambda v, e=evals, t=top: e[v] / t if t >= 1e-5 else 0.0  # type: ignore[misc]
    weight_of = {issues[n].get("name", ""): weights[n] for n in issues}

    def additive(bid: Bid) -> float:
        return min(1.0, sum(weight_of[name] * evaluators[name](value) for name, value in bid.items()))

    return additive, math.fsum(weight_of.values())


def bids(scenario: Scenario, outcomes: np.ndarray) -> list[Bid]:
    """Outcomes as GENIUS bids: original issue names -> original values."""
    out = []
    for o in outcomes:
        bid: Bid = {}
        for issue, k in zip(scenario.space.issues, o, strict=True):
            bid[issue.label] = (
                issue.options[int(k)].label if isinstance(issue, CategoricalIssue) else issue.value(int(k))
            )
        out.append(bid)
    return out


# -- every domain ---------------------------------------------------------------------------------
@pytest.mark.parametrize("folder", LOADABLE, ids=lambda p: str(p.relative_to(GENIUS)))
def test_every_domain_loads_and_matches_the_reference(folder: Path) -> None:
    imported = import_genius_folder(folder)
    s = imported.scenario
    _, profile_files, _ = find_genius_files(folder)
    assert len(s.negotiators) == len(profile_files) >= 2
    assert s.id == folder.name
    rng = np.random.default_rng(zlib.crc32(folder.name.encode()))
    outcomes = s.space.sample(400, rng)
    mine = s.utilities(outcomes)
    assert ((mine >= 0) & (mine <= 1 + 1e-12)).all()
    for k, profile in enumerate(profile_files):
        reference, weight_sum = reference_utility(profile)
        theirs = np.array([reference(b) for b in bids(s, outcomes)])
        if abs(weight_sum - 1) <= 1e-9 or weight_sum < 1:
            np.testing.assert_allclose(mine[:, k], theirs, atol=1e-9, err_msg=profile.name)
        else:  # rescaled, and said so: the difference is bounded as the note says
            assert np.abs(mine[:, k] - theirs).max() <= 1 - 1 / weight_sum + 1e-12
            assert any(profile.name in n and "rescales" in n for n in imported.notes)


def test_outcome_counts_of_named_domains() -> None:
    assert read_genius_folder(GENIUS / "anac/y2011/Energy").space.size == 390_625
    politics = read_genius_folder(GENIUS / "anac/y2015/group2-politics")
    assert politics.space.size == 23_040 and len(politics.negotiators) == 3
    assert read_genius_folder(GENIUS / "other/AMPOvsCity").space.size == 1_944_000
    assert read_genius_folder(GENIUS / "anac/y2014/10issues").space.size == 10**10


@pytest.mark.parametrize("name", ["anac/y2011/Energy", "other/AMPOvsCity", "anac/y2014/10issues"])
def test_loading_is_fast_and_does_not_enumerate(name: str) -> None:
    read_genius_folder(GENIUS / name)  # warm the imports
    start = time.perf_counter()
    read_genius_folder(GENIUS / name)
    assert time.perf_counter() - start < 0.25  # milliseconds in practice; generous for a shared machine


def test_parties_are_named_after_profile_files() -> None:
    assert [p.id for p in read_genius_folder(GENIUS / "anac/y2011/Energy").negotiators] == ["consumer", "distributor"]
    assert [p.id for p in read_genius_folder(GENIUS / "anac/y2010/EnglandZimbabwe").negotiators] == [
        "England",
        "Zimbabwe",
    ]
    assert [p.id for p in read_genius_folder(GENIUS / "anac/y2012/EnergyA").negotiators] == ["prof1", "prof2"]


def test_names_become_ids_and_keep_the_original_as_label() -> None:
    s = read_genius_folder(GENIUS / "anac/y2011/Laptop")
    monitor = s.space.issue("External_Monitor")
    assert isinstance(monitor, CategoricalIssue)
    assert monitor.label == "External Monitor"
    assert [o.label for o in monitor.options] == ["19'' LCD", "20'' LCD", "23'' LCD"]


def test_values_that_sanitise_alike_stay_distinct() -> None:
    s = read_genius_folder(GENIUS / "other/AMPOvsCity")
    issue = s.space.issue("Increase_in_Vacation_More_Than_Five_Years")
    assert isinstance(issue, CategoricalIssue)
    ids = [o.id for o in issue.options]
    assert len(set(ids)) == len(ids) == 5
    assert [o.label for o in issue.options] == ["0 dyas", "1 day", "2 days", "3 day", "3+ day"]


def test_discount_and_reservation() -> None:
    s = read_genius_folder(GENIUS / "anac/y2012/AcquisitionC")
    prefs = s.preferences("prof1")
    assert prefs.reservation == 0.25
    assert prefs.cost_of_delay is not None
    assert prefs.cost_of_delay.factor == 0.5 and prefs.cost_of_delay.per is DelayUnit.DEADLINE
    assert read_genius_folder(GENIUS / "anac/y2012/AcquisitionA").preferences("prof1").cost_of_delay is None  # d = 1
    # d = 0 means no discount in GENIUS
    assert read_genius_folder(GENIUS / "other/IntegerDomain").preferences("prof1").cost_of_delay is None


def test_integer_evaluators_are_linear_from_the_lower_bound_and_clipped() -> None:
    s = read_genius_folder(GENIUS / "other/IntegerDomain")
    u = s.preferences("prof1").utility
    assert isinstance(u, LinearAdditive)
    price = u.values[s.space.issue_index("price")]
    assert price[0] == pytest.approx(0.3)  # offset at the lower bound (-5)
    assert price[5] == pytest.approx(0.7)
    assert price[-1] == 1.0 and price[-2] == 1.0  # 1.02 and 1.1 capped at 1


def test_weights_that_fall_short_are_kept_as_genius_uses_them() -> None:
    imported = import_genius_folder(GENIUS / "anac/y2012/PhoneA")
    u = imported.scenario.preferences("prof2").utility
    assert isinstance(u, LinearAdditive)
    assert u.best()[1] == pytest.approx(0.9935774540053298)
    assert any("0.993577454" in n and "keeps exactly" in n for n in imported.notes)


def test_duplicate_items_keep_the_last_evaluation_with_a_note() -> None:
    imported = import_genius_folder(GENIUS / "other/AMPOvsCity")
    assert any("lists value '0' twice" in n for n in imported.notes)
    u = imported.scenario.preferences("ampo_space").utility
    assert isinstance(u, LinearAdditive)
    assert u.value("Increase_in_starting_salaries", "0") == pytest.approx(0.08)


def test_non_xml_files_in_a_folder_are_skipped_with_a_note() -> None:
    imported = import_genius_folder(GENIUS / "anac/y2014/10issues")
    assert any("pareto.xml" in n for n in imported.notes)


def test_the_2014_nonlinear_domain_respects_the_published_pareto_front() -> None:
    """No sampled outcome may dominate a point of GENIUS's own Pareto front (pareto.xml)."""
    folder = GENIUS / "anac/y2014/10issues"
    s = read_genius_folder(folder)
    assert all(isinstance(p.preferences.utility, ConstraintUtility) for p in s.negotiators if p.preferences)
    front = np.array(
        [
            [float(x) for x in line.split(",")]
            for line in (folder / "pareto.xml").read_text().split("\n")
            if line.strip()
        ]
    )
    u = s.utilities(s.space.sample(200_000, np.random.default_rng(7)))
    for p in front:
        dominates = (
            (u[:, 0] >= p[0] - 1e-7) & (u[:, 1] >= p[1] - 1e-7) & ((u[:, 0] > p[0] + 1e-7) | (u[:, 1] > p[1] + 1e-7))
        )
        assert not dominates.any(), p
    # every front point is a sum of integer box utilities over maxutility (662 and 885)
    assert np.allclose(front[:, 0] * 662, np.round(front[:, 0] * 662), atol=1e-3)
    assert np.allclose(front[:, 1] * 885, np.round(front[:, 1] * 885), atol=1e-3)


def test_the_2014_domain_evaluates_a_million_samples_quickly() -> None:
    s = read_genius_folder(GENIUS / "anac/y2014/10issues")
    x = s.space.sample(1_000_000, np.random.default_rng(3))
    start = time.perf_counter()
    u = s.utilities(x)
    assert time.perf_counter() - start < 10
    assert u.shape == (1_000_000, 2)


def test_laptopconv_fails_with_the_reason_genius_would() -> None:
    """prof2 is a profile for another (one-issue) domain: GENIUS would find no evaluator for
    the domain's issues; accord says so when loading."""
    folder = GENIUS / "edge/LaptopConv"
    with pytest.raises(FormatError) as e:
        read_genius_folder(folder)
    assert e.value.file is not None and e.value.file.endswith("Laptop-C-prof2.xml")
    assert "another domain" in str(e.value)
    assert e.value.found == "'0'" and "Laptop" in (e.value.expected or "")


def test_laptopconv_first_profile_loads_with_a_weights_note() -> None:
    folder = GENIUS / "edge/LaptopConv"
    prof1 = folder / "Laptop-C-prof1.xml"
    imported = import_genius(folder / "Laptop-C-domain.xml", [prof1, prof1])
    assert [p.id for p in imported.scenario.negotiators] == ["Laptop-C-prof1", "Laptop-C-prof1_2"]
    assert any("rescales" in n for n in imported.notes)


def test_name_sets_the_scenario_id() -> None:
    folder = GENIUS / "anac/y2011/Energy"
    domain, profiles, _ = find_genius_files(folder)
    s = read_genius(domain, profiles, name="Energy 2011")
    assert s.id == "Energy_2011" and s.name == "Energy 2011"


def test_one_profile_is_not_a_negotiation() -> None:
    folder = GENIUS / "anac/y2011/Energy"
    domain, profiles, _ = find_genius_files(folder)
    with pytest.raises(FormatError, match="at least two profiles"):
        read_genius(domain, profiles[:1])
