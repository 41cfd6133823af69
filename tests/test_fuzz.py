"""Fuzzing every reader of user files: only documented errors, utilities in [0, 1], no hang.

Seeded and bounded (``derandomize``, a fixed number of examples, a time limit per example):
the scenario loader (TOML and JSON), the GENIUS and GeniusWeb importers, tournament
configurations and ``replay``'s event logs, each from real files mutated at random places
(values replaced by hostile ones: huge or non-finite numbers, wrong types, deep nesting,
markup; keys removed; bytes changed).
"""

from __future__ import annotations

import copy
import json
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.model import Scenario
from shared_data import SCENARIOS

EXAMPLES = 150
LIMIT_S = 20  # no single input may take longer (a hang fails the test)
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextmanager
def bounded(seconds: int = LIMIT_S) -> Iterator[None]:
    def timeout(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"an input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def deep(n: int) -> Any:
    v: Any = 1
    for _ in range(n):
        v = [v]
    return v


HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 1, 2**31, 2**63, 10**9, 10**12, -(2**63), 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 1e-9, 1e-320, 5e-324]),
    st.text(max_size=12),
    st.sampled_from(["[/]", "[red]x", "", " ", "\x00", "a" * 2000, "maybe", "ab", "UTF-16"]),
    st.lists(st.integers(0, 5), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.builds(deep, st.sampled_from([50, 5000])),  # a fresh object each time: mutations never share it
    st.sampled_from(['{"a": {"b": {"c": []}}}', "[[1, 2], [3]]"]).map(json.loads),
)


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON-like document (dict keys and list indices)."""
    yield prefix
    if len(prefix) > 12:
        return
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from paths(v, (*prefix, i))


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with one to three places replaced by a hostile value (or removed)."""
    out = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in paths(out) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        parent = out
        for key in place[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.booleans()) and draw(st.booleans()):
            del parent[place[-1]]
        else:
            parent[place[-1]] = draw(HOSTILE)
    return out


def check_utilities(scenario: Scenario) -> None:
    """A few outcomes of every party: utilities are finite and in [0, 1]."""
    space = scenario.space
    rng = np.random.default_rng(0)
    size = space.size
    picks = [0, size - 1, *(int(x) for x in rng.integers(0, size, 8))] if size < 2**62 else [0]
    outcomes = np.asarray([space.outcome(i) for i in picks], dtype=np.int64)
    for p in scenario.negotiators:
        u = scenario.preferences(p.id).evaluate(outcomes)
        assert np.all(np.isfinite(u)) and float(u.min()) >= -1e-9 and float(u.max()) <= 1 + 1e-9, (p.id, u)
        assert 0.0 <= scenario.preferences(p.id).reservation <= 1.0


def loads_and_holds(load: Callable[[], Any]) -> None:
    """``load`` a scenario: a documented error, or a scenario whose utilities lie in [0, 1]."""
    loaded = must_be_documented(load)
    if loaded is not None:
        with bounded():
            check_utilities(loaded if isinstance(loaded, Scenario) else loaded.scenario)


def must_be_documented(action: Callable[[], Any]) -> Any:
    """Run ``action``: a result, or an error of accord's documented tree (nothing else)."""
    with bounded():
        try:
            return action()
        except AccordError:
            return None


# -- the scenario loader --------------------------------------------------------------------------
def _scenario_doc(name: str) -> dict[str, Any]:
    import tomllib

    path = Path(__file__).resolve().parents[1] / "src" / "accord" / "scenarios" / "data" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


JOB = _scenario_doc("job-offer")
HARBOUR = _scenario_doc("harbour-development")


@FUZZ
@given(doc=st.one_of(mutated(JOB), mutated(HARBOUR)))
def test_the_scenario_loader(doc: dict[str, Any]) -> None:
    from accord.formats.accord_file import loads_scenario

    try:
        text = json.dumps(doc)
    except (ValueError, RecursionError):
        return  # not representable as JSON: nothing to feed
    loads_and_holds(lambda: loads_scenario(text, kind="json", source="fuzz.json"))


@FUZZ
@given(data=st.data())
def test_the_scenario_loader_on_damaged_toml(data: st.DataObject) -> None:
    from accord.formats.accord_file import loads_scenario

    path = Path(__file__).resolve().parents[1] / "src" / "accord" / "scenarios" / "data" / "job-offer.toml"
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i : i + 1] = data.draw(st.sampled_from([b"", b"[", b"]", b'"', b"=", b"\xef\xbb\xbf", b"9" * 30, b"\n"]))
    text = bytes(raw).decode("utf-8", errors="replace")
    loads_and_holds(lambda: loads_scenario(text, kind="toml", source="fuzz.toml"))


# -- the importers ----------------------------------------------------------------------------------
def _xml_mutations(text: str, data: st.DataObject) -> str:
    import re

    numbers = list(re.finditer(r'"(-?[0-9.eE+]+)"', text))
    for _ in range(data.draw(st.integers(1, 3))):
        if numbers and data.draw(st.booleans()):
            m = data.draw(st.sampled_from(numbers))
            value = data.draw(st.sampled_from(["1e308", "-1e308", "nan", "inf", "-5", "", "x", "9" * 40, "1e-320"]))
            text = text[: m.start(1)] + value + text[m.end(1) :]
            numbers = list(re.finditer(r'"(-?[0-9.eE+]+)"', text))
        else:
            i = data.draw(st.integers(0, max(0, len(text) - 1)))
            text = (
                text[:i] + data.draw(st.sampled_from(["<", ">", "</x>", "<ufun>" * 3000, '"', "&amp;", ""])) + text[i:]
            )
    return text


GENIUS = SCENARIOS / "genius" / "anac" / "y2012" / "CameraB"
GENIUSWEB = SCENARIOS / "geniusweb" / "Fitness"


def copy_of(tmp_path_factory: pytest.TempPathFactory, source: Path, pattern: str, data: st.DataObject) -> Path:
    """A copy of a real folder, and one of its files (drawn) to damage."""
    folder = tmp_path_factory.mktemp(source.name)
    shutil.copytree(source, folder, dirs_exist_ok=True)
    return data.draw(st.sampled_from(sorted(folder.glob(pattern))))


@FUZZ
@given(data=st.data())
def test_the_genius_importer(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    from accord.formats.detect import load_scenario

    victim = copy_of(tmp_path_factory, GENIUS, "*.xml", data)
    victim.write_text(_xml_mutations(victim.read_text(encoding="utf-8"), data), encoding="utf-8")
    loads_and_holds(lambda: load_scenario(victim.parent))


@FUZZ
@given(data=st.data())
def test_the_geniusweb_importer(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    from accord.formats.detect import load_scenario

    victim = copy_of(tmp_path_factory, GENIUSWEB, "*.json", data)
    try:
        victim.write_text(json.dumps(data.draw(mutated(json.loads(victim.read_text(encoding="utf-8"))))))
    except (ValueError, RecursionError):
        return
    loads_and_holds(lambda: load_scenario(victim.parent))


# -- tournament configurations ------------------------------------------------------------------------
CONFIG = {
    "name": "fuzz",
    "strategies": ["boulware", "conceder", "random(p=0.2)"],
    "scenarios": ["job-offer"],
    "deadline": 20,
    "repetitions": 2,
    "seed": 1,
    "protocol_options": {"n_rounds": 10},
}


@FUZZ
@given(doc=mutated(CONFIG))
def test_tournament_configurations(doc: dict[str, Any]) -> None:
    from accord.tournament.config import loads_config
    from accord.tournament.runner import prepare

    try:
        text = json.dumps(doc)
    except (ValueError, RecursionError):
        return
    config = must_be_documented(lambda: loads_config(text, kind="json", source="fuzz.json"))
    if config is not None and config.repetitions <= 10:  # planning is checked, not timed, here
        must_be_documented(lambda: prepare(config))


# -- replay ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    from accord.engine.record import write_log
    from accord.engine.runner import simulate
    from accord.formats import load_scenario

    s = load_scenario("job-offer")
    run = simulate(s, protocol="saop", strategies={"candidate": "boulware"}, config={"n_rounds": 12}, seed=1)
    path = tmp_path_factory.mktemp("log") / "events.jsonl"
    write_log(path, s, run.events)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@FUZZ
@given(data=st.data())
def test_replay(tmp_path_factory: pytest.TempPathFactory, recorded: list[Any], data: st.DataObject) -> None:
    from accord.engine.protocols.base import replay
    from accord.engine.record import check_chain, check_origin, read_log
    from accord.formats import load_scenario

    lines = data.draw(mutated(recorded))
    path = tmp_path_factory.mktemp("replay") / "events.jsonl"
    try:
        path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    except (ValueError, RecursionError):
        return
    s = load_scenario("job-offer")

    def attempt() -> Any:
        log = read_log(path)
        check_origin(s, log)
        replay(s, log.events)
        check_chain(log)
        return log

    log = must_be_documented(attempt)
    if log is not None:  # accepted: only when no event was changed
        assert [x for x in lines if not (isinstance(x, dict) and "seal" in x)] == recorded[:-1]
