import datetime as dt

import pytest
from django.db import IntegrityError

from events.models import Action, Registration
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    CharterVersionFactory,
    EventFactory,
    PersonFactory,
    RegistrationFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_agenda_item_duration_minutes_is_end_minus_start():
    item = AgendaItemFactory()
    item.ends_at = item.starts_at + dt.timedelta(minutes=90)

    assert item.duration_minutes == 90


def test_speaker_display_name_falls_back_to_the_person():
    person = PersonFactory(first_name="Serge", last_name="Paugam")

    speaker = SpeakerFactory(person=person, name="")

    assert speaker.display_name == "Serge Paugam"


def test_speaker_without_person_or_name_is_refused():
    with pytest.raises(IntegrityError):
        SpeakerFactory(person=None, name="")


def test_charter_current_version_is_the_highest_number():
    first = CharterVersionFactory(number=1)
    second = CharterVersionFactory(charter=first.charter, number=2)

    assert first.charter.current_version == second


def test_registration_queryset_confirmed_excludes_waiting_and_cancelled():
    event = EventFactory()
    seated = RegistrationFactory(event=event)
    RegistrationFactory(event=event, waiting_position=1)
    RegistrationFactory(event=event, cancelled_at=event.starts_at)

    assert list(Registration.objects.confirmed()) == [seated]


def test_action_queryset_open_keeps_todo_and_in_progress():
    todo = ActionFactory(status=Action.Status.TO_DO)
    ActionFactory(status=Action.Status.DONE, event=todo.event)

    assert list(Action.objects.open()) == [todo]
