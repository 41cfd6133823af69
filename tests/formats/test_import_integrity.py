"""An import never drops a party silently and never overwrites what it reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import FormatError
from accord.formats import load_scenario
from shared_data import SCENARIOS

runner = CliRunner()
CAMERA_B = SCENARIOS / "genius" / "anac" / "y2012" / "CameraB"
FITNESS = SCENARIOS / "geniusweb" / "Fitness"


def three_party_camera(tmp_path: Path) -> Path:
    folder = tmp_path / "camera3"
    shutil.copytree(CAMERA_B, folder)
    shutil.copy(folder / "Camera-B-prof2.xml", folder / "Camera-B-prof3.xml")
    return folder


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_profile_in_utf16_or_with_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    folder = three_party_camera(tmp_path)
    third = folder / "Camera-B-prof3.xml"
    text = third.read_text(encoding="utf-8")
    if encoding != "utf-8-sig":
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    third.write_bytes(data)
    assert len(load_scenario(folder).negotiators) == 3


def test_a_profile_that_is_not_xml_is_an_error_not_a_skip(tmp_path: Path) -> None:
    folder = three_party_camera(tmp_path)
    (folder / "Camera-B-prof3.xml").write_bytes(b"\x89PNG\r\n\x1a\n not a profile")
    with pytest.raises(FormatError, match=r"Camera-B-prof3\.xml: not an XML file"):
        load_scenario(folder)


def test_a_geniusweb_profile_of_another_kind_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "fitness"
    shutil.copytree(FITNESS, folder)
    profile = next(p for p in sorted(folder.glob("*.json")) if "LinearAdditiveUtilitySpace" in p.read_text())
    doc = json.loads(profile.read_text())
    (folder / "other.json").write_text(json.dumps({"DiscountedUtilitySpace": doc["LinearAdditiveUtilitySpace"]}))
    with pytest.raises(FormatError, match="a kind accord cannot import"):
        load_scenario(folder)


def _import(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["import", *args], env={"COLUMNS": "200"})
    if result.exit_code:
        assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


def test_import_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    folder = tmp_path / "camera"
    shutil.copytree(CAMERA_B, folder)
    profile = folder / "Camera-B-prof1.xml"
    before = profile.read_bytes()
    code, out = _import(str(folder), "-o", str(profile))
    assert code == 1 and ".toml or .json" in out
    assert profile.read_bytes() == before
    gw = tmp_path / "fitness"
    shutil.copytree(FITNESS, gw)
    target = sorted(gw.glob("*.json"))[0]
    before = target.read_bytes()
    code, out = _import(str(gw), "-o", str(target))
    assert code == 1 and "is one of the files being imported" in out
    assert target.read_bytes() == before


def test_import_refuses_a_suffix_it_does_not_write(tmp_path: Path) -> None:
    code, out = _import(str(CAMERA_B), "-o", str(tmp_path / "x.xml"))
    assert code == 1 and "found '.xml'" in out
    assert not (tmp_path / "x.xml").exists()
    code, out = _import(str(CAMERA_B), "-o", str(tmp_path))
    assert code == 1 and "found 'no suffix'" in out
    code, out = _import(str(CAMERA_B), "-o", str(tmp_path / "camera.toml"))
    assert code == 0 and (tmp_path / "camera.toml").is_file()
