"""The service suite runs on SQLite and on a real PostgreSQL cluster that it starts itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from service_servers import PgCluster


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    cluster = PgCluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "sessions.db")
    cluster: PgCluster = request.getfixturevalue("pg")
    return cluster.new_database()
