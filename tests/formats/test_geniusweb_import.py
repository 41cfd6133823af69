"""GeniusWeb JSON import: the shared GeniusWeb domains and every ANL 2023 domain.

The ANL 2023 ``specials.json`` lists bids (Nash, Kalai, max-welfare, the Pareto front) with
the utilities GeniusWeb's tooling computed for profileA and profileB: accord must agree.
The other domains are checked against a plain-Python reading of the profile JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.errors import FormatError
from accord.formats import import_geniusweb, read_geniusweb, read_geniusweb_folder
from accord.formats.geniusweb import find_geniusweb_files, import_geniusweb_folder
from accord.model import CategoricalIssue, IntegerIssue, RealIssue, Scenario
from shared_data import SCENARIOS

ANL = sorted((SCENARIOS / "anl2023").iterdir())
GENIUSWEB = sorted((SCENARIOS / "geniusweb").iterdir())


def outcome_of(scenario: Scenario, bid: dict[str, Any]) -> tuple[int, ...]:
    """The outcome for a bid written with the file's own issue names and values."""
    out = []
    for issue in scenario.space.issues:
        value = bid[issue.label]
        if isinstance(issue, CategoricalIssue):
            out.append([o.label for o in issue.options].index(str(value)))
        else:
            out.append(issue.index_of(value))
    return tuple(out)


@pytest.mark.parametrize("folder", ANL, ids=lambda p: p.name)
def test_anl2023_special_bids_have_the_listed_utilities(folder: Path) -> None:
    s = read_geniusweb_folder(folder)
    specials = json.loads((folder / "specials.json").read_text())
    assert s.space.size == specials["size"]
    assert [p.id for p in s.negotiators] == ["profileA", "profileB"]
    listed = [specials["nash"], specials["kalai"], specials["social_welfare"], *specials["pareto_front"]]
    for entry in listed:
        mine = s.utilities([outcome_of(s, entry["bid"])])[0]
        np.testing.assert_allclose(mine, entry["utility"], rtol=0, atol=1e-9)


def reference(profile: Path) -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, Any] | None]:
    body = json.loads(profile.read_text())["LinearAdditiveUtilitySpace"]
    utils = {}
    for issue, spec in body["issueUtilities"].items():
        inner = spec.get("DiscreteValueSetUtilities") or spec.get("discreteutils")
        utils[issue] = inner["valueUtilities"]
    bid = body.get("reservationBid")
    return body["issueWeights"], utils, bid["issuevalues"] if bid else None


@pytest.mark.parametrize("folder", GENIUSWEB, ids=lambda p: p.name)
def test_geniusweb_domains_match_a_plain_reading(folder: Path) -> None:
    s = read_geniusweb_folder(folder)
    _, profiles, _ = find_geniusweb_files(folder)
    outcomes = s.space.sample(300, np.random.default_rng(11))
    mine = s.utilities(outcomes)
    for k, profile in enumerate(profiles):
        weights, utils, reservation_bid = reference(profile)

        def u(
            bid: dict[str, Any], weights: dict[str, float] = weights, utils: dict[str, dict[str, float]] = utils
        ) -> float:
            return sum(weights[i] * utils[i][str(v)] for i, v in bid.items())

        for o, got in zip(outcomes, mine[:, k], strict=True):
            bid = {issue.label: issue.options[int(x)].label for issue, x in zip(s.space.issues, o, strict=True)}  # type: ignore[union-attr]
            assert got == pytest.approx(u(bid), abs=1e-12)
        expected_rv = u(reservation_bid) if reservation_bid else 0.0
        assert s.negotiators[k].preferences.reservation == pytest.approx(expected_rv, abs=1e-12)  # type: ignore[union-attr]


def test_reservation_bid_becomes_the_reservation_value() -> None:
    s = read_geniusweb_folder(SCENARIOS / "geniusweb/FlightBooking")
    # flightbooking1: 0.35 * 0.5 + 0.35 * 0.667 + 0.3 * 1.0
    assert s.preferences("flightbooking1").reservation == pytest.approx(0.35 * 0.5 + 0.35 * 0.667 + 0.3)


def test_specials_json_is_skipped_with_a_note() -> None:
    imported = import_geniusweb_folder(ANL[0])
    assert any("specials.json" in n for n in imported.notes)


# -- crafted files: number ranges, old keys, refusals ------------------------------------------------
def write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


DOMAIN = {
    "name": "jobs",
    "issuesValues": {
        "salary": {"range": {"low": 2000, "high": 4000, "step": 500}},
        "days": {"range": {"low": 1, "high": 5, "step": 1}},
        "lease car": {"values": ["yes", "no"]},
    },
}


def profile(
    name: str, *, salary: dict[str, Any], days: dict[str, Any], weights: dict[str, float] | None = None
) -> dict[str, Any]:
    return {
        "LinearAdditiveUtilitySpace": {
            "name": name,
            "domain": DOMAIN,
            "issueWeights": weights or {"salary": 0.5, "days": 0.3, "lease car": 0.2},
            "issueUtilities": {
                "salary": salary,
                "days": days,
                "lease car": {"discreteutils": {"valueUtilities": {"yes": 1, "no": 0}}},
            },
            "reservationBid": {"issuevalues": {"salary": 3000, "days": 2, "lease car": "no"}},
        }
    }


def jobs(tmp_path: Path) -> Scenario:
    d = write(tmp_path / "jobs.json", DOMAIN)
    a = write(
        tmp_path / "employer.json",
        profile(
            "employer",
            salary={
                "NumberValueSetUtilities": {"lowValue": 2000, "lowUtility": 1, "highValue": 4000, "highUtility": 0}
            },
            days={"numberutils": {"lowValue": 2, "lowUtility": 0.2, "highValue": 4, "highUtility": 0.6}},
        ),
    )
    b = write(
        tmp_path / "employee.json",
        profile(
            "employee",
            salary={
                "NumberValueSetUtilities": {"lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}
            },
            days={"NumberValueSetUtilities": {"lowValue": 1, "lowUtility": 0, "highValue": 5, "highUtility": 1}},
        ),
    )
    return read_geniusweb(d, [a, b])


def test_number_ranges_and_number_utilities(tmp_path: Path) -> None:
    s = jobs(tmp_path)
    salary, days, car = s.space.issues
    assert isinstance(salary, RealIssue) and salary.values() == [2000.0, 2500.0, 3000.0, 3500.0, 4000.0]
    assert isinstance(days, IntegerIssue) and (days.low, days.high) == (1, 5)
    assert isinstance(car, CategoricalIssue) and car.name == "lease_car" and car.label == "lease car"
    employer = s.preferences("employer").utility
    assert employer.values[0] == pytest.approx((1.0, 0.75, 0.5, 0.25, 0.0))  # type: ignore[attr-defined]
    # linear between lowValue and highValue, 0 outside (GeniusWeb's rule)
    assert employer.values[1] == pytest.approx((0.0, 0.2, 0.4, 0.6, 0.0))  # type: ignore[attr-defined]
    # the reservation bid (3000, 2, no) for the employer: 0.5 * 0.5 + 0.3 * 0.2 + 0
    assert s.preferences("employer").reservation == pytest.approx(0.31)


def test_a_profile_for_another_domain_is_refused(tmp_path: Path) -> None:
    d = write(tmp_path / "jobs.json", DOMAIN)
    other = SCENARIOS / "geniusweb/FlightBooking/flightbooking1.json"
    with pytest.raises(FormatError, match="another domain") as e:
        read_geniusweb(d, [other, other])
    assert e.value.file == str(other)


def test_a_weight_for_an_unknown_issue_is_refused(tmp_path: Path) -> None:
    d = write(tmp_path / "jobs.json", DOMAIN)
    doc = profile(
        "x",
        salary={"NumberValueSetUtilities": {"lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}},
        days={"NumberValueSetUtilities": {"lowValue": 1, "lowUtility": 0, "highValue": 5, "highUtility": 1}},
        weights={"salary": 0.5, "days": 0.3, "lease car": 0.1, "bonus": 0.1},
    )
    p = write(tmp_path / "x.json", doc)
    with pytest.raises(FormatError, match="unknown issue") as e:
        read_geniusweb(d, [p, p])
    assert e.value.where is not None and "bonus" in e.value.where


def test_a_value_without_utility_is_refused(tmp_path: Path) -> None:
    folder = SCENARIOS / "geniusweb/Party"
    doc = json.loads((folder / "party1.json").read_text())
    del doc["LinearAdditiveUtilitySpace"]["issueUtilities"]["Music"]["discreteutils"]["valueUtilities"]["DJ"]
    p = write(tmp_path / "party1.json", doc)
    with pytest.raises(FormatError, match="'DJ' of issue 'Music' has no utility"):
        read_geniusweb(folder / "party.json", [p, folder / "party2.json"])


def test_an_unsupported_profile_kind_is_refused(tmp_path: Path) -> None:
    d = write(tmp_path / "jobs.json", DOMAIN)
    p = write(tmp_path / "p.json", {"SumOfGroupsUtilitySpace": {}})
    with pytest.raises(FormatError, match="not a supported GeniusWeb profile"):
        import_geniusweb(d, [p, p])
