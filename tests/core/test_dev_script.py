import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dev_says_clearly_when_no_python_312_is_found(tmp_path):
    """With only an older python3 on PATH and no pyenv, ./dev stops with a clear message."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    old_python = fake_bin / "python3"
    old_python.write_text(
        "#!/bin/sh\nexit 1\n"
    )  # answers "too old" to the version probe
    old_python.chmod(0o755)

    result = subprocess.run(
        ["/bin/bash", str(ROOT / "dev"), "test"],
        env={
            "PATH": f"{fake_bin}:/bin",
            "HOME": str(tmp_path),
            "PYENV_ROOT": str(tmp_path / "no-pyenv"),
            "MAILLAGE_VENV": str(tmp_path / "venv"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "needs Python 3.12 or newer" in result.stderr
    assert not (tmp_path / "venv").exists()
