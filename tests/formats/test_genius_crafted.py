"""GENIUS features the shared domains do not exercise: real issues and their evaluators,
and the corners of non-linear (hyper-rectangle) profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import FormatError
from accord.formats import import_genius, read_genius, write_genius
from accord.formats.genius import read_genius_folder
from accord.model import ConstraintUtility, LinearAdditive, RealIssue

DOMAIN = """<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" name="trade" type="objective" etype="objective">
  <issue index="1" name="price" type="real" vtype="real"><range lowerbound="10" upperbound="20"/></issue>
  <issue index="2" name="qty" type="integer" lowerbound="1" upperbound="5"/>
  <issue index="3" name="colour"><item index="1" value="red"/><item index="2" value="blue"/></issue>
</objective>
</utility_space>
</negotiation_template>
"""


def profile(price_evaluator: str, *, weights: tuple[float, float, float] = (0.5, 0.3, 0.2)) -> str:
    return f"""<utility_space>
<objective index="0" name="trade" type="objective" etype="objective">
  <issue index="1" name="price" type="real"><range lowerbound="10" upperbound="20"/>{price_evaluator}</issue>
  <issue index="2" name="qty" type="integer" lowerbound="1" upperbound="5">
    <evaluator ftype="linear" slope="0.25" offset="0"/>
  </issue>
  <issue index="3" name="colour">
    <item index="1" value="red" evaluation="3"/><item index="2" value="blue" evaluation="6"/>
  </issue>
  <weight index="1" value="{weights[0]}"/><weight index="2" value="{weights[1]}"/>
  <weight index="3" value="{weights[2]}"/>
</objective>
<discount_factor value="0.8"/>
<reservation value="0.1"/>
</utility_space>
"""


def files(tmp_path: Path, *evaluators: str) -> tuple[Path, list[Path]]:
    d = tmp_path / "trade_domain.xml"
    d.write_text(DOMAIN)
    ps = []
    for k, ev in enumerate(evaluators, start=1):
        p = tmp_path / f"trader{k}.xml"
        p.write_text(profile(ev))
        ps.append(p)
    return d, ps


def test_real_issues_are_discretised_and_their_evaluators_read(tmp_path: Path) -> None:
    d, ps = files(
        tmp_path,
        '<evaluator ftype="linear" parameter0="-1" parameter1="0.1"/>',
        '<evaluator ftype="constant" parameter0="0.4"/>',
        '<evaluator ftype="triangular" parameter0="10" parameter1="20" parameter2="15"/>',
    )
    s = read_genius(d, ps)
    price = s.space.issues[0]
    assert isinstance(price, RealIssue) and price.steps == 21 and price.values()[:2] == [10.0, 10.5]
    tables = []
    for pid in ("trader1", "trader2", "trader3"):
        u = s.preferences(pid).utility
        assert isinstance(u, LinearAdditive)
        tables.append(u.values[0])
    assert tables[0][0] == pytest.approx(0.0) and tables[0][10] == pytest.approx(0.5) and tables[0][-1] == 1.0
    assert tables[1] == pytest.approx((0.4,) * 21)
    assert tables[2][0] == 0.0 and tables[2][10] == 1.0 and tables[2][15] == pytest.approx(0.5) and tables[2][-1] == 0.0
    qty = s.preferences("trader1").utility.values[1]  # type: ignore[attr-defined]
    assert qty == pytest.approx((0.0, 0.25, 0.5, 0.75, 1.0))  # slope * (value - lowerbound)
    colour = s.preferences("trader1").utility.values[2]  # type: ignore[attr-defined]
    assert colour == pytest.approx((0.5, 1.0))  # evaluations divided by the largest


def test_real_steps_is_configurable_and_export_keeps_the_function(tmp_path: Path) -> None:
    d, ps = files(
        tmp_path,
        '<evaluator ftype="linear" parameter0="-1" parameter1="0.1"/>',
        '<evaluator ftype="constant" parameter0="0.4"/>',
    )
    s = read_genius(d, ps, real_steps=11)
    assert s.space.issues[0].cardinality == 11
    write_genius(s, tmp_path / "out")
    back = read_genius_folder(tmp_path / "out", real_steps=11)
    x = s.space.all()
    assert back.utilities(x) == pytest.approx(s.utilities(x))


@pytest.mark.parametrize(
    ("evaluator", "message"),
    [
        ('<evaluator ftype="faratin" parameter0="1"/>', "unknown real evaluator"),
        ('<evaluator ftype="constant" parameter0="1.5"/>', "constant evaluation outside"),
        ('<evaluator ftype="triangular" parameter0="10" parameter1="20" parameter2="25"/>', "triangular"),
        ('<evaluator ftype="linear" parameter0="x" parameter1="1"/>', "must be a number"),
    ],
)
def test_bad_real_evaluators(tmp_path: Path, evaluator: str, message: str) -> None:
    d, ps = files(tmp_path, evaluator, '<evaluator ftype="constant" parameter0="0.4"/>')
    with pytest.raises(FormatError, match=message) as e:
        read_genius(d, ps)
    assert e.value.file == str(ps[0]) and e.value.where is not None and "evaluator" in e.value.where


def test_a_missing_evaluator_is_zero_with_a_note(tmp_path: Path) -> None:
    d, ps = files(tmp_path, "", '<evaluator ftype="constant" parameter0="0.4"/>')
    imported = import_genius(d, ps)
    assert set(imported.scenario.preferences("trader1").utility.values[0]) == {0.0}  # type: ignore[attr-defined]
    assert any("no <evaluator>" in n for n in imported.notes)


NL_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="r">
<issue index="1" name="a" type="integer" lowerbound="1" upperbound="4"/>
<issue index="2" name="b" type="integer" lowerbound="0" upperbound="2"/>
<issue index="3" name="c"><item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>
"""


def nonlinear(body: str, *, top: float = 10) -> str:
    return f"""<utility_space type="nonlinear"><objective index="0" name="r">
<utility maxutility="{top}"><ufun type="PlainUfun" weight="1" aggregation="sum">{body}</ufun></utility>
</objective><reservation value="0.2"/></utility_space>
"""


def nl_files(tmp_path: Path, body: str, **kw: float) -> tuple[Path, list[Path]]:
    d = tmp_path / "r.xml"
    d.write_text(NL_DOMAIN)
    p = tmp_path / "p.xml"
    p.write_text(nonlinear(body, **kw))
    q = tmp_path / "q.xml"
    q.write_text(nonlinear('<hyperRectangle utility="1"/>', top=1))
    return d, [p, q]


def test_includes_excludes_nested_and_weights(tmp_path: Path) -> None:
    body = """
      <hyperRectangle utility="4"><INCLUDES index="1" min="2" max="3"/></hyperRectangle>
      <hyperRectangle utility="2" weight="0.5"><EXCLUDES index="2" min="0" max="0"/></hyperRectangle>
      <hyperRectangle utility="1"/>
      <hyperRectangle utility="9"><INCLUDES index="1" min="7" max="9"/></hyperRectangle>
      <ufun aggregation="sum" weight="2">
        <hyperRectangle utility="1.5"><INCLUDES index="2" min="2" max="5"/></hyperRectangle>
      </ufun>
    """
    s = read_genius(*nl_files(tmp_path, body))
    u = s.preferences("p").utility
    assert isinstance(u, ConstraintUtility)
    assert len(u.boxes) == 4  # the box on a=7..9 lies outside a's range 1..4: it never holds
    a, b, c = 1, 1, 0  # a = 2, b = 1: first box (4), outside b=0 (1), always (1)
    assert u((a, b, c)) == pytest.approx(0.6)
    assert u((0, 2, 1)) == pytest.approx((1 + 1 + 3) / 10)  # a = 1; b = 2: excluded box and nested box (1.5 x 2)
    assert u((0, 0, 0)) == pytest.approx(0.1)
    assert s.preferences("p").reservation == 0.2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<hyperRectangle utility="1"><INCLUDES index="3" min="0" max="1"/></hyperRectangle>', "which is discrete"),
        ('<hyperRectangle utility="1"><INCLUDES index="8" min="0" max="1"/></hyperRectangle>', "unknown issue"),
        (
            '<hyperRectangle utility="1"><INCLUDES index="1" min="1" max="2"/>'
            '<EXCLUDES index="2" min="0" max="0"/></hyperRectangle>',
            "both INCLUDES and EXCLUDES",
        ),
        ('<ufun aggregation="max"><hyperRectangle utility="1"/></ufun>', "only aggregation"),
        ('<hyperRectangle><INCLUDES index="1" min="1" max="2"/></hyperRectangle>', "missing attribute 'utility'"),
    ],
)
def test_bad_nonlinear_profiles(tmp_path: Path, body: str, message: str) -> None:
    d, ps = nl_files(tmp_path, body)
    with pytest.raises(FormatError, match=message) as e:
        read_genius(d, ps)
    assert e.value.file == str(ps[0])


def test_maxutility_must_be_positive(tmp_path: Path) -> None:
    d, ps = nl_files(tmp_path, '<hyperRectangle utility="1"/>', top=0)
    with pytest.raises(FormatError, match="maxutility must be positive"):
        read_genius(d, ps)


def test_deeply_nested_ufuns_are_a_clear_error(tmp_path: Path) -> None:
    body = '<ufun aggregation="sum">' * 3000 + '<hyperRectangle utility="1"/>' + "</ufun>" * 3000
    d, ps = nl_files(tmp_path, body)
    with pytest.raises(FormatError, match="nested too deeply") as e:
        read_genius(d, ps)
    assert e.value.file == str(ps[0])
