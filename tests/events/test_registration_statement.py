"""Registration on PostgreSQL: one statement when every capped part has a seat.

The outcomes (seats, waiting lists, duplicates) are tested for both databases
in test_services.py and test_concurrency.py; these check what the single
statement itself promises.
"""

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from core.consent import consent_in_force
from events.models import Registration, RegistrationPart, Seat
from events.services import RegistrationError, register_participant
from tests.factories import (
    CharterVersionFactory,
    EventFactory,
    EventPartFactory,
    registration_data,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the one-statement registration is PostgreSQL's (SQLite takes the "
    "transaction, tested by the rest of the suite)",
)


def _data(email="marie@example.org", **extra):
    return registration_data(
        email,
        wants_lunch=True,
        dietary_needs="végétarien",
        organisation_name="Association des Amis",
        language="en",
        **extra,
    )


@pytest.mark.django_db(transaction=True)
def test_a_registration_with_free_seats_is_one_statement_storing_every_field():
    version = CharterVersionFactory(number=2)
    event = EventFactory(is_registration_open=True, charter=version.charter)
    morning = EventPartFactory(event=event, capacity=10)
    afternoon = EventPartFactory(event=event)
    assert event.charter.current_version == version  # read, as the page's snapshot
    consent_text = consent_in_force()  # the page's cached text in force

    with CaptureQueriesContext(connection) as queries:
        registration = register_participant(
            event=event,
            data=_data("Marie@Example.org"),
            parts=[morning, afternoon],
            consent=True,
            consent_text=consent_text,
            accept_charter=True,
        )

    assert len(queries) == 1, [q["sql"] for q in queries]
    stored = Registration.objects.get()
    assert (stored.pk, stored.token) == (registration.pk, registration.token)
    assert {
        field.attname: getattr(stored, field.attname)
        for field in Registration._meta.concrete_fields
    } == {
        field.attname: getattr(registration, field.attname)
        for field in Registration._meta.concrete_fields
    }
    assert (
        stored.email,
        stored.charter_version,
        stored.confirmation_pending,
        stored.language,
        stored.waiting_position,
        stored.consent_at is not None,
    ) == ("marie@example.org", version, True, "en", None, True)
    choices = {c.part_id: c for c in stored.part_choices.all()}
    assert {pk: c.waiting_position for pk, c in choices.items()} == {
        morning.pk: None,
        afternoon.pk: None,
    }
    assert Seat.objects.get(holder__isnull=False).holder == choices[morning.pk]
    assert Seat.objects.get(holder__isnull=False).number == 1


@pytest.mark.django_db(transaction=True)
def test_a_full_part_writes_nothing_at_once_and_queues_in_a_transaction():
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=1)
    register_participant(
        event=event, data=_data("a@example.org"), parts=[part], consent=True
    )

    with CaptureQueriesContext(connection) as queries:
        second = register_participant(
            event=event, data=_data("b@example.org"), parts=[part], consent=True
        )

    statements = [q["sql"] for q in queries]
    assert "WITH event AS" in statements[0]
    assert len(statements) > 1  # the transaction that queues
    assert Registration.objects.count() == 2
    assert [
        (c.registration_id, c.waiting_position)
        for c in RegistrationPart.objects.order_by("pk")
    ][1:] == [(second.pk, 1)]
    assert Seat.objects.filter(holder__registration=second).count() == 0


@pytest.mark.django_db
def test_a_too_long_value_fails_instead_of_being_cut():
    event = EventFactory(is_registration_open=True)

    with pytest.raises(DataError):
        register_participant(
            event=event, data=_data(first_name="M" * 101), consent=True
        )

    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_a_duplicate_inside_a_transaction_leaves_it_usable():
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=5)
    register_participant(event=event, data=_data(), parts=[part], consent=True)

    with pytest.raises(RegistrationError):
        register_participant(event=event, data=_data(), parts=[part], consent=True)

    assert (
        Registration.objects.count(),
        Seat.objects.filter(holder__isnull=False).count(),
    ) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_statement_is_prepared_once_per_connection_with_a_generic_plan():
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=5)

    for email in ("a@example.org", "b@example.org", "c@example.org"):
        register_participant(event=event, data=_data(email), parts=[part], consent=True)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE 'WITH event AS%%'"
        )
        plans = cursor.fetchall()
    assert plans == [(3, 0)]
