"""The PostgreSQL flush between transactional tests (tests/conftest.py):
DELETEs of the tables holding rows, with the end state of Django's TRUNCATE."""

import pytest
from django.core.management.color import no_style
from django.db import connection

from tests.conftest import delete_flush
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's flush (SQLite's deletes its rows already)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _tables():
    return connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )


def test_the_flush_in_use_is_the_delete_flush():
    assert type(connection.ops).sql_flush is delete_flush


def test_it_deletes_only_the_tables_holding_rows_and_empties_them():
    from partners.models import Membership, Organisation, Person

    MembershipFactory()  # a membership, its person and its organisation
    holding = {model._meta.db_table for model in (Membership, Organisation, Person)}

    statements = connection.ops.sql_flush(no_style(), _tables())
    connection.ops.execute_sql_flush(statements)

    deleted = {s.removeprefix("DELETE FROM ").strip('";') for s in statements}
    assert holding <= deleted  # referenced rows go in the same transaction
    assert all(s.startswith("DELETE FROM ") for s in statements)
    assert Membership.objects.count() == Person.objects.count() == 0
    assert Organisation.objects.count() == 0
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quoted})")  # noqa: S608
            assert cursor.fetchone() == (False,), table


def test_nothing_to_delete_gives_no_statement():
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), _tables()))

    assert connection.ops.sql_flush(no_style(), _tables()) == []


def test_a_reset_of_sequences_still_truncates():
    statements = connection.ops.sql_flush(no_style(), _tables(), reset_sequences=True)

    assert statements[0].startswith("TRUNCATE") and "RESTART IDENTITY" in statements[0]
