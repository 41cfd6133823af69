"""How ``accord tournament equilibria`` shows a meta-game in the terminal."""

from __future__ import annotations

from rich.table import Table

from accord.cli.common import console
from accord.tournament.metagame import MetaGame

__all__ = ["print_metagame"]


def _mix(game: MetaGame, mix: tuple[float, ...]) -> str:
    return ", ".join(f"{s} {p:.3f}" for s, p in zip(game.strategies, mix, strict=True) if p > 1e-9)


def print_metagame(game: MetaGame) -> None:
    out = console()
    eq = Table(
        title=f"Nash equilibria of the empirical game (payoff: mean {game.metric}; {game.method})",
        title_justify="left",
        show_edge=False,
    )
    for col in ("#", "kind", "row player mixes", "column player mixes", "payoffs"):
        eq.add_column(col, overflow="fold")
    for i, e in enumerate(game.equilibria, 1):
        kind = ("pure" if e.pure else "mixed") + (", symmetric" if e.symmetric else "")
        same = e.symmetric
        eq.add_row(
            str(i),
            kind,
            _mix(game, e.row),
            "same" if same else _mix(game, e.column),
            f"{e.payoffs[0]:.3f}, {e.payoffs[1]:.3f}",
        )
    out.print(eq)
    if game.degenerate:
        out.print("[yellow]the game is degenerate (ties in payoffs): equilibria may form continua not all listed[/]")
    table = Table(title="Per strategy", title_justify="left", show_edge=False)
    for col in ("strategy", "regret", "loss vs equilibrium", f"replicator share at t={game.times[-1]:g}"):
        table.add_column(col, justify="right" if col != "strategy" else "left", overflow="fold")
    final = game.replicator[-1]
    loss = game.equilibrium_loss
    for i, s in enumerate(game.strategies):
        table.add_row(
            s,
            f"{game.regret[i]:.3f}",
            "—" if loss is None else f"{loss[i]:.3f}",
            f"{final[i]:.3f}",
        )
    out.print(table)
    out.print(
        "[dim]regret: the most a strategy gains by entering a population that all plays this one (0: a pure "
        "symmetric equilibrium); loss: payoff given up against the widest symmetric equilibrium; replicator "
        "dynamics start from equal shares.[/]"
    )
