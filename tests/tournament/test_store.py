"""The results file: one row per negotiation, never twice; read back exactly; exported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tournament_support import reference, small_config

from accord.errors import TournamentError
from accord.tournament import ResultStore, export


def test_records_round_trip_and_duplicates_are_ignored(tmp_path: Path) -> None:
    ref = reference()
    path = tmp_path / "r.sqlite"
    with ResultStore(path) as store:
        assert store.add(ref[:10]) == 10
        assert store.add(ref[5:20]) == 10
        assert store.count() == 20 and store.duplicates() == 0
        assert store.records() == list(ref[:20])
        assert store.done_keys() == {r.key for r in ref[:20]}


def test_results_file_belongs_to_one_configuration(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    cfg = small_config()
    with ResultStore(path) as store:
        store.bind(cfg.to_dict(), cfg.fingerprint(), planned=36)
        store.bind(cfg.replace(name="renamed").to_dict(), cfg.fingerprint(), planned=36)
        other = cfg.replace(seed=99, repetitions=3)
        with pytest.raises(TournamentError, match="changed: repetitions, seed"):
            store.bind(other.to_dict(), other.fingerprint(), planned=54)
        store.clear()
        store.bind(other.to_dict(), other.fingerprint(), planned=54)
        assert store.planned() == 54 and store.stored_config() == other.to_dict()


def test_not_a_results_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database at all, just text " * 100)
    with pytest.raises(TournamentError, match="not a tournament results file"):
        ResultStore(junk)
    with pytest.raises(TournamentError, match="no results file"):
        ResultStore(tmp_path / "missing.sqlite", readonly=True)


def test_export_csv_and_parquet(tmp_path: Path) -> None:
    ref = reference()
    pq = pytest.importorskip("pyarrow.parquet")
    export(ref, tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(ref)
    first = ref[0]
    assert rows[0]["key"] == first.key and rows[0]["strategy_1"] == first.strategies[1]
    assert float(rows[0]["utility_0"]) == first.utilities[0]
    export(ref, tmp_path / "r.parquet")
    table = pq.read_table(tmp_path / "r.parquet").to_pydict()
    assert table["key"] == [r.key for r in ref]
    assert table["welfare"] == [r.welfare for r in ref]
    assert table["advantage_1"] == [r.advantages[1] for r in ref]
    with pytest.raises(TournamentError, match=r"use a \.csv or \.parquet file"):
        export(ref, tmp_path / "r.xlsx")


def test_the_end_at_the_deadline_is_named_deadline_and_old_files_read_so(tmp_path: Path) -> None:
    import sqlite3

    from accord.tournament.records import TIMEOUT

    assert TIMEOUT == "deadline"
    ref = list(reference())
    ref[1] = ref[1]._replace(end=TIMEOUT, agreement=None, outcome=None)  # this one reached the deadline
    path = tmp_path / "old.sqlite"
    with ResultStore(path) as store:
        store.add(ref)
    with sqlite3.connect(path) as db:  # as a file written before the end was renamed
        db.execute("UPDATE negotiations SET end_kind = 'timeout' WHERE end_kind = 'deadline'")
    with ResultStore(path, readonly=True) as store:
        assert store.records() == list(ref)
