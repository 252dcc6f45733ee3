"""Run the benchmarks and print one table of their figures (``./dev bench``).

    python bench/run_all.py                       # every bench/bench_*.py
    python bench/run_all.py registration tables   # a subset, by name
    python bench/run_all.py --quiet ...           # output only in the logs

Each script runs in its own process; its output streams to the terminal and
to ``var/bench/<name>.log``. The marker lines it prints (``report_figure``)
make the table printed at the end. A script that fails (non-zero exit) or
reports no figure is a row marked failed, and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import ScriptResult, format_table, parse_marker  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def available() -> dict[str, Path]:
    """The benchmarks by short name: ``registration`` for bench_registration.py."""
    return {
        path.stem.removeprefix("bench_"): path
        for path in sorted(BENCH_DIR.glob("bench_*.py"))
    }


def select(names: list[str], scripts: dict[str, Path]) -> dict[str, Path]:
    """The scripts named (``registration``, ``bench_registration`` or
    ``bench_registration.py``), in the order given; all when none is."""
    if not names:
        return scripts
    chosen = {}
    for name in names:
        short = Path(name).name.removesuffix(".py").removeprefix("bench_")
        if short not in scripts:
            raise SystemExit(
                f"No benchmark named {name!r}; choose among: {', '.join(scripts)}"
            )
        chosen[short] = scripts[short]
    return chosen


def run_script(
    name: str, path: Path, *, log_dir: Path, echo: bool = True
) -> ScriptResult:
    """Run one benchmark, streaming its output, and collect its figures."""
    log_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with (log_dir / f"{name}.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            if echo:
                sys.stdout.write(line)
                sys.stdout.flush()
            figure = parse_marker(line, script=name)
            if figure is not None:
                figures.append(figure)
        returncode = process.wait()
    return ScriptResult(script=name, returncode=returncode, figures=tuple(figures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="write each script's output to its log only",
    )
    parser.add_argument(
        "--log-dir", type=Path, default=ROOT / "var" / "bench", help="logs' folder"
    )
    args = parser.parse_args(argv)
    chosen = select(args.names, available())
    results = []
    for name, path in chosen.items():
        print(
            f"== {path.relative_to(ROOT)} (log: {args.log_dir / name}.log)", flush=True
        )
        results.append(
            run_script(name, path, log_dir=args.log_dir, echo=not args.quiet)
        )
    print()
    print(format_table(results))
    return 1 if any(result.failed for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
