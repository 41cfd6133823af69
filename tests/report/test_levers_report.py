"""The levers, what-would-it-take and uncertainty reports, opened in a real browser."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import accord
from accord.cli.main import app
from accord.formats.accord_file import save_scenario
from accord.model import Preferences

runner = CliRunner()


def run(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exception is None and result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("command", "kind", "words"),
    [
        (("levers",), "levers", "Tornado chart"),
        (("whatif",), "whatif", "would need to"),
        (("analyze", "--uncertainty", "--samples", "500"), "acceptance", "Probability that a zone of agreement exists"),
        (
            (
                "evaluate",
                "--samples",
                "500",
                "--package",
                "territory=demilitarised_zone,recognition=de_facto_only,security_guarantees=binding_guarantees,"
                "sanctions=maintained,weapons_supply=continued,energy_strikes=full_ceasefire,sequencing=simultaneous",
            ),
            "draft",
            "The draft is",
        ),
    ],
)
def test_report_sections_draw(
    tmp_path: Path, open_report: Any, command: tuple[str, ...], kind: str, words: str
) -> None:
    path = tmp_path / f"{kind}.html"
    run(*command, "--report", str(path))
    opened = open_report(path)
    opened.assert_clean()
    traces = opened.traces(kind)
    assert traces and len(traces[0]["x"]) > 0
    assert words in opened.text()
    assert "Analyst's view" in opened.text()


def test_a_party_report_is_the_same_whatever_the_others_truly_want(tmp_path: Path) -> None:
    talks = accord.scenarios.get("abu-dhabi-2026")
    russia = talks.preferences("russia")
    moved = Preferences(russia.utility, 0.1234, russia.cost_of_delay)
    other = talks.with_parties([replace(p, preferences=moved) if p.id == "russia" else p for p in talks.parties])
    texts = []
    for k, s in enumerate((talks, other)):
        source = tmp_path / f"s{k}.toml"
        save_scenario(s, source)
        report = tmp_path / f"r{k}.html"
        run("whatif", str(source), "--party", "ukraine", "--report", str(report))
        texts.append(report.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert "ukraine&#x27;s view" in texts[0]  # the badge, escaped
