"""Celery entry points of core: the outbox, checks that a worker runs, and the
embedded broker's upkeep."""

import sqlite3
from contextlib import closing

from celery import shared_task

from .mail import MAX_ATTEMPTS


@shared_task(name="core.count_users")
def count_users_task() -> int:
    """Return the number of user accounts, as the worker's database sees it."""
    from core.models import User

    return User.objects.count()


@shared_task(
    name="core.send_outbound_mail",
    bind=True,
    acks_late=True,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_outbound_mail_task(self, *, mail_id: int) -> str | None:
    """Send one outbox row; retried with back-off while it stays pending.

    Idempotent: a row that is not pending (sent, being sent, failed) is left
    alone, so redelivery and the beat sweep never send twice.
    """
    from .mail import retry_delay, send_outbound_mail

    mail = send_outbound_mail(mail_id=mail_id)
    if mail is None:
        return None
    if mail.status == mail.Status.PENDING and self.request.retries < self.max_retries:
        raise self.retry(countdown=retry_delay(mail.attempts))
    return mail.status


@shared_task(name="core.send_pending_mail")
def send_pending_mail_task() -> int:
    """Periodic (celery beat): send the outbox rows that are due."""
    from .mail import send_pending_mail

    return send_pending_mail()


@shared_task(bind=True, name="core.ping")
def ping_task(self) -> str:
    """Answer with the worker's name (``/healthz`` on a broker without broadcast)."""
    return self.request.hostname


def purge_delivered_messages(broker_file) -> int:
    """Delete the messages the embedded SQL broker has delivered.

    kombu's SQLAlchemy transport keeps each delivered message, marked
    invisible, for ever; a message a worker gives back is written anew, so
    these rows are never read again. Returns how many were deleted.
    """
    with closing(sqlite3.connect(broker_file, timeout=30)) as db, db:
        try:
            return db.execute("DELETE FROM kombu_message WHERE visible = 0").rowcount
        except sqlite3.OperationalError:  # no message sent yet: no table
            return 0


@shared_task(name="core.purge_delivered_broker_messages")
def purge_delivered_broker_messages_task() -> int:
    """Keep the embedded broker's table small (beat, hourly, without Redis)."""
    from django.conf import settings

    if not settings.CELERY_EMBEDDED_BROKER_DIR:
        return 0
    return purge_delivered_messages(
        settings.CELERY_EMBEDDED_BROKER_DIR / "broker.sqlite3"
    )


@shared_task(name="core.anonymise_expired_registrations")
def anonymise_expired_registrations_task() -> int:
    """Anonymise the registrations past their retention period (beat, daily)."""
    from .personal_data import anonymise_expired_registrations

    return anonymise_expired_registrations()
