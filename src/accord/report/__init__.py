"""Reports people would rather look at: one self-contained HTML file with plots, offline.

- :func:`analysis_report` — the space of agreements: every pair of parties' utilities, the
  Pareto frontier, the acceptable region, the bargaining solutions, the zone of possible
  agreement in a sentence, the sticking points ranked;
- :func:`run_report` — one run: the path of offers or texts through the space, each
  party's utility of the text on the table round by round, the daily progress of phased
  talks, the verdict, and the transcript told as a story;
- :func:`runs_report` — many seeded runs: agreement by day, the most frequent deals, each
  party's utility across the runs;
- :func:`tournament_report` — leaderboard, score distributions, strategy-vs-strategy heat map.

Each returns the HTML text; the ``write_*`` variants write it atomically. ``party=``
writes one party's view instead of the analyst's: its own preferences only, the others'
shown as unknown, and (for a run) only the events it could see (:mod:`accord.report.privacy`).

Needs plotly (``pip install -e '.[report]'``); it is imported only when a report is drawn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.report.analysis import analysis_report, write_analysis_report
    from accord.report.run import run_report, write_run_report
    from accord.report.runs import runs_report, write_runs_report
    from accord.report.tournament import tournament_report, write_tournament_report

__all__ = [
    "analysis_report",
    "run_report",
    "runs_report",
    "tournament_report",
    "write_analysis_report",
    "write_run_report",
    "write_runs_report",
    "write_tournament_report",
]

_WHERE = {
    "analysis_report": "accord.report.analysis",
    "write_analysis_report": "accord.report.analysis",
    "run_report": "accord.report.run",
    "write_run_report": "accord.report.run",
    "runs_report": "accord.report.runs",
    "write_runs_report": "accord.report.runs",
    "tournament_report": "accord.report.tournament",
    "write_tournament_report": "accord.report.tournament",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'accord.report' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
