"""accord's scenario files: round trips, and a precise error for each kind of bad input."""

from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

import pytest

from accord import ScenarioError, ScenarioFileError, scenarios
from accord.formats.accord_file import (
    dumps_scenario,
    load_scenario_file,
    loads_scenario,
    read_scenario_file,
    save_scenario,
)
from accord.formats.template import TEMPLATE

GOOD = """\
schema = "accord/1"
id = "tiny"

[issues.price]
kind = "ordinal"
options = ["low", "high"]

[issues.colour]
options = [{ id = "red", label = "Red" }, { id = "blue" }]

[parties.a]
reservation = 0.2
[parties.a.weights]
price = 0.5
colour = 0.5
[parties.a.values.price]
low = 1.0
high = 0.0
[parties.a.values.colour]
red = 1.0
blue = 0.5

[parties.b]
[parties.b.weights]
price = 0.7
colour = 0.3
[parties.b.values.price]
low = 0.0
high = 1.0
[parties.b.values.colour]
red = 0.0
blue = 1.0

[working_groups.all]
issues = ["price", "colour"]
"""


def problems_of(text: str, tmp_path: Path, name: str = "s.toml") -> list[str]:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario_file(f)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("name", scenarios.names())
@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_embedded_scenarios_round_trip_exactly(name: str, fmt: str, tmp_path: Path) -> None:
    s = scenarios.get(name)
    path = save_scenario(s, tmp_path / f"{name}.{fmt}")
    again = load_scenario_file(path)
    assert again == s
    assert dumps_scenario(again, fmt=fmt) == path.read_text(encoding="utf-8")
    # and every rationale survived
    for p, q in zip(s.parties, again.parties, strict=True):
        if p.preferences is not None:
            assert q.preferences is not None
            assert dict(p.preferences.rationales) == dict(q.preferences.rationales)


def test_written_toml_is_valid_toml_with_inline_rationales() -> None:
    text = dumps_scenario(scenarios.get("abu-dhabi-2026"))
    doc = tomllib.loads(text)
    w = doc["parties"]["ukraine"]["weights"]["territory"]
    assert w["value"] == 0.3
    assert "sticking point" in w["rationale"]
    assert "territory = { value = 0.3, rationale = " in text


def test_template_is_valid_and_documented() -> None:
    loaded = loads_scenario(TEMPLATE)
    assert loaded.notes == ()
    s = loaded.scenario
    assert [p.id for p in s.negotiators] == ["buyer", "seller"]
    assert s.mediator is not None and s.mediator.id == "mediator"
    assert TEMPLATE.count("#") > 10


def test_good_file_loads(tmp_path: Path) -> None:
    f = tmp_path / "tiny.toml"
    f.write_text(GOOD, encoding="utf-8")
    s = load_scenario_file(f)
    assert s.space.size == 4
    assert s.preferences("a")((0, 0)) == pytest.approx(1.0)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioFileError, match="no such file"):
        load_scenario_file(tmp_path / "nope.toml")


def test_not_toml(tmp_path: Path) -> None:
    (msg,) = problems_of("schema = \nthis is not toml", tmp_path)
    assert "not valid TOML" in msg and "s.toml:1" in msg


def test_not_json(tmp_path: Path) -> None:
    (msg,) = problems_of('{"schema": "accord/1",\n "id": }', tmp_path, "s.json")
    assert "not valid JSON" in msg and "s.json:2" in msg


def test_unknown_top_level_key(tmp_path: Path) -> None:
    msgs = problems_of(GOOD.replace('id = "tiny"', 'id = "tiny"\ncolour_scheme = "dark"'), tmp_path)
    (m,) = msgs
    assert "colour_scheme: is not a known key (found 'colour_scheme'; expected one of beliefs, calendar" in m
    assert "s.toml:3:" in m  # the line of the key


def test_issue_with_no_options(tmp_path: Path) -> None:
    text = GOOD.replace('options = ["low", "high"]', "options = []")
    msgs = problems_of(text, tmp_path)
    assert any("issues.price.options: an issue needs at least one option" in m for m in msgs)
    assert any("s.toml:6:" in m for m in msgs)


def test_duplicate_option_id(tmp_path: Path) -> None:
    msgs = problems_of(GOOD.replace('["low", "high"]', '["low", "low"]'), tmp_path)
    assert any("issues.price.options[1].id: duplicate option id (found 'low'" in m for m in msgs)


@pytest.mark.parametrize("bad", ["-0.5", '"heavy"'])
def test_weight_negative_or_not_a_number(bad: str, tmp_path: Path) -> None:
    msgs = problems_of(GOOD.replace("price = 0.7", f"price = {bad}"), tmp_path)
    (m,) = [m for m in msgs if "parties.b.weights.price" in m]
    assert "found" in m and "expected a number" in m
    assert "s.toml:25:" in m


def test_weights_not_summing_to_one_are_normalised_and_said(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text(GOOD.replace("price = 0.7\ncolour = 0.3", "price = 1.4\ncolour = 0.6"), encoding="utf-8")
    loaded = read_scenario_file(f)
    assert loaded.scenario.preferences("b").utility.weights == pytest.approx((0.7, 0.3))  # type: ignore[attr-defined]
    (note,) = loaded.notes
    assert "parties.b.weights sum to 2" in note and "normalised" in note


def test_option_value_outside_unit_interval(tmp_path: Path) -> None:
    msgs = problems_of(GOOD.replace("blue = 0.5", "blue = 1.5"), tmp_path)
    (m,) = msgs
    assert "parties.a.values.colour.blue: is out of range (found 1.5; expected a number in [0, 1])" in m
    assert ":21:" in m


def test_red_line_naming_unknown_option(tmp_path: Path) -> None:
    text = GOOD.replace("[working_groups.all]", '[parties.a.red_lines]\nprice = ["cheap"]\n\n[working_groups.all]')
    (m,) = problems_of(text, tmp_path)
    assert "parties.a.red_lines.price: names an unknown option (found 'cheap'" in m


def test_working_group_naming_unknown_issue(tmp_path: Path) -> None:
    (m,) = problems_of(GOOD.replace('issues = ["price", "colour"]', 'issues = ["price", "weather"]'), tmp_path)
    assert "working_groups.all.issues: names an unknown issue (found 'weather'" in m


def test_party_referenced_but_not_defined(tmp_path: Path) -> None:
    (m,) = problems_of(GOOD + 'members = ["a", "carol"]\n', tmp_path)
    assert "working_groups.all.members: names a party that is not defined (found 'carol'" in m


def test_several_problems_reported_together_and_nothing_loaded(tmp_path: Path) -> None:
    text = GOOD.replace("blue = 0.5", "blue = 1.5").replace("price = 0.7", "price = -1") + "\nextra = 1\n"
    msgs = problems_of(text, tmp_path)
    assert len(msgs) == 3


def test_wrong_schema_version(tmp_path: Path) -> None:
    msgs = problems_of(GOOD.replace('schema = "accord/1"', 'schema = "accord/9"'), tmp_path)
    assert any("unsupported schema version (found 'accord/9'" in m for m in msgs)


def test_negotiating_party_without_preferences(tmp_path: Path) -> None:
    msgs = problems_of(GOOD + '\n[parties.c]\nrole = "party"\n', tmp_path)
    assert any("parties.c: a negotiating party needs preferences" in m for m in msgs)


def test_huge_scenario_loads_instantly(tmp_path: Path) -> None:
    issues = "\n".join(f"[issues.i{k}]\noptions = {json.dumps([f'v{j}' for j in range(10)])}\n" for k in range(40))
    parties = ""
    for p in ("a", "b"):
        parties += f"[parties.{p}]\n[parties.{p}.weights]\n" + "".join(f"i{k} = 0.025\n" for k in range(40))
        for k in range(40):
            parties += f"[parties.{p}.values.i{k}]\n" + "".join(f"v{j} = {j / 9:.3f}\n" for j in range(10))
    f = tmp_path / "big.toml"
    f.write_text(f'schema = "accord/1"\nid = "big"\n{issues}\n{parties}', encoding="utf-8")
    t = time.perf_counter()
    s = load_scenario_file(f)
    elapsed = time.perf_counter() - t
    assert s.space.size == 10**40
    assert elapsed < 2.0  # nothing is enumerated; a generous bound against accidental enumeration


def test_save_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown scenario format"):
        save_scenario(scenarios.get("job-offer"), target, fmt="yaml")
    assert target.read_text(encoding="utf-8") == "original"
    assert list(tmp_path.iterdir()) == [target]


def test_constraint_utilities_round_trip(scenarios_dir: Path, tmp_path: Path) -> None:
    import numpy as np

    from accord.formats import load_scenario

    s = load_scenario(str(scenarios_dir / "genius" / "anac" / "y2014" / "10issues"))
    path = save_scenario(s, tmp_path / "nonlinear.toml")
    again = load_scenario_file(path)
    assert again == s
    sample = s.space.sample(2000, np.random.default_rng(3))
    np.testing.assert_array_equal(s.utilities(sample), again.utilities(sample))


def test_constraint_box_errors_are_located(tmp_path: Path) -> None:
    text = GOOD.replace(
        "[parties.b]\n[parties.b.weights]\nprice = 0.7\ncolour = 0.3\n[parties.b.values.price]\nlow = 0.0\nhigh = 1.0\n"
        "[parties.b.values.colour]\nred = 0.0\nblue = 1.0\n",
        '[parties.b]\n[parties.b.utility]\nkind = "constraint"\nscale = 2.0\n'
        'boxes = [{ utility = 1.0, ranges = { price = ["low", "mid"] } },\n'
        "{ utility = 1.0, ranges = { size = [0, 1] } }]\n",
    )
    msgs = problems_of(text, tmp_path)
    assert any("parties.b.utility.boxes[0].ranges.price: must be [first, last] values" in m for m in msgs)
    assert any("parties.b.utility.boxes[1].ranges.size: names an unknown issue" in m for m in msgs)
