"""Schema-driven fuzzing (schemathesis, from the app's OpenAPI schema): no request gets a 5xx.

Every operation gets generated requests, half of them carrying a real session id and a
real link (so they reach past authentication), bounded in count; waits are kept short.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.service.app import create_app

EXAMPLES = 25


def test_no_request_gets_a_server_error(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "fuzz.db"))
    with TestClient(app) as client:
        made = client.post("/api/sessions", json={"scenario": "abu-dhabi-2026", "seed": 3}).json()
    tokens = [made["organiser"], made["observer"], *made["seats"].values()]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    seen: Counter[int] = Counter()
    turn = itertools.count()
    for op in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy(), real=st.booleans())
        def probe(case: schemathesis.Case, real: bool) -> None:
            if real:
                if case.path_parameters and "sid" in case.path_parameters:
                    case.path_parameters["sid"] = made["id"]
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[next(turn) % len(tokens)]}"}
            if case.query is not None:
                if "wait" in case.query:
                    case.query["wait"] = 0
                if "for_s" in case.query:
                    case.query["for_s"] = 0
            if case.path.endswith("/stream"):
                case.query = {**(case.query or {}), "for_s": 0}
            response = case.call()
            seen[response.status_code // 100] += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path}: {response.status_code} {response.text[:300]}")

        probe()
    assert not failures, failures[:5]
    assert seen[2] > 20 and seen[4] > 20, seen  # the fuzzing reached past the checks, and was refused too


@pytest.mark.parametrize("path", ["/openapi.json", "/docs"])
def test_the_schema_and_its_docs_are_served(tmp_path: Path, path: str) -> None:
    with TestClient(create_app(str(tmp_path / "s.db"))) as client:
        assert client.get(path).status_code == 200
