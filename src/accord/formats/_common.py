"""What the GENIUS and GeniusWeb readers and writers share.

- Reading a foreign file safely: a size limit, XML through ``defusedxml`` (no DTD, no entity
  expansion, no external entities), JSON with its position on error; every failure is a
  :class:`~accord.errors.FormatError` naming the file.
- Turning foreign names ("fairly good", "19'' LCD") into accord ids, keeping the original as
  the label, and naming parties after their profile files.
- Writing a set of files so that nothing is half-written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from accord.atomic import write_text
from accord.errors import FormatError
from accord.model.scenario import Scenario

if TYPE_CHECKING:  # the XML parsers are imported by read_xml: accord's own files need none
    from xml.etree.ElementTree import Element, ParseError

__all__ = [
    "MAX_FILE_BYTES",
    "Imported",
    "fmt_num",
    "is_accord_doc",
    "looks_like_xml",
    "make_id",
    "natural_key",
    "one_domain",
    "party_ids",
    "read_bytes",
    "read_json",
    "read_xml",
    "text_head",
    "unique_ids",
    "write_files",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Foreign files larger than this are refused before they are read (50 MB)."""


@dataclass(frozen=True)
class Imported:
    """A scenario read from a file, with the notes made on the way.

    ``notes`` says where accord departed from the file or from what GENIUS / GeniusWeb would
    do (weights rescaled, a duplicate item, a skipped file), in words a user can act on.
    ``format`` is ``"genius"``, ``"geniusweb"``, ``"accord"`` or ``"embedded"``.
    """

    scenario: Scenario
    notes: tuple[str, ...] = ()
    format: str = ""


# -- reading -----------------------------------------------------------------------------------
def read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file, refusing missing, unreadable and oversized files."""
    if not path.exists():
        raise FormatError("no such file", file=str(path))
    if not path.is_file():
        raise FormatError("is not a file", file=str(path))
    size = path.stat().st_size
    if size > limit:
        raise FormatError(
            "file is too large to import", file=str(path), found=f"{size:,} bytes", expected=f"at most {limit:,} bytes"
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise FormatError(f"cannot be read: {e.strerror}", file=str(path)) from None


def read_xml(path: Path) -> Element:
    """Parse an XML file safely and return its root element (UTF-8, UTF-16 or UTF-32)."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    data = read_bytes(path)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32, which expat does not read
        text = data.decode("utf-32", errors="replace")
        text = re.sub(r"^(<\?xml[^>]*?encoding=)[\"'][^\"']*[\"']", r'\1"UTF-8"', text)
        data = text.encode("utf-8")
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise FormatError(
            "refused: the file declares a DTD, entities or external references, which an import never expands",
            file=str(path),
            found=type(e).__name__,
            expected="plain XML without <!DOCTYPE> or <!ENTITY>",
        ) from None
    except ParseError as e:
        line, col = getattr(e, "position", (None, None))
        raise FormatError(
            f"not well-formed XML: {_parse_message(e)}",
            file=str(path),
            where=f"line {line}, column {col}" if line is not None else None,
        ) from None
    return root


def _parse_message(e: ParseError) -> str:
    msg = str(e)
    return msg.split(":", 1)[0] if ": line" in msg else msg


def read_json(path: Path) -> Any:
    """Parse a JSON file (UTF-8) and return the document."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FormatError("not UTF-8 text", file=str(path), found=f"byte {e.start}", expected="a JSON text") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as e:
        raise FormatError(
            f"not valid JSON: {e.msg}", file=str(path), where=f"line {e.lineno}, column {e.colno}"
        ) from None
    except ValueError as e:
        raise FormatError(str(e), file=str(path), expected="finite numbers") from None
    except RecursionError:
        raise FormatError("JSON nested too deeply", file=str(path)) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"not valid JSON: {name} is not a number")


T = TypeVar("T")


def one_domain(
    folder: Path, domains: Sequence[tuple[Path, T]], *, title: str, expected: str, reader: str
) -> tuple[Path, T]:
    """The one domain file of a folder (raises FormatError for none or several)."""
    if not domains:
        raise FormatError(f"no {title} domain file in the folder", file=str(folder), expected=expected)
    if len(domains) > 1:
        raise FormatError(
            f"several {title} domain files in one folder",
            file=str(folder),
            found=", ".join(p.name for p, _ in domains),
            expected=f"exactly one; pass the domain and profiles to {reader}",
        )
    return domains[0]


def is_accord_doc(doc: Any) -> bool:
    """Whether a parsed JSON document is an accord scenario (its ``schema`` names accord)."""
    return isinstance(doc, Mapping) and isinstance(doc.get("schema"), str) and doc["schema"].startswith("accord/")


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def text_head(head: bytes) -> str:
    """The start of a file as text: UTF-8, or UTF-16/32 by its byte-order mark (undecodable bytes replaced)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return head.decode("utf-16-be", errors="replace")
    if len(head) >= 2 and head[0] != 0 and head[1] == 0:
        return head.decode("utf-16-le", errors="replace")
    return head.decode("utf-8", errors="replace")


def looks_like_xml(path: Path) -> bool:
    """Whether a file starts (after blanks and a BOM, in UTF-8/16/32) with ``<``; reads its first bytes."""
    try:
        with path.open("rb") as f:
            head = f.read(256)
    except OSError:
        return False
    return text_head(head).lstrip(" \t\r\n").startswith("<")


# -- names -------------------------------------------------------------------------------------
_BAD = re.compile(r"[^A-Za-z0-9_.\-]+")


def make_id(text: str, *, fallback: str) -> str:
    """An accord id for a foreign name: other characters become ``_`` (``"fairly good"`` -> ``fairly_good``)."""
    s = _BAD.sub("_", text.strip()).strip("_")
    if s and s[0] in ".-":
        s = "_" + s
    return s or fallback


def unique_ids(texts: Sequence[str], *, prefix: str) -> list[str]:
    """Ids for a list of names, distinct even where two names sanitise alike (``x``, ``x_2``)."""
    out: list[str] = []
    seen: set[str] = set()
    for k, text in enumerate(texts):
        base = make_id(text, fallback=f"{prefix}{k + 1}")
        cand, n = base, 1
        while cand in seen:
            n += 1
            cand = f"{base}_{n}"
        seen.add(cand)
        out.append(cand)
    return out


_SEP = "_- ."
_DIGITS = re.compile(r"(\d+)")


def natural_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting ``util2`` before ``util10`` (case-insensitive)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(path.name.lower()) if part)


def party_ids(stems: Sequence[str], *, domain_stem: str = "") -> list[tuple[str, str]]:
    """``(id, name)`` for each profile, named after its file.

    A prefix shared by every profile file and the domain file, up to a separator, is dropped:
    ``Energy-A-domain`` with ``Energy-A-prof1`` and ``Energy-A-prof2`` gives ``prof1`` and
    ``prof2``; ``camera_domain`` with ``camera_buyer_utility`` gives ``buyer_utility``.
    """
    names = list(stems)
    cut = _shared_prefix(names, domain_stem)
    if cut:
        trimmed = [s[cut:].lstrip(_SEP) for s in names]
        if all(trimmed) and len({t.lower() for t in trimmed}) == len(trimmed):
            names = trimmed
    ids = unique_ids(names, prefix="party")
    return list(zip(ids, names, strict=True))


def _shared_prefix(stems: Sequence[str], domain_stem: str) -> int:
    if len(stems) < 2 and not domain_stem:
        return 0
    group = [s.lower() for s in stems] + ([domain_stem.lower()] if domain_stem else [])
    common = 0
    while all(common < len(s) and s[common] == group[0][common] for s in group):
        common += 1
    for k in range(common, 0, -1):
        in_profiles = all(k < len(s) and s[k] in _SEP for s in group[: len(stems)])
        in_domain = not domain_stem or k == len(domain_stem) or (k < len(domain_stem) and domain_stem[k] in _SEP)
        if in_profiles and in_domain:
            return k
    return 0


def fmt_num(x: float) -> str:
    """A number as short text that reads back to the same float."""
    v = float(x)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


# -- writing -----------------------------------------------------------------------------------
def write_files(folder: Path, files: Iterable[tuple[str, str]]) -> list[Path]:
    """Write ``(file name, text)`` pairs into ``folder``: each to a temporary file, then renamed.

    Call it only once every text is built, so a failure to convert writes nothing.
    """
    return [write_text(folder / name, text) for name, text in files]
