"""The tournament report's meta-game section: equilibria, replicator dynamics, regret.

Drawn from :class:`~accord.tournament.metagame.MetaGame` (what ``accord tournament
equilibria`` prints).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.report.html import Plot, Section, colour, go, paragraph, table

if TYPE_CHECKING:
    from accord.tournament.scores import TournamentReport

__all__ = ["metagame_section"]


def metagame_section(report: TournamentReport) -> Section:
    sec = Section("metagame", "Meta-game: which strategy to bring")
    game = report.metagame
    if game is None:
        sec.add(paragraph(f"No meta-game: {report.metagame_note}", cls="note"))
        return sec
    sec.add(
        paragraph(
            f"The empirical game between the strategies: each one's payoff is its mean {game.metric} against "
            f"each other (the pair matrix). Nash equilibria by Nashpy, {game.method}"
            + ("; the game is degenerate, so equilibria may form continua not all listed." if game.degenerate else ".")
        )
    )
    names = game.strategies
    rows = []
    for i, e in enumerate(game.equilibria, 1):
        mix = ", ".join(f"{s} {p:.3f}" for s, p in e.support(names).items())
        other = "same" if e.symmetric else ", ".join(f"{s} {p:.3f}" for s, p in e.support(names, player=1).items())
        kind = ("pure" if e.pure else "mixed") + (", symmetric" if e.symmetric else "")
        rows.append([i, kind, mix, other, f"{e.payoffs[0]:.3f}"])
    sec.add(table(["#", "kind", "row player", "column player", "row payoff"], rows, numeric=(0, 4)))
    loss = game.equilibrium_loss
    per = [
        [s, f"{game.regret[i]:.3f}", "—" if loss is None else f"{loss[i]:.3f}", f"{game.replicator[-1][i]:.3f}"]
        for i, s in enumerate(names)
    ]
    sec.add(
        table(
            ["strategy", "regret", "loss against the equilibrium", f"replicator share at t={game.times[-1]:g}"],
            per,
            numeric=(1, 2, 3),
        )
    )
    g = go()
    fig = g.Figure(
        [
            g.Scatter(
                x=list(game.times),
                y=[row[i] for row in game.replicator],
                name=s,
                mode="lines",
                line={"color": colour(i)},
                meta={"kind": "replicator", "strategy": s},
            )
            for i, s in enumerate(names)
        ]
    )
    fig.update_layout(
        template="plotly_white",
        height=340,
        margin={"l": 60, "r": 20, "t": 10, "b": 50},
        xaxis={"title": {"text": "time"}},
        yaxis={"title": {"text": "population share"}, "range": [0, 1]},
    )
    sec.add(
        Plot(
            fig,
            "Replicator dynamics from equal shares: a strategy's share grows with its payoff against the population. "
            "Regret: the most a strategy gains by entering a population that all plays this one.",
        )
    )
    return sec
