"""Figures of the utility space shared by the analysis and run reports.

A :class:`Space` holds what is drawn for ``k`` parties: a cloud of packages (every
package, or a seeded sample of a large space, said so in ``note``), the Pareto frontier,
the reservation values; :class:`Marker` values mark single packages (bargaining
solutions, an agreement) and :class:`Trail` values draw a path of packages over time
(offers, texts). :func:`pair_grid` draws every pair of parties (one panel for two; a
lower-triangle grid for more), :func:`space_3d` the three-party space in 3-D.

Every trace carries ``meta`` naming what it is (``kind``) and which parties are on its
axes, so a reader of the page (or a test) can find the frontier and the markers again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.model.space import OutcomeSpace
from accord.report.html import esc, go

__all__ = [
    "MAX_GRID_PARTIES",
    "SOLUTION_STYLE",
    "Marker",
    "Space",
    "Trail",
    "package_hover",
    "package_words",
    "pair_grid",
    "space_3d",
]

FloatArray = npt.NDArray[np.float64]

MAX_GRID_PARTIES = 5
"""Pairwise views are drawn for at most this many parties (the first ones; the rest are listed)."""

HOVER_BUDGET = 8_000
"""Cloud points x panels beyond which cloud points hover with utilities only (not words)."""

SOLUTION_STYLE: dict[str, tuple[str, str]] = {
    "nash": ("star", "#e6550d"),
    "kalai_smorodinsky": ("diamond", "#756bb1"),
    "egalitarian": ("triangle-up", "#31a354"),
    "utilitarian": ("square", "#3182bd"),
}

_ACCEPTABLE = "rgba(44,160,44,0.55)"
_NOT_ACCEPTABLE = "rgba(140,150,160,0.35)"
_FRONTIER = "#111111"
_REGION = "rgba(44,160,44,0.08)"


def package_words(space: OutcomeSpace, outcome: Sequence[int], *, sep: str = "; ") -> str:
    """A package in words: ``Issue label: option label`` for every issue (plain text)."""
    labels = space.labels_of(outcome)
    return sep.join(f"{iss.label}: {labels[iss.name]}" for iss in space.issues)


def package_hover(space: OutcomeSpace, outcome: Sequence[int]) -> str:
    """A package in words for a plotly hover label (escaped, one issue a line)."""
    labels = space.labels_of(outcome)
    return "<br>".join(f"{esc(iss.label)}: <b>{esc(labels[iss.name])}</b>" for iss in space.issues)


@dataclass(frozen=True)
class Space:
    """What is drawn of the utility space of ``parties`` (ids) named ``names``."""

    parties: Sequence[str]
    names: Sequence[str]
    colours: Sequence[str]
    reservations: Sequence[float]
    cloud: FloatArray
    acceptable: npt.NDArray[np.bool_]
    cloud_hover: Sequence[str] | None
    frontier: FloatArray
    frontier_hover: Sequence[str]
    note: str
    acceptable_frontier: FloatArray | None = None
    acceptable_frontier_hover: Sequence[str] = ()


@dataclass(frozen=True)
class Marker:
    """One package marked on the space."""

    kind: str
    name: str
    utilities: Sequence[float]
    hover: str
    symbol: str = "star"
    colour: str = "#000000"
    size: int = 16


@dataclass(frozen=True)
class Trail:
    """A path of packages over time (one party's offers, the mediator's texts)."""

    name: str
    utilities: FloatArray
    hover: Sequence[str]
    colour: str
    dash: str = "solid"
    extra: dict[str, Any] = field(default_factory=dict)


def _pairs(k: int) -> list[tuple[int, int]]:
    return list(combinations(range(min(k, MAX_GRID_PARTIES)), 2))


def _hover_template(names: Sequence[str], i: int, j: int, words: bool) -> str:
    head = f"{esc(names[i])}: %{{x:.3f}}<br>{esc(names[j])}: %{{y:.3f}}"
    return head + ("<br>%{text}" if words else "") + "<extra>%{fullData.name}</extra>"


def pair_grid(space: Space, markers: Sequence[Marker] = (), trails: Sequence[Trail] = (), *, title: str = "") -> Any:
    """Every pair of parties: one panel for two parties, a lower-triangle grid for more."""
    g = go()
    from plotly.subplots import make_subplots

    k = len(space.parties)
    pairs = _pairs(k)
    side = min(k, MAX_GRID_PARTIES) - 1
    if side == 1:
        fig = g.Figure()
        cells = {pairs[0]: (1, 1)}
    else:
        fig = make_subplots(rows=side, cols=side, horizontal_spacing=0.06, vertical_spacing=0.07, shared_xaxes=False)
        cells = {(i, j): (j, i + 1) for i, j in pairs}  # row = y party (j), col = x party (i + 1)
    panels = len(pairs)
    words = space.cloud_hover is not None and space.cloud.shape[0] * panels <= HOVER_BUDGET
    for n, (i, j) in enumerate(pairs):
        row, col = cells[(i, j)]
        at: dict[str, Any] = {} if side == 1 else {"row": row, "col": col}
        first = n == 0
        meta = {"x": space.parties[i], "y": space.parties[j]}
        for ok, label, colour in (
            (False, "not acceptable to all", _NOT_ACCEPTABLE),
            (True, "acceptable to all", _ACCEPTABLE),
        ):
            mask = space.acceptable if ok else ~space.acceptable
            if not mask.any():
                continue
            pts = space.cloud[mask]
            fig.add_trace(
                g.Scatter(
                    x=pts[:, i],
                    y=pts[:, j],
                    mode="markers",
                    name=f"packages {label}",
                    legendgroup=label,
                    showlegend=first,
                    marker={"size": 5, "color": colour},
                    text=[space.cloud_hover[int(q)] for q in np.flatnonzero(mask)]
                    if words and space.cloud_hover
                    else None,
                    hovertemplate=_hover_template(space.names, i, j, words),
                    meta={"kind": "cloud", "acceptable": ok, **meta},
                ),
                **at,
            )
        fr = space.frontier
        order = np.argsort(fr[:, i], kind="stable") if k == 2 else np.arange(fr.shape[0])
        fig.add_trace(
            g.Scatter(
                x=fr[order, i],
                y=fr[order, j],
                mode="lines+markers" if k == 2 else "markers",
                name="Pareto frontier",
                legendgroup="frontier",
                showlegend=first,
                line={"color": _FRONTIER, "width": 2},
                marker={"size": 7, "color": _FRONTIER, "symbol": "circle-open"},
                text=[space.frontier_hover[q] for q in order],
                hovertemplate=_hover_template(space.names, i, j, True),
                meta={"kind": "frontier", **meta},
            ),
            **at,
        )
        af = space.acceptable_frontier
        if af is not None and af.shape[0]:
            fig.add_trace(
                g.Scatter(
                    x=af[:, i],
                    y=af[:, j],
                    mode="markers",
                    name="Pareto frontier of the acceptable packages",
                    legendgroup="acceptable-frontier",
                    showlegend=first,
                    marker={"size": 8, "color": "#2c7a2c", "line": {"width": 1, "color": "#fff"}},
                    text=list(space.acceptable_frontier_hover),
                    hovertemplate=_hover_template(space.names, i, j, True),
                    meta={"kind": "acceptable-frontier", **meta},
                ),
                **at,
            )
        for t in trails:
            fig.add_trace(
                g.Scatter(
                    x=t.utilities[:, i],
                    y=t.utilities[:, j],
                    mode="lines+markers",
                    name=t.name,
                    legendgroup=t.name,
                    showlegend=first,
                    line={"color": t.colour, "width": 2, "dash": t.dash},
                    marker={"size": 7, "color": t.colour},
                    text=list(t.hover),
                    hovertemplate=_hover_template(space.names, i, j, True),
                    meta={"kind": "trail", **t.extra, **meta},
                ),
                **at,
            )
        for m in markers:
            fig.add_trace(
                g.Scatter(
                    x=[m.utilities[i]],
                    y=[m.utilities[j]],
                    mode="markers",
                    name=m.name,
                    legendgroup=m.kind,
                    showlegend=first,
                    marker={
                        "size": m.size,
                        "color": m.colour,
                        "symbol": m.symbol,
                        "line": {"width": 1, "color": "#fff"},
                    },
                    text=[m.hover],
                    hovertemplate=_hover_template(space.names, i, j, True),
                    meta={"kind": m.kind, **meta},
                ),
                **at,
            )
        xr, yr = space.reservations[i], space.reservations[j]
        fig.add_shape(
            type="rect", x0=xr, y0=yr, x1=1.0, y1=1.0, fillcolor=_REGION, line={"width": 0}, layer="below", **at
        )
        for axis, v in (("x", xr), ("y", yr)):
            line = {"x0": v, "x1": v, "y0": 0, "y1": 1.02} if axis == "x" else {"x0": 0, "x1": 1.02, "y0": v, "y1": v}
            fig.add_shape(type="line", line={"color": "#2c7a2c", "dash": "dash", "width": 1}, **line, **at)
        fig.update_xaxes(title_text=space.names[i], range=[-0.02, 1.04], **at)
        fig.update_yaxes(title_text=space.names[j], range=[-0.02, 1.04], **at)
    height = 600 if side == 1 else 300 * side + 80
    fig.update_layout(
        template="plotly_white",
        height=height,
        title={"text": esc(title)} if title else None,
        legend={"orientation": "h", "y": -0.12 if side == 1 else -0.04, "x": 0},
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 40},
        hoverlabel={"align": "left"},
    )
    return fig


def space_3d(space: Space, markers: Sequence[Marker] = (), trails: Sequence[Trail] = (), *, title: str = "") -> Any:
    """The space of exactly three parties in 3-D, with the box of packages above every reservation value."""
    g = go()
    names = space.names
    tmpl = (
        f"{esc(names[0])}: %{{x:.3f}}<br>{esc(names[1])}: %{{y:.3f}}<br>{esc(names[2])}: %{{z:.3f}}"
        "<br>%{text}<extra>%{fullData.name}</extra>"
    )
    fig = g.Figure()
    words = space.cloud_hover is not None and space.cloud.shape[0] <= HOVER_BUDGET
    for ok, label, colour in (
        (False, "not acceptable to all", _NOT_ACCEPTABLE),
        (True, "acceptable to all", _ACCEPTABLE),
    ):
        mask = space.acceptable if ok else ~space.acceptable
        if not mask.any():
            continue
        pts = space.cloud[mask]
        fig.add_trace(
            g.Scatter3d(
                x=pts[:, 0],
                y=pts[:, 1],
                z=pts[:, 2],
                mode="markers",
                name=f"packages {label}",
                marker={"size": 2.5, "color": colour},
                text=[space.cloud_hover[int(q)] for q in np.flatnonzero(mask)] if words and space.cloud_hover else "",
                hovertemplate=tmpl,
                meta={"kind": "cloud", "acceptable": ok},
            )
        )
    fr = space.frontier
    fig.add_trace(
        g.Scatter3d(
            x=fr[:, 0],
            y=fr[:, 1],
            z=fr[:, 2],
            mode="markers",
            name="Pareto frontier",
            marker={"size": 4, "color": _FRONTIER},
            text=list(space.frontier_hover),
            hovertemplate=tmpl,
            meta={"kind": "frontier"},
        )
    )
    af = space.acceptable_frontier
    if af is not None and af.shape[0]:
        fig.add_trace(
            g.Scatter3d(
                x=af[:, 0],
                y=af[:, 1],
                z=af[:, 2],
                mode="markers",
                name="Pareto frontier of the acceptable packages",
                marker={"size": 5, "color": "#2c7a2c"},
                text=list(space.acceptable_frontier_hover),
                hovertemplate=tmpl,
                meta={"kind": "acceptable-frontier"},
            )
        )
    r = space.reservations
    xs, ys, zs = _box_edges(r[0], r[1], r[2])
    fig.add_trace(
        g.Scatter3d(
            x=xs,
            y=ys,
            z=zs,
            mode="lines",
            name="acceptable region (above every reservation value)",
            line={"color": "#2c7a2c", "width": 3},
            hoverinfo="skip",
            meta={"kind": "region"},
        )
    )
    for t in trails:
        fig.add_trace(
            g.Scatter3d(
                x=t.utilities[:, 0],
                y=t.utilities[:, 1],
                z=t.utilities[:, 2],
                mode="lines+markers",
                name=t.name,
                line={"color": t.colour, "width": 4},
                marker={"size": 3, "color": t.colour},
                text=list(t.hover),
                hovertemplate=tmpl,
                meta={"kind": "trail", **t.extra},
            )
        )
    for m in markers:
        fig.add_trace(
            g.Scatter3d(
                x=[m.utilities[0]],
                y=[m.utilities[1]],
                z=[m.utilities[2]],
                mode="markers",
                name=m.name,
                marker={"size": 8, "color": m.colour, "symbol": _symbol_3d(m.symbol)},
                text=[m.hover],
                hovertemplate=tmpl,
                meta={"kind": m.kind},
            )
        )
    axis = {"range": [0, 1.02]}
    fig.update_layout(
        template="plotly_white",
        height=640,
        title={"text": esc(title)} if title else None,
        scene={
            "xaxis": {**axis, "title": {"text": names[0]}},
            "yaxis": {**axis, "title": {"text": names[1]}},
            "zaxis": {**axis, "title": {"text": names[2]}},
            "aspectmode": "cube",
        },
        legend={"orientation": "h", "y": -0.02, "x": 0},
        margin={"l": 0, "r": 0, "t": 40 if title else 10, "b": 0},
    )
    return fig


def _symbol_3d(symbol: str) -> str:
    return {"star": "diamond", "triangle-up": "cross", "square": "square", "diamond": "diamond-open"}.get(
        symbol, "circle"
    )


def _box_edges(a: float, b: float, c: float) -> tuple[list[float | None], list[float | None], list[float | None]]:
    """The 12 edges of the box [a,1] x [b,1] x [c,1], as one line trace broken by gaps."""
    corners = [(x, y, z) for x in (a, 1.0) for y in (b, 1.0) for z in (c, 1.0)]
    xs: list[float | None] = []
    ys: list[float | None] = []
    zs: list[float | None] = []
    for p, q in combinations(corners, 2):
        if sum(1 for u, v in zip(p, q, strict=True) if u != v) != 1:
            continue
        xs += [p[0], q[0], None]
        ys += [p[1], q[1], None]
        zs += [p[2], q[2], None]
    return xs, ys, zs
