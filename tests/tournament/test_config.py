"""Tournament configuration: files and objects, validated with located, collected errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tournament_support import CAMERA_B

from accord.errors import TournamentError
from accord.tournament import TournamentConfig, load_config, load_scenarios, loads_config

GOOD = f"""
name = "league"
strategies = ["boulware", {{ spec = "time-based(e=0.5)", label = "half" }}]
scenarios = ["{CAMERA_B}", "job-offer"]
deadline = 50
repetitions = 3
seed = 4
ignore_discount = true

[protocol_options]
allow_end = false
"""


def test_reads_a_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "league.toml"
    path.write_text(GOOD)
    cfg = load_config(path)
    assert cfg.strategies == ("boulware", "time-based(e=0.5)")
    assert cfg.strategy_labels == ("boulware", "half")
    assert cfg.protocol_config == {"allow_end": False, "n_rounds": 50}
    assert cfg.repetitions == 3 and cfg.seed == 4 and cfg.ignore_discount
    assert cfg.base_dir == tmp_path.resolve()


def test_json_equals_toml(tmp_path: Path) -> None:
    toml_cfg = loads_config(GOOD)
    text = json.dumps(toml_cfg.to_dict())
    json_cfg = loads_config(text, kind="json")
    assert json_cfg.to_dict() == toml_cfg.to_dict()
    assert json_cfg.fingerprint() == toml_cfg.fingerprint()


def test_fingerprint_ignores_name_and_batch_size() -> None:
    cfg = loads_config(GOOD)
    assert cfg.replace(name="other", batch_size=7).fingerprint() == cfg.fingerprint()
    assert cfg.replace(seed=5).fingerprint() != cfg.fingerprint()
    assert cfg.replace(seed=5).differences(cfg.to_dict()) == ["seed"]


def test_relative_scenario_paths_are_taken_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "domains").mkdir()
    target = tmp_path / "domains" / "CameraB"
    target.symlink_to(CAMERA_B)
    path = tmp_path / "league.toml"
    path.write_text('strategies = ["boulware", "linear"]\nscenarios = ["domains/CameraB", "job-offer"]\n')
    scenarios = load_scenarios(load_config(path))
    assert [s.id for s in scenarios] == ["CameraB", "job-offer"]


def test_every_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n'
        'strategies = ["boulware", "no-such-strategy", "boulware"]\n'
        'scenarios = ["job-offer"]\n'
        "deadline = 0\n"
        "repetitions = -1\n"
        'colour = "blue"\n'
    )
    with pytest.raises(TournamentError) as err:
        load_config(path)
    problems = {p.path: p for p in err.value.problems}
    assert set(problems) >= {"strategies[1]", "strategies[2]", "deadline", "repetitions"}
    assert "no strategy 'no-such-strategy'" in problems["strategies[1]"].message
    assert "already used" in problems["strategies[2]"].message
    assert problems["deadline"].line == 4 and problems["deadline"].file == str(path)
    assert problems["strategies[1]"].line == 2
    text = str(err.value)
    assert str(path) in text and "deadline" in text


def test_unknown_fields_are_reported_before_anything_else(tmp_path: Path) -> None:
    with pytest.raises(TournamentError) as err:
        loads_config('strategies = ["boulware"]\nscenarios = ["job-offer"]\ncolour = "blue"\n', source="x.toml")
    (problem,) = err.value.problems
    assert problem.path == "colour" and problem.line == 3 and problem.file == "x.toml"


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("strategies = [\n")
    with pytest.raises(TournamentError, match=r"broken\.toml"):
        load_config(path)
    with pytest.raises(TournamentError, match="no tournament configuration file"):
        load_config(tmp_path / "missing.toml")


def test_python_object_is_validated() -> None:
    with pytest.raises(TournamentError) as err:
        TournamentConfig(strategies=(), scenarios=("job-offer",), protocol="poker", time_limit=-1)
    paths = {p.path for p in err.value.problems}
    assert paths == {"strategies", "protocol", "time_limit"}


def test_strategy_must_play_the_protocol() -> None:
    with pytest.raises(TournamentError, match="does not play the single-text protocol"):
        TournamentConfig(strategies=("opponent-model",), scenarios=("job-offer",), protocol="single-text")


def test_bad_scenarios_are_all_reported() -> None:
    cfg = TournamentConfig(strategies=("boulware",), scenarios=("nowhere-1", "job-offer", "nowhere-2"), self_play=False)
    with pytest.raises(TournamentError) as err:
        load_scenarios(cfg)
    paths = [p.path for p in err.value.problems]
    assert paths == ["scenarios[0]", "scenarios[1]", "scenarios[2]"]
    assert "self_play is off" in err.value.problems[1].message


def test_ignore_discount_drops_the_cost_of_delay() -> None:
    cfg = TournamentConfig(strategies=("boulware",), scenarios=(str(CAMERA_B),))
    (with_cost,) = load_scenarios(cfg)
    (without,) = load_scenarios(cfg.replace(ignore_discount=True))
    assert any(p.preferences is not None and p.preferences.cost_of_delay for p in with_cost.negotiators)
    assert all(p.preferences is not None and p.preferences.cost_of_delay is None for p in without.negotiators)


def test_every_scenario_source(tmp_path: Path) -> None:
    """Embedded names, accord files, GENIUS folders and GeniusWeb (ANL) folders, in one league."""
    from accord import scenarios
    from accord.formats.accord_file import save_scenario

    save_scenario(scenarios.get("job-offer"), tmp_path / "offer.toml")
    anl = CAMERA_B.parents[3] / "anl2023" / "domain00"
    path = tmp_path / "league.toml"
    path.write_text(
        'strategies = ["boulware", "linear"]\n'
        f'scenarios = ["harbour-development", "offer.toml", "{CAMERA_B}", "{anl}"]\n'
    )
    loaded = load_scenarios(load_config(path))
    assert [len(s.negotiators) for s in loaded] == [len(scenarios.get("harbour-development").negotiators), 2, 2, 2]
    assert loaded[1].id == "job-offer" and loaded[2].id == "CameraB"


PHASED = """
name = "talks"
protocol = "phased"
strategies = ["boulware", "conceder"]
scenarios = ["abu-dhabi-2026"]
time_limit = 60
"""


def test_a_phased_tournament_takes_its_days_from_the_calendar(tmp_path: Path) -> None:
    from accord.tournament import ResultStore, SerialBackend, run_tournament

    path = tmp_path / "talks.toml"
    path.write_text(PHASED)
    cfg = load_config(path)
    assert cfg.deadline is None and "n_rounds" not in cfg.protocol_config
    results = tmp_path / "talks.sqlite"
    run = run_tournament(cfg, results, backend=SerialBackend())
    assert run.played > 0
    with ResultStore(results) as store:
        rows = store.records()
    assert rows and all(not r.error and r.failed is None for r in rows)


def test_a_deadline_for_a_protocol_that_runs_by_days_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TournamentError) as e:
        loads_config(PHASED + "deadline = 40\n")
    assert any(p.path == "deadline" and "runs by days" in p.message for p in e.value.problems)
