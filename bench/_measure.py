"""What the PDF benchmarks share: a throw-away SQLite database per run, each
step in a fresh subprocess (so that peak memory, ``ru_maxrss``, is that step's
only) reporting one JSON line, and the pipeline's renderer for a plan.

Used by bench_reports.py, bench_evaluation_report.py and bench_bilan_serie.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environ(workdir: Path) -> dict[str, str]:
    """The environment of a subprocess working on ``workdir``'s database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MAILLAGE_VAR_DIR": str(workdir),
        "MAILLAGE_CELERY_EAGER": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def setup_django():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()


def run_json(script: str, workdir: Path, *args: str) -> dict:
    """Run ``script`` with ``args`` in a fresh process on ``workdir``'s
    database; returns the JSON of its last line of output."""
    result = subprocess.run(
        [sys.executable, script, *args],
        env=environ(workdir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_step(args, *, populate, measure=None) -> bool:
    """When this process is a step run by ``run_json`` (``--populate`` or
    ``--measure`` with its JSON argument): set Django up, run the step and
    print its JSON result; says whether it was one."""
    for step, function in (("populate", populate), ("measure", measure)):
        argument = getattr(args, step, None)
        if argument and function:
            setup_django()
            print(json.dumps(function(json.loads(argument))))
            return True
    return False


def report_render(
    label: str, ours: dict, base: dict, *, aim: float | None = None, memory=True
) -> None:
    """The table's rows (``bench.figures``) of a render against its baseline,
    each a measurement's ``seconds`` and ``peak_mb``: the time (judged by
    ``aim``, a ratio at most) and, when ``memory``, the peak memory."""
    from figures import report_figure

    rows = [("time", "seconds", "s", aim)]
    if memory:
        rows.append(("peak memory", "peak_mb", "MB", None))
    for what, key, unit, row_aim in rows:
        report_figure(
            f"{label}, {what}",
            figure=ours[key],
            baseline=base[key],
            unit=unit,
            aim=row_aim,
            higher_is_better=False,
        )


def peak_mb() -> float:
    """This process's peak memory so far, in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def renderer(builder, plan):
    """The pipeline's renderer of ``plan``, in French, as a worker makes it."""
    from reports.rendering import DocumentRenderer

    return DocumentRenderer(
        template_name=builder.template_name,
        plan=plan,
        language="fr",
        weight_limit=builder.section_weight_limit,
    )
