"""Celery entry points of core: the outbox, and a check that the worker runs."""

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
