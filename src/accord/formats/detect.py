"""One entry point for every scenario source: embedded names, accord files, GENIUS, GeniusWeb.

:func:`load_scenario` takes what a user types: an embedded scenario name, an accord
``.toml`` / ``.json`` file, a GENIUS folder, domain file or profile file, or a GeniusWeb
folder (the ANL layout included), domain file or profile file. :func:`detect_format` says
which of these a path is, by looking at the content, not only the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accord.errors import FormatError, Problem, ScenarioFileError
from accord.formats._common import Imported, looks_like_xml, read_json, read_xml
from accord.model.scenario import Scenario

__all__ = ["ACCORD", "EMBEDDED", "GENIUS", "GENIUSWEB", "detect_format", "import_any", "load_scenario"]

ACCORD = "accord"
EMBEDDED = "embedded"
GENIUS = "genius"
GENIUSWEB = "geniusweb"


def _is_accord_doc(doc: Any) -> bool:
    return isinstance(doc, Mapping) and isinstance(doc.get("schema"), str) and doc["schema"].startswith("accord/")


def _json_kind(doc: Any) -> str | None:
    if _is_accord_doc(doc):
        return ACCORD
    if isinstance(doc, Mapping) and ("issuesValues" in doc or "LinearAdditiveUtilitySpace" in doc):
        return GENIUSWEB
    return None


def _folder_format(folder: Path) -> str:
    found: set[str] = set()
    for p in sorted(folder.iterdir()):
        if not p.is_file():
            continue
        suffix = p.suffix.lower()
        if suffix == ".xml" and looks_like_xml(p) and read_xml(p).tag == "negotiation_template":
            found.add(GENIUS)
        elif suffix == ".json":
            doc = read_json(p)
            if isinstance(doc, Mapping) and "issuesValues" in doc:
                found.add(GENIUSWEB)
    if len(found) == 1:
        return found.pop()
    if not found:
        raise FormatError(
            "no scenario found in the folder",
            file=str(folder),
            expected="a GENIUS domain (.xml, root <negotiation_template>) "
            "or a GeniusWeb domain (.json with issuesValues)",
        )
    raise FormatError(
        "the folder holds both a GENIUS and a GeniusWeb domain", file=str(folder), expected="one format per folder"
    )


def detect_format(path: str | Path) -> str:
    """``"genius"``, ``"geniusweb"`` or ``"accord"`` for a file or folder, from its content.

    Raises :class:`~accord.errors.FormatError` when the path holds none of them.
    """
    p = Path(path)
    if p.is_dir():
        return _folder_format(p)
    if not p.exists():
        raise FormatError("no such file or folder", file=str(p))
    suffix = p.suffix.lower()
    if suffix == ".toml":
        return ACCORD
    if suffix == ".xml" or (suffix not in (".json",) and looks_like_xml(p)):
        tag = read_xml(p).tag
        if tag in ("negotiation_template", "utility_space"):
            return GENIUS
        raise FormatError(
            "an XML file that is neither a GENIUS domain nor a profile",
            file=str(p),
            found=f"<{tag}>",
            expected="root <negotiation_template> or <utility_space>",
        )
    if suffix == ".json":
        kind = _json_kind(read_json(p))
        if kind is not None:
            return kind
        raise FormatError(
            "a JSON file that is neither an accord scenario nor GeniusWeb",
            file=str(p),
            expected='a "schema": "accord/..." key, or GeniusWeb\'s "issuesValues" / "LinearAdditiveUtilitySpace"',
        )
    raise FormatError("cannot tell the format of this file", file=str(p), expected=".toml, .json or .xml (or a folder)")


def _embedded(spec: str) -> Imported | None:
    from accord import scenarios

    if spec in scenarios.names():
        return Imported(scenarios.get(spec), (), EMBEDDED)
    return None


def _not_found(spec: str) -> ScenarioFileError:
    try:
        from accord import scenarios

        names = ", ".join(scenarios.names())
    except ImportError:  # pragma: no cover - the embedded scenarios ship with accord
        names = ""
    expected = "an existing file or folder" + (f", or an embedded scenario: {names}" if names else "")
    return ScenarioFileError([Problem("", "no such file, folder or embedded scenario", repr(spec), expected)])


def _genius(p: Path) -> Imported:
    from accord.formats.genius import import_genius, import_genius_folder

    if p.is_dir():
        return import_genius_folder(p)
    if read_xml(p).tag == "negotiation_template":
        from accord.formats.genius import find_genius_profiles

        profiles, notes = find_genius_profiles(p.parent)
        imported = import_genius(p, profiles)
        return Imported(imported.scenario, (*notes, *imported.notes), GENIUS)
    return import_genius_folder(p.parent)  # a profile: the scenario of its folder


def _geniusweb(p: Path) -> Imported:
    from accord.formats.geniusweb import import_geniusweb, import_geniusweb_folder

    if p.is_dir():
        return import_geniusweb_folder(p)
    doc = read_json(p)
    if isinstance(doc, Mapping) and "issuesValues" in doc:
        from accord.formats.geniusweb import find_geniusweb_profiles

        profiles, notes = find_geniusweb_profiles(p.parent)
        imported = import_geniusweb(p, profiles)
        return Imported(imported.scenario, (*notes, *imported.notes), GENIUSWEB)
    return import_geniusweb_folder(p.parent)  # a profile: the scenario of its folder


def import_any(spec: str | Path) -> Imported:
    """Load a scenario from any source, with the notes made on the way (see :func:`load_scenario`)."""
    p = Path(spec)
    if not p.exists():
        if isinstance(spec, str):
            hit = _embedded(spec)
            if hit is not None:
                return hit
        raise _not_found(str(spec))
    fmt = detect_format(p)
    if fmt == GENIUS:
        return _genius(p)
    if fmt == GENIUSWEB:
        return _geniusweb(p)
    from accord.formats.accord_file import read_scenario_file

    loaded = read_scenario_file(p)
    return Imported(loaded.scenario, tuple(loaded.notes), ACCORD)


def load_scenario(spec: str | Path) -> Scenario:
    """A scenario from an embedded name, an accord file, or a GENIUS / GeniusWeb folder or file.

    - an embedded scenario name (``accord.scenarios.names()``), when no such path exists;
    - an accord ``.toml`` file, or a ``.json`` file whose ``"schema"`` starts with ``accord/``;
    - a GENIUS folder, a GENIUS domain file (its profiles are the profile files beside it),
      or a GENIUS profile file (the scenario of its folder);
    - a GeniusWeb folder (ANL layout included), domain file or profile file, likewise.
    """
    return import_any(spec).scenario
