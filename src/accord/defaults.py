"""The talks ``accord run`` and ``accord.simulate`` play when given no options.

Both default to the same protocol and strategies, so the command line and Python agree:
the phased talks; every negotiating party conceding linearly (time-based, ``e`` = 1), at a
rate drawn from the seed around it (``spread``), and overstating its priorities to the
mediator (``report='strategic'``); and a mediator drafting a single negotiating text
(``nash-seeking``). The strings are written as the strategies' own ``spec`` writes them, so
help texts and transcripts name them alike.
"""

from __future__ import annotations

__all__ = ["DEFAULT_MEDIATOR", "DEFAULT_PARTY", "DEFAULT_PROTOCOL"]

DEFAULT_PROTOCOL = "phased"
DEFAULT_PARTY = "time-based(spread=0.5,report='strategic')"
DEFAULT_MEDIATOR = "nash-seeking"
