"""A party's report holds none of the other parties' private numbers, in any form, anywhere in the file.

The scenario is built with distinctive numbers (weights like 0.4137, a reservation value of
0.3469) so that finding one in a file means it leaked. Each test first checks that the
analyst's report *does* hold them (so the search can find them), then that the party's
report holds none: not in the text, the hover labels, or the plots' embedded JSON.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from accord.cli.main import app
from accord.engine.events import EventKind
from accord.engine.runner import Run, simulate
from accord.formats.accord_file import save_scenario
from accord.model import CategoricalIssue, LinearAdditive, OutcomeSpace, Party, Preferences, Role, Scenario
from accord.model.scenario import Calendar, WorkingGroup
from accord.report import analysis_report, run_report
from accord.report.privacy import visible_events

SPACE = OutcomeSpace(
    [
        CategoricalIssue("salary", ["low", "mid", "high", "top"]),
        CategoricalIssue("remote", ["none", "some", "full"]),
        CategoricalIssue("start", ["now", "later", "much_later"]),
    ]
)

# The seller's and the mediator's private numbers (the buyer's view must not show them).
SELLER_WEIGHTS = (0.4137, 0.3291, 0.2572)
SELLER_VALUES = ((0.0, 0.2873, 0.6421, 1.0), (1.0, 0.5317, 0.1189), (1.0, 0.7243, 0.3366))
SELLER_RESERVATION = 0.3469
MEDIATOR_WEIGHTS = (0.2219, 0.4463, 0.3318)
MEDIATOR_VALUES = ((0.3791, 1.0, 0.8153, 0.1627), (0.2947, 1.0, 0.6883), (0.5519, 1.0, 0.4271))
MEDIATOR_RESERVATION = 0.2893


def _prefs(weights: tuple[float, ...], values: tuple[tuple[float, ...], ...], reservation: float) -> Preferences:
    return Preferences(LinearAdditive.create(SPACE, weights, values), reservation=reservation)


def scenario() -> Scenario:
    buyer = _prefs((0.5, 0.25, 0.25), ((1.0, 0.75, 0.5, 0.0), (0.0, 0.5, 1.0), (0.0, 0.5, 1.0)), 0.25)
    return Scenario(
        id="private-test",
        space=SPACE,
        parties=(
            Party("buyer", "Buyer", preferences=buyer),
            Party("seller", "Seller", preferences=_prefs(SELLER_WEIGHTS, SELLER_VALUES, SELLER_RESERVATION)),
            Party(
                "broker",
                "Broker",
                Role.MEDIATOR,
                preferences=_prefs(MEDIATOR_WEIGHTS, MEDIATOR_VALUES, MEDIATOR_RESERVATION),
            ),
        ),
        working_groups=(WorkingGroup("money", ("salary",)), WorkingGroup("terms", ("remote", "start"))),
        calendar=Calendar(days=2, rounds_per_day=6),
    )


def _renderings(x: float) -> set[str]:
    """How a number can appear in a report: as written (JSON), and rounded to 3 or 4 places."""
    return {repr(float(x)), f"{x:.3f}", f"{x:.4f}"}


def _secrets(
    s: Scenario, others: tuple[str, ...], outcomes: list[tuple[int, ...]], *, utilities: tuple[str, ...] = ()
) -> dict[str, set[str]]:
    """The private numbers of ``others``: weights, option values, reservation, and the utilities
    that the parties in ``utilities`` give to ``outcomes``."""
    out: dict[str, set[str]] = {}
    for pid in others:
        prefs = s.preferences(pid)
        u = prefs.utility
        assert isinstance(u, LinearAdditive)
        for j, w in enumerate(u.weights):
            out[f"{pid} weight {j}"] = _renderings(w)
        for j, row in enumerate(u.values):
            for k, v in enumerate(row):
                if v not in (0.0, 1.0):
                    out[f"{pid} value {j}.{k}"] = _renderings(v)
        out[f"{pid} reservation"] = _renderings(prefs.reservation)
        for o in outcomes if pid in utilities else ():
            if 0.0 < prefs(o) < 1.0:  # 0 and 1 are anyone's worst and best
                out[f"{pid} utility of {o}"] = {repr(prefs(o))}
    return out


def _body(html: str) -> str:
    """The file without the plotly.js library it embeds (whose own digits mean nothing here)."""
    assert get_plotlyjs() in html
    return html.replace(get_plotlyjs(), "")


def _found(text: str, secrets: dict[str, set[str]]) -> dict[str, set[str]]:
    """The secrets that appear in ``text`` as whole numbers (``0.222`` is not found in ``0.2222``)."""
    numbers = set(re.findall(r"(?<![\d.])\d+\.\d+(?![\d.])", text))
    return {name: hits for name, forms in secrets.items() if (hits := forms & numbers)}


@pytest.fixture(scope="module")
def talks() -> Scenario:
    return scenario()


@pytest.fixture(scope="module")
def run(talks: Scenario) -> Run:
    r = simulate(talks, protocol="phased", seed=4, strategies={"buyer": "linear", "seller": "boulware"})
    assert any(e.kind == EventKind.REPORT and e.party == "seller" for e in r.events)
    return r


def test_a_partys_analysis_report_shows_only_its_own_preferences(talks: Scenario) -> None:
    outcomes = [tuple(int(v) for v in o) for o in SPACE.all()]
    # the broker mediates: its utilities are not drawn in the parties' space, its weights are shown
    secrets = _secrets(talks, ("seller", "broker"), outcomes, utilities=("seller",))
    analyst = _body(analysis_report(talks))
    missing = set(secrets) - set(_found(analyst, secrets))
    assert not missing, f"the analyst's report should show {sorted(missing)}"
    buyer = _body(analysis_report(talks, party="buyer"))
    assert _found(buyer, secrets) == {}
    for public in ("Seller", "Broker", "Buyer", "much later"):
        assert public in buyer
    assert "unknown (private to that party)" in buyer
    assert _found(buyer, _secrets(talks, ("buyer",), [])), "the buyer's own numbers are shown to it"


def test_a_partys_run_report_shows_only_what_it_saw(talks: Scenario, run: Run) -> None:
    put = (EventKind.OFFER, EventKind.TEXT, EventKind.AGREEMENT)
    tabled = sorted({talks.space.outcome(e.outcome) for e in run.events if e.kind in put and e.outcome is not None})
    secrets = _secrets(talks, ("seller", "broker"), tabled, utilities=("seller", "broker"))
    analyst = _body(run_report(run))
    reported = [f"{w:.2f}" for w in SELLER_WEIGHTS]  # the seller's confidential report, in the transcript
    assert all(w in analyst for w in reported)
    # a run report draws utilities; weights and option values appear only as the parties report them
    missing = {n for n in set(secrets) - set(_found(analyst, secrets)) if " value " not in n and " weight " not in n}
    assert not missing, f"the analyst's report should show {sorted(missing)}"
    buyer = _body(run_report(run, party="buyer"))
    assert _found(buyer, secrets) == {}
    assert "told the mediator in confidence" in buyer  # its own report, to the mediator
    assert buyer.count("told the mediator in confidence") == sum(
        1 for e in run.events if e.kind == EventKind.REPORT and e.party == "buyer"
    )
    assert "End-of-day measure" not in buyer  # kept for the analyst's record only
    hidden = [e for e in run.events if e not in visible_events(run.events, "buyer")]
    assert hidden and all(e.to is not None and "buyer" not in e.to for e in hidden)


def test_the_command_line_writes_a_partys_view(tmp_path: Path, talks: Scenario) -> None:
    source = save_scenario(talks, tmp_path / "talks.toml")
    out = tmp_path / "buyer.html"
    result = CliRunner().invoke(app, ["analyze", str(source), "--report", str(out), "--party", "Buyer", "--json"])
    assert result.exit_code == 0, result.output
    text = _body(out.read_text(encoding="utf-8"))
    assert _found(text, _secrets(talks, ("seller",), [])) == {}
    assert "Buyer's view" in html.unescape(text)
    bad = CliRunner().invoke(app, ["run", str(source), "--report", str(tmp_path / "x.html"), "--view", "nobody"])
    assert bad.exit_code == 1
    assert "no party 'nobody'" in bad.output
    assert not (tmp_path / "x.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
