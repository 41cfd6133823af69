"""``--party`` on every command that takes it: nothing of another party's private numbers in stdout,
stderr, the JSON or any file the command writes (weights, option values, reservation values and the
utilities of what was tabled, each looked for at several precisions)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_privacy import SPACE, _body, _secrets, scenario
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.events import EventKind, read_events
from accord.formats.accord_file import save_scenario
from accord.model import Scenario

runner = CliRunner()


def _forms(x: float) -> set[str]:
    """How a number may be printed; roundings to 0 or 1 (anyone's worst and best) say nothing."""
    forms = {repr(float(x)), f"{x:.2f}", f"{x:.3f}", f"{x:.4f}"}
    return {f for f in forms if float(f) not in (0.0, 1.0)}


def _private(s: Scenario, others: tuple[str, ...], outcomes: list[tuple[int, ...]]) -> dict[str, set[str]]:
    """The report test's secrets of ``others`` (utilities of ``outcomes`` included), at more precisions."""
    found = _secrets(s, others, outcomes, utilities=others)
    return {name: _forms(float(max(forms, key=len))) for name, forms in found.items()}


def _public(s: Scenario, viewer: str, outcomes: list[tuple[int, ...]]) -> set[str]:
    """Numbers the viewer may legitimately print that could equal a secret at 2-3 places."""
    mine = _private(s, (viewer,), outcomes)
    return {form for forms in mine.values() for form in forms}


def _leaks(text: str, secrets: dict[str, set[str]], allowed: set[str]) -> dict[str, set[str]]:
    numbers = set(re.findall(r"(?<![\d.])\d+\.\d+(?![\d.])", text)) - allowed
    return {name: hits for name, forms in secrets.items() if (hits := forms & numbers)}


@pytest.fixture(scope="module")
def talks() -> Scenario:
    return scenario()


@pytest.fixture
def source(tmp_path: Path, talks: Scenario) -> Path:
    return save_scenario(talks, tmp_path / "talks.toml")


def _outputs(args: list[str], files: list[Path]) -> dict[str, str]:
    result = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    out = {"stdout": result.stdout, "stderr": result.stderr}
    for f in files:
        text = f.read_text(encoding="utf-8")
        out[f.name] = _body(text) if f.suffix == ".html" else text
    return out


def _all_outcomes() -> list[tuple[int, ...]]:
    return [tuple(int(v) for v in o) for o in SPACE.all()]


def _check(outputs: dict[str, str], secrets: dict[str, set[str]], allowed: set[str]) -> None:
    for name, text in outputs.items():
        assert _leaks(text, secrets, allowed) == {}, name


def test_the_check_finds_what_the_analyst_is_shown(source: Path, tmp_path: Path, talks: Scenario) -> None:
    secrets = _private(talks, ("seller",), [])
    shown = _outputs(["analyze", str(source), "--json"], [])
    assert _leaks(shown["stdout"], secrets, set()), "the analyst's JSON holds the seller's numbers"
    shown = _outputs(["show", str(source)], [])
    assert _leaks(shown["stdout"], secrets, set())


@pytest.mark.parametrize("as_json", [False, True])
def test_analyze_with_party(source: Path, tmp_path: Path, talks: Scenario, as_json: bool) -> None:
    report = tmp_path / "buyer.html"
    args = ["analyze", str(source), "--party", "buyer", "--report", str(report)] + (["--json"] if as_json else [])
    outputs = _outputs(args, [report])
    outcomes = _all_outcomes()
    _check(outputs, _private(talks, ("seller", "broker"), outcomes), _public(talks, "buyer", outcomes))
    if as_json:
        doc = json.loads(outputs["stdout"])
        assert doc["view"] == "buyer"
        assert doc["reservation"] == talks.preferences("buyer").reservation
    else:
        assert "buyer's view" in outputs["stdout"]


def _tabled(talks: Scenario, log: Path) -> list[tuple[int, ...]]:
    put = (EventKind.OFFER, EventKind.TEXT, EventKind.OPENING, EventKind.AGREEMENT)
    return sorted({talks.space.outcome(e.outcome) for e in read_events(log) if e.kind in put and e.outcome is not None})


@pytest.mark.parametrize("protocol", ["phased", "saop"])
@pytest.mark.parametrize("as_json", [False, True])
def test_run_and_replay_with_party(source: Path, tmp_path: Path, talks: Scenario, protocol: str, as_json: bool) -> None:
    log = tmp_path / "talks.jsonl"
    common = ["--protocol", protocol, "--seed", "4", "--strategy", "buyer=linear", "--strategy", "seller=boulware"]
    _outputs(["run", str(source), *common, "--log", str(log)], [log])
    tabled = _tabled(talks, log)
    assert tabled
    # the seller's confidential priorities are in the record: the party's views must not repeat them
    secrets = _private(talks, ("seller", "broker"), tabled)
    allowed = _public(talks, "buyer", tabled)
    flag = ["--json"] if as_json else []
    run_report = tmp_path / "run-buyer.html"
    ran = _outputs(["run", str(source), *common, "--party", "buyer", "--report", str(run_report), *flag], [run_report])
    _check(ran, secrets, allowed)
    replay_report = tmp_path / "replay-buyer.html"
    replayed = _outputs(
        ["replay", str(log), "--scenario", str(source), "--party", "buyer", "--report", str(replay_report), *flag],
        [replay_report],
    )
    _check(replayed, secrets, allowed)
    if as_json:
        assert json.loads(ran["stdout"])["party"] == "buyer"
        assert json.loads(replayed["stdout"])["party"] == "buyer"


@pytest.mark.parametrize("as_json", [False, True])
def test_many_runs_with_party(source: Path, tmp_path: Path, talks: Scenario, as_json: bool) -> None:
    outcomes = _all_outcomes()
    report = tmp_path / "runs-buyer.html"
    flag = ["--json"] if as_json else []
    args = ["run", str(source), "--runs", "12", "--party", "buyer", "--report", str(report), *flag]
    outputs = {name: _without_timing(text) for name, text in _outputs(args, [report]).items()}
    _check(outputs, _private(talks, ("seller", "broker"), outcomes), _public(talks, "buyer", outcomes))
    analyst = _outputs(["run", str(source), "--runs", "12", "--json"], [])
    assert _leaks(analyst["stdout"], _private(talks, ("seller",), outcomes), set()), "the analyst sees the seller's"


def _without_timing(text: str) -> str:
    """``text`` less the wall-clock time of the runs (a measured number that may equal a secret by chance)."""
    text = re.sub(r'"wall_s": [0-9.e+-]+', '"wall_s": null', text)
    return re.sub(r"\d+(\.\d+)? s with \d+ process", "(time) with 1 process", text)


def test_party_refuses_what_would_leak(source: Path, tmp_path: Path) -> None:
    for extra in (["--transcript"], ["--log", str(tmp_path / "x.jsonl")]):
        result = runner.invoke(app, ["run", str(source), "--party", "buyer", *extra])
        assert result.exit_code == 1
        assert "--party" in result.output
    assert not (tmp_path / "x.jsonl").exists()
