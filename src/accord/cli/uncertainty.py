"""``accord analyze --uncertainty``: the chances of agreement under the scenario's uncertain parameters."""

from __future__ import annotations

from pathlib import Path

from accord.cli.common import console, fail
from accord.cli.levers import emit, viewed


def show_uncertainty(
    spec: str,
    parties: list[str] | None,
    party: str | None,
    samples: int,
    seed: int,
    as_json: bool,
    report: Path | None,
) -> None:
    """Run the robustness analysis (of ``party``'s view when given) and print or write it."""
    import numpy as np

    from accord.analysis.robustness import robustness
    from accord.errors import AccordError

    s = viewed(spec, party)
    if not s.uncertainties:
        where = f"[beliefs.{party}.PARTY] ranges" if party else "[uncertainty.PARTY] tables"
        fail(f"{s.id} declares no uncertain parameters for this view (add {where})")
    try:
        result = robustness(s, parties, samples=samples, rng=np.random.default_rng(seed), seed=seed)
    except AccordError as e:
        fail(e)
    if emit(
        report, "write_uncertainty_report", (s, result), party, as_json, lambda: {"view": party, **result.to_dict(s)}
    ):
        return
    out = console()
    how = (
        "exact: every combination of the discrete values"
        if result.method == "exact"
        else f"Monte Carlo, {result.draws:,} draws, seed {seed}; probabilities ±{result.error:.3f} at 95%"
    )
    out.print(f"[bold]{s.name}[/] under uncertainty ({how})", highlight=False)
    for u in result.uncertain:
        out.print(f"  {u.party} {u.parameter}: {u.distribution.describe()}", highlight=False, markup=False)
    for note in result.ignored:
        out.print(f"  [dim]not used: {note}[/]", highlight=False)
    out.print(f"Probability that a zone of agreement exists: {result.p_zone:.1%}", highlight=False)
    out.print(f"Expected size of the zone: {result.mean_zone:,.1f} packages", highlight=False)
    data = result.to_dict(s)
    out.print("Most robust packages (probability that every party accepts):")
    for row in data["most_robust"]:  # type: ignore[attr-defined]
        words = ", ".join(f"{k}={v}" for k, v in row["package"].items())
        out.print(f"  {row['p_all_accept']:.1%}  {words}", highlight=False, markup=False)
    out.print("How the Nash package moves (how often each package is the Nash package):")
    for row in data["nash"]:  # type: ignore[attr-defined]
        words = ", ".join(f"{k}={v}" for k, v in row["package"].items())
        out.print(f"  {row['probability']:.1%}  {words}", highlight=False, markup=False)
