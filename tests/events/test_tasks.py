import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from core.mail import send_outbound_mail, send_pending_mail
from core.models import OutboundMail
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


def test_a_registration_waits_in_the_outbox_until_the_sweep_sends_it(
    django_capture_on_commit_callbacks,
):
    registration = _register(_open_event())

    assert (mail.outbox, registration.confirmation_pending) == ([], True)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_confirmations_task.delay().get() == 1
    registration.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["marie@example.org"]]
    assert registration.confirmation_pending is False
    assert registration.confirmation_sent_at is not None


def test_the_sweep_sends_each_confirmation_once(django_capture_on_commit_callbacks):
    _register(_open_event())

    with django_capture_on_commit_callbacks(execute=True):
        send_pending_confirmations()
        second = send_pending_confirmations()

    assert (second, len(mail.outbox)) == (0, 1)


def test_the_sweep_works_through_more_than_one_batch(
    django_capture_on_commit_callbacks,
):
    event = _open_event()
    for n in range(5):
        _register(event, email=f"p{n}@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_pending_confirmations(batch=2) == 5
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"p{n}@example.org" for n in range(5)
    ]


def test_the_confirmation_is_in_the_registrants_language(
    django_capture_on_commit_callbacks,
):
    _register(_open_event(), language="en")

    with django_capture_on_commit_callbacks(execute=True):
        send_pending_confirmations()

    assert mail.outbox[0].subject == "Your registration: Journée"
    assert OutboundMail.objects.get().language == "en"


def test_the_confirmation_in_french(django_capture_on_commit_callbacks):
    _register(_open_event())

    with django_capture_on_commit_callbacks(execute=True):
        send_pending_confirmations()

    assert mail.outbox[0].subject == "Votre inscription\u00a0: Journée"
    assert OutboundMail.objects.get().language == "fr"


def test_a_registration_cancelled_before_the_sweep_gets_no_confirmation():
    registration = _register(_open_event())
    Registration.objects.filter(pk=registration.pk).update(cancelled_at=timezone.now())

    assert send_pending_confirmations() == 0
    registration.refresh_from_db()
    assert (mail.outbox, registration.confirmation_pending) == ([], False)


def test_a_mail_server_outage_leaves_the_confirmation_in_the_outbox(monkeypatch):
    """The sweep only writes the outbox row; the row waits for the server."""
    registration = _register(_open_event())

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert send_pending_confirmations() == 1
    outbound = OutboundMail.objects.get()
    send_outbound_mail(mail_id=outbound.pk)
    registration.refresh_from_db()
    outbound.refresh_from_db()
    assert registration.confirmation_pending is False
    assert (outbound.status, outbound.attempts, mail.outbox) == ("pending", 1, [])

    monkeypatch.undo()
    OutboundMail.objects.update(next_attempt_at=timezone.now())
    assert send_pending_mail() == 1
    assert [m.to for m in mail.outbox] == [["marie@example.org"]]


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


def test_send_promotion_email_task_attaches_the_ics(
    django_capture_on_commit_callbacks,
):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        send_promotion_email_task.delay(registration_id=registration.pk)

    assert mail.outbox[0].attachments[0][2] == "text/calendar"


def test_beat_sweeps_the_confirmations_every_few_seconds(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["events-send-pending-confirmations"]

    assert entry["task"] == send_pending_confirmations_task.name
    assert entry["schedule"] == settings.REGISTRATION_CONFIRMATION_SWEEP_SECONDS
