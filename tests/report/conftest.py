"""Opening reports in a real headless Chromium (one browser per test module) and reading the plots back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every plot's traces, with typed arrays turned into plain arrays.
_READ_PLOTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
  id: el.id,
  data: el.data.map(t => JSON.parse(JSON.stringify(t, (k, v) =>
    (ArrayBuffer.isView(v) ? Array.from(v) : v)))),
  layout: {title: el.layout.title ? el.layout.title.text || '' : ''},
}))"""


# Every plot area has been turned into a drawn plotly plot.
_ALL_DRAWN = """() => Array.from(document.querySelectorAll('.plot-area'))
  .every(el => el.classList.contains('js-plotly-plot') && el.querySelector('.main-svg'))"""


@dataclass
class Opened:
    """A report open in a page: the page, what it logged as errors, and every request it made."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _plots: list[dict[str, Any]] | None = None

    def plots(self) -> list[dict[str, Any]]:
        """Every plot's traces, as drawn (read once: the page does not change them)."""
        if self._plots is None:
            self._plots = self.page.evaluate(_READ_PLOTS)
        return self._plots

    def traces(self, kind: str) -> list[dict[str, Any]]:
        """Every trace (of every plot) whose ``meta.kind`` is ``kind``."""
        return [t for p in self.plots() for t in p["data"] if (t.get("meta") or {}).get("kind") == kind]

    def text(self) -> str:
        text: str = self.page.inner_text("body")
        return text

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, and no request but the file itself."""
        assert not self.errors, self.errors
        assert self.requests == [self.url], self.requests


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (the Debian package; `playwright install` is not used)."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"the report tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def open_report(browser: Any) -> Iterator[Any]:
    """``open_report(path)`` opens an HTML file in a fresh page and waits for every plot to draw."""
    pages: list[Any] = []

    def _open(path: Path) -> Opened:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        pages.append(page)
        url = path.resolve().as_uri()
        opened = Opened(page, url)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: opened.requests.append(r.url))
        page.goto(url, wait_until="load")
        page.wait_for_function(_ALL_DRAWN)
        return opened

    yield _open
    for page in pages:
        page.close()
