"""Inputs an adversarial review found crashing, hanging or wrongly accepted: each is a clear error now."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from shared_data import SCENARIOS, SMALL_TOURNAMENT

runner = CliRunner()
BASE = (Path(__file__).resolve().parents[1] / "src" / "accord" / "scenarios" / "data" / "job-offer.toml").read_text(
    encoding="utf-8"
)
TRAINING = """[issues.training]
label = "Training programme"
options = [
    { id = "none", label = "None" },
    { id = "leadership", label = "Leadership programme" },
]"""


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exit_code != 0:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    else:
        assert result.exception is None
    return result.exit_code, " ".join(result.output.split())


def scenario(tmp_path: Path, text: str, name: str = "s.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


SALARY_W = 'salary = { value = 0.3, rationale = "distributive: the main money issue" }'
LOCATION_W = 'location = { value = 0.3, rationale = "integrative: matters a lot to the candidate" }'

BAD_SCENARIOS = {
    "weights of 1e308": (edit(LOCATION_W, "location = 1e308", edit(SALARY_W, "salary = 1e308")), "1e+12"),
    "a list as a role": (edit('role = "party"', 'role = ["party"]'), "unknown role"),
    "an integer bound of 2**63": (
        edit(TRAINING, '[issues.training]\nkind = "integer"\nmin = 0\nmax = 9223372036854775808'),
        "at most 1,000,000",
    ),
    "an integer issue of 10**9 values": (
        edit(TRAINING, '[issues.training]\nkind = "integer"\nmin = 0\nmax = 1000000000'),
        "at most 1,000,000",
    ),
    "a real issue of 10**8 steps": (
        edit(TRAINING, '[issues.training]\nkind = "real"\nmin = 0.0\nmax = 1.0\nsteps = 100000000'),
        "at most 1,000,000",
    ),
    "a real issue up to inf": (
        edit(TRAINING, '[issues.training]\nkind = "real"\nmin = 0.0\nmax = inf'),
        "real bounds must be finite",
    ),
    "deep nesting": (edit("schema =", "x = " + "[" * 5000 + "]" * 5000 + "\nschema ="), "nested too deeply"),
    "a list as a red line": (
        edit("[parties.candidate.weights]", "red_lines = { salary = [[1]] }\n\n[parties.candidate.weights]"),
        "names an unknown option",
    ),
    "a list as a red line on an integer issue": (
        edit(TRAINING, '[issues.training]\nkind = "integer"\nmin = 0\nmax = 5').replace(
            "[parties.candidate.weights]", "red_lines = { training = [[1]] }\n\n[parties.candidate.weights]", 1
        ),
        "red_lines.training: names an unknown option (found a list of 1",
    ),
    "a table as a red line on an integer issue": (
        edit(TRAINING, '[issues.training]\nkind = "integer"\nmin = 0\nmax = 5').replace(
            "[parties.candidate.weights]", "red_lines = { training = { a = 1 } }\n\n[parties.candidate.weights]", 1
        ),
        "red_lines.training: must list option ids",
    ),
    "integer day labels": (edit("rounds_per_day = 20", "rounds_per_day = 20\nday_labels = [5]"), "list of strings"),
    "day_labels = 5": (edit("rounds_per_day = 20", "rounds_per_day = 20\nday_labels = 5"), "list of strings"),
    'day_labels = "ab"': (
        edit("days = 1\nrounds_per_day = 20", 'days = 2\nrounds_per_day = 20\nday_labels = "ab"'),
        "list of strings",
    ),
    "a second mediator": (
        BASE + '\n[parties.m1]\nname = "M1"\nrole = "mediator"\n\n[parties.m2]\nname = "M2"\nrole = "mediator"\n',
        "more than one party has the mediator's role",
    ),
    "a calendar of 10**12 rounds": (
        edit("days = 1\nrounds_per_day = 20", "days = 1000000\nrounds_per_day = 1000000"),
        "at most 1,000,000",
    ),
}


@pytest.mark.parametrize("name", list(BAD_SCENARIOS))
def test_a_bad_scenario_is_a_clear_error_everywhere(tmp_path: Path, name: str) -> None:
    text, expected = BAD_SCENARIOS[name]
    path = scenario(tmp_path, text)
    for command in (["validate"], ["show"], ["analyze"], ["run", "--protocol", "saop"]):
        code, out = cli(*command, path)
        assert code == 1, (command, out)
        assert expected in out, (command, out)


def test_a_cost_of_delay_of_zero_says_what_was_found_once(tmp_path: Path) -> None:
    text = edit(
        "[parties.candidate.weights]",
        'cost_of_delay = { factor = 0.0, per = "round" }\n\n[parties.candidate.weights]',
    )
    code, out = cli("validate", scenario(tmp_path, text))
    assert code == 1 and out.count("(found 0.0)") == 1, out


def test_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    code, out = cli("validate", scenario(tmp_path, "\ufeff" + BASE))
    assert code == 0 and "✓" in out, out


def test_duplicate_json_keys_are_refused(tmp_path: Path) -> None:
    code, out = cli("validate", scenario(tmp_path, '{"schema": "accord/1", "id": "a", "id": "b"}', "s.json"))
    assert code == 1 and "the key 'id' appears twice" in out, out


@pytest.mark.parametrize("label", ["[/]", "[red]x", "[bold]"])
def test_labels_are_printed_as_written_never_as_markup(tmp_path: Path, label: str) -> None:
    text = edit('{ id = "k90", label = "$90,000" }', f'{{ id = "k90", label = "{label}" }}')
    text = edit('label = "Salary"', f'label = "{label}"', text)
    path = scenario(tmp_path, text)
    code, out = cli("analyze", path)
    assert code == 0 and label in out, out
    code, out = cli("run", path, "--protocol", "saop", "--strategy", "boulware")
    assert code == 0, out


def test_validate_says_when_a_party_red_lines_every_option_of_an_issue(tmp_path: Path) -> None:
    text = edit(
        "[parties.candidate.weights]",
        'red_lines = { training = ["none", "leadership"] }\n\n[parties.candidate.weights]',
    )
    code, out = cli("validate", scenario(tmp_path, text))
    assert code == 0, out
    assert "warning: party candidate red-lines every option of issue 'training'" in out
    assert "cannot reach an agreement" in out


def test_rounds_and_seeds_are_bounded(tmp_path: Path) -> None:
    code, out = cli("run", "job-offer", "--protocol", "saop", "--rounds", "1000000000")
    assert code == 1 and "at most 1,000,000" in out, out
    code, out = cli("run", "job-offer", "--protocol", "saop", "--strategy", "random", "--seed", "-5")
    assert code == 1 and "seed must be a whole number >= 0" in out, out
    code, out = cli("run", "job-offer", "--protocol", "saop", "--option", "allow_end=maybe")
    assert code == 1 and "allow_end must be true or false" in out, out


# -- tournament configurations ------------------------------------------------------------------------
TOURNAMENT = SMALL_TOURNAMENT


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("repetitions = 1", "repetitions = 100000000000"), "at most 100,000"),
        (("deadline = 20", "deadline = 1000000000"), "at most 1,000,000 rounds"),
        (("deadline = 20", "deadline = 20\ntime_limit = 0"), "seconds > 0"),
        (("deadline = 20", "deadline = 20\nprotocol_options = { n_rounds = 5 }"), "deadline sets the number of rounds"),
        (("deadline = 20", 'deadline = 20\nprotocol_options = { allow_end = "maybe" }'), "must be true or false"),
        (('name = "small"', 'name = "small"\nx = ' + "[" * 5000 + "]" * 5000), "nested too deeply"),
    ],
)
def test_a_bad_tournament_configuration_is_a_clear_error(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = tmp_path / "t.toml"
    path.write_text(edit(change[0], change[1], TOURNAMENT), encoding="utf-8")
    code, out = cli("tournament", "run", str(path), "--serial", "-q")
    assert code == 1 and expected in out, out


def test_a_tournament_too_large_to_plan_is_refused(tmp_path: Path) -> None:
    names = ", ".join(f'"time-based(e={1 + k / 100})"' for k in range(60))
    path = tmp_path / "t.toml"
    path.write_text(
        f'name = "big"\nstrategies = [{names}]\nscenarios = ["abu-dhabi-2026"]\nrepetitions = 1000\n', encoding="utf-8"
    )
    code, out = cli("tournament", "run", str(path), "--serial", "-q")
    assert code == 1 and "more than the 1,000,000 one run plans" in out, out


def test_a_damaged_results_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TOURNAMENT, encoding="utf-8")
    code, out = cli("tournament", "run", str(path), "--serial", "-q")
    assert code == 0, out
    results = tmp_path / "t.sqlite"
    data = bytearray(results.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a damaged page
    results.write_bytes(bytes(data))
    code, out = cli("tournament", "report", str(results))
    assert code == 1 and "t.sqlite" in out, out


def test_an_edited_scenario_is_not_mixed_into_stored_results(tmp_path: Path) -> None:
    scen = scenario(tmp_path, BASE, "job.toml")
    path = tmp_path / "t.toml"
    path.write_text(edit('scenarios = ["job-offer"]', f'scenarios = ["{scen}"]', TOURNAMENT), encoding="utf-8")
    code, out = cli("tournament", "run", str(path), "--serial", "-q")
    assert code == 0, out
    Path(scen).write_text(edit("value = 0.55", "value = 0.7"), encoding="utf-8")
    code, out = cli("tournament", "run", str(path), "--serial", "-q")
    assert code == 1 and "content of scenario 'job-offer'" in out, out


# -- importers ----------------------------------------------------------------------------------------------
def test_genius_weights_of_1e308_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "camera"
    shutil.copytree(SCENARIOS / "genius" / "anac" / "y2012" / "CameraB", folder)
    profile = folder / "Camera-B-prof1.xml"
    text = re.sub(r'(<weight [^>]*value=")[^"]*"', r'\g<1>1e308"', profile.read_text(encoding="utf-8"), count=2)
    profile.write_text(text, encoding="utf-8")
    code, out = cli("validate", str(folder))
    assert code == 1 and "weight too large" in out, out


def test_geniusweb_ranges_of_1e308_and_weights_as_strings_are_refused(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "fitness"
    shutil.copytree(SCENARIOS / "geniusweb" / "Fitness", folder)
    profile = folder / "fitness1.json"
    doc = json.loads(profile.read_text(encoding="utf-8"))
    weights = doc["LinearAdditiveUtilitySpace"]["issueWeights"]
    first = next(iter(weights))
    weights[first] = str(weights[first])
    profile.write_text(json.dumps(doc), encoding="utf-8")
    code, out = cli("validate", str(folder))
    assert code == 1 and "must be a number" in out, out

    shutil.copy(SCENARIOS / "geniusweb" / "Fitness" / "fitness1.json", profile)
    domain = folder / "fitness.json"
    ddoc = json.loads(domain.read_text(encoding="utf-8"))
    issue = next(iter(ddoc["issuesValues"]))
    ddoc["issuesValues"][issue] = {"range": {"low": -1e308, "high": 1e308, "step": 1}}
    domain.write_text(json.dumps(ddoc), encoding="utf-8")
    code, out = cli("validate", str(folder))
    assert code == 1 and "range has too many values" in out, out
