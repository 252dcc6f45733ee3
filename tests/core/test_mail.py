"""core.mail: the outbox every e-mail goes through."""

import datetime as dt
import smtplib

import pytest
from celery.exceptions import Retry
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from core.mail import (
    MAX_ATTEMPTS,
    SENT_RETENTION,
    inline_attachment,
    queue_mail,
    retry_mail,
    send_outbound_mail,
    send_pending_mail,
    stored_attachment,
)
from core.models import OutboundMail
from core.tasks import send_outbound_mail_task, send_pending_mail_task
from tests.factories import CoordinatorFactory, OutboundMailFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(monkeypatch):
    """The mail server refuses every message."""
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(self.to)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    return calls


def _queue(**kwargs):
    return queue_mail(
        **{
            "to": "annie@example.org",
            "subject": "Votre inscription",
            "body": "Bonjour Annie",
            "language": "fr",
            **kwargs,
        }
    )


def test_queue_mail_sends_once_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue(language="en", kind="events.registration_confirmation")
        assert mailoutbox == []

    mail.refresh_from_db()
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["annie@example.org"], "Votre inscription", "Bonjour Annie")
    ]
    assert (mail.status, mail.attempts, mail.language, mail.last_error) == (
        "sent",
        1,
        "en",
        "",
    )
    assert mail.sent_at is not None


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue()
            raise RuntimeError("the caller failed")

    assert (OutboundMail.objects.count(), callbacks, mailoutbox) == (0, [], [])


def test_a_failed_attempt_is_recorded_and_retried_later(smtp_down):
    mail = OutboundMailFactory()

    send_outbound_mail(mail_id=mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert mail.last_error == ("SMTPServerDisconnected: Connection unexpectedly closed")
    assert mail.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)


def test_the_delay_between_attempts_doubles(smtp_down):
    mail = OutboundMailFactory()
    delays = []

    for _attempt in range(3):
        OutboundMail.objects.filter(pk=mail.pk).update(next_attempt_at=None)
        before = timezone.now()
        send_outbound_mail(mail_id=mail.pk)
        mail.refresh_from_db()
        delays.append(round((mail.next_attempt_at - before).total_seconds() / 60))

    assert delays == [1, 2, 4]


def test_a_message_fails_for_good_after_the_last_attempt(smtp_down):
    mail = OutboundMailFactory()

    for _attempt in range(MAX_ATTEMPTS + 2):
        send_outbound_mail(mail_id=mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, len(smtp_down)) == (
        "failed",
        MAX_ATTEMPTS,
        MAX_ATTEMPTS,
    )
    assert mail.next_attempt_at is None
    assert "SMTPServerDisconnected" in mail.last_error


def test_the_task_retries_a_failed_attempt_after_a_delay(smtp_down):
    mail = OutboundMailFactory()

    with pytest.raises(Retry) as retry:
        send_outbound_mail_task.apply(kwargs={"mail_id": mail.pk})

    mail.refresh_from_db()
    assert (retry.value.when, mail.status, mail.attempts) == (60, "pending", 1)


def test_the_task_stops_retrying_once_the_message_failed(smtp_down):
    mail = OutboundMailFactory(attempts=MAX_ATTEMPTS - 1)

    result = send_outbound_mail_task.apply(
        kwargs={"mail_id": mail.pk}, retries=MAX_ATTEMPTS - 1
    )

    mail.refresh_from_db()
    assert (result.get(), mail.status, mail.attempts) == (
        "failed",
        "failed",
        MAX_ATTEMPTS,
    )


def test_the_task_run_twice_sends_once(mailoutbox):
    mail = OutboundMailFactory()

    first = send_outbound_mail_task.delay(mail_id=mail.pk).get()
    second = send_outbound_mail_task.delay(mail_id=mail.pk).get()

    assert (first, second, len(mailoutbox)) == ("sent", None, 1)


def test_a_row_being_sent_is_not_sent_again(mailoutbox):
    mail = OutboundMailFactory(status=OutboundMail.Status.SENDING)

    assert (send_outbound_mail(mail_id=mail.pk), send_pending_mail()) == (None, 0)
    assert mailoutbox == []


def test_the_sweep_sends_due_rows_and_leaves_the_others(mailoutbox):
    due = OutboundMailFactory(next_attempt_at=timezone.now() - dt.timedelta(1))
    later = OutboundMailFactory(next_attempt_at=timezone.now() + dt.timedelta(1))
    OutboundMailFactory(status=OutboundMail.Status.SENT)
    OutboundMailFactory(status=OutboundMail.Status.FAILED)

    assert send_pending_mail_task.delay().get() == 1
    assert [m.to for m in mailoutbox] == [[due.to]]
    later.refresh_from_db()
    assert later.status == "pending"


def test_the_sweep_takes_back_a_row_whose_worker_died_mid_send(mailoutbox):
    stuck = OutboundMailFactory(
        status=OutboundMail.Status.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - dt.timedelta(hours=1),
    )

    assert send_pending_mail() == 1
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts, [m.to for m in mailoutbox]) == (
        "sent",
        2,
        [[stuck.to]],
    )


def test_the_sweep_sends_a_row_whose_task_never_reached_the_broker(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(send_outbound_mail_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        mail = _queue()
    assert mailoutbox == []

    assert send_pending_mail() == 1
    mail.refresh_from_db()
    assert (mail.status, [m.to for m in mailoutbox]) == ("sent", [[mail.to]])


def test_attachments_inline_and_from_private_storage(mailoutbox):
    name = storages["private"].save("reports/cr.pdf", ContentFile(b"%PDF-1.7 cr"))
    mail = OutboundMailFactory(
        attachments=[
            inline_attachment("rencontre.ics", "BEGIN:VCALENDAR", "text/calendar"),
            inline_attachment("logo.png", b"\x89PNG", "image/png"),
            stored_attachment("compte-rendu.pdf", name, "application/pdf"),
        ]
    )

    send_outbound_mail(mail_id=mail.pk)

    assert mailoutbox[0].attachments == [
        ("rencontre.ics", "BEGIN:VCALENDAR", "text/calendar"),
        ("logo.png", b"\x89PNG", "image/png"),
        ("compte-rendu.pdf", b"%PDF-1.7 cr", "application/pdf"),
    ]


def test_an_attached_file_gone_is_recorded_as_the_error(mailoutbox):
    mail = OutboundMailFactory(
        attachments=[stored_attachment("cr.pdf", "reports/gone.pdf", "application/pdf")]
    )

    send_outbound_mail(mail_id=mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mailoutbox) == ("pending", [])
    assert mail.last_error.startswith("FileNotFoundError")


def test_retry_mail_gives_a_failed_message_new_attempts(
    mailoutbox, django_capture_on_commit_callbacks
):
    mail = OutboundMailFactory(
        status=OutboundMail.Status.FAILED, attempts=MAX_ATTEMPTS, next_attempt_at=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        retried = retry_mail(mail=mail, by=CoordinatorFactory())

    mail.refresh_from_db()
    assert (retried, mail.status, mail.attempts, len(mailoutbox)) == (
        True,
        "sent",
        1,
        1,
    )


def test_retry_mail_leaves_a_sent_message_alone(mailoutbox):
    mail = OutboundMailFactory(status=OutboundMail.Status.SENT)

    assert retry_mail(mail=mail, by=None) is False
    assert mailoutbox == []


def test_beat_sweeps_the_outbox(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["core-send-pending-mail"]

    assert entry == {
        "task": send_pending_mail_task.name,
        "schedule": settings.OUTBOX_SWEEP_SECONDS,
    }


def test_the_sweep_deletes_sent_messages_after_the_retention():
    old = OutboundMailFactory(
        status=OutboundMail.Status.SENT,
        sent_at=timezone.now() - SENT_RETENTION - dt.timedelta(hours=1),
    )
    recent = OutboundMailFactory(
        status=OutboundMail.Status.SENT,
        sent_at=timezone.now() - SENT_RETENTION + dt.timedelta(hours=1),
    )
    failed = OutboundMailFactory(status=OutboundMail.Status.FAILED)

    send_pending_mail()

    assert set(OutboundMail.objects.all()) == {recent, failed}
    assert not OutboundMail.objects.filter(pk=old.pk).exists()
