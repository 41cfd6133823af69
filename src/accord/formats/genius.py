"""Import GENIUS XML: a domain file (``<negotiation_template>``) and one profile per party.

What is read, and how it maps (following GENIUS's own loader, ``genius.core``):

- Issues: ``<item>`` lists are categorical; ``type="integer"`` takes ``lowerbound`` /
  ``upperbound`` attributes; ``type="real"`` takes a ``<range>`` child and is discretised
  into ``real_steps`` evenly spaced points (default 21, the number GENIUS's ``IssueReal``
  uses for its own analysis). No ``type`` means discrete; ``type`` wins over a conflicting
  ``vtype``. Names that are not valid accord ids become ids (``"fairly good"`` ->
  ``fairly_good``) and keep the original as the label.
- Additive profiles: ``<weight index=N>`` per issue; discrete ``evaluation`` values divided
  by the issue's largest evaluation; integer evaluators ``offset + slope * (value - lowerbound)``
  and real evaluators (linear ``parameter0 + parameter1 * value``, constant, triangular),
  clipped to [0, 1] as GENIUS clips them.
- Weights that do not sum to 1: GENIUS uses them as written (no rescaling) and caps a
  utility at 1. Where no outcome reaches the cap (the weights sum to less than 1), accord
  keeps exactly GENIUS's utilities; otherwise it rescales the weights to sum to 1 and a note
  says by how much utilities can differ from GENIUS's.
- ``<discount_factor>`` d in (0, 1) is ``CostOfDelay(d, per=DEADLINE)`` (GENIUS time is the
  fraction of the deadline); d = 1, d <= 0 or d > 1 mean no discount, as in GENIUS.
  ``<reservation>`` is the reservation value.
- Non-linear profiles (ANAC 2014, ``type="nonlinear"``): ``<hyperRectangle>`` constraints
  become a :class:`~accord.model.constraint.ConstraintUtility` scaled by ``maxutility``.
- Refused with a :class:`~accord.errors.FormatError` naming file, element and expectation:
  negative evaluations (GENIUS's evaluator refuses them too), an item or issue with no
  evaluation, a weight for an unknown issue, a profile whose issues are not the domain's.

Parties are named after their profile files (a prefix shared with the domain file dropped);
the scenario id comes from the domain's folder name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

from accord.errors import AccordError, FormatError
from accord.formats._common import (
    Imported,
    looks_like_xml,
    make_id,
    natural_key,
    one_domain,
    party_ids,
    read_bytes,
    read_xml,
    text_head,
)
from accord.formats._genius_domain import DEFAULT_REAL_STEPS, GeniusDomain, parse_domain
from accord.formats._genius_profile import ProfileReader
from accord.formats.detect import DomainAndProfiles, register_format
from accord.model.scenario import Party, Role, Scenario

__all__ = [
    "DEFAULT_REAL_STEPS",
    "GeniusDomain",
    "find_genius_files",
    "find_genius_profiles",
    "import_genius",
    "import_genius_folder",
    "read_genius",
    "read_genius_folder",
]


# -- files --------------------------------------------------------------------------------------
DOMAIN_TAG, PROFILE_TAG = "negotiation_template", "utility_space"
"""The root elements of a GENIUS domain file and of a profile file."""


def find_genius_files(folder: Path) -> tuple[Path, list[Path], list[str]]:
    """The domain file and profile files of a GENIUS folder (by their root elements).

    Files ending ``.xml`` that are not XML at all (ANAC's ``pareto.xml`` lists numbers) are
    skipped with a note; a file that starts like XML but is malformed is an error.
    """
    domain, profiles, notes = _scan(folder)
    return domain[0], [p for p, _ in profiles], notes


def _scan_all(folder: Path) -> tuple[list[tuple[Path, Element]], list[tuple[Path, Element]], list[str]]:
    if not folder.is_dir():
        raise FormatError("is not a folder", file=str(folder))
    domains: list[tuple[Path, Element]] = []
    profiles: list[tuple[Path, Element]] = []
    notes: list[str] = []
    for p in sorted(folder.iterdir(), key=natural_key):
        if not p.is_file() or p.suffix.lower() != ".xml":
            continue
        head = text_head(read_bytes(p)[:256]).lstrip(" \t\r\n")
        if not head.startswith("<"):
            if head[:1].isdigit() or head[:1] in ("-", ".", ""):  # ANAC's pareto.xml: a list of numbers
                notes.append(f"skipped {p.name}: not an XML file (numbers)")
                continue
            raise FormatError(
                "not an XML file", file=str(p), found=repr(head[:20]), expected="a GENIUS domain or profile (XML)"
            )
        root = read_xml(p)
        if root.tag == DOMAIN_TAG:
            domains.append((p, root))
        elif root.tag == PROFILE_TAG:
            profiles.append((p, root))
        else:
            notes.append(f"skipped {p.name}: root element <{root.tag}> is neither a domain nor a profile")
    return domains, profiles, notes


def _scan(folder: Path) -> tuple[tuple[Path, Element], list[tuple[Path, Element]], list[str]]:
    domains, profiles, notes = _scan_all(folder)
    expected = f"an .xml file with root <{DOMAIN_TAG}>"
    return one_domain(folder, domains, title="GENIUS", expected=expected, reader="read_genius"), profiles, notes


def find_genius_profiles(folder: Path) -> tuple[list[Path], list[str]]:
    """The GENIUS profile files (root ``<utility_space>``) in ``folder``, and notes on skipped files."""
    _, profiles, notes = _scan_all(Path(folder))
    return [p for p, _ in profiles], notes


def _scenario_id(name: str | None, domain: Path) -> tuple[str, str]:
    title = name if name is not None else domain.resolve().parent.name
    return make_id(title, fallback="genius"), title


def _build(
    domain_file: Path,
    domain_root: Element,
    profiles: Sequence[tuple[Path, Element]],
    *,
    name: str | None,
    real_steps: int,
    notes: list[str],
) -> Imported:
    if isinstance(real_steps, bool) or not isinstance(real_steps, int) or real_steps < 2:
        raise FormatError("real_steps must be an integer >= 2", found=repr(real_steps))
    domain = parse_domain(domain_file, domain_root, real_steps=real_steps)
    notes.extend(domain.notes)
    if len(profiles) < 2:
        raise FormatError(
            "a negotiation needs at least two profiles",
            file=str(domain_file),
            found=f"{len(profiles)} profile{'s' if len(profiles) != 1 else ''}",
            expected="two or more GENIUS profile files (root <utility_space>)",
        )
    named = party_ids([p.stem for p, _ in profiles], domain_stem=domain_file.stem)
    parties = []
    for (pid, pname), (path, root) in zip(named, profiles, strict=True):
        reader = ProfileReader(path, root, domain)
        prefs = reader.read()
        notes.extend(reader.notes)
        parties.append(Party(pid, name=pname, role=Role.PARTY, preferences=prefs))
    sid, title = _scenario_id(name, domain_file)
    description = (
        f"Imported from GENIUS: domain {domain_file.name}, profiles " + ", ".join(p.name for p, _ in profiles) + "."
    )
    try:
        scenario = Scenario(
            id=sid,
            space=domain.space,
            parties=tuple(parties),
            name=title,
            description=description,
            source=str(domain_file),
        )
    except AccordError as e:
        raise FormatError(str(e), file=str(domain_file)) from None
    return Imported(scenario, tuple(notes), "genius")


def import_genius(
    domain: Path, profiles: Sequence[Path], *, name: str | None = None, real_steps: int = DEFAULT_REAL_STEPS
) -> Imported:
    """Read a GENIUS domain file and its profiles, with the notes made on the way."""
    domain = Path(domain)
    roots = [(Path(p), read_xml(Path(p))) for p in profiles]
    return _build(domain, read_xml(domain), roots, name=name, real_steps=real_steps, notes=[])


def read_genius(
    domain: Path, profiles: Sequence[Path], *, name: str | None = None, real_steps: int = DEFAULT_REAL_STEPS
) -> Scenario:
    """A scenario from a GENIUS domain file and one profile file per party.

    ``name`` sets the scenario's name (and id); by default it is the domain's folder name.
    ``real_steps`` is the number of points real issues are discretised into.
    """
    return import_genius(domain, profiles, name=name, real_steps=real_steps).scenario


def import_genius_folder(folder: Path, *, name: str | None = None, real_steps: int = DEFAULT_REAL_STEPS) -> Imported:
    """Read the GENIUS domain and every profile in ``folder``, with notes."""
    folder = Path(folder)
    (dpath, droot), profiles, notes = _scan(folder)
    return _build(dpath, droot, profiles, name=name, real_steps=real_steps, notes=notes)


def read_genius_folder(folder: Path, *, name: str | None = None, real_steps: int = DEFAULT_REAL_STEPS) -> Scenario:
    """A scenario from a folder holding one GENIUS domain file and its profiles."""
    return import_genius_folder(folder, name=name, real_steps=real_steps).scenario


class GeniusFormat(DomainAndProfiles):
    """GENIUS XML: a folder, a domain file (its profiles beside it) or a profile file (its folder's scenario)."""

    name = "genius"
    title = "GENIUS"
    suffix = ".xml"

    def kind(self, path: Path) -> str:
        if path.suffix.lower() == ".json" or not looks_like_xml(path):
            return ""
        return {DOMAIN_TAG: "domain", PROFILE_TAG: "profile"}.get(read_xml(path).tag, "")

    read_folder = staticmethod(import_genius_folder)
    profiles_beside = staticmethod(find_genius_profiles)
    import_domain = staticmethod(import_genius)

    def write(self, scenario: Scenario, path: Path) -> list[Path]:
        from accord.formats.genius_export import write_genius

        return write_genius(scenario, path)


register_format(GeniusFormat())
