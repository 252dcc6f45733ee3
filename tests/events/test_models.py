import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.db import IntegrityError

import events.models
from events.models import Action, Registration
from events.services import register_participant
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    CharterVersionFactory,
    EventFactory,
    EventPartFactory,
    PersonFactory,
    RegistrationFactory,
    SpeakerFactory,
    registration_data,
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


def _registered(event, email, parts=()):
    return register_participant(
        event=event, data=registration_data(email), parts=parts, consent=True
    )


def test_saving_a_part_with_a_new_capacity_writes_its_row_and_nothing_else(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(is_registration_open=True)
    part = EventPartFactory(event=event, capacity=1)
    _registered(event, "a@example.org", [part])
    waiting = _registered(event, "b@example.org", [part])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        part.capacity = 3
        part.save()

    part.refresh_from_db()
    assert part.capacity == 3
    assert [c.waiting_position for c in waiting.part_choices.all()] == [1]
    assert list(part.seats.values_list("number", flat=True)) == [1]
    assert mail.outbox == []


def test_saving_an_event_with_a_new_capacity_writes_its_row_and_nothing_else(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(is_registration_open=True, capacity=1)
    _registered(event, "a@example.org")
    waiting = _registered(event, "b@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event.capacity = 3
        event.save()

    waiting.refresh_from_db()
    assert waiting.waiting_position == 1
    assert mail.outbox == []


def test_events_models_import_no_service():
    imported = set()
    for path in (Path(events.models.__file__).parent).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                imported.add("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)

    assert sorted(name for name in imported if "services" in name) == []
