"""Small scenarios built in code for the engine tests."""

from __future__ import annotations

from accord.model import (
    Calendar,
    CategoricalIssue,
    CostOfDelay,
    DelayUnit,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    Role,
    Scenario,
    WorkingGroup,
)


def bilateral(*, rounds: int = 20, discount: float | None = None) -> Scenario:
    """Two parties over three issues with partly opposed, partly shared interests."""
    space = OutcomeSpace(
        [
            CategoricalIssue("price", ["low", "mid", "high", "top"]),
            CategoricalIssue("delivery", ["fast", "normal", "slow"]),
            CategoricalIssue("warranty", ["none", "one", "two"]),
        ]
    )
    buyer = LinearAdditive.from_mapping(
        space,
        {"price": 0.5, "delivery": 0.3, "warranty": 0.2},
        {
            "price": {"low": 1, "mid": 0.7, "high": 0.3, "top": 0},
            "delivery": {"fast": 1, "normal": 0.6, "slow": 0},
            "warranty": {"none": 0, "one": 0.6, "two": 1},
        },
    )
    seller = LinearAdditive.from_mapping(
        space,
        {"price": 0.6, "delivery": 0.1, "warranty": 0.3},
        {
            "price": {"low": 0, "mid": 0.4, "high": 0.8, "top": 1},
            "delivery": {"fast": 0.5, "normal": 1, "slow": 0.8},
            "warranty": {"none": 1, "one": 0.7, "two": 0},
        },
    )
    cod = CostOfDelay(discount, DelayUnit.DEADLINE) if discount else None
    return Scenario(
        id="bilateral-test",
        space=space,
        parties=(
            Party("buyer", preferences=Preferences(buyer, reservation=0.3, cost_of_delay=cod)),
            Party("seller", preferences=Preferences(seller, reservation=0.3, cost_of_delay=cod)),
        ),
        calendar=Calendar(days=1, rounds_per_day=rounds),
    )


def trilateral(*, days: int = 2, rounds_per_day: int = 6, with_red_lines: bool = True) -> Scenario:
    """Three parties and a mediator with interests of its own, four issues, two working groups."""
    space = OutcomeSpace(
        [
            CategoricalIssue("land", ["all_a", "split", "all_b"], ordered=True),
            CategoricalIssue("guarantees", ["none", "weak", "strong"], ordered=True),
            CategoricalIssue("trade", ["closed", "partial", "open"], ordered=True),
            CategoricalIssue("aid", ["none", "some", "much"], ordered=True),
        ]
    )
    a = LinearAdditive.from_mapping(
        space,
        {"land": 0.5, "guarantees": 0.3, "trade": 0.1, "aid": 0.1},
        {"land": [1, 0.5, 0], "guarantees": [0, 0.6, 1], "trade": [0.2, 0.6, 1], "aid": [0, 0.5, 1]},
    )
    b = LinearAdditive.from_mapping(
        space,
        {"land": 0.5, "guarantees": 0.1, "trade": 0.3, "aid": 0.1},
        {"land": [0, 0.6, 1], "guarantees": [1, 0.6, 0], "trade": [0, 0.5, 1], "aid": [1, 0.5, 0]},
    )
    c = LinearAdditive.from_mapping(
        space,
        {"land": 0.2, "guarantees": 0.2, "trade": 0.4, "aid": 0.2},
        {"land": [0.3, 1, 0.3], "guarantees": [0.2, 1, 0.5], "trade": [0, 0.5, 1], "aid": [1, 0.6, 0]},
    )
    med = LinearAdditive.from_mapping(
        space,
        {"land": 0.4, "guarantees": 0.3, "trade": 0.3},
        {"land": [0.2, 1, 0.2], "guarantees": [0, 1, 0.6], "trade": [0, 0.5, 1]},
    )
    red_a = {"guarantees": frozenset({"none"})} if with_red_lines else {}
    cod = CostOfDelay(0.95, DelayUnit.DAY)
    return Scenario(
        id="trilateral-test",
        space=space,
        parties=(
            Party("alpha", preferences=Preferences(a, reservation=0.35, red_lines=red_a, cost_of_delay=cod)),
            Party("beta", preferences=Preferences(b, reservation=0.3, cost_of_delay=cod)),
            Party("gamma", preferences=Preferences(c, reservation=0.3)),
            Party("chair", role=Role.MEDIATOR, preferences=Preferences(med, reservation=0.0)),
        ),
        working_groups=(
            WorkingGroup("security", ("land", "guarantees")),
            WorkingGroup("economy", ("trade", "aid"), members=("beta", "gamma")),
        ),
        calendar=Calendar(days=days, rounds_per_day=rounds_per_day),
    )
