"""One entry point for every scenario source: embedded names, accord files, GENIUS, GeniusWeb.

:func:`load_scenario` takes what a user types: an embedded scenario name, an accord
``.toml`` / ``.json`` file, a GENIUS folder, domain file or profile file, or a GeniusWeb
folder (the ANL layout included), domain file or profile file. :func:`detect_format` says
which of these a path is, by looking at the content, not only the name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from accord.discovery import Discovery
from accord.errors import FormatError, Problem, ScenarioFileError
from accord.formats._common import Imported, looks_like_xml, read_json, read_xml
from accord.model.scenario import Scenario

__all__ = [
    "ACCORD",
    "EMBEDDED",
    "ENTRY_POINTS",
    "GENIUS",
    "GENIUSWEB",
    "DomainAndProfiles",
    "ScenarioFormat",
    "detect_format",
    "format_of",
    "formats",
    "get_format",
    "import_any",
    "load_scenario",
    "register_format",
]

ACCORD = "accord"
EMBEDDED = "embedded"
GENIUS = "genius"
GENIUSWEB = "geniusweb"

ENTRY_POINTS = "accord.formats"
"""The entry-point group an installed package names its scenario formats in (``name = module:Class``)."""


class ScenarioFormat(ABC):
    """A scenario file format: how to recognise it, read it and write it.

    ``sniff`` looks at a file or folder's content (not only its name) and says whether it is
    in this format; ``read`` loads it (with notes on anything approximated); ``write`` saves
    a scenario in it and returns the files written. Detection asks every registered format.
    """

    name: ClassVar[str]
    title: ClassVar[str]  # for messages: "GENIUS", "GeniusWeb"
    folders: ClassVar[bool] = False  # whether a folder can hold a scenario in this format

    @abstractmethod
    def sniff(self, path: Path) -> bool:
        """Whether ``path`` (an existing file, or a folder) holds a scenario in this format."""

    @abstractmethod
    def read(self, path: Path) -> Imported:
        """The scenario at ``path`` with the notes made on the way (raises FormatError / ScenarioError)."""

    @abstractmethod
    def write(self, scenario: Scenario, path: Path) -> list[Path]:
        """Write ``scenario`` at ``path`` (a file or a folder, as the format keeps it); the files written."""


class DomainAndProfiles(ScenarioFormat):
    """A format that keeps a scenario as one domain file and a profile file per party, in a folder.

    A folder is read whole; a domain file with the profiles beside it; a profile file as the
    scenario of its folder.
    """

    folders = True
    suffix: ClassVar[str]  # the files of a folder that are looked at

    @abstractmethod
    def kind(self, path: Path) -> str:
        """``"domain"``, ``"profile"`` or "" for a file."""

    @abstractmethod
    def read_folder(self, folder: Path) -> Imported: ...

    @abstractmethod
    def profiles_beside(self, folder: Path) -> tuple[list[Path], list[str]]:
        """The profile files in ``folder`` and notes on the files passed over."""

    @abstractmethod
    def import_domain(self, domain: Path, profiles: list[Path]) -> Imported: ...

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            return any(
                p.is_file() and p.suffix.lower() == self.suffix and self.kind(p) == "domain"
                for p in sorted(path.iterdir())
            )
        return self.kind(path) != ""

    def read(self, path: Path) -> Imported:
        if path.is_dir():
            return self.read_folder(path)
        if self.kind(path) == "domain":
            profiles, notes = self.profiles_beside(path.parent)
            imported = self.import_domain(path, profiles)
            return Imported(imported.scenario, (*notes, *imported.notes), self.name)
        return self.read_folder(path.parent)  # a profile: the scenario of its folder


_FORMATS: dict[str, ScenarioFormat] = {}


def register_format(fmt: ScenarioFormat) -> ScenarioFormat:
    """Make ``fmt`` one of the formats detection tries (the module that defines it calls this)."""
    _FORMATS[fmt.name] = fmt
    return fmt


_DISCOVERY: Discovery[ScenarioFormat] = Discovery(
    "accord.formats", ENTRY_POINTS, ScenarioFormat, _FORMATS, register_format, FormatError
)


_BUILT_IN = (ACCORD, GENIUS, GENIUSWEB)  # tried first, in this order, whichever module was imported first


def formats() -> list[ScenarioFormat]:
    """Every registered format, in the order detection tries them: the built-in ones, then the installed ones."""
    _DISCOVERY.ensure()
    rank = {name: i for i, name in enumerate(_BUILT_IN)}
    return sorted(_FORMATS.values(), key=lambda f: rank.get(f.name, len(rank)))


def get_format(name: str) -> ScenarioFormat:
    """The format registered under ``name``."""
    for f in formats():
        if f.name == name:
            return f
    raise FormatError(f"no scenario format {name!r}", expected=", ".join(_FORMATS))


def _folder_format(folder: Path) -> ScenarioFormat:
    candidates = [f for f in formats() if f.folders]
    found = [f for f in candidates if f.sniff(folder)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise FormatError(
            "no scenario found in the folder",
            file=str(folder),
            expected=" or ".join(f"a {f.title} domain" for f in candidates),
        )
    titles = [f.title for f in found]
    raise FormatError(
        f"the folder holds both a {' and a '.join(titles)} domain"
        if len(titles) == 2
        else f"the folder holds domains of several formats ({', '.join(titles)})",
        file=str(folder),
        expected="one format per folder",
    )


def _unrecognised(p: Path) -> FormatError:
    suffix = p.suffix.lower()
    if suffix == ".xml" or (suffix != ".json" and looks_like_xml(p)):
        return FormatError(
            "an XML file that is neither a GENIUS domain nor a profile",
            file=str(p),
            found=f"<{read_xml(p).tag}>",
            expected="root <negotiation_template> or <utility_space>",
        )
    if suffix == ".json":
        read_json(p)  # a file that is not JSON at all says so
        return FormatError(
            "a JSON file that is neither an accord scenario nor GeniusWeb",
            file=str(p),
            expected='a "schema": "accord/..." key, or GeniusWeb\'s "issuesValues" / "LinearAdditiveUtilitySpace"',
        )
    expected = ".toml, .json or .xml (or a folder)"
    return FormatError("cannot tell the format of this file", file=str(p), expected=expected)


def format_of(path: Path) -> ScenarioFormat:
    """The registered format of an existing file or folder, from its content (raises FormatError)."""
    if path.is_dir():
        return _folder_format(path)
    if not path.exists():
        raise FormatError("no such file or folder", file=str(path))
    for f in formats():
        if f.sniff(path):
            return f
    raise _unrecognised(path)


def detect_format(path: str | Path) -> str:
    """The name of the format of a file or folder (``"accord"``, ``"genius"``, ``"geniusweb"``,
    or an installed one), from its content.

    Raises :class:`~accord.errors.FormatError` when the path holds none of them.
    """
    return format_of(Path(path)).name


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


def import_any(spec: str | Path) -> Imported:
    """Load a scenario from any source, with the notes made on the way (see :func:`load_scenario`)."""
    p = Path(spec)
    if not p.exists():
        if isinstance(spec, str):
            hit = _embedded(spec)
            if hit is not None:
                return hit
        raise _not_found(str(spec))
    fmt = format_of(p)
    try:
        return fmt.read(p)
    except RecursionError:
        raise FormatError("elements or values are nested too deeply", file=str(p)) from None


def load_scenario(spec: str | Path) -> Scenario:
    """A scenario from an embedded name, an accord file, or a GENIUS / GeniusWeb folder or file.

    - an embedded scenario name (``accord.scenarios.names()``), when no such path exists;
    - an accord ``.toml`` file, or a ``.json`` file whose ``"schema"`` starts with ``accord/``;
    - a GENIUS folder, a GENIUS domain file (its profiles are the profile files beside it),
      or a GENIUS profile file (the scenario of its folder);
    - a GeniusWeb folder (ANL layout included), domain file or profile file, likewise.
    """
    return import_any(spec).scenario
