"""Uncertainty, beliefs and levers in accord files: round trips, and located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord import ScenarioError, scenarios
from accord.cli.main import app
from accord.formats.accord_file import dumps_scenario, loads_scenario, read_scenario_file
from accord.model.uncertainty import Distribution

BASE = """\
schema = "accord/1"
id = "tiny"

[issues.price]
kind = "ordinal"
options = ["low", "high"]

[issues.colour]
options = ["red", "blue"]

[parties.a]
reservation = 0.2
weights = { price = 0.5, colour = 0.5 }
values = { price = { low = 1.0, high = 0.0 }, colour = { red = 1.0, blue = 0.5 } }

[parties.b]
weights = { price = 0.7, colour = 0.3 }
values = { price = { low = 0.0, high = 1.0 }, colour = { red = 0.0, blue = 1.0 } }
"""

EXTRAS = """
[uncertainty.b]
reservation = { range = [0.1, 0.3], rationale = "assumption" }
weights.price = { values = [0.6, 0.8], probabilities = [0.5, 0.5] }
values.colour.red = { range = [0.0, 0.2] }

[beliefs.a.b]
reservation = { value = 0.25, range = [0.2, 0.3], rationale = "what a thinks" }
weights = { price = 0.6, colour = 0.4 }
values = { price = { low = 0.0, high = 1.0 }, colour = { red = 0.0, blue = 1.0 } }

[levers.pressure]
name = "Apply pressure"
by = "a"
rationale = "assumption"
cost = { value = 0.1, rationale = "assumption" }
effects = [
    { party = "b", parameter = "reservation", change = -0.1, rationale = "assumption" },
    { party = "b", parameter = "red_lines.price", add = ["low"] },
]
"""


def test_extras_load_and_round_trip_in_toml_and_json() -> None:
    s = loads_scenario(BASE + EXTRAS, source="t.toml").scenario
    assert [(u.party, u.parameter, u.held_by) for u in s.uncertainties] == [
        ("b", "reservation", ""),
        ("b", "weights.price", ""),
        ("b", "values.colour.red", ""),
        ("b", "reservation", "a"),
    ]
    assert s.uncertainties[1].distribution == Distribution(values=(0.6, 0.8), probabilities=(0.5, 0.5))
    (belief,) = s.beliefs
    assert (belief.holder, belief.about, belief.preferences.reservation) == ("a", "b", 0.25)
    (lever,) = s.levers
    assert lever.by == "a" and lever.cost == 0.1 and len(lever.effects) == 2
    for fmt in ("toml", "json"):
        again = loads_scenario(dumps_scenario(s, fmt=fmt), kind=fmt).scenario
        assert again.uncertainties == s.uncertainties
        assert again.beliefs == s.beliefs
        assert again.levers == s.levers


def test_files_without_extras_behave_as_before() -> None:
    s = loads_scenario(BASE).scenario
    assert s.uncertainties == () and s.levers == () and s.beliefs == ()
    assert "uncertainty" not in dumps_scenario(s) and "levers" not in dumps_scenario(s)


def test_the_embedded_default_declares_levers_and_uncertainties_with_rationales() -> None:
    talks = scenarios.get("abu-dhabi-2026")
    seed = next((Path(__file__).resolve().parents[3] / "shared" / "seed").glob("000_*.txt")).read_text(encoding="utf-8")
    assert {lv.id for lv in talks.levers} >= {
        "tighten_sanctions",
        "transfer_weapons",
        "strike_power",
        "offer_guarantee",
    }
    why = [lv.rationale for lv in talks.levers] + [lv.cost_rationale for lv in talks.levers]
    why += [e.rationale for lv in talks.levers for e in lv.effects] + [u.rationale for u in talks.uncertainties]
    for text in why:
        assert text, "every lever, effect, cost and uncertainty carries a rationale"
        quotes = [q for q in text.split('"')[1::2] if q.strip(". ")]
        assert quotes or "assumption" in text, text
        for q in quotes:  # each quotation is from the report (ellipses join quoted pieces)
            for piece in (p.strip(" '") for p in q.split("...")):
                assert piece.replace("'", '"') in seed.replace("'", '"') or piece in seed, piece


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ("[uncertainty.b]\nreservation = { range = [0.3, 0.1] }\n", "uncertainty.b.reservation", "low <= high"),
        ("[uncertainty.b]\nreservation = { range = [0.1, 1.3] }\n", "uncertainty.b.reservation", "out of range"),
        ("[uncertainty.b]\nreservation = 0.3\n", "uncertainty.b.reservation", "range or a distribution"),
        (
            "[uncertainty.b]\nweights.size = { range = [0.1, 0.3] }\n",
            "uncertainty.b.weights.size",
            "must name an issue",
        ),
        ("[uncertainty.zed]\nreservation = { range = [0.1, 0.3] }\n", "uncertainty.zed", "not defined"),
        (
            "[uncertainty.b]\nreservation = { values = [0.1, 0.3], probabilities = [0.5, 0.2] }\n",
            "uncertainty.b.reservation",
            "sum to 1",
        ),
        ('[levers.x]\nby = "a"\neffects = []\n', "levers.x.effects", "must list"),
        (
            '[levers.x]\nby = "a"\neffects = [{ party = "b", parameter = "weights.size", change = 0.1 }]\n',
            "levers.x.effects",
            "must name an issue",
        ),
        (
            '[levers.x]\nby = "a"\neffects = [{ party = "b", parameter = "reservation" }]\n',
            "levers.x.effects[0]",
            "one number",
        ),
        (
            '[levers.x]\nby = "a"\neffects = [{ party = "b", parameter = "red_lines.price", add = ["cheap"] }]\n',
            "levers.x.effects",
            "unknown option",
        ),
        (
            "[beliefs.a.b]\nweights = { price = 1.0 }\nvalues = { price = { cheap = 1.0 } }\n",
            "beliefs.a.b.values.price.cheap",
            "unknown option",
        ),
    ],
)
def test_mistakes_are_located(tmp_path: Path, extra: str, path: str, message: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(BASE + "\n" + extra, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_scenario_file(f)
    problems = [p for p in info.value.problems if p.path == path]
    assert problems, [str(p) for p in info.value.problems]
    assert message in str(problems[0])
    assert problems[0].file == str(f) and problems[0].line is not None and problems[0].line >= 20
    result = CliRunner().invoke(app, ["validate", str(f), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert [(p["path"], p["line"]) for p in doc[0]["problems"] if p["path"] == path] == [(path, problems[0].line)]


def test_show_lists_uncertainties_beliefs_and_levers(tmp_path: Path) -> None:
    f = tmp_path / "ok.toml"
    f.write_text(BASE + EXTRAS, encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(f)], env={"COLUMNS": "200"})
    assert result.exception is None and result.exit_code == 0, result.output
    for text in ("Uncertain parameters", "uniform in [0.1, 0.3]", "a models b", "Apply pressure", "b reservation -0.1"):
        assert text in result.output
    doc = json.loads(CliRunner().invoke(app, ["show", str(f), "--json"]).output)
    assert doc["levers"]["pressure"]["by"] == "a" and doc["uncertainty"]["b"]["reservation"]["range"] == [0.1, 0.3]
