"""``./dev bench``'s collector: marker lines, ratios, aims and the table.

The benchmarks themselves are not run here (they take minutes); fake
scripts stand in for them.
"""

import textwrap

import pytest

from bench import run_all
from bench.figures import (
    MARKER,
    Figure,
    ScriptResult,
    format_table,
    parse_marker,
    parse_markers,
    report_figure,
)


def test_report_figure_prints_one_marker_line_that_parses_back(capsys):
    report_figure(
        "public registrations vs one-row insert",
        figure=250.0,
        baseline=400.0,
        unit="req/s",
        aim=0.5,
    )

    line = capsys.readouterr().out
    assert line.startswith(MARKER)
    assert line.count("\n") == 1
    figure = parse_marker(line, script="registration")
    assert figure == Figure(
        name="public registrations vs one-row insert",
        figure=250.0,
        baseline=400.0,
        unit="req/s",
        aim=0.5,
        higher_is_better=True,
        aim_of="ratio",
        script="registration",
    )


def test_parse_markers_keeps_only_marker_lines_and_skips_broken_ones():
    output = "\n".join(
        [
            "cache and broker: redis://127.0.0.1:6379/14",
            MARKER + '{"name": "a", "figure": 2, "baseline": 4, "unit": "s"}',
            "ratio per round: 0.51, 0.49",
            MARKER + "{not json",
            MARKER + '{"figure": 1}',
            "  " + MARKER + '{"name": "b", "figure": 3, "baseline": null, "unit": ""}',
        ]
    )

    figures = parse_markers(output, script="x")

    assert [(f.name, f.figure, f.baseline, f.script) for f in figures] == [
        ("a", 2.0, 4.0, "x"),
        ("b", 3.0, None, "x"),
    ]


def test_ratio_is_figure_over_baseline_and_none_without_a_baseline():
    assert Figure("a", figure=3.0, baseline=4.0, unit="s").ratio == 0.75
    assert Figure("a", figure=3.0, baseline=None, unit="s").ratio is None
    assert Figure("a", figure=3.0, baseline=0.0, unit="s").ratio is None


@pytest.mark.parametrize(
    ("figure", "baseline", "aim", "higher_is_better", "aim_of", "met"),
    [
        (60, 100, 0.5, True, "ratio", True),  # throughput 0.6 >= 0.5
        (40, 100, 0.5, True, "ratio", False),
        (50, 100, 0.5, True, "ratio", True),  # exactly at the aim
        (1.2, 1.0, 1.3, False, "ratio", True),  # time 1.2 <= 1.3
        (1.4, 1.0, 1.3, False, "ratio", False),
        (0.7, 0.01, 1.0, False, "figure", True),  # 0.7 s < 1 s, ratio 70
        (1.5, 0.01, 1.0, False, "figure", False),
        (1.5, 0.01, None, False, "ratio", None),  # no aim: nothing to meet
        (1.5, None, 2.0, False, "ratio", None),  # no baseline: no ratio
    ],
)
def test_aim_met_or_not(figure, baseline, aim, higher_is_better, aim_of, met):
    result = Figure(
        "x",
        figure=figure,
        baseline=baseline,
        unit="s",
        aim=aim,
        higher_is_better=higher_is_better,
        aim_of=aim_of,
    )

    assert result.met is met


def test_report_figure_refuses_an_unknown_aim_kind():
    with pytest.raises(ValueError, match="aim_of"):
        report_figure("x", figure=1, baseline=1, unit="s", aim_of="baseline")


def test_table_has_a_row_per_figure_with_baseline_ratio_aim_and_verdict():
    results = [
        ScriptResult(
            "registration",
            0,
            (
                Figure(
                    "registrations vs insert",
                    figure=235.0,
                    baseline=395.0,
                    unit="req/s",
                    aim=0.5,
                ),
            ),
        ),
        ScriptResult(
            "reports",
            0,
            (
                Figure(
                    "programme: job vs alone",
                    figure=1.5,
                    baseline=1.0,
                    unit="s",
                    aim=1.3,
                    higher_is_better=False,
                ),
                Figure(
                    "aide-mémoire peak memory",
                    figure=176,
                    baseline=438,
                    unit="MB",
                    higher_is_better=False,
                ),
            ),
        ),
    ]

    table = format_table(results).splitlines()

    assert table[0].split() == [
        "script",
        "figure",
        "value",
        "baseline",
        "ratio",
        "aim",
        "met",
    ]
    registration = next(line for line in table if "registrations vs insert" in line)
    assert "235 req/s" in registration
    assert "395 req/s" in registration
    assert "0.59" in registration
    assert "ratio ≥ 0.5" in registration
    assert registration.endswith("yes")
    programme = next(line for line in table if "programme" in line)
    assert "1.50" in programme and "ratio ≤ 1.3" in programme
    assert programme.endswith("NO")
    memory = next(line for line in table if "peak memory" in line)
    assert "0.40" in memory and memory.endswith("—")
    assert table[-1] == "3 figures, 2 with an aim: 1 missed; 2 scripts: 0 failed"


def test_a_failed_script_is_a_row_after_the_figures_it_reported():
    figure = Figure("assignment", figure=0.7, baseline=0.01, unit="s", aim=1.0)
    results = [
        ScriptResult("assignment", 1, (figure,)),
        ScriptResult("tables", 0, ()),
    ]

    table = format_table(results).splitlines()

    assert results[0].failed and results[1].failed
    rows = [line for line in table if line.startswith(("assignment", "tables"))]
    assert "assignment" in rows[0] and "0.7 s" in rows[0]
    assert "FAILED (exit 1)" in rows[1] and rows[1].endswith("NO")
    assert "FAILED (no figure reported)" in rows[2] and rows[2].endswith("NO")
    assert table[-1].endswith("2 scripts: 2 failed")


def _fake_benches(tmp_path, monkeypatch, scripts: dict[str, str]):
    folder = tmp_path / "bench"
    folder.mkdir()
    for name, body in scripts.items():
        (folder / f"bench_{name}.py").write_text(
            textwrap.dedent(
                f"""\
                import sys
                sys.path.insert(0, {str(run_all.ROOT)!r})
                from bench.figures import report_figure
                """
            )
            + textwrap.dedent(body)
        )
    monkeypatch.setattr(run_all, "BENCH_DIR", folder)
    monkeypatch.setattr(run_all, "ROOT", tmp_path)
    return folder


def test_run_all_runs_each_script_logs_it_and_prints_one_table(
    tmp_path, monkeypatch, capsys
):
    _fake_benches(
        tmp_path,
        monkeypatch,
        {
            "fast": """
                print("fast: 120 req/s")
                report_figure("fast vs baseline", figure=120, baseline=200,
                              unit="req/s", aim=0.5)
            """,
            "broken": """
                report_figure("broken, first half", figure=1.0, baseline=1.0,
                              unit="s", aim=1.3, higher_is_better=False)
                raise SystemExit(3)
            """,
            "other": "print('not asked for')\n",
        },
    )
    logs = tmp_path / "logs"

    status = run_all.main(["fast", "bench_broken.py", "--log-dir", str(logs)])

    out = capsys.readouterr().out
    assert status == 1
    assert "fast: 120 req/s" in out  # streamed
    assert "not asked for" not in out
    assert "fast: 120 req/s" in (logs / "fast.log").read_text()
    assert not (logs / "other.log").exists()
    table = out[out.index("script  ") :].splitlines()
    assert any("fast vs baseline" in line and line.endswith("yes") for line in table)
    assert any("broken, first half" in line for line in table)
    assert any("broken" in line and "FAILED (exit 3)" in line for line in table)


def test_run_all_exits_zero_when_every_script_reports_and_quiet_keeps_logs_only(
    tmp_path, monkeypatch, capsys
):
    _fake_benches(
        tmp_path,
        monkeypatch,
        {
            "one": """
                print("detail of one")
                report_figure("one", figure=1, baseline=2, unit="s")
            """
        },
    )

    status = run_all.main(["--quiet", "--log-dir", str(tmp_path / "logs")])

    out = capsys.readouterr().out
    assert status == 0
    assert "detail of one" not in out
    assert "detail of one" in (tmp_path / "logs" / "one.log").read_text()
    assert out.rstrip().endswith(
        "1 figures, 0 with an aim: 0 missed; 1 scripts: 0 failed"
    )


def test_run_all_names_the_benchmarks_when_one_is_unknown(tmp_path, monkeypatch):
    _fake_benches(tmp_path, monkeypatch, {"one": "pass\n"})

    with pytest.raises(SystemExit, match="choose among: one"):
        run_all.main(["nonesuch", "--log-dir", str(tmp_path / "logs")])


def test_every_benchmark_script_reports_its_figures():
    """A new bench_*.py joins the table only if it calls report_figure (or
    the PDF benchmarks' report_render, or a Comparison's report_figure)."""
    scripts = run_all.available()

    assert len(scripts) >= 9
    for name, path in scripts.items():
        text = path.read_text()
        assert "report_figure(" in text or "report_render(" in text, name
