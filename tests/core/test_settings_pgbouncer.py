"""PGBOUNCER_TRANSACTION_POOLING: what Django needs behind PgBouncer in
transaction pooling mode (README, "Growing past one machine")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://maillage@127.0.0.1:6432/maillage"
READ = (
    "import json, django; django.setup(); "
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS', False), "
    "d['CONN_MAX_AGE'], 'pool' in d.get('OPTIONS', {})]))"
)


def _database_settings(**env) -> list:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PGBOUNCER_TRANSACTION_POOLING", "CONN_MAX_AGE", "DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # Directly on PostgreSQL: server-side cursors, connections kept 60 s.
        ({"DATABASE_URL": POSTGRES}, [False, 60, False]),
        # Behind PgBouncer: no server-side cursor, a connection per request.
        (
            {"DATABASE_URL": POSTGRES, "PGBOUNCER_TRANSACTION_POOLING": "True"},
            [True, 0, False],
        ),
        # An explicit CONN_MAX_AGE still wins (connections to PgBouncer are cheap).
        (
            {
                "DATABASE_URL": POSTGRES,
                "PGBOUNCER_TRANSACTION_POOLING": "True",
                "CONN_MAX_AGE": "30",
            },
            [True, 30, False],
        ),
    ],
)
def test_pgbouncer_transaction_pooling_switch(env, expected):
    assert _database_settings(**env) == expected
