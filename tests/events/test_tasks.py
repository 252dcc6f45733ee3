import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.services import register_participant
from events.services.emails import send_pending_confirmations
from events.tasks import send_pending_confirmations_task, send_promotion_email_task
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _open_event(**kwargs):
    return EventFactory(
        status="published", is_registration_open=True, title="Journée", **kwargs
    )


def _register(event, email="marie@example.org", language="fr"):
    return register_participant(
        event=event,
        data={
            "first_name": "Marie",
            "last_name": "Durand",
            "email": email,
            "status": "benevole",
            "language": language,
        },
        consent=True,
    )


def test_a_registration_waits_in_the_outbox_until_the_sweep_sends_it():
    registration = _register(_open_event())

    assert (mail.outbox, registration.confirmation_pending) == ([], True)

    assert send_pending_confirmations_task.delay().get() == 1
    registration.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["marie@example.org"]]
    assert registration.confirmation_pending is False
    assert registration.confirmation_sent_at is not None


def test_the_sweep_sends_each_confirmation_once():
    _register(_open_event())

    send_pending_confirmations()
    second = send_pending_confirmations()

    assert (second, len(mail.outbox)) == (0, 1)


def test_the_sweep_works_through_more_than_one_batch():
    event = _open_event()
    for n in range(5):
        _register(event, email=f"p{n}@example.org")

    assert send_pending_confirmations(batch=2) == 5
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"p{n}@example.org" for n in range(5)
    ]


def test_the_confirmation_is_in_the_registrants_language():
    _register(_open_event(), language="en")

    send_pending_confirmations()

    assert mail.outbox[0].subject == "Your registration: Journée"


def test_the_confirmation_in_french():
    _register(_open_event())

    send_pending_confirmations()

    assert mail.outbox[0].subject == "Votre inscription\u00a0: Journée"


def test_a_registration_cancelled_before_the_sweep_gets_no_confirmation():
    registration = _register(_open_event())
    Registration.objects.filter(pk=registration.pk).update(cancelled_at=timezone.now())

    assert send_pending_confirmations() == 0
    registration.refresh_from_db()
    assert (mail.outbox, registration.confirmation_pending) == ([], False)


def test_a_failed_send_stays_pending_for_the_next_sweep(monkeypatch):
    registration = _register(_open_event())

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert send_pending_confirmations() == 0
    registration.refresh_from_db()
    assert registration.confirmation_pending is True

    monkeypatch.undo()
    assert send_pending_confirmations() == 1


def test_a_confirmation_pending_for_days_is_dropped(caplog):
    registration = _register(_open_event())
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )

    assert send_pending_confirmations() == 0
    registration.refresh_from_db()
    assert registration.confirmation_pending is False
    assert "pending for too long" in caplog.text


def test_registrations_made_outside_the_service_send_nothing():
    RegistrationFactory()

    assert (send_pending_confirmations(), mail.outbox) == (0, [])


def test_send_promotion_email_task_attaches_the_ics():
    registration = RegistrationFactory()

    send_promotion_email_task.delay(registration_id=registration.pk)

    assert mail.outbox[0].attachments[0][2] == "text/calendar"


def test_beat_sweeps_the_confirmations_every_few_seconds(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["events-send-pending-confirmations"]

    assert entry["task"] == send_pending_confirmations_task.name
    assert entry["schedule"] == settings.REGISTRATION_CONFIRMATION_SWEEP_SECONDS
