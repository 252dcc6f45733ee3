"""Sanity check of the harness: the baseline against itself (ratio close to 1).

Also measures what persistent connections buy: the baseline with
``CONN_MAX_AGE=0`` against the default (60 s).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    BenchServer,
    baseline_request,
    baseline_setup,
    run_load,
    setup_django,
)

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))


def main() -> None:
    setup_django()
    with BenchServer() as server:
        first = run_load(
            server,
            baseline_request,
            setup=baseline_setup,
            clients=50,
            seconds=SECONDS,
            label="baseline",
        )
    os.environ["CONN_MAX_AGE"] = "0"
    with BenchServer() as server:
        closing = run_load(
            server,
            baseline_request,
            setup=baseline_setup,
            clients=50,
            seconds=SECONDS,
            label="baseline without persistent connections",
        )
    print(closing.report(first))


if __name__ == "__main__":
    main()
