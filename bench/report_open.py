"""Every kind of report: its size, inline and with a shared plotly.min.js, the time it takes to open in
headless Chromium (Debian's package, driven by Playwright), and a screenshot of each under artifacts/reports/.

A measurement, not a test (the report tests check what is drawn). Reports are written with the
``accord`` command exactly as a user would, from the scenarios accord ships.

    python bench/report_open.py [N]      # N openings per report (median; default 3)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "reports"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ALL_DRAWN = """() => Array.from(document.querySelectorAll('.plot-area'))
  .every(el => el.classList.contains('js-plotly-plot') && el.querySelector('.main-svg'))"""

LEAGUE = """name = "report-league"
strategies = ["boulware", "linear", "conceder", "hardliner"]
scenarios = ["job-offer", "harbour-development"]
protocol = "saop"
deadline = 60
repetitions = 2
seed = 1
"""

# (report name, parties drawn, accord arguments before --report)
KINDS: list[tuple[str, str, list[str]]] = [
    ("analysis", "2", ["analyze", "abu-dhabi-2026"]),
    ("analysis-party", "2 (Ukraine's view)", ["analyze", "abu-dhabi-2026", "--party", "ukraine"]),
    (
        "analysis-3-parties",
        "3",
        [
            "analyze",
            "harbour-development",
            "--parties",
            "developer",
            "--parties",
            "environmentalists",
            "--parties",
            "union",
        ],
    ),
    ("analysis-4-parties", "4", ["analyze", "harbour-development"]),
    ("run", "2 + mediator", ["run"]),
    ("run-party", "2 (Ukraine's view)", ["run", "--party", "ukraine"]),
    ("run-saop", "2", ["run", "job-offer", "--protocol", "saop", "--seed", "3"]),
    ("run-4-parties", "4 + mediator", ["run", "harbour-development", "--protocol", "single-text"]),
]


DINNER = ROOT.parent / "shared" / "scenarios" / "genius" / "anac" / "y2015" / "group2-dinner"
if DINNER.is_dir():  # three negotiating parties (test data of this workspace, when present)
    KINDS.append(("run-3-parties", "3 + mediator", ["run", str(DINNER), "--protocol", "single-text"]))


def accord(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "accord", *args], cwd=cwd, check=True, capture_output=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if shutil.which(CHROMIUM) is None:
        sys.exit(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inline, shared = work / "inline", work / "shared"
        inline.mkdir()
        shared.mkdir()
        kinds = list(KINDS)
        (work / "league.toml").write_text(LEAGUE)
        accord("tournament", "run", "league.toml", "--serial", "--quiet", cwd=work)
        kinds.append(("tournament", "4 strategies", ["tournament", "report", str(work / "league.sqlite")]))
        for name, _, args in kinds:
            flag = "--html" if args[0] == "tournament" else "--report"
            accord(*args, flag, str(inline / f"{name}.html"), cwd=work)
            accord(*args, flag, str(shared / f"{name}.html"), "--plotly-js", "shared", cwd=work)
        library = (shared / "plotly.min.js").stat().st_size
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, parties, _ in kinds:
                times = {}
                for mode, folder in (("inline", inline), ("shared", shared)):
                    runs = []
                    for k in range(n):
                        page = browser.new_page(viewport={"width": 1300, "height": 900})
                        start = time.perf_counter()
                        page.goto((folder / f"{name}.html").as_uri(), wait_until="load")
                        page.wait_for_function(ALL_DRAWN, timeout=60_000)
                        runs.append(time.perf_counter() - start)
                        if mode == "inline" and k == 0:
                            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
                            plots = page.locator(".plot-area")
                            for i in range(plots.count()):  # each plot alone, at full size, to look at
                                plots.nth(i).screenshot(path=str(SHOTS / f"{name}-plot{i + 1}.png"))
                        page.close()
                    times[mode] = statistics.median(runs)
                rows.append(
                    (
                        name,
                        parties,
                        (inline / f"{name}.html").stat().st_size,
                        (shared / f"{name}.html").stat().st_size,
                        times["inline"],
                        times["shared"],
                    )
                )
            browser.close()
    print(f"plotly.min.js (shared mode, one per folder): {library / 1e6:.2f} MB; median of {n} openings")
    print("| report | parties | inline size | shared size | open, inline | open, shared |")
    print("|---|---|---:|---:|---:|---:|")
    for name, parties, a, b, ta, tb in rows:
        print(f"| {name} | {parties} | {a / 1e6:.2f} MB | {b / 1e6:.2f} MB | {ta:.2f} s | {tb:.2f} s |")
    print(f"screenshots: {SHOTS}")


if __name__ == "__main__":
    main()
