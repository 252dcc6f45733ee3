"""core.db.prepared_cursor: a Django cursor whose statements are prepared."""

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.db import prepared_cursor

pytestmark = pytest.mark.django_db


def test_it_runs_statements_with_parameters_and_django_counts_them():
    with CaptureQueriesContext(connection) as queries:
        with prepared_cursor() as cursor:
            cursor.execute("SELECT %s + %s", [20, 22])
            (value,) = cursor.fetchone()

    assert value == 42
    assert len(queries) == 1


def test_database_errors_are_django_errors():
    Session.objects.create(
        session_key="same", session_data="", expire_date=timezone.now()
    )
    table = connection.ops.quote_name(Session._meta.db_table)

    with pytest.raises(IntegrityError):
        with prepared_cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (session_key, session_data, expire_date) "  # noqa: S608
                "VALUES (%s, %s, %s)",
                ["same", "", timezone.now()],
            )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_on_postgresql_the_statement_is_prepared_with_a_generic_plan():
    for _ in range(2):
        with prepared_cursor() as cursor:
            cursor.execute("SELECT %s::int * 2 AS maillage_prepared_check", [21])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%%maillage_prepared_check%%'"
        )
        assert cursor.fetchall() == [(2, 0)]
