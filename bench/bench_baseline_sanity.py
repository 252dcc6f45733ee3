"""What the foundation's database settings buy, on the one-row baseline view.

1. PostgreSQL: persistent connections (``CONN_MAX_AGE=60``) against a new
   connection per request (``CONN_MAX_AGE=0``).
2. SQLite: WAL journal (the default) against the rollback journal (``DELETE``).

Each pair runs in the same process, one after the other, 50 clients each.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import report_figure  # noqa: E402
from bench.harness import (  # noqa: E402
    ROOT,
    BenchServer,
    baseline_request,
    baseline_setup,
    prepare_database,
    run_load,
)

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def measure(label: str, *, database_url=None, env=None):
    with BenchServer(database_url=database_url, env=env) as server:
        return run_load(
            server,
            baseline_request,
            setup=baseline_setup,
            clients=50,
            seconds=SECONDS,
            label=label,
        )


def main() -> None:
    prepare_database()
    persistent = measure("PostgreSQL, persistent connections")
    closing = measure(
        "PostgreSQL, one connection per request", env={"CONN_MAX_AGE": "0"}
    )
    print(closing.report(persistent))
    print(
        f"persistent connections multiply throughput by {persistent.throughput / closing.throughput:.1f}"
    )
    report_figure(
        "PostgreSQL persistent connections vs one per request",
        figure=persistent.throughput,
        baseline=closing.throughput,
        unit="req/s",
    )

    prepare_database(SQLITE_URL)
    wal = measure("SQLite WAL", database_url=SQLITE_URL)
    rollback = measure(
        "SQLite rollback journal",
        database_url=SQLITE_URL,
        env={"SQLITE_JOURNAL_MODE": "DELETE"},
    )
    print(rollback.report(wal))
    print(
        f"WAL multiplies throughput by {wal.throughput / max(rollback.throughput, 0.01):.1f}"
    )
    report_figure(
        "SQLite WAL vs rollback journal",
        figure=wal.throughput,
        baseline=rollback.throughput,
        unit="req/s",
    )


if __name__ == "__main__":
    main()
