"""load_scenario / detect_format: one entry point that tells every source apart by content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from accord import scenarios
from accord.errors import FormatError, ScenarioFileError
from accord.formats import detect_format, import_any, load_scenario, write_genius
from accord.formats.accord_file import save_scenario
from shared_data import SCENARIOS

ENERGY = SCENARIOS / "genius/anac/y2011/Energy"
ANL = SCENARIOS / "anl2023/domain05"
PARTY = SCENARIOS / "geniusweb/Party"


@pytest.mark.parametrize(
    ("path", "fmt", "size"),
    [
        (ENERGY, "genius", 390_625),
        (ENERGY / "energy_domain.xml", "genius", 390_625),
        (ENERGY / "energy_consumer.xml", "genius", 390_625),
        (SCENARIOS / "genius/anac/y2014/10issues", "genius", 10**10),
        (ANL, "geniusweb", 3_136),
        (ANL / "domain05.json", "geniusweb", 3_136),
        (ANL / "profileB.json", "geniusweb", 3_136),
        (PARTY, "geniusweb", 3_072),
        (PARTY / "party.json", "geniusweb", 3_072),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_foreign_sources(path: Path, fmt: str, size: int) -> None:
    assert detect_format(path) == fmt
    imported = import_any(path)
    assert imported.format == fmt
    assert imported.scenario.space.size == size
    assert load_scenario(str(path)).space.size == size


def test_a_domain_file_finds_its_profiles_beside_it() -> None:
    s = load_scenario(ENERGY / "energy_domain.xml")
    assert [p.id for p in s.negotiators] == ["consumer", "distributor"]


def test_embedded_names() -> None:
    for name in scenarios.names():
        imported = import_any(name)
        assert imported.format == "embedded"
        assert imported.scenario == scenarios.get(name)


def test_accord_files_toml_and_json(tmp_path: Path) -> None:
    s = load_scenario(ENERGY)
    toml_path = save_scenario(s, tmp_path / "energy.toml")
    json_path = save_scenario(s, tmp_path / "energy.json")
    assert detect_format(toml_path) == detect_format(json_path) == "accord"
    assert json.loads(json_path.read_text())["schema"].startswith("accord/")
    for p in (toml_path, json_path):
        back = load_scenario(p)
        assert back.space.radices == s.space.radices
        assert [q.id for q in back.negotiators] == [q.id for q in s.negotiators]


def test_an_exported_folder_is_recognised(tmp_path: Path) -> None:
    write_genius(load_scenario(PARTY), tmp_path)
    assert detect_format(tmp_path) == "genius"
    assert load_scenario(tmp_path).space.size == 3_072


def test_nothing_there() -> None:
    with pytest.raises(ScenarioFileError, match="no such file, folder or embedded scenario"):
        load_scenario("no-such-scenario-anywhere")
    with pytest.raises(FormatError, match="no such file"):
        detect_format(Path("/no/such/file.xml"))


def test_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no scenario found"):
        load_scenario(tmp_path)


def test_a_folder_with_both_formats(tmp_path: Path) -> None:
    for f in [*ENERGY.iterdir(), *PARTY.iterdir()]:
        shutil.copy(f, tmp_path / f.name)
    with pytest.raises(FormatError, match="both a GENIUS and a GeniusWeb"):
        load_scenario(tmp_path)


def test_a_folder_with_two_genius_domains(tmp_path: Path) -> None:
    for f in [*ENERGY.iterdir(), *(SCENARIOS / "genius/anac/y2011/Laptop").iterdir()]:
        shutil.copy(f, tmp_path / f.name)
    with pytest.raises(FormatError, match="several GENIUS domain files") as e:
        load_scenario(tmp_path)
    assert "energy_domain.xml" in (e.value.found or "") and "laptop_domain.xml" in (e.value.found or "")


def test_unknown_json_and_xml(tmp_path: Path) -> None:
    j = tmp_path / "x.json"
    j.write_text('{"hello": 1}')
    with pytest.raises(FormatError, match="neither an accord scenario nor GeniusWeb"):
        detect_format(j)
    x = tmp_path / "x.xml"
    x.write_text("<svg/>")
    with pytest.raises(FormatError, match="neither a GENIUS domain nor a profile") as e:
        detect_format(x)
    assert e.value.found == "<svg>"
    t = tmp_path / "x.txt"
    t.write_text("hello")
    with pytest.raises(FormatError, match="cannot tell the format"):
        detect_format(t)
