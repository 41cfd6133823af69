"""Import, export, import again: the same utilities, on every shared domain where export fits;
and a clear FormatError, with nothing written, where it does not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord import scenarios
from accord.errors import FormatError
from accord.formats import load_scenario, read_genius_folder, read_geniusweb_folder, write_genius, write_geniusweb
from accord.model import (
    CategoricalIssue,
    ConstraintUtility,
    CostOfDelay,
    DelayUnit,
    HyperRectangle,
    IntegerIssue,
    LinearAdditive,
    OutcomeSpace,
    Party,
    Preferences,
    RealIssue,
    Role,
    Scenario,
)
from shared_data import SCENARIOS

GENIUS = SCENARIOS / "genius"
GENIUS_FOLDERS = sorted({p.parent for p in GENIUS.rglob("*.xml")} - {GENIUS / "edge/LaptopConv"})
GENIUSWEB_FOLDERS = sorted((SCENARIOS / "geniusweb").iterdir()) + sorted((SCENARIOS / "anl2023").iterdir())


def assert_same(a: Scenario, b: Scenario, *, ids: bool = True) -> None:
    assert a.space.radices == b.space.radices
    assert [i.label for i in a.space.issues] == [i.label for i in b.space.issues]
    if ids:
        assert [p.id for p in a.negotiators] == [p.id for p in b.negotiators]
    x = a.space.sample(500, np.random.default_rng(5))
    np.testing.assert_allclose(a.utilities(x), b.utilities(x), rtol=0, atol=1e-9)
    for pa, pb in zip(a.negotiators, b.negotiators, strict=True):
        assert pa.preferences is not None and pb.preferences is not None
        assert pb.preferences.reservation == pytest.approx(pa.preferences.reservation, abs=1e-12)
        assert pb.preferences.cost_of_delay == pa.preferences.cost_of_delay


@pytest.mark.parametrize("folder", GENIUS_FOLDERS, ids=lambda p: str(p.relative_to(GENIUS)))
def test_genius_round_trip(folder: Path, tmp_path: Path) -> None:
    s = read_genius_folder(folder)
    written = write_genius(s, tmp_path)
    assert written[0].name == f"{s.id}_domain.xml"
    back = read_genius_folder(tmp_path)
    assert_same(s, back)
    for ia, ib in zip(s.space.issues, back.space.issues, strict=True):
        if isinstance(ia, CategoricalIssue):
            assert isinstance(ib, CategoricalIssue)
            assert [o.label for o in ia.options] == [o.label for o in ib.options]


@pytest.mark.parametrize("folder", GENIUSWEB_FOLDERS, ids=lambda p: p.name)
def test_geniusweb_round_trip_and_to_genius(folder: Path, tmp_path: Path) -> None:
    s = read_geniusweb_folder(folder)
    write_geniusweb(s, tmp_path / "gw")
    assert_same(s, read_geniusweb_folder(tmp_path / "gw"))
    write_genius(s, tmp_path / "g")
    assert_same(s, read_genius_folder(tmp_path / "g"))


KNOWN_MISFITS = ("cost of delay", "no outcome is worth exactly", "constraint utility", "straight line")


@pytest.mark.parametrize("folder", GENIUS_FOLDERS, ids=lambda p: str(p.relative_to(GENIUS)))
def test_genius_to_geniusweb_where_it_fits(folder: Path, tmp_path: Path) -> None:
    s = read_genius_folder(folder)
    error: FormatError | None = None
    try:
        write_geniusweb(s, tmp_path)
    except FormatError as e:
        error = e
    if error is not None:
        assert any(reason in str(error) for reason in KNOWN_MISFITS), str(error)
        assert not list(tmp_path.iterdir()), "nothing is written when export does not fit"
        return
    assert_same(s, read_geniusweb_folder(tmp_path))


def test_some_genius_domains_do_fit_geniusweb(tmp_path: Path) -> None:
    s = read_genius_folder(GENIUS / "anac/y2015/group2-politics")
    write_geniusweb(s, tmp_path)
    assert_same(s, read_geniusweb_folder(tmp_path))


@pytest.mark.parametrize("name", scenarios.names())
def test_embedded_scenarios_export_or_say_why(name: str, tmp_path: Path) -> None:
    s = scenarios.get(name)
    for writer, reader in ((write_genius, read_genius_folder), (write_geniusweb, read_geniusweb_folder)):
        out = tmp_path / writer.__name__
        error: FormatError | None = None
        try:
            writer(s, out)
        except FormatError as e:
            error = e
        if error is not None:
            assert error.where is not None and error.where.startswith("parties.")
            assert not out.exists() or not list(out.iterdir())
            continue
        assert_same(s, reader(out), ids=False)


# -- what does not fit, on a small hand-made scenario ---------------------------------------------------
def small(
    *,
    red_lines: bool = False,
    mediator_prefs: bool = False,
    cost: CostOfDelay | None = None,
    integer_values: tuple[float, ...] = (0.0, 0.5, 1.0),
    reservation: float = 0.0,
) -> Scenario:
    space = OutcomeSpace(
        [CategoricalIssue("deal", ["a", "b_c"]), IntegerIssue("n", 1, 3), RealIssue("x", 0.0, 1.0, steps=5)]
    )
    real = (0.1, 0.3, 0.5, 0.7, 0.9)
    u1 = LinearAdditive.create(space, [0.5, 0.3, 0.2], [[1.0, 0.25], list(integer_values), real])
    u2 = LinearAdditive.create(space, [0.2, 0.3, 0.5], [[0.0, 0.8], [1.0, 0.5, 0.0], list(reversed(real))])
    parties = [
        Party(
            "north",
            preferences=Preferences(
                u1,
                reservation=reservation,
                cost_of_delay=cost,
                red_lines={"deal": frozenset({"a"})} if red_lines else {},
            ),
        ),
        Party("south", preferences=Preferences(u2)),
    ]
    if mediator_prefs:
        parties.append(Party("chair", role=Role.MEDIATOR, preferences=Preferences(u2)))
    else:
        parties.append(Party("chair", role=Role.MEDIATOR))
    return Scenario("small", space, tuple(parties))


def test_a_small_scenario_round_trips_through_both(tmp_path: Path) -> None:
    s = small(reservation=0.6, cost=CostOfDelay(0.9, per=DelayUnit.DEADLINE))
    write_genius(s, tmp_path / "g")
    back = read_genius_folder(tmp_path / "g", real_steps=5)
    assert [p.id for p in back.parties] == ["north", "south"]  # the mediator without preferences is left out
    assert_same(s, back)
    s2 = small(reservation=float(s.preferences("north").evaluate([[1, 2, 4]])[0]))
    write_geniusweb(s2, tmp_path / "w")
    assert_same(s2, read_geniusweb_folder(tmp_path / "w"))


@pytest.mark.parametrize(
    ("scenario", "writer", "message"),
    [
        (small(red_lines=True), write_genius, "red lines"),
        (small(red_lines=True), write_geniusweb, "red lines"),
        (small(mediator_prefs=True), write_genius, "mediator with preferences"),
        (small(mediator_prefs=True), write_geniusweb, "mediator with preferences"),
        (small(cost=CostOfDelay(0.9, per=DelayUnit.ROUND)), write_genius, "cost of delay per round"),
        (small(cost=CostOfDelay(0.9, per=DelayUnit.DEADLINE)), write_geniusweb, "GeniusWeb profiles have no discount"),
        (small(integer_values=(0.0, 1.0, 0.0)), write_genius, "integer issue 'n'"),
        (small(integer_values=(0.0, 0.9, 1.0)), write_geniusweb, "number issue 'n'"),
        (small(reservation=0.123), write_geniusweb, "no outcome is worth exactly"),
    ],
)
def test_what_does_not_fit_is_refused_and_nothing_is_written(
    scenario: Scenario, writer: object, message: str, tmp_path: Path
) -> None:
    with pytest.raises(FormatError, match=message) as e:
        writer(scenario, tmp_path / "out")  # type: ignore[operator]
    assert e.value.where is not None and e.value.where.startswith("parties.")
    assert not (tmp_path / "out").exists()


def test_a_clipped_integer_line_fits_genius_but_not_geniusweb(tmp_path: Path) -> None:
    s = small(integer_values=(0.0, 1.0, 1.0))
    write_genius(s, tmp_path)
    assert_same(s, read_genius_folder(tmp_path, real_steps=5))


def test_constraint_utilities_go_to_genius_but_not_geniusweb(tmp_path: Path) -> None:
    s = read_genius_folder(GENIUS / "anac/y2014/10issues")
    with pytest.raises(FormatError, match="constraint utility"):
        write_geniusweb(s, tmp_path / "w")
    space = OutcomeSpace([IntegerIssue("a", 0, 4), IntegerIssue("b", 0, 4)])
    boxes = (
        HyperRectangle(((0, 1, 3),), 5.0),
        HyperRectangle(((1, 0, 0),), 2.0, inside=False),
        HyperRectangle((), 1.0),
    )
    u = ConstraintUtility.create(space, boxes)
    s2 = Scenario("boxes", space, (Party("p", preferences=Preferences(u)), Party("q", preferences=Preferences(u))))
    write_genius(s2, tmp_path / "g")
    assert_same(s2, load_scenario(tmp_path / "g"))
