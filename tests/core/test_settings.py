import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _clean_environ() -> dict[str, str]:
    """The environment without what the test harness itself sets."""
    return {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}
    }


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **_clean_environ(),
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql//nowhere"),
        ("DATABASE_URL", "oracle://user@host/db"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("REDIS_URL", "redis://"),
    ],
)
def test_malformed_url_stops_start_up_with_one_line_naming_it(variable, value):
    result = _manage("check", **{variable: value})

    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(f"Configuration error: {variable}")
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy_without_warning():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "-production-like-secret-key-0123456789-abcdef",
        DEBUG="False",
        ALLOWED_HOSTS="maillage.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Configuration error: SECRET_KEY must be set to a random string of at least 50 characters."
    )
