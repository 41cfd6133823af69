"""A room open in a browser page: what it shows, what it loaded, what it streamed, and how to act in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.model.preferences import LinearAdditive
from accord.model.scenario import Scenario

# Records every Server-Sent Event a page receives (the stream is read by the page itself).
RECORD_SSE = """(() => {
  const Real = window.EventSource;
  window.__sse = [];
  window.EventSource = function (url, opts) {
    const s = new Real(url, opts);
    s.addEventListener('view', e => window.__sse.push(e.data));
    return s;
  };
  window.EventSource.prototype = Real.prototype;
})();"""

TIMEOUT_MS = 20_000


@dataclass
class Room:
    """One seat's room in a page of its own browser context."""

    name: str
    page: Any
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)

    @classmethod
    def open(cls, context: Any, name: str, link: str, base: str) -> Room:
        """A room (or the teacher's page) from its link; waits for its live part."""
        room = cls.open_page(context, name, link, base)
        room.page.wait_for_selector("#live .live", timeout=TIMEOUT_MS)
        return room

    @classmethod
    def open_page(cls, context: Any, name: str, link: str, base: str) -> Room:
        page = context.new_page()
        room = cls(name, page, base)
        page.add_init_script(RECORD_SSE)
        page.on("console", lambda m: room.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: room.errors.append(str(e)))
        page.on("request", lambda r: room.requests.append(r.url))
        page.on("response", lambda r: room.responses.append(r))
        page.goto(link)
        return room

    def live(self, attr: str) -> str:
        return str(self.page.get_attribute("#live .live", f"data-{attr}") or "")

    @property
    def length(self) -> int:
        return int(self.live("length") or 0)

    @property
    def acting(self) -> bool:
        return self.live("acting") == "1"

    @property
    def kinds(self) -> set[str]:
        return set(self.live("kinds").split())

    def wait_length(self, n: int) -> None:
        """Wait until the page has taken in the record up to length ``n`` (by its live stream)."""
        self.page.wait_for_function(
            "n => { const l = document.querySelector('#live .live'); return l && Number(l.dataset.length) >= n; }",
            arg=n,
            timeout=TIMEOUT_MS,
        )

    def submit(self, kind: str) -> None:
        """Submit the form for ``kind`` and wait for the page to show the record grown."""
        before = self.length
        self.page.click(f"#live form[data-kind={kind}] button[type=submit]")
        self.wait_length(before + 1)
        msg = self.page.locator("#msg")
        assert "error" not in (msg.get_attribute("class") or ""), f"{self.name}: {msg.inner_text()}"

    def suggest_and_table(self) -> None:
        """The mediator asks the built-in strategy for a draft, then tables it."""
        self.page.click("#live button.suggest")
        self.page.wait_for_function(
            "() => document.getElementById('msg').textContent.includes('suggests')", timeout=TIMEOUT_MS
        )
        self.submit("propose")

    def screenshot(self, folder: Path, name: str) -> Path:
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def everything(self) -> str:
        """The page's HTML, every response it loaded (but the stream), and every event it streamed."""
        parts = [self.page.content()]
        for r in self.responses:
            if "/stream" in r.url or 300 <= r.status < 400:
                continue
            parts.append(r.text())
        parts.extend(self.page.evaluate("() => window.__sse || []"))
        return "\n".join(parts)

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, and no request to anywhere but the server."""
        assert not self.errors, f"{self.name}: {self.errors}"
        away = [u for u in self.requests if not u.startswith(self.base + "/") and not u.startswith("data:")]
        assert not away, f"{self.name} requested {away}"


def private_markers(scenario: Scenario, pid: str) -> set[str]:
    """A party's private numbers (weights, option values, reservation) at several precisions, and its rationales."""
    prefs = scenario.preferences(pid)
    util = prefs.utility
    if not isinstance(util, LinearAdditive):
        raise TypeError("an additive utility was expected")
    numbers = [*util.weights, *(v for row in util.values for v in row), prefs.reservation]
    out = {repr(float(x)) for x in numbers}
    for digits in (4, 5, 6, 7):
        out |= {f"{float(x):.{digits}f}" for x in numbers}
    return out | set(prefs.rationales.values())


def leaks(text: str, forbidden: set[str]) -> list[str]:
    return sorted(m for m in forbidden if m in text)
