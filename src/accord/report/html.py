"""Page assembly: one self-contained HTML file that opens in any browser, offline.

A report is a :class:`Page` of :class:`Section` values, each a list of blocks: trusted
markup (:class:`Html`, built with :func:`esc` and the helpers here) and plots
(:class:`Plot`, a plotly figure with a caption). :func:`render` inlines plotly.js once in
``<head>`` and draws every figure from its JSON; a Content-Security-Policy forbids the page
any network access, so what it shows is exactly what the file holds. :func:`write_report`
writes the file atomically (a temporary file in the same folder, then a rename).

plotly is imported only when a report is drawn (``pip install -e '.[report]'``).
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from accord.atomic import write_text
from accord.errors import AccordError

__all__ = [
    "PARTY_COLOURS",
    "Html",
    "Page",
    "Plot",
    "Section",
    "colour",
    "esc",
    "go",
    "paragraph",
    "render",
    "share_plotly",
    "table",
    "write_report",
]

PARTY_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)

PLOT_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# Inline scripts and styles only; no fetch, no remote image, font or frame.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; worker-src blob:"
)

# The shared mode (:func:`share_plotly`): plotly.js from the file beside the report, nothing else.
CSP_SHARED = CSP.replace("script-src ", "script-src 'self' file: ")
PLOTLY_FILE = "plotly.min.js"

_CSS = """
:root { --ink:#1d2733; --muted:#5b6675; --line:#dde3ea; --bg:#f6f8fa; --card:#fff; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
       color:var(--ink); background:var(--bg); }
header { background:#17324d; color:#fff; padding:24px 32px 18px; }
header h1 { margin:0 0 4px; font-size:26px; font-weight:600; }
header .sub { color:#c9d6e3; margin:0; }
.badge { display:inline-block; margin-top:10px; padding:3px 10px; border-radius:12px; font-size:13px;
         background:#f0b429; color:#17324d; font-weight:600; }
.badge.party { background:#7bd389; }
nav { padding:8px 32px; background:#fff; border-bottom:1px solid var(--line); font-size:14px; }
nav a { color:var(--accent); text-decoration:none; margin-right:18px; }
main { max-width:1280px; margin:0 auto; padding:8px 24px 40px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:18px 22px;
          margin:18px 0; }
section h2 { margin:0 0 10px; font-size:20px; }
h3 { font-size:16px; margin:18px 0 6px; }
p.lead { font-size:16px; }
.muted { color:var(--muted); }
figure { margin:10px 0 16px; }
figcaption { color:var(--muted); font-size:13px; margin-top:4px; }
table { border-collapse:collapse; margin:8px 0 12px; font-size:14px; }
th, td { border-bottom:1px solid var(--line); padding:5px 10px; text-align:left; vertical-align:top; }
th { background:#eef2f6; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.verdict { font-size:17px; padding:10px 14px; border-radius:6px; background:#eef6ee; border-left:5px solid #2ca02c; }
.verdict.fail { background:#fbeeee; border-left-color:#d62728; }
.story .day { margin:16px 0 4px; font-size:17px; border-bottom:2px solid var(--line); }
.story .phase { margin:10px 0 2px; color:var(--muted); font-weight:600; text-transform:uppercase;
                font-size:12px; letter-spacing:.05em; }
.story .round { display:grid; grid-template-columns:92px 1fr; gap:0 10px; padding:3px 0;
                border-top:1px solid #f0f2f5; }
.story .rl { color:var(--muted); font-size:12px; padding-top:3px; }
.story p { margin:2px 0; }
.story .who { font-weight:600; }
.story .private { color:#8a5a00; }
.story .record { color:var(--muted); font-style:italic; }
footer { text-align:center; color:var(--muted); font-size:12px; padding:12px; }
"""


def go() -> ModuleType:
    """``plotly.graph_objects``, or a clear error if plotly is not installed."""
    try:
        import plotly.graph_objects as graph_objects
    except ImportError:  # pragma: no cover - plotly is in the dev extra
        raise AccordError("reports need plotly: from the clone, pip install -e '.[report]'") from None
    module: ModuleType = graph_objects
    return module


def colour(k: int) -> str:
    """The colour of the k-th party (stable across every figure of a report)."""
    return PARTY_COLOURS[k % len(PARTY_COLOURS)]


def esc(text: object) -> str:
    """HTML-escape any value's text."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Html:
    """Trusted markup (build it with :func:`esc`)."""

    markup: str


@dataclass(frozen=True, slots=True)
class Plot:
    """A plotly figure and what to say under it."""

    figure: Any
    caption: str = ""


Block = Html | Plot


@dataclass(slots=True)
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass(slots=True)
class Page:
    """A whole report. ``badge`` says whose view it is; ``party_view`` styles it as a party's."""

    title: str
    subtitle: str = ""
    badge: str = ""
    party_view: bool = False
    sections: list[Section] = field(default_factory=list)
    footer: str = "Written by accord. Self-contained: opens offline in any browser."


def paragraph(text: str, *, cls: str = "") -> Html:
    """A paragraph of plain text (escaped)."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return Html(f"<p{attr}>{esc(text)}</p>")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: Sequence[int] = ()) -> Html:
    """A table of plain-text cells (escaped); ``numeric`` columns are right-aligned."""
    num = set(numeric)

    def cell(tag: str, k: int, v: object) -> str:
        cls = ' class="num"' if k in num else ""
        return f"<{tag}{cls}>{esc(v)}</{tag}>"

    head = "".join(cell("th", k, h) for k, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", k, v) for k, v in enumerate(r)) + "</tr>" for r in rows)
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _plain(value: Any) -> Any:
    """Plain JSON values: numpy arrays and scalars as lists and numbers, NaN and infinities as null.

    Numbers are written out in decimal (never base64-packed), so what a file holds can be
    read, searched and audited as text.
    """
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            return _plain(_unpack(value))
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _unpack(packed: dict[str, Any]) -> Any:
    """A base64-packed typed array of plotly's JSON, as a numpy array."""
    import numpy as np

    arr = np.frombuffer(base64.b64decode(packed["bdata"]), dtype=np.dtype(packed["dtype"]))
    shape = packed.get("shape")
    if shape:
        dims = [int(x) for x in str(shape).split(",")] if isinstance(shape, str) else list(shape)
        arr = arr.reshape(dims)
    return arr


def _figure_json(figure: Any) -> str:
    return _script_json(_plain(figure.to_plotly_json()))


def _plot(block: Plot, n: int) -> str:
    div = f"plot-{n}"
    caption = f"<figcaption>{esc(block.caption)}</figcaption>" if block.caption else ""
    return (
        f'<figure><div id="{div}" class="plot-area"></div>{caption}</figure>\n'
        f"<script>(function(){{var f={_figure_json(block.figure)};"
        f'Plotly.newPlot("{div}",f.data,f.layout,PLOT_CONFIG);}})();</script>'
    )


def render(page: Page) -> str:
    """The page as one HTML document (plotly.js inlined once)."""
    go()
    from plotly.offline import get_plotlyjs

    parts: list[str] = []
    n = 0
    for s in page.sections:
        body: list[str] = [f'<section id="{esc(s.id)}"><h2>{esc(s.title)}</h2>']
        for b in s.blocks:
            if isinstance(b, Plot):
                n += 1
                body.append(_plot(b, n))
            else:
                body.append(b.markup)
        body.append("</section>")
        parts.append("\n".join(body))
    nav = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in page.sections)
    badge = f'<div class="badge{" party" if page.party_view else ""}">{esc(page.badge)}</div>' if page.badge else ""
    sub = f'<p class="sub">{esc(page.subtitle)}</p>' if page.subtitle else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(page.title)}</title>\n<style>{_CSS}</style>\n"
        "<script>window.PlotlyConfig={MathJaxConfig:'local'};</script>\n"
        f"<script>{get_plotlyjs()}</script>\n"
        f"<script>var PLOT_CONFIG={_script_json(PLOT_CONFIG)};</script>\n"
        "</head>\n<body>\n"
        f"<header><h1>{esc(page.title)}</h1>{sub}{badge}</header>\n"
        f"<nav>{nav}</nav>\n<main>\n" + "\n".join(parts) + "\n</main>\n"
        f"<footer>{esc(page.footer)}</footer>\n</body>\n</html>\n"
    )


def write_report(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically: nothing is half-written, a failed write leaves no file."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AccordError(f"cannot write the report {target}: folder {folder} does not exist")
    return write_text(target, text)


def share_plotly(path: str | Path) -> Path:
    """Make a written report load plotly.js from ``plotly.min.js`` beside it (written if missing or stale).

    Reports in one folder then share one copy of the library (~4.6 MB) and each is a few
    hundred kB; they still open offline, but only with that file beside them.
    """
    go()
    from plotly.offline import get_plotlyjs

    target = Path(path)
    text = target.read_text(encoding="utf-8")
    library = get_plotlyjs()
    inline = f"<script>{library}</script>"
    if inline not in text:
        raise AccordError(f"{target}: not a self-contained accord report (plotly.js is not inlined)")
    shared = target.parent / PLOTLY_FILE
    try:
        current = shared.read_text(encoding="utf-8") if shared.is_file() else None
    except (OSError, UnicodeDecodeError):
        current = None
    if current != library:
        write_text(shared, library)
    text = text.replace(inline, f'<script src="{PLOTLY_FILE}"></script>', 1).replace(CSP, CSP_SHARED, 1)
    text = text.replace("Self-contained: opens offline in any browser.", f"Opens offline with {PLOTLY_FILE} beside it.")
    return write_text(target, text)
