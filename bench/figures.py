"""The headline figures of the benchmarks, gathered into one table.

Each ``bench_*.py`` calls ``report_figure`` for its headline comparisons: it
prints one marker line (``BENCH-FIGURE {json}``) among its own output.
``bench/run_all.py`` (``./dev bench``) runs the scripts, collects the
markers with ``parse_markers`` and prints ``format_table`` at the end: each
figure, its baseline measured in the same run, the ratio and the aim.

The aim applies to the ratio (``aim_of="ratio"``, the default: "at least 0.5
of the one-row insert") or to the figure itself (``aim_of="figure"``: "1,200
people in under 1 s").
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

MARKER = "BENCH-FIGURE "


@dataclass(frozen=True)
class Figure:
    name: str
    figure: float
    baseline: float | None
    unit: str
    aim: float | None = None
    higher_is_better: bool = True
    aim_of: str = "ratio"
    script: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.figure / self.baseline

    @property
    def met(self) -> bool | None:
        """Whether the aim is met; None without an aim (or a ratio to judge)."""
        value = self.ratio if self.aim_of == "ratio" else self.figure
        if self.aim is None or value is None:
            return None
        return value >= self.aim if self.higher_is_better else value <= self.aim

    def aim_text(self) -> str:
        if self.aim is None:
            return "—"
        sign = "≥" if self.higher_is_better else "≤"
        if self.aim_of == "ratio":
            return f"ratio {sign} {self.aim:g}"
        return f"{sign} {self.aim:g} {self.unit}"


def report_figure(
    name: str,
    *,
    figure: float,
    baseline: float | None,
    unit: str,
    aim: float | None = None,
    higher_is_better: bool = True,
    aim_of: str = "ratio",
) -> Figure:
    """Print ``name``'s figure against its baseline as a marker line."""
    if aim_of not in {"ratio", "figure"}:
        raise ValueError(f"aim_of must be 'ratio' or 'figure', not {aim_of!r}")
    result = Figure(
        name=name,
        figure=float(figure),
        baseline=None if baseline is None else float(baseline),
        unit=unit,
        aim=aim,
        higher_is_better=higher_is_better,
        aim_of=aim_of,
    )
    payload = {
        key: getattr(result, key)
        for key in (
            "name",
            "figure",
            "baseline",
            "unit",
            "aim",
            "higher_is_better",
            "aim_of",
        )
    }
    print(MARKER + json.dumps(payload, ensure_ascii=False), flush=True)
    return result


def parse_marker(line: str, *, script: str = "") -> Figure | None:
    """The figure of a marker line, or None for any other line (or a
    marker whose JSON is broken: the script's own output stays as it is)."""
    line = line.strip()
    if not line.startswith(MARKER):
        return None
    try:
        data = json.loads(line[len(MARKER) :])
        return Figure(
            name=str(data["name"]),
            figure=float(data["figure"]),
            baseline=None if data.get("baseline") is None else float(data["baseline"]),
            unit=str(data.get("unit", "")),
            aim=None if data.get("aim") is None else float(data["aim"]),
            higher_is_better=bool(data.get("higher_is_better", True)),
            aim_of=data.get("aim_of", "ratio"),
            script=script,
        )
    except (ValueError, KeyError, TypeError):
        return None


def parse_markers(text: str, *, script: str = "") -> list[Figure]:
    return [
        figure
        for line in text.splitlines()
        if (figure := parse_marker(line, script=script)) is not None
    ]


def timed(function, *args, **kwargs) -> float:
    """Seconds ``function(*args, **kwargs)`` takes once."""
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


@dataclass(frozen=True)
class ScriptResult:
    """One script's run: its figures and how it ended."""

    script: str
    returncode: int
    figures: tuple[Figure, ...]

    @property
    def failed(self) -> bool:
        return self.returncode != 0 or not self.figures

    def failure(self) -> str:
        if self.returncode != 0:
            return f"FAILED (exit {self.returncode})"
        return "FAILED (no figure reported)"


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def format_table(results: list[ScriptResult]) -> str:
    """One table for every script's figures; a failed script is a row of
    its own, after the figures it did report."""
    header = ("script", "figure", "value", "baseline", "ratio", "aim", "met")
    rows = []
    for result in results:
        for figure in result.figures:
            met = {True: "yes", False: "NO", None: "—"}[figure.met]
            rows.append(
                (
                    result.script,
                    figure.name,
                    _number(figure.figure, figure.unit),
                    _number(figure.baseline, figure.unit),
                    "—" if figure.ratio is None else f"{figure.ratio:.2f}",
                    figure.aim_text(),
                    met,
                )
            )
        if result.failed:
            rows.append((result.script, result.failure(), "", "", "", "", "NO"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, tuple("-" * width for width in widths), *rows]
    ]
    figures = [figure for result in results for figure in result.figures]
    missed = sum(figure.met is False for figure in figures)
    failed = sum(result.failed for result in results)
    lines.append(
        f"{len(figures)} figures, {sum(f.aim is not None for f in figures)} with "
        f"an aim: {missed} missed; {len(results)} scripts: {failed} failed"
    )
    return "\n".join(line.rstrip() for line in lines)
