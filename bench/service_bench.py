"""Load on `accord serve`, loopback only and bounded: N concurrent sessions, every seat an HTTP agent.

Starts `accord serve` on a SQLite file, then on a throwaway PostgreSQL cluster (Debian's
postgresql, started and removed here), creates N sessions of ``job-offer`` (alternating
offers) at once and plays each with two agents (threads using accord.client), then prints
the actions stored per second and the p50 / p99 latency of ``POST .../actions`` as the
agents saw it. Writes bench/results/service.md.

    python bench/service_bench.py [N_SESSIONS]     # default 100
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "service"))

from service_servers import PgCluster, Server

from accord.client import SeatClient, create_session, play
from accord.engine.events import Action

SPECS = {"candidate": "boulware", "recruiter": "conceder"}
SCENARIO = "job-offer"
DEADLINE_S = 600.0


class TimedClient(SeatClient):
    """A seat client that records how long each action took to be acknowledged."""

    latencies: list[float]

    def act(self, action: Action | Any, expected_seq: int | None = None) -> dict[str, Any]:
        t = time.perf_counter()
        out = super().act(action, expected_seq)
        self.latencies.append(time.perf_counter() - t)
        return out


def load(db: str, n: int) -> dict[str, float]:
    server = Server(db).start()
    try:
        docs = [create_session(server.url, {"scenario": SCENARIO, "protocol": "saop", "seed": i}) for i in range(n)]
        latencies: list[float] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def run(link: str, spec: str) -> None:
            try:
                token = link.rsplit("/join/", 1)[1]
                with TimedClient(server.url, token, retry_s=5) as client:
                    client.latencies = []
                    play(client, spec, deadline_s=DEADLINE_S)
                with lock:
                    latencies.extend(client.latencies)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=run, args=(d["links"][s], spec)) for d in docs for s, spec in SPECS.items()]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(DEADLINE_S)
        wall = time.perf_counter() - t0
        if errors:
            raise RuntimeError(f"{len(errors)} agents failed; first: {errors[0]!r}")
    finally:
        server.stop()
    q = statistics.quantiles(latencies, n=100)
    return {
        "sessions": n,
        "actions": len(latencies),
        "wall_s": wall,
        "actions_per_s": len(latencies) / wall,
        "p50_ms": 1000 * q[49],
        "p99_ms": 1000 * q[98],
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("SQLite (WAL)", load(str(Path(tmp) / "bench.db"), n)))
    cluster = PgCluster()
    try:
        rows.append(("PostgreSQL", load(cluster.new_database(), n)))
    finally:
        cluster.stop()
    lines = [
        f"# accord serve under load: {n} concurrent {SCENARIO} sessions, {2 * n} HTTP agents (loopback)",
        "",
        "| store | sessions | actions | wall s | actions/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['sessions']:.0f} | {r['actions']:.0f} | {r['wall_s']:.1f} | {r['actions_per_s']:.0f} "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    lines += [
        "",
        "Latency: POST .../actions as the agent saw it (the server, the agents and the database share the machine).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if n == 100:
        (Path(__file__).parent / "results" / "service.md").write_text(text)


if __name__ == "__main__":
    main()
