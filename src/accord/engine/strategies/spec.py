"""Parse ``NAME(k=v, ...)`` strings: the way strategies (and acceptance rules) are named.

Values are Python literals (numbers, booleans, quoted strings); a bare word is taken as a
string, so ``time-based(e=0.5, ac=next)`` and ``time-based(e=0.5, ac="next|time(t=0.9)")``
both work.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from accord.errors import StrategyError

__all__ = ["parse_spec"]

_SPEC = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(?:\((.*)\))?\s*$", re.DOTALL)


def _literal(node: ast.expr, text: str) -> Any:
    if isinstance(node, ast.Name):
        return {"true": True, "false": False}.get(node.id.lower(), node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bool):
        return node.value
    raise StrategyError(f"in {text!r}: parameter values must be numbers, booleans or strings")


def parse_spec(text: str) -> tuple[str, dict[str, Any]]:
    """``"boulware(eps=0.01)"`` -> ``("boulware", {"eps": 0.01})``."""
    if not isinstance(text, str):
        raise StrategyError(f"a strategy is named by a string like NAME(k=v,...), not {text!r}")
    m = _SPEC.match(text)
    if not m:
        raise StrategyError(f"cannot read {text!r}: expected NAME or NAME(k=v, ...)")
    name, args = m.group(1), (m.group(2) or "").strip()
    if not args:
        return name, {}
    try:
        call = ast.parse(f"f({args})", mode="eval").body
    except SyntaxError:
        raise StrategyError(f"cannot read the parameters of {text!r}: expected k=v pairs") from None
    if not isinstance(call, ast.Call) or call.args:
        raise StrategyError(f"in {text!r}: parameters must be given as k=v")
    params: dict[str, Any] = {}
    for kw in call.keywords:
        if kw.arg is None:
            raise StrategyError(f"in {text!r}: parameters must be given as k=v")
        params[kw.arg] = _literal(kw.value, text)
    return name, params
