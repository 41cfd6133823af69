"""Hostile and malformed files: every one is refused with a FormatError that names the file,
the element or key, and what was expected — never a raw parser traceback, never an expansion."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from accord.errors import FormatError
from accord.formats import load_scenario, read_genius, read_geniusweb
from accord.formats._common import MAX_FILE_BYTES
from shared_data import SCENARIOS

ENERGY = SCENARIOS / "genius/anac/y2011/Energy"
LAPTOP = SCENARIOS / "genius/anac/y2011/Laptop"
PARTY = SCENARIOS / "geniusweb/Party"


def laptop_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    for f in LAPTOP.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / "laptop_domain.xml", tmp_path / "laptop_buyer_utility.xml", tmp_path / "laptop_seller_utility.xml"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<utility_space><objective index="0" name="&lol9;"/></utility_space>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<utility_space><objective index="0" name="&xxe;"/></utility_space>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused(tmp_path: Path, text: str) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    buyer.write_text(text)
    with pytest.raises(FormatError, match="refused") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(buyer)
    assert "passwd" not in str(e.value) and "lollol" not in str(e.value)


def test_a_truncated_file_is_refused_with_its_position(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    buyer.write_bytes(buyer.read_bytes()[:700])
    with pytest.raises(FormatError, match="not well-formed XML") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(buyer)
    assert e.value.where is not None and re.match(r"line \d+, column \d+", e.value.where)


@pytest.mark.parametrize("cut", [1, 40, 200, 900, 1500, 2500])
def test_any_prefix_of_a_real_file_loads_or_is_refused_cleanly(tmp_path: Path, cut: int) -> None:
    """Whatever a cut file looks like, the only error is a FormatError naming it."""
    domain, buyer, seller = laptop_copy(tmp_path)
    for victim in (domain, buyer):
        original = victim.read_bytes()
        victim.write_bytes(original[:cut])
        error: FormatError | None = None
        try:
            read_genius(domain, [buyer, seller])
        except FormatError as e:
            error = e
        if error is None:
            assert cut >= len(original)
        else:
            assert error.file == str(victim)
        victim.write_bytes(original)


def test_a_truncated_json_file_is_refused_with_its_position(tmp_path: Path) -> None:
    p = tmp_path / "party1.json"
    p.write_bytes((PARTY / "party1.json").read_bytes()[:500])
    with pytest.raises(FormatError, match="not valid JSON") as e:
        read_geniusweb(PARTY / "party.json", [p, PARTY / "party2.json"])
    assert e.value.file == str(p) and e.value.where is not None and e.value.where.startswith("line ")


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    with buyer.open("r+b") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no real disk use
    with pytest.raises(FormatError, match="too large") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(buyer) and e.value.expected == f"at most {MAX_FILE_BYTES:,} bytes"


def test_a_profile_for_a_different_domain_is_refused(tmp_path: Path) -> None:
    energy_profile = ENERGY / "energy_consumer.xml"
    domain, buyer, _ = laptop_copy(tmp_path)
    with pytest.raises(FormatError, match="another domain") as e:
        read_genius(domain, [buyer, energy_profile])
    assert e.value.file == str(energy_profile)


def test_a_weight_for_an_unknown_issue_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    edit(buyer, "<weight ", '<weight index="9" value="0.1"/>\n<weight ')
    with pytest.raises(FormatError, match="a weight for an unknown issue") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(buyer)
    assert e.value.where == "objective/weight[@index='9']"
    assert e.value.found == "index 9" and "Laptop" in (e.value.expected or "")


def test_an_item_with_no_evaluation_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = buyer.read_text()
    buyer.write_text(re.sub(r'(value="HP"[^>]*?)\s*evaluation="[^"]*"', r"\1", text, count=1))
    with pytest.raises(FormatError, match="item 'HP' of issue 'Laptop' has no evaluation") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(buyer) and e.value.where is not None and "item[@value='HP']" in e.value.where


def test_a_value_missing_from_the_profile_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = buyer.read_text()
    buyer.write_text(re.sub(r"<item[^>]*value=\"HP\"[^>]*>(\s*</item>)?", "", text, count=1))
    with pytest.raises(FormatError, match="'HP' has no evaluation"):
        read_genius(domain, [buyer, seller])


def test_a_negative_evaluation_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = buyer.read_text()
    buyer.write_text(re.sub(r'(value="HP"[^>]*?evaluation=)"[^"]*"', r'\1"-3"', text, count=1))
    with pytest.raises(FormatError, match="negative evaluation") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.found == "-3" and e.value.expected == "an evaluation >= 0"


def test_an_issue_without_weight_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = buyer.read_text()
    buyer.write_text(re.sub(r'<weight index="2"[^>]*>(\s*</weight>)?', "", text, count=1))
    with pytest.raises(FormatError, match="has no weight"):
        read_genius(domain, [buyer, seller])


def test_a_non_number_is_refused_with_what_was_found(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = buyer.read_text()
    buyer.write_text(re.sub(r'(value="HP"[^>]*?evaluation=)"[^"]*"', r'\1"lots"', text, count=1))
    with pytest.raises(FormatError, match="must be a number") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.found == "'lots'"


def test_a_domain_with_a_duplicate_value_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    edit(domain, 'value="HP"', 'value="Dell"')
    with pytest.raises(FormatError, match="lists a value twice") as e:
        read_genius(domain, [buyer, seller])
    assert e.value.file == str(domain)


def test_an_unknown_issue_type_is_refused(tmp_path: Path) -> None:
    domain, buyer, seller = laptop_copy(tmp_path)
    text = domain.read_text()
    domain.write_text(re.sub(r'(?<![ev])type="discrete"', 'type="fuzzy"', text, count=1))
    with pytest.raises(FormatError, match="unknown issue type"):
        read_genius(domain, [buyer, seller])


def test_type_wins_over_a_conflicting_vtype_with_a_note(tmp_path: Path) -> None:
    from accord.formats import import_genius

    domain, buyer, seller = laptop_copy(tmp_path)
    text = domain.read_text()
    domain.write_text(re.sub(r'vtype="discrete"', 'vtype="integer"', text, count=1))
    imported = import_genius(domain, [buyer, seller])
    assert imported.scenario.space.size == 27
    assert any("conflict" in n for n in imported.notes)


def test_a_json_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(FormatError, match="not UTF-8"):
        load_scenario(p)


def test_nan_in_json_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "party1.json"
    p.write_text((PARTY / "party1.json").read_text().replace('"Food": 0.19', '"Food": NaN'))
    with pytest.raises(FormatError, match="NaN"):
        read_geniusweb(PARTY / "party.json", [p, PARTY / "party2.json"])


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FormatError) as e:
        load_scenario(p)
    assert e.value.file == str(p)
