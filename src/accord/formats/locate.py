"""Find the line of a field path (``parties.ukraine.weights.territory``) in a TOML or JSON text.

Parsers for both formats drop positions, so errors found after parsing are located here,
from the text: for TOML by following table headers and keys, for JSON by searching the
path's keys in order. The result is the line of the longest prefix of the path that can
be found, or ``None``.
"""

from __future__ import annotations

import re

__all__ = ["json_lines", "line_of", "toml_lines"]

_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""", key)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def toml_lines(text: str) -> dict[str, int]:
    """Map each table header and key path in a TOML text to its (1-based) line."""
    out: dict[str, int] = {}
    table: list[str] = []
    in_multiline = False
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        if not line or line.startswith("#"):
            continue
        header = _TOML_HEADER.match(line)
        if header and not _TOML_KEY.match(line):
            table = _split_dotted(header.group(1))
            out.setdefault(".".join(table), n)
            continue
        key = _TOML_KEY.match(raw)
        if key:
            path = ".".join([*table, *_split_dotted(key.group(1))])
            out.setdefault(path, n)
            rest = raw[key.end() :]
            if rest.count('"""') == 1 or rest.count("'''") == 1:
                in_multiline = True
    return out


def json_lines(text: str, path: str) -> int | None:
    """Line of the deepest key of ``path`` found by searching its keys in order."""
    pos = 0
    found: int | None = None
    for part in path.split("."):
        m = re.compile(r'"' + re.escape(part) + r'"\s*:').search(text, pos)
        if not m:
            break
        pos = m.end()
        found = text.count("\n", 0, m.start()) + 1
    return found


def line_of(text: str, path: str, *, kind: str) -> int | None:
    """Line of ``path`` (or of its longest locatable prefix) in a ``toml`` or ``json`` text."""
    if kind == "json":
        return json_lines(text, path)
    index = toml_lines(text)
    parts = path.split(".")
    while parts:
        key = ".".join(parts)
        if key in index:
            return index[key]
        parts.pop()
    return None
