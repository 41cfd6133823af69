"""accord replay refuses a log that was cut, edited, forged or recorded with other scenario content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def replay(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["replay", *args], env={"COLUMNS": "200"})
    if result.exit_code != 0:
        assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


def record(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    log = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["run", *args, "--log", str(log)])
    assert result.exit_code == 0 and result.exception is None, result.output
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def write(tmp_path: Path, lines: list[Any]) -> str:
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return str(path)


def test_an_untouched_log_replays_and_ends_with_its_seal(tmp_path: Path) -> None:
    lines = record(tmp_path, "job-offer", "--protocol", "saop")
    assert set(lines[-1]) == {"seal"}
    assert lines[-1]["seal"]["events"] == len(lines) - 1
    code, out = replay(write(tmp_path, lines))
    assert code == 0, out


def test_a_log_cut_before_its_end_is_refused(tmp_path: Path) -> None:
    lines = record(tmp_path, "job-offer", "--protocol", "saop")
    code, out = replay(write(tmp_path, lines[:-3]))
    assert code == 1 and "no seal" in out
    # cut and re-sealed by hand: the protocol says the negotiation had not ended
    from accord.engine.events import event_from_dict
    from accord.engine.record import event_chain

    cut = lines[:-3]
    seal = dict(lines[-1]["seal"])
    seal["events"] = len(cut)
    seal["chain"] = event_chain(seal["scenario"], [event_from_dict(x) for x in cut])
    code, out = replay(write(tmp_path, [*cut, {"seal": seal}]))
    assert code == 1 and "before the negotiation ended" in out


def test_an_edited_middle_offer_is_refused(tmp_path: Path) -> None:
    lines = record(tmp_path, "job-offer", "--protocol", "saop", "--strategy", "boulware")
    offers = [i for i, x in enumerate(lines) if x.get("kind") == "offer"]
    i = offers[len(offers) // 2]
    lines[i]["outcome"] = (lines[i]["outcome"] + 1) % 10
    code, out = replay(write(tmp_path, lines))
    assert code == 1 and "hash chain" in out


def test_a_consistently_forged_agreement_is_refused(tmp_path: Path) -> None:
    lines = record(tmp_path, "job-offer", "--protocol", "saop")
    for x in lines:
        if x.get("kind") == "agreement":
            x["outcome"] = 0
    code, out = replay(write(tmp_path, lines))
    assert code == 1
    assert "differ from what the protocol produces" in out or "hash chain" in out


def test_an_edited_confidential_report_is_refused(tmp_path: Path) -> None:
    lines = record(tmp_path, "abu-dhabi-2026", "--protocol", "single-text", "--rounds", "6")
    reports = [x for x in lines if x.get("kind") == "report"]
    assert reports
    info = dict(reports[0]["info"])
    info["report"][2] = 0.0  # the claimed reservation value
    reports[0]["info"] = [[k, v] for k, v in info.items()]
    code, out = replay(write(tmp_path, lines))
    assert code == 1 and "hash chain" in out


def test_another_scenario_with_the_same_id_is_refused(tmp_path: Path) -> None:
    from accord.formats import load_scenario
    from accord.formats.accord_write import scenario_to_dict
    from accord.formats.toml_writer import dumps_toml as dumps

    lines = record(tmp_path, "job-offer", "--protocol", "saop")
    doc = scenario_to_dict(load_scenario("job-offer"))
    first = next(iter(doc["parties"]))
    doc["parties"][first]["reservation"] = 0.01
    other = tmp_path / "job-offer.toml"
    other.write_text(dumps(doc), encoding="utf-8")
    code, out = replay(write(tmp_path, lines), "--scenario", str(other))
    assert code == 1 and "other content for scenario 'job-offer'" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda h: h["info"].__setitem__(3, ["seed", "seven"]), "seed"),
        (lambda h: h["info"].__setitem__(3, ["seed", -5]), "seed"),
        (lambda h: h["info"].__setitem__(2, ["config", 5]), "configuration"),
        (lambda h: h.__setitem__("round", 1e999), "not JSON"),
        (lambda h: h.__setitem__("round", 10**30), "round must be"),
        (lambda h: h.__setitem__("round", "1"), "not a valid event"),
        (lambda h: h.__setitem__("to", 5), "not a valid event"),
        (lambda h: h.__setitem__("info", {"a": 1}), "not a valid event"),
        (lambda h: h.__setitem__("info", [[1, 2, 3]]), "not a valid event"),
        (lambda h: h.__setitem__("party", ["x"]), "not a valid event"),
    ],
)
def test_malformed_headers_are_errors_not_crashes(tmp_path: Path, change: Any, expected: str) -> None:
    lines = record(tmp_path, "job-offer", "--protocol", "saop")
    change(lines[0])
    code, out = replay(write(tmp_path, lines))
    assert code == 1 and expected in out, out
    assert "Traceback" not in out


def test_malformed_actions_are_errors_not_crashes(tmp_path: Path) -> None:
    lines = record(tmp_path, "abu-dhabi-2026", "--protocol", "single-text", "--rounds", "6")
    for x in lines:
        if x.get("kind") == "report":
            x["info"] = [["report", [1, 2]]]
            break
    code, out = replay(write(tmp_path, lines))
    assert code == 1 and "Traceback" not in out


def test_binary_and_deep_files_are_errors(tmp_path: Path) -> None:
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    code, out = replay(str(binary))
    assert code == 1 and "not an event log" in out
    deep = tmp_path / "d.jsonl"
    deep.write_text("[" * 100_000 + "\n", encoding="utf-8")
    code, out = replay(str(deep))
    assert code == 1 and "not JSON" in out
