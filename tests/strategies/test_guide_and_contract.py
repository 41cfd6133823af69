"""The strategy guide's code, the template ``accord new --strategy`` writes, and ``accord check-strategy``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.strategies.contract import assert_strategy_contract, check_strategy

runner = CliRunner()
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-a-strategy.md"

LEAKY = '''
from accord.engine.strategies import PartyStrategy


class Leaky(PartyStrategy):
    """Keeps a reference to the whole negotiation log's owner: sees others' preferences."""

    def setup(self, view):
        super().setup(view)
        import gc
        from accord.model import Scenario
        self.stolen = [o for o in gc.get_objects() if isinstance(o, Scenario)]
'''

MOODY = '''
import random

from accord.engine.strategies import PartyStrategy


class Moody(PartyStrategy):
    """Uses the global random module instead of its seeded generator."""

    def target(self, view):
        return self.floor + (self.u_max - self.floor) * random.random()
'''

CROSSER = '''
from accord.engine.events import Action, ActionKind
from accord.engine.strategies import PartyStrategy


class Crosser(PartyStrategy):
    """Offers its worst outcome, red lines or not."""

    def propose(self, view):
        return int(self.table.u.argmin())

    def act(self, view):
        if view.situation in ("offer", "respond"):
            return Action(view.seat.id, ActionKind.OFFER, self.propose(view))
        return super().act(view)
'''


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_the_guides_strategies_keep_the_contract_and_negotiate(tmp_path: Path) -> None:
    blocks = python_blocks(GUIDE.read_text(encoding="utf-8"))
    party, mediator, _pytest_example = blocks
    (tmp_path / "guide_party.py").write_text(party, encoding="utf-8")
    (tmp_path / "guide_mediator.py").write_text(mediator, encoding="utf-8")
    report = assert_strategy_contract(f"{tmp_path}/guide_party.py:LateSprint(at=0.6)")
    assert {c.protocol for c in report.checks} == {"-", "saop"}
    report = assert_strategy_contract(f"{tmp_path}/guide_mediator.py:SumOfReports")
    played = {(c.protocol, c.role) for c in report.checks if c.name == "valid actions"}
    assert played == {("single-text", "mediator"), ("phased", "mediator")}
    ran = runner.invoke(
        app,
        [
            "run",
            "harbour-development",
            "-p",
            "single-text",
            "-s",
            f"state={tmp_path}/guide_mediator.py:SumOfReports",
            "--json",
        ],
    )
    assert ran.exception is None, ran.output
    doc = json.loads(ran.output)
    assert doc["strategies"]["state"].endswith("guide_mediator.py:SumOfReports")
    assert doc["agreement"]


def test_the_template_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["new", "--strategy", "my_strategy.py"])
    assert made.exception is None, made.output
    text = (tmp_path / "my_strategy.py").read_text(encoding="utf-8")
    assert "accord check-strategy my_strategy.py:MyStrategy" in text
    ran = runner.invoke(app, ["run", "job-offer", "-p", "saop", "-s", "my_strategy.py:MyStrategy(k=2)", "--json"])
    assert ran.exception is None, ran.output
    assert json.loads(ran.output)["agreement"]
    checked = runner.invoke(app, ["check-strategy", "my_strategy.py:MyStrategy", "--json"])
    assert checked.exception is None, checked.output
    doc = json.loads(checked.output)
    assert doc["ok"] and {c["protocol"] for c in doc["checks"]} == {"-", "saop", "single-text", "phased"}
    again = runner.invoke(app, ["new", "--strategy", "my_strategy.py"])
    assert again.exit_code == 1 and "already exists" in again.output
    wrong = runner.invoke(app, ["new", "--strategy", "my_strategy.txt"])
    assert wrong.exit_code == 1 and "ending in .py" in wrong.output


PLANNER = '''
from accord.engine.strategies.time_based import TimeBased


class Planner(TimeBased):
    """Its time plan concedes further than its moves do."""

    def time_plan(self):
        plan = super().time_plan()
        if plan is not None:
            plan.eps = 0.3
        return plan
'''


@pytest.mark.parametrize(
    ("source", "cls", "failed"),
    [
        (LEAKY, "Leaky", "information"),
        (MOODY, "Moody", "determinism"),
        (CROSSER, "Crosser", "red lines"),
    ],
)
def test_the_check_catches_a_broken_strategy(tmp_path: Path, source: str, cls: str, failed: str) -> None:
    path = tmp_path / f"{cls.lower()}.py"
    path.write_text(source, encoding="utf-8")
    report = check_strategy(f"{path}:{cls}", protocols=["saop"])
    assert not report.ok
    assert failed in {c.name for c in report.failures}
    with pytest.raises(AssertionError, match=f"saop/party: {failed}"):
        assert_strategy_contract(f"{path}:{cls}", protocols=["saop"])
    shown = runner.invoke(app, ["check-strategy", f"{path}:{cls}", "-p", "saop"])
    assert shown.exit_code == 1 and isinstance(shown.exception, SystemExit)
    assert "breaks the contract" in shown.output


def test_the_check_catches_a_time_plan_that_does_not_match_the_moves(tmp_path: Path) -> None:
    path = tmp_path / "planner.py"
    path.write_text(PLANNER, encoding="utf-8")
    # two parties: alternating offers play the seats' time plans (three play move by move)
    report = check_strategy(f"{path}:Planner", protocols=["saop"], scenario="job-offer", rounds=200)
    assert [c.name for c in report.failures] == ["time plan"]
    assert "part at event" in report.failures[0].detail
    fair = check_strategy("boulware", protocols=["saop"], scenario="job-offer", rounds=200)
    assert fair.ok and "time plan" in {c.name for c in fair.checks}


def test_the_check_reports_a_spec_that_does_not_load() -> None:
    report = check_strategy("no_such_module_abc:Thing")
    assert not report.ok and report.failures[0].name == "loads"
    assert "no module 'no_such_module_abc'" in report.failures[0].detail


def test_every_builtin_keeps_the_contract_through_the_public_check() -> None:
    for name in ("boulware", "opponent-model", "tit-for-tat", "random", "hill-climber", "nash-seeking"):
        assert check_strategy(name).ok, name
