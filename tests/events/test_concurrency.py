"""Concurrent registrations racing for the last seats never exceed capacity."""

import threading
import time

import pytest
from django.db import connection, transaction

from events.models import Event, EventPart, Registration, RegistrationPart
from events.services import (
    RegistrationError,
    change_capacity,
    change_event_capacity,
    register_participant,
    remove_part,
)
from tests.factories import EventFactory, EventPartFactory


def _race(event, parts, count):
    barrier = threading.Barrier(count)
    outcomes = []

    def register(n):
        try:
            barrier.wait()
            register_participant(
                event=event,
                data={
                    "first_name": "P",
                    "last_name": str(n),
                    "email": f"p{n}@example.org",
                },
                parts=parts,
                consent=True,
            )
            outcomes.append("ok")
        except RegistrationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_register_participant_race_never_exceeds_part_capacity():
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=3)

    outcomes = _race(event, [part], 8)

    seated = RegistrationPart.objects.filter(part=part, waiting_position__isnull=True)
    waiting = RegistrationPart.objects.filter(part=part, waiting_position__isnull=False)
    assert outcomes == ["ok"] * 8
    assert (
        seated.count(),
        sorted(waiting.values_list("waiting_position", flat=True)),
    ) == (
        3,
        [1, 2, 3, 4, 5],
    )


@pytest.mark.django_db(transaction=True)
def test_register_participant_race_never_exceeds_event_capacity():
    event = EventFactory(is_registration_open=True, capacity=2)

    _race(event, [], 6)

    assert Registration.objects.confirmed().count() == 2
    assert sorted(
        Registration.objects.filter(waiting_position__isnull=False).values_list(
            "waiting_position", flat=True
        )
    ) == [1, 2, 3, 4]


def _person(name):
    return {"first_name": name, "last_name": name, "email": f"{name}@example.org"}


def _register_while_saving(change, *, event, parts=()):
    """Register ``b`` from copies of ``event`` and ``parts`` taken before
    ``change()``, in another thread, while the change is saved but not
    yet committed."""

    def register():
        try:
            register_participant(
                event=event, data=_person("b"), parts=parts, consent=True
            )
        finally:
            connection.close()

    with transaction.atomic():
        change()
        late = threading.Thread(target=register)
        late.start()
        time.sleep(0.5)  # the registration runs, or waits, meanwhile
    late.join(timeout=30)
    assert not late.is_alive()


def _capped(instance, capacity):
    def change():
        if isinstance(instance, EventPart):
            change_capacity(part=instance, capacity=capacity)
        else:
            change_event_capacity(event=instance, capacity=capacity)

    return change


@pytest.mark.django_db(transaction=True)
def test_a_registration_during_a_change_of_capacity_waits_for_it():
    # The public form registers from a cached copy of the parts: a part
    # being capped while someone registers must not let them in uncounted.
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=None)
    stale = EventPart.objects.get(pk=part.pk)
    register_participant(event=event, data=_person("a"), parts=[stale], consent=True)

    _register_while_saving(_capped(part, 1), event=event, parts=[stale])

    assert sorted(
        RegistrationPart.objects.filter(part=part).values_list(
            "registration__email", "waiting_position"
        )
    ) == [("a@example.org", None), ("b@example.org", 1)]


@pytest.mark.django_db(transaction=True)
def test_a_registration_during_a_change_of_the_event_capacity_waits_for_it():
    # The same for an event without parts, whose places are counted.
    event = EventFactory(is_registration_open=True, capacity=None)
    stale = Event.objects.get(pk=event.pk)
    register_participant(event=stale, data=_person("a"), consent=True)

    _register_while_saving(_capped(event, 1), event=stale)

    assert sorted(Registration.objects.values_list("email", "waiting_position")) == [
        ("a@example.org", None),
        ("b@example.org", 1),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_registration_during_the_removal_of_its_part_is_told_to_choose_again():
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=5)
    other = EventPartFactory(event=event)
    stale = [EventPart.objects.get(pk=part.pk), EventPart.objects.get(pk=other.pk)]
    errors = []

    def register():
        try:
            register_participant(
                event=event, data=_person("b"), parts=stale, consent=True
            )
        except RegistrationError as error:
            errors.append((error.field, error.code))
        finally:
            connection.close()

    with transaction.atomic():
        remove_part(part=part)
        late = threading.Thread(target=register)
        late.start()
        time.sleep(0.5)  # the registration waits for the removal meanwhile
    late.join(timeout=30)

    assert errors == [("parts", "part_removed")]
    assert Registration.objects.count() == 0
