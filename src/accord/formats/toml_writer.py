"""A small TOML writer for accord's documents, laid out for people to read and edit.

Tables become ``[headers]``; small records (``{ value, rationale }``, a cost of delay, a
red line with its rationale, an option) are written inline; lists of records one per line.
Output is checked by parsing it back in the tests (tomllib is the reference reader). A
general TOML library is not used because it cannot choose which records stay inline, and
that layout is what keeps a scenario file short enough to edit by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["dumps_toml"]

_BARE = re.compile(r"^[A-Za-z0-9_\-]+$")
_INLINE_SHAPES = (
    {"value", "rationale"},
    {"factor", "per", "rationale"},
    {"options", "rationale"},
    {"id", "label", "description"},
    {"value", "range", "values", "probabilities", "rationale"},
    {"party", "parameter", "change", "set", "add", "drop", "rationale"},
)


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"cannot write {v!r} to TOML")
        text = repr(v)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_scalar(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    raise TypeError(f"cannot write a {type(v).__name__} to TOML")


def _inline(v: Any) -> bool:
    if isinstance(v, Mapping):
        return any(set(v) <= shape for shape in _INLINE_SHAPES) and all(not isinstance(x, Mapping) for x in v.values())
    return True


def _emit(doc: Mapping[str, Any], path: list[str], out: list[str]) -> None:
    tables = []
    for k, v in doc.items():
        if isinstance(v, Mapping) and not _inline(v):
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            out.append(f"{_key(k)} = [")
            out.extend(f"    {_scalar(x)}," for x in v)
            out.append("]")
        elif isinstance(v, str) and "\n" in v:
            body = v.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "\\r")
            out.append(f'{_key(k)} = """')
            out.append(body + '"""')
        else:
            out.append(f"{_key(k)} = {_scalar(v)}")
    for k, v in tables:
        sub = [*path, k]
        has_plain = any(not (isinstance(x, Mapping) and not _inline(x)) for x in v.values())
        if has_plain or not v:
            out.append("")
            out.append("[" + ".".join(_key(p) for p in sub) + "]")
        _emit(v, sub, out)


def dumps_toml(doc: Mapping[str, Any]) -> str:
    """Serialise a document of tables, scalars, dates and lists as TOML text."""
    out: list[str] = []
    _emit(doc, [], out)
    return "\n".join(out).lstrip("\n") + "\n"
