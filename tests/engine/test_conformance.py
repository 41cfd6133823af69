"""Everything registered keeps the conformance checks (see :mod:`conformance`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import check_format, check_protocol, has_missed_rule

from accord.engine.protocols import get_protocol, protocol_names
from accord.formats.detect import ScenarioFormat, formats, load_scenario
from accord.model import Scenario


@pytest.mark.parametrize("name", protocol_names())
def test_every_protocol_conforms(three: Scenario, name: str) -> None:
    proto = get_protocol(name)
    assert has_missed_rule(proto), f"{name} has no rule for a missed move"
    run = check_protocol(proto, three, seed=1)
    assert len(run.events) > 2


@pytest.mark.parametrize("name", protocol_names())
def test_every_protocol_conforms_bilaterally(two: Scenario, name: str) -> None:
    check_protocol(get_protocol(name), two, seed=2)


@pytest.mark.parametrize("fmt", formats(), ids=lambda f: f.name)
def test_every_format_round_trips(tmp_path: Path, fmt: ScenarioFormat, scenarios_dir: Path) -> None:
    """A real GeniusWeb domain (it fits every format), written in every format and read back."""
    scenario = load_scenario(sorted((scenarios_dir / "geniusweb").iterdir())[0])
    where = tmp_path / ("scenario.toml" if not fmt.folders else "folder")
    check_format(fmt, scenario, where)
