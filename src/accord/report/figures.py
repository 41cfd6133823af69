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
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from accord.arrays import FloatArray
from accord.model.space import OutcomeSpace
from accord.report.html import esc, go

__all__ = [
    "MAX_GRID_PARTIES",
    "SOLUTION_STYLE",
    "Marker",
    "Space",
    "Trail",
    "distribution_box",
    "package_hover",
    "package_words",
    "pair_grid",
    "space_3d",
]


MAX_GRID_PARTIES = 5
"""Pairwise views are drawn for at most this many parties (the first ones; the rest are listed)."""

HOVER_BUDGET = 8_000
"""Cloud points x panels beyond which cloud points hover with utilities only (not words)."""

SOLUTION_STYLE: dict[str, tuple[str, str]] = {
    "nash": ("star", "#e6550d"),
    "kalai_smorodinsky": ("diamond-open", "#756bb1"),  # open: a Nash star at the same point shows through
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


def distribution_box(values: Sequence[float], *, name: str, color: str, meta: dict[str, Any]) -> Any:
    """A horizontal box plot of ``values`` (quartiles, median, dashed mean), every value a dot up to 300."""
    return go().Box(
        x=list(values),
        name=name,
        orientation="h",
        boxpoints="all" if len(values) <= 300 else "outliers",
        jitter=0.4,
        pointpos=0,
        marker={"size": 4, "color": color, "opacity": 0.6},
        line={"color": color},
        boxmean=True,
        meta=meta,
    )


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


def _trail_name(t: Trail) -> str:
    """The legend entry of a path; a path that never moved says so (it is one point, drawn larger)."""
    n = len(t.utilities)
    if n > 1 and bool((t.utilities == t.utilities[0]).all()):
        return f"{t.name} (the same package {n} times)"
    return t.name


def _drawing_order(trails: Sequence[Trail]) -> list[Trail]:
    """Working groups' paths (dotted) first, then openings (dashed), the package texts or offers last:
    where paths meet at one package, the main one stays visible on top."""
    rank = {"dot": 0, "dash": 1}
    return sorted(trails, key=lambda t: rank.get(t.dash, 2))


def _sizes(n: int, size: float, last: float) -> list[float]:
    """Marker sizes along a path of ``n`` points: the last one (where it ended) larger."""
    return [size] * (n - 1) + [last] if n else []


def _pairs(k: int) -> list[tuple[int, int]]:
    return list(combinations(range(min(k, MAX_GRID_PARTIES)), 2))


def _hover_template(names: Sequence[str], i: int, j: int, words: bool) -> str:
    head = f"{esc(names[i])}: %{{x:.3f}}<br>{esc(names[j])}: %{{y:.3f}}"
    return head + ("<br>%{text}" if words else "") + "<extra>%{fullData.name}</extra>"


@dataclass(frozen=True)
class _Layer:
    """One set of points drawn in every view of the space, with its style in 2-D and in 3-D."""

    points: FloatArray  # one row a package, one column a party
    name: str
    group: str
    meta: dict[str, Any]
    colour: str
    text: list[str] | None
    size: tuple[float, float]  # marker size in 2-D, in 3-D
    lines: bool = False  # joined by lines in 2-D (in 3-D where its 3-D line width is above 0)
    width: tuple[float, float] = (0, 0)  # line width in 2-D, in 3-D (0: no line)
    dash: str | None = None
    symbol: tuple[str | None, str | None] = (None, None)  # marker symbol in 2-D, in 3-D (None: plotly's)
    outline: bool = False  # a white ring around 2-D markers
    ring: bool = False  # an open 2-D symbol drawn larger, with a thick edge: what lies under it shows through
    over: bool = False  # drawn over the space (trails and markers: after the 3-D acceptable region)
    last: tuple[float, float] | None = None  # size of the last point in 2-D, in 3-D (where a path ended)

    def sizes(self, view: int) -> float | list[float]:
        """Marker size(s) in view 0 (2-D) or 1 (3-D)."""
        if self.last is None:
            return self.size[view]
        return _sizes(len(self.points), self.size[view], self.last[view])


def _layers(space: Space, markers: Sequence[Marker], trails: Sequence[Trail], words: bool) -> list[_Layer]:
    """What both views draw, in drawing order: the cloud, the frontiers, the trails, the markers."""
    out: list[_Layer] = []
    for ok, label, colour in (
        (False, "not acceptable to all", _NOT_ACCEPTABLE),
        (True, "acceptable to all", _ACCEPTABLE),
    ):
        mask = space.acceptable if ok else ~space.acceptable
        if not mask.any():
            continue
        text = [space.cloud_hover[int(q)] for q in np.flatnonzero(mask)] if words and space.cloud_hover else None
        meta = {"kind": "cloud", "acceptable": ok}
        out.append(_Layer(space.cloud[mask], f"packages {label}", label, meta, colour, text, (5, 2.5)))
    fr = space.frontier
    bilateral = len(space.parties) == 2
    order = np.argsort(fr[:, 0], kind="stable") if bilateral else np.arange(fr.shape[0])
    hover = [space.frontier_hover[q] for q in order]
    frontier = {"kind": "frontier"}
    out.append(
        _Layer(
            fr[order],
            "Pareto frontier",
            "frontier",
            frontier,
            _FRONTIER,
            hover,
            (7, 4),
            lines=bilateral,
            width=(2, 0),
            symbol=("circle-open", None),
        )
    )
    af = space.acceptable_frontier
    if af is not None and af.shape[0]:
        out.append(
            _Layer(
                af,
                "Pareto frontier of the acceptable packages",
                "acceptable-frontier",
                {"kind": "acceptable-frontier"},
                "#2c7a2c",
                list(space.acceptable_frontier_hover),
                (8, 5),
                outline=True,
            )
        )
    for t in _drawing_order(trails):
        meta = {"kind": "trail", **t.extra}
        main = t.dash == "solid"  # the package texts or offers: drawn over groups' texts and openings
        size, last = ((9, 5), (16, 9)) if main else ((7, 4), (11, 7))
        layer = _Layer(t.utilities, _trail_name(t), t.name, meta, t.colour, list(t.hover), size, True, (2.5, 6), t.dash)
        out.append(replace(layer, over=True, outline=True, last=last))
    for m in markers:
        points = np.asarray([m.utilities], dtype=np.float64)
        out.append(
            _Layer(
                points,
                m.name,
                m.kind,
                {"kind": m.kind},
                m.colour,
                [m.hover],
                (m.size, 8),
                symbol=(m.symbol, _symbol_3d(m.symbol)),
                outline=True,
                ring=m.symbol.endswith("-open"),
                over=True,
            )
        )
    return out


def _trace_2d(g: Any, layer: _Layer, space: Space, i: int, j: int, *, first: bool) -> Any:
    marker: dict[str, Any] = {"size": layer.sizes(0), "color": layer.colour}
    symbol = layer.symbol[0]
    if symbol is not None:
        marker["symbol"] = symbol
    if layer.ring:
        marker["size"] = layer.size[0] + 4
        marker["line"] = {"width": 2.5, "color": layer.colour}
    elif layer.outline:
        marker["line"] = {"width": 1, "color": "#fff"}
    line: dict[str, Any] | None = None
    if layer.width[0]:
        line = {"color": layer.colour, "width": layer.width[0]}
        if layer.dash is not None:
            line["dash"] = layer.dash
    return g.Scatter(
        x=layer.points[:, i],
        y=layer.points[:, j],
        mode="lines+markers" if layer.lines else "markers",
        name=layer.name,
        legendgroup=layer.group,
        showlegend=first,
        line=line,
        marker=marker,
        text=layer.text,
        hovertemplate=_hover_template(space.names, i, j, layer.text is not None),
        meta={**layer.meta, "x": space.parties[i], "y": space.parties[j]},
    )


def _trace_3d(g: Any, layer: _Layer, template: str) -> Any:
    marker: dict[str, Any] = {"size": layer.sizes(1), "color": layer.colour}
    if layer.symbol[1] is not None:
        marker["symbol"] = layer.symbol[1]
    lines = layer.width[1] > 0
    return g.Scatter3d(
        x=layer.points[:, 0],
        y=layer.points[:, 1],
        z=layer.points[:, 2],
        mode="lines+markers" if lines else "markers",
        name=layer.name,
        line={"color": layer.colour, "width": layer.width[1]} if lines else None,
        marker=marker,
        text=layer.text if layer.text is not None else "",
        hovertemplate=template,
        meta=layer.meta,
    )


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
    words = space.cloud_hover is not None and space.cloud.shape[0] * len(pairs) <= HOVER_BUDGET
    layers = _layers(space, markers, trails, words)
    for n, (i, j) in enumerate(pairs):
        row, col = cells[(i, j)]
        at: dict[str, Any] = {} if side == 1 else {"row": row, "col": col}
        for layer in layers:
            fig.add_trace(_trace_2d(g, layer, space, i, j, first=n == 0), **at)
        xr, yr = space.reservations[i], space.reservations[j]
        fig.add_shape(
            type="rect", x0=xr, y0=yr, x1=1.0, y1=1.0, fillcolor=_REGION, line={"width": 0}, layer="below", **at
        )
        for axis, v in (("x", xr), ("y", yr)):
            line = {"x0": v, "x1": v, "y0": 0, "y1": 1.02} if axis == "x" else {"x0": 0, "x1": 1.02, "y0": v, "y1": v}
            fig.add_shape(type="line", line={"color": "#2c7a2c", "dash": "dash", "width": 1}, **line, **at)
        fig.update_xaxes(title_text=space.names[i], range=[-0.02, 1.04], **at)
        fig.update_yaxes(title_text=space.names[j], range=[-0.02, 1.04], **at)
    height = 600 if side == 1 else 300 * side + 140
    fig.update_layout(
        template="plotly_white",
        height=height,
        title={"text": esc(title)} if title else None,
        # one panel: legend below; a grid: legend above, clear of the bottom row's axis titles
        legend={"orientation": "h", "y": -0.12, "x": 0}
        if side == 1
        else {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        margin={"l": 60, "r": 20, "t": (50 if title else 20) + (0 if side == 1 else 60), "b": 40},
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
    layers = _layers(space, markers, trails, words)
    r = space.reservations
    xs, ys, zs = _box_edges(r[0], r[1], r[2])
    region = g.Scatter3d(
        x=xs,
        y=ys,
        z=zs,
        mode="lines",
        name="acceptable region (above every reservation value)",
        line={"color": "#2c7a2c", "width": 3},
        hoverinfo="skip",
        meta={"kind": "region"},
    )
    for layer in layers:
        if not layer.over:
            fig.add_trace(_trace_3d(g, layer, tmpl))
    fig.add_trace(region)
    for layer in layers:
        if layer.over:
            fig.add_trace(_trace_3d(g, layer, tmpl))
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
    return {
        "star": "diamond",
        "star-open": "diamond-open",  # open: the path that ends there shows through
        "triangle-up": "cross",
        "square": "square",
        "diamond-open": "diamond-open",
    }.get(symbol, "circle")


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
