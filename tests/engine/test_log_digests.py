"""The event logs of given seeds, pinned by digest: speed work on the engine must not change them.

Each digest is the SHA-256 of the run's events as canonical JSON lines (sorted keys, no
rounding), so any change of any event — a text, an answer, a float's last bit — shows here.
The digests were computed from the engine before the per-run path was optimised; if a change
of behaviour is intended, the golden transcripts change too and these are recomputed with

    ACCORD_PRINT_DIGESTS=1 .venv/bin/pytest -q tests/engine/test_log_digests.py -s
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from engine_scenarios import trilateral

from accord.engine.batch import play_runs
from accord.engine.events import event_to_dict
from accord.engine.runner import simulate
from accord.formats.geniusweb import read_geniusweb_folder
from accord.model import Scenario
from accord.scenarios import get
from shared_data import SCENARIOS

TRUTHFUL = "time-based(spread=0.5,report='truthful')"

CASES: dict[str, tuple[Callable[[], Scenario], int, dict[str, Any]]] = {
    "default/0": (get, 0, {}),
    "default/1": (get, 1, {}),
    "default/2": (get, 2, {}),
    "default/3": (get, 3, {}),
    "default/7": (get, 7, {}),
    "default/42": (get, 42, {}),
    "default-4-days/5": (get, 5, {"config": {"days": 4}}),
    "default-truthful/0": (get, 0, {"default_party": TRUTHFUL}),
    "default-single-text/3": (get, 3, {"protocol": "single-text"}),
    "harbour/1": (lambda: get("harbour-development"), 1, {}),
    "trilateral-single-text/4": (trilateral, 4, {"protocol": "single-text"}),
    "anl2023-domain03-single-text/2": (
        lambda: read_geniusweb_folder(SCENARIOS / "anl2023" / "domain03"),
        2,
        {"protocol": "single-text"},
    ),
}

DIGESTS = {
    "anl2023-domain03-single-text/2": "d4a57155371996bc3640456fa88e4c79c7acaadef54fabc9cd191fef20def4aa",
    "default-4-days/5": "b4cdaf063e6b80a258539bfddd967cfbab22f18be1a8e132991f4248626a7db0",
    "default-single-text/3": "87f81a639e1104c8fe8a8133f3041e7495ae993afc1c44e8ceded13de0934653",
    "default-truthful/0": "428289b5cb760c356795bce9df6ad17a06b33454145f6e23acc0eefaeed980c5",
    "default/0": "963c0329698f44112198a81b2d5a7780b8175280e8dafeab0c8899573c62d386",
    "default/1": "3afee2a60a28b4004596263bcceba36ff04712f9cccb6c094eaf0f6be485dfdb",
    "default/2": "fcf74400c7c143355fb142c3ba29afb98fdf716e601c7b9e74259dec7d8043d6",
    "default/3": "1ea92edda298ab3f569684e2b5106f6c0a08fb03d38a25fdcd62336fedca399a",
    "default/42": "e8f0a0a083812396a9c27acf7b8ace44b575ec06ebb67a0f98eb20851fce226b",
    "default/7": "948959350b1831ca6c4e98b9187afcd3fb521b3fa9e51a7ac92a036e994ec495",
    "distribution/0-59": "c369c24405cd430bc21af9023db4183409ab29643916682d7786e79ede062854",
    "harbour/1": "1943a5087b7882da8332ae4392bb13951d309d7d22a7b6129d02eb535c86913c",
    "trilateral-single-text/4": "203e518366ff1babd730bd3f09ac6f5fc9b459de23bdff7754524b1d0ebf96b8",
}


def log_digest(scenario: Scenario, seed: int, **kwargs: Any) -> str:
    run = simulate(scenario, seed=seed, **kwargs)
    h = hashlib.sha256()
    for e in run.events:
        h.update(json.dumps(event_to_dict(e), sort_keys=True, separators=(",", ":")).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


@pytest.mark.parametrize("case", sorted(CASES))
def test_event_log_of_a_seed_is_pinned(case: str) -> None:
    make, seed, kwargs = CASES[case]
    digest = log_digest(make(), seed, **kwargs)
    if os.environ.get("ACCORD_PRINT_DIGESTS") == "1":
        print(f'    "{case}": "{digest}",')
    assert digest == DIGESTS[case]


def test_distribution_of_sixty_seeds_is_pinned() -> None:
    talks = get()
    dist = play_runs(talks, seeds=range(60))
    doc = dist.to_dict(talks)
    doc.pop("wall_s")
    doc.pop("jobs")
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8")).hexdigest()
    if os.environ.get("ACCORD_PRINT_DIGESTS") == "1":
        print(f'    "distribution/0-59": "{digest}",')
    assert digest == DIGESTS["distribution/0-59"]
